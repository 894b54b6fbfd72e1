/** The band wire protocol: encoders, the tolerant stream decoder, commands (firmware-protocol/PROTOCOL.md). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BandStreamDecoder,
  crc16CcittFalse,
  decodeCommand,
  encodeCommand,
  encodeDataLine,
  encodeHeaderLine,
  type BandCommand,
  type BandHeader,
  type DecodedEvent,
} from '../../firmware-protocol/codec';

const HEADER: BandHeader = {
  protocolVersion: 1,
  deviceId: 'myocue-band-0001',
  firmware: '1.0.0',
  sampleRateHz: 2000,
  channelCount: 8,
  adcBits: 24,
  microvoltsPerCount: 0.5,
  samplesPerLine: 10,
};

/** lines as the readline parser hands them over: without the '\n' */
const strip = (line: string) => line.slice(0, -1);

function countsFor(seq: number, n: number): Int32Array {
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) c[i] = ((seq * 7919 + i * 104729) % 16_000_000) - 8_000_000;
  return c;
}

function dataLine(seq: number, h: BandHeader = HEADER): string {
  return strip(encodeDataLine(seq, countsFor(seq, h.channelCount * h.samplesPerLine), h.channelCount, h.samplesPerLine));
}

function decoderWithHeader(h: BandHeader = HEADER): BandStreamDecoder {
  const d = new BandStreamDecoder();
  const ev = d.push(strip(encodeHeaderLine(h)));
  expect(ev).toEqual([{ type: 'header', header: h }]);
  return d;
}

/** any UTF-16 code units, lone surrogates included (fc.string's 'binary' unit is slow to generate) */
const anyUtf16 = (maxLength = 60) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((codes) => String.fromCharCode(...codes));
/** any well-formed text (whole code points) */
const anyText = (maxLength = 20) =>
  fc
    .array(fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff), { maxLength })
    .map((cps) => String.fromCodePoint(...cps));

const ofType = <T extends DecodedEvent['type']>(events: DecodedEvent[], type: T) =>
  events.filter((e): e is Extract<DecodedEvent, { type: T }> => e.type === type);

describe('CRC-16/CCITT-FALSE', () => {
  it('has the catalogue check value', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
  });
});

describe('line formats', () => {
  it('matches the documented link budget: 331 bytes per 8 ch × 10 frame line', () => {
    const line = encodeDataLine(0, new Int32Array(80), 8, 10);
    expect(line.length).toBe(331);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.startsWith('D0000')).toBe(true);
    expect(line[line.length - 6]).toBe('*');
  });

  it('writes the header as documented', () => {
    expect(encodeHeaderLine(HEADER)).toMatch(
      /^#MYOCUE,v=1,id=myocue-band-0001,fw=1\.0\.0,rate=2000,ch=8,bits=24,uv=0\.5,spl=10\*[0-9A-F]{4}\n$/,
    );
  });

  it('produces the worked examples printed in PROTOCOL.md', () => {
    expect(encodeDataLine(42, Int32Array.from([0, 1, -1, 8388607, -8388608, 1000]), 3, 2)).toBe('D002AAAAAAAAB____f___gAAAAAPo*571C\n');
    const uv = (4.5 / (2 ** 23 - 1) / 24) * 1e6;
    expect(encodeHeaderLine({ ...HEADER, microvoltsPerCount: uv })).toBe(
      '#MYOCUE,v=1,id=myocue-band-0001,fw=1.0.0,rate=2000,ch=8,bits=24,uv=0.022351744455307063,spl=10*263C\n',
    );
  });

  it('round-trips any header and any 24-bit counts (property)', () => {
    const headerArb = fc.record({
      protocolVersion: fc.constant(1),
      deviceId: anyText(20),
      firmware: fc.string({ maxLength: 12 }),
      sampleRateHz: fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.double({ min: 0.5, max: 50_000, noNaN: true })),
      channelCount: fc.integer({ min: 1, max: 16 }),
      adcBits: fc.integer({ min: 1, max: 24 }),
      microvoltsPerCount: fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
      samplesPerLine: fc.integer({ min: 1, max: 12 }),
    });
    const counts24 = fc.int32Array({ min: -(2 ** 23), max: 2 ** 23 - 1, minLength: 16 * 12, maxLength: 16 * 12 });
    const edges = fc.constantFrom(-(2 ** 23), 2 ** 23 - 1, -1, 0, 1);
    fc.assert(
      fc.property(headerArb, fc.integer({ min: 0, max: 65535 }), counts24, fc.array(fc.tuple(fc.nat(16 * 12 - 1), edges)), (h, seq, raw, pokes) => {
        for (const [at, v] of pokes) raw[at] = v; // make the ±2^23 edges common
        const d = new BandStreamDecoder();
        const hv = d.push(strip(encodeHeaderLine(h)));
        expect(hv).toEqual([{ type: 'header', header: h }]);
        const n = h.channelCount * h.samplesPerLine;
        const counts = Int32Array.from(raw.slice(0, n));
        const ev = d.push(strip(encodeDataLine(seq, counts, h.channelCount, h.samplesPerLine)));
        expect(ev).toHaveLength(1);
        const s = ev[0] as Extract<DecodedEvent, { type: 'samples' }>;
        expect(s.type).toBe('samples');
        expect(s.frames).toBe(h.samplesPerLine);
        expect(s.firstSampleIndex).toBe(0);
        for (let i = 0; i < n; i++) if (s.microvolts[i] !== counts[i] * h.microvoltsPerCount) expect(s.microvolts[i]).toBe(counts[i] * h.microvoltsPerCount);
        expect(d.counters.linesOk).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes id and fw so any text survives, and sends a lone surrogate as U+FFFD', () => {
    const d = new BandStreamDecoder();
    const h = { ...HEADER, deviceId: 'band, #2 = *left* 100%', firmware: '\ud800x' };
    expect(d.push(strip(encodeHeaderLine(h)))).toEqual([{ type: 'header', header: { ...h, firmware: '\ufffdx' } }]);
  });

  it('clamps counts beyond 24 bits instead of wrapping them', () => {
    const d = decoderWithHeader({ ...HEADER, channelCount: 1, samplesPerLine: 2, microvoltsPerCount: 1 });
    const ev = d.push(strip(encodeDataLine(0, Int32Array.from([2 ** 24, -(2 ** 24)]), 1, 2)));
    expect(Array.from((ev[0] as Extract<DecodedEvent, { type: 'samples' }>).microvolts)).toEqual([2 ** 23 - 1, -(2 ** 23)]);
  });

  it('tolerates a trailing CR', () => {
    const d = decoderWithHeader();
    expect(ofType(d.push(dataLine(0) + '\r'), 'samples')).toHaveLength(1);
  });
});

describe('stream decoder: damage', () => {
  it('reports a flipped character as corrupt and the hole as a gap on the next good line', () => {
    const d = decoderWithHeader();
    d.push(dataLine(0));
    const bad = dataLine(1);
    const flipped = bad.slice(0, 12) + (bad[12] === 'A' ? 'B' : 'A') + bad.slice(13);
    expect(d.push(flipped)).toEqual([{ type: 'corrupt', reason: 'checksum mismatch' }]);
    const ev = d.push(dataLine(2));
    expect(ev.map((e) => e.type)).toEqual(['gap', 'samples']);
    expect(ev[0]).toEqual({ type: 'gap', firstSampleIndex: 10, missingSamples: 10 });
    expect((ev[1] as Extract<DecodedEvent, { type: 'samples' }>).firstSampleIndex).toBe(20);
    expect(d.counters).toEqual({ linesOk: 2, linesLost: 1, linesCorrupt: 1, bytesDiscarded: 0, gaps: 1, samplesMissing: 10, linesDuplicate: 0 });
  });

  it('reports truncated lines as corrupt', () => {
    const d = decoderWithHeader();
    const full = dataLine(0);
    for (const cut of [1, 5, 100, full.length - 6, full.length - 1]) {
      const ev = d.push(full.slice(0, cut));
      expect(ev).toHaveLength(1);
      expect(ev[0].type).toBe('corrupt');
    }
    expect(d.counters.linesCorrupt).toBe(5);
    expect(d.counters.linesOk).toBe(0);
  });

  it('turns a sequence jump into a gap of k × samplesPerLine frames, emitted before the samples', () => {
    const d = decoderWithHeader();
    d.push(dataLine(0));
    d.push(dataLine(1));
    const ev = d.push(dataLine(4)); // lines 2 and 3 lost
    expect(ev[0]).toEqual({ type: 'gap', firstSampleIndex: 20, missingSamples: 20 });
    expect(ev[1]).toMatchObject({ type: 'samples', firstSampleIndex: 40, frames: 10 });
    expect(d.push(dataLine(5))[0]).toMatchObject({ type: 'samples', firstSampleIndex: 50 });
    expect(d.counters).toMatchObject({ linesOk: 4, linesLost: 2, gaps: 1, samplesMissing: 20 });
  });

  it('wraps the sequence counter at 65536 without false gaps', () => {
    const d = decoderWithHeader({ ...HEADER, channelCount: 1, samplesPerLine: 1 });
    const h1 = { ...HEADER, channelCount: 1, samplesPerLine: 1 };
    let index = 0;
    for (const seq of [65533, 65534, 65535, 0, 1, 2]) {
      const ev = d.push(dataLine(seq, h1));
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({ type: 'samples', firstSampleIndex: index });
      index++;
    }
    const ev = d.push(dataLine(5, h1)); // 3 and 4 lost across nothing special
    expect(ev[0]).toEqual({ type: 'gap', firstSampleIndex: 6, missingSamples: 2 });
    expect(d.counters.gaps).toBe(1);
  });

  it('recovers a valid line with garbage glued in front and counts the garbage bytes', () => {
    const d = decoderWithHeader();
    d.push(dataLine(0));
    const ev = d.push('\x00\xffD0001' + dataLine(1));
    expect(ev).toEqual([expect.objectContaining({ type: 'samples', firstSampleIndex: 10 })]);
    expect(d.counters).toMatchObject({ linesOk: 2, linesCorrupt: 0, bytesDiscarded: 7, gaps: 0 });
    // a header behind garbage too
    expect(d.push('boot noise' + strip(encodeHeaderLine(HEADER)))).toEqual([{ type: 'header', header: HEADER }]);
    expect(d.counters.bytesDiscarded).toBe(17);
  });

  it('counts pure garbage lines as corrupt and discarded bytes, and keeps every valid line', () => {
    const d = decoderWithHeader();
    let samples = 0;
    for (let seq = 0; seq < 50; seq++) {
      if (seq % 7 === 3) expect(d.push('\x00\xff garbage \x13 ')[0].type).toBe('corrupt');
      samples += ofType(d.push(dataLine(seq)), 'samples').length;
    }
    expect(samples).toBe(50);
    expect(d.counters).toMatchObject({ linesOk: 50, linesCorrupt: 7, bytesDiscarded: 7 * 13, gaps: 0, linesLost: 0 });
  });

  it('counts data before any header as corrupt', () => {
    const d = new BandStreamDecoder();
    expect(d.push(dataLine(0))).toEqual([{ type: 'corrupt', reason: 'data before header' }]);
    expect(d.counters.linesCorrupt).toBe(1);
  });

  it('rejects a header with a bad checksum or an unknown protocol version', () => {
    const d = new BandStreamDecoder();
    const good = strip(encodeHeaderLine(HEADER));
    expect(d.push(good.replace('rate=2000', 'rate=2001'))[0].type).toBe('corrupt');
    expect(d.push(strip(encodeHeaderLine({ ...HEADER, protocolVersion: 2 })))[0]).toEqual({
      type: 'corrupt',
      reason: 'unsupported protocol version 2 (this host speaks 1)',
    });
  });

  it('passes #OK / #ERR replies through and ignores blank lines', () => {
    const d = decoderWithHeader();
    expect(d.push('#OK rate 1000\r')).toEqual([{ type: 'reply', text: '#OK rate 1000' }]);
    expect(d.push('#ERR unknown command: FOO')).toEqual([{ type: 'reply', text: '#ERR unknown command: FOO' }]);
    expect(d.push('')).toEqual([]);
    expect(d.push('\r')).toEqual([]);
  });

  it('never throws on random input and stays usable afterwards (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyUtf16(), fc.uint8Array().map((b) => String.fromCharCode(...b)), fc.constant(dataLine(3)))), (lines) => {
        const d = decoderWithHeader();
        for (const l of lines) expect(() => d.push(l)).not.toThrow();
        // a fresh header and line always decode after any junk
        d.push(strip(encodeHeaderLine(HEADER)));
        expect(ofType(d.push(dataLine(9)), 'samples')).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('any mix of garbage lines between valid lines loses no valid sample (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), anyUtf16(40)), { minLength: 1, maxLength: 40 }), (plan) => {
        const d = decoderWithHeader();
        let next = 0;
        plan.forEach(([garbageFirst, junk], seq) => {
          if (garbageFirst) d.push(junk.replace(/\n/g, ''));
          for (const e of d.push(dataLine(seq))) {
            expect(e).toMatchObject({ type: 'samples', firstSampleIndex: next });
            next += 10;
          }
        });
        expect(d.counters.linesOk).toBe(plan.length);
        expect(d.counters.gaps).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('stream decoder: restarts', () => {
  it('a new header resets the sequence expectation but keeps the sample index going', () => {
    const d = decoderWithHeader();
    d.push(dataLine(100));
    d.push(dataLine(101));
    d.push(strip(encodeHeaderLine(HEADER)));
    const ev = d.push(dataLine(0)); // the band restarted its counter
    expect(ev).toEqual([expect.objectContaining({ type: 'samples', firstSampleIndex: 20 })]);
    expect(d.counters.gaps).toBe(0);
  });

  it('resumeAt places the next line at the given index whatever its sequence number', () => {
    const d = decoderWithHeader();
    d.push(dataLine(0));
    d.resumeAt(5000);
    expect(d.push(dataLine(77))).toEqual([expect.objectContaining({ type: 'samples', firstSampleIndex: 5000 })]);
    expect(d.push(dataLine(78))).toEqual([expect.objectContaining({ type: 'samples', firstSampleIndex: 5010 })]);
    expect(d.counters.gaps).toBe(0);
  });

  it('a repeated or older line is dropped and counted, not taken as new data (issue 9 item 10)', () => {
    const d = decoderWithHeader();
    d.push(dataLine(10));
    expect(d.push(dataLine(10)).map((e) => e.type)).toEqual(['corrupt']);
    expect(d.push(dataLine(3)).map((e) => e.type)).toEqual(['corrupt']);
    const next = d.push(dataLine(11));
    expect(next).toEqual([expect.objectContaining({ type: 'samples', firstSampleIndex: 10 })]);
    expect(d.counters).toMatchObject({ linesOk: 2, linesDuplicate: 2, gaps: 0 });
  });

  it('a CRC-valid line with a damaged counter makes no phantom gap; a real long jump is confirmed by the next line', () => {
    const d = decoderWithHeader();
    d.push(dataLine(500));
    d.push(dataLine(501));
    // counter damaged to 40501 (a jump of 40 000 lines = 400 000 samples), then the stream goes on at 503
    expect(d.push(dataLine(40501))).toEqual([]);
    const ev = d.push(dataLine(503));
    expect(ev.map((e) => e.type)).toEqual(['corrupt', 'gap', 'samples']);
    expect(ev[1]).toEqual({ type: 'gap', firstSampleIndex: 20, missingSamples: 10 });
    expect(d.counters).toMatchObject({ linesOk: 3, linesCorrupt: 1, linesLost: 1, samplesMissing: 10 });
    // a band that restarted its counter (no header) is followed once the next line confirms it
    expect(d.push(dataLine(0))).toEqual([]);
    expect(d.push(dataLine(1)).map((e) => e.type)).toEqual(['samples', 'samples']);
    expect(d.counters.samplesMissing).toBe(10);
  });

  it('lines lost next to a mid-stream header are reported', () => {
    const d = decoderWithHeader();
    for (let seq = 0; seq <= 10; seq++) d.push(dataLine(seq));
    // START again: a new header, and the new stream's lines 0 and 1 are lost
    d.push(strip(encodeHeaderLine(HEADER)));
    const ev = d.push(dataLine(2));
    expect(ev[0]).toEqual({ type: 'gap', firstSampleIndex: 110, missingSamples: 20 });
    // an ID reply while streaming: the counter goes on, line 3 lost next to it
    d.push(strip(encodeHeaderLine(HEADER)));
    expect(d.push(dataLine(4))[0]).toMatchObject({ type: 'gap', missingSamples: 10 });
    expect(d.counters.linesLost).toBe(3);
  });
});

describe('commands', () => {
  it('round-trip through encodeCommand / decodeCommand', () => {
    const all: BandCommand[] = [{ type: 'start' }, { type: 'stop' }, { type: 'identify' }, { type: 'rate', hz: 1000 }, { type: 'rate', hz: 2500.5 }];
    for (const c of all) {
      const line = encodeCommand(c);
      expect(line.endsWith('\n')).toBe(true);
      expect(decodeCommand(line)).toEqual(c);
    }
    expect(encodeCommand({ type: 'rate', hz: 500 })).toBe('RATE 500\n');
  });

  it('accepts what people type in a serial monitor, rejects the rest', () => {
    expect(decodeCommand('  start\r')).toEqual({ type: 'start' });
    expect(decodeCommand('Rate 250')).toEqual({ type: 'rate', hz: 250 });
    for (const bad of ['', 'GO', 'RATE', 'RATE fast', 'RATE -5', 'RATE 1e3', 'START now', '\x00\xff']) expect(decodeCommand(bad)).toBeNull();
  });
});
// decode speed is measured by `npm run bench` (transport latency), not by a timed test

