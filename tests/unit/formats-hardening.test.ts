/**
 * Issue 9.12-9.15 and 9.9, 8.13: files from outside never hang, crash or lie.
 * (The FIFO case runs the built CLI in tests/integration/cli-input-files.test.ts: a regression
 * there would block this process for good, so it is tried in a child with a timeout.)
 */
import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { importRecording, detectLayout } from '../../src/formats/detect-format';
import { ImportError } from '../../src/formats/imported-recording';
import { exportCsv } from '../../src/formats/export-csv';
import { openEdfRecording, readAllChannels, EdfFrameReader } from '../../src/recording/bdf-reader';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { EdfFormatError } from '../../src/recording/edf-header';
import { InputFileError } from '../../src/recording/input-file';
import { openAnalysisSource } from '../../src/analysis/analysis-source';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { asWindows } from '../../src/metrics/signal-windows';

const dir = useFileTempDir('myocue-hard-');

describe('what is not a regular file is refused at once (9.12)', () => {
  it('a folder and character devices give a plain message from every reader', () => {
    for (const p of [dir(), '/dev/null', '/dev/zero']) {
      for (const read of [() => importRecording(p), () => detectLayout(p), () => openEdfRecording(p), () => openAnalysisSource(p)]) {
        let err: unknown;
        try {
          read();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(InputFileError);
        expect((err as Error).message).toMatch(/is (a folder|a character device), not a recording file/);
      }
    }
  });
});

describe('bounded lines and headers (9.13)', () => {
  it('a 10 MB file of one line is refused for its line length, not read whole', () => {
    const p = path.join(dir(), 'one-line.csv');
    fs.writeFileSync(p, '1,'.repeat(5 * 1024 * 1024));
    expect(() => importRecording(p)).toThrow(/one-line\.csv: line 1 is longer than 256 kB: this is not a recording table/);
    expect(() => importRecording(p, { rateHz: 1000 })).toThrow(/longer than 256 kB/);
  });

  it('a header that never ends is refused after a bounded number of lines', () => {
    const p = path.join(dir(), 'endless.txt');
    fs.writeFileSync(p, '# OpenSignals Text File Format\n' + '# more header\n'.repeat(5000));
    expect(() => importRecording(p)).toThrow(/not an OpenSignals text file/);
    const q = path.join(dir(), 'endless-bci.txt');
    fs.writeFileSync(q, '%OpenBCI Raw EEG Data\n' + '%\n'.repeat(5000));
    expect(() => importRecording(q)).toThrow(/header is longer than 1000 lines/);
  });
});

describe('a CSV cut mid-row says so (9.15)', () => {
  it('a last row cut inside a number (same field count, still numeric) is dropped with a warning', () => {
    const p = path.join(dir(), 'cut.csv');
    // the last value was 123.5 when the writer stopped: "12" parses, so only the missing line break tells
    fs.writeFileSync(p, 'time_s,biceps (uV)\n0.000,1.5\n0.001,2.5\n0.002,3.5\n0.003,12');
    const r = importRecording(p);
    expect(r.frameCount).toBe(3);
    expect(r.warnings.join('\n')).toMatch(/the file ends mid-row \(no line break after line 5\): it may be truncated \(cut off while being written\); that last row was dropped/);
    // the same rows with their final line break: whole, no warning
    fs.writeFileSync(p, 'time_s,biceps (uV)\n0.000,1.5\n0.001,2.5\n0.002,3.5\n0.003,12\n');
    const whole = importRecording(p);
    expect(whole.frameCount).toBe(4);
    expect(whole.warnings.join('\n')).not.toMatch(/mid-row/);
  });

  it('a file cut inside a quoted field says it ends mid-row', () => {
    const p = path.join(dir(), 'cut-quote.csv');
    fs.writeFileSync(p, 'time_s,a (uV),events\n0.000,1,\n0.001,2,"Set 1 start [tag=inte');
    expect(() => importRecording(p)).toThrow(/ends mid-row and may be truncated/);
  });

  it('a short last row in a file cut mid-row names the row and says the file may be truncated', () => {
    const p = path.join(dir(), 'short.csv');
    fs.writeFileSync(p, 'time_s,a (uV),b (uV)\n0.000,1,2\n0.001,3,4\n0.002,5');
    const r = importRecording(p);
    expect(r.frameCount).toBe(2);
    expect(r.warnings.join('\n')).toMatch(/ends mid-row \(line 4 has 2 fields, expected 3, and no line break follows it\): it may be truncated/);
  });
});

describe('our own CSV re-imports whatever the channel names hold (8.13)', () => {
  it('names with commas, quotes and a semicolon, events with commas and quotes', () => {
    const labels = ['Biceps, left', 'Triceps "long" head', 'Deltoid; anterior'];
    const rate = 500;
    const n = 1000;
    const samples = labels.map((_, c) => Float64Array.from({ length: n }, (_, i) => Math.round(100 * Math.sin(i / (5 + c))) / 10));
    const annotations = [
      { onsetS: 0.5, durationS: null, text: 'Cue: squeeze, then hold "hard"' },
      { onsetS: 1.2, durationS: null, text: 'note, with a comma' },
    ];
    const p = path.join(dir(), 'names.csv');
    exportCsv(p, { sampleRateHz: rate, channelLabels: labels, units: ['uV', 'uV', 'uV'], samples, annotations });
    const r = importRecording(p);
    expect(r.channelLabels).toEqual(labels);
    expect(r.units).toEqual(['uV', 'uV', 'uV']);
    expect(r.sampleRateHz).toBe(rate);
    expect(r.frameCount).toBe(n);
    for (let c = 0; c < labels.length; c++) for (let i = 0; i < n; i += 37) expect(r.samples[c][i]).toBeCloseTo(samples[c][i], 9);
    expect(r.annotations.map((a) => a.text)).toEqual(annotations.map((a) => a.text));
    expect(r.annotations[0].onsetS).toBeCloseTo(0.5, 9);
  });

  it('raw ADC counts are written as counts, not "(uV)", and come back as counts (8.8)', () => {
    const p = path.join(dir(), 'counts.csv');
    exportCsv(p, { sampleRateHz: 1000, channelLabels: ['EMG CH2'], units: ['counts'], samples: [Float64Array.from({ length: 100 }, (_, i) => 2000 + i)] });
    const head = fs.readFileSync(p, 'utf8').split('\n')[0];
    expect(head).toBe('time_s,EMG CH2 (counts)');
    const r = importRecording(p);
    expect(r.units).toEqual(['counts']);
    expect(r.channelLabels).toEqual(['EMG CH2']);
    expect(r.samples[0][5]).toBe(2005);
  });
});

/** A valid one-channel BDF+ file, then `patch` changes its header bytes. */
function patchedBdf(name: string, patch: (b: Buffer) => void): string {
  const p = path.join(dir(), name);
  const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }], sampleRateHz: 1000, startTime: new Date(2024, 0, 1) });
  w.writeSamples(new Float64Array(2000).map((_, i) => Math.sin(i / 10) * 100), 2000);
  w.close();
  const b = fs.readFileSync(p);
  patch(b);
  fs.writeFileSync(p, b);
  return p;
}

function field(b: Buffer, offset: number, width: number, text: string): void {
  b.write(text.padEnd(width, ' '), offset, width, 'latin1');
}

describe('EDF/BDF headers are checked against the spec (9.14)', () => {
  // offsets: record duration 244 (8); signal fields for ns = 2 (signal 1 is 'a', 2 the annotations):
  // physical min 256 + 2×(16+80+8) = 464, physical max 480, digital min 496, digital max 512,
  // samples per record 256 + 2×(16+80+8+8+8+8+8+80) = 688
  const cases: [string, (b: Buffer) => void, RegExp][] = [
    ['duration 1e300', (b) => field(b, 244, 8, '1e300'), /a data record lasts 1e\+300 s; EDF\/BDF needs more than 0 s/],
    ['duration 0', (b) => field(b, 244, 8, '0'), /a data record lasts 0 s/],
    ['physical min = max', (b) => (field(b, 464, 8, '100'), field(b, 480, 8, '100')), /signal 1 has physical minimum = maximum \(100\)/],
    ['digital range beyond 24 bits', (b) => field(b, 512, 8, '99999999'), /digital range .* does not fit 24-bit BDF samples/],
    ['a record of gigabytes', (b) => field(b, 688, 8, '99999999'), /a data record would be \d+ MB/],
    ['signal count and header size disagree', (b) => field(b, 252, 4, '7'), /7 signals but header size/],
    ['number of records below -1', (b) => field(b, 236, 8, '-5'), /number of data records is -5/],
  ];
  for (const [what, patch, message] of cases) {
    it(`${what}: a plain message, no raw Node error`, () => {
      const p = patchedBdf(`${what.replace(/\W+/g, '-')}.bdf`, patch);
      for (const read of [() => openEdfRecording(p), () => importRecording(p), () => openAnalysisSource(p)]) {
        let err: unknown;
        try {
          read();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(EdfFormatError);
        expect((err as Error).message).toMatch(message);
        expect((err as Error).message).not.toMatch(/ERR_|out of range|Invalid array length|undefined/);
      }
    });
  }

  it('the unpatched file reads', () => {
    const p = patchedBdf('ok.bdf', () => {});
    expect(openEdfRecording(p).durationS).toBeCloseTo(2, 9);
  });
});

describe('held-value padding written at a disconnect gap is a gap, not signal (9.9)', () => {
  const rate = 1000;
  /** 1.3 s of signal, a 2 s gap, 0.5 s, a 1 s gap, 0.7 s (the writer pads 0.2 s after each cut) */
  function gappy(name: string): { p: string; parts: Float64Array[] } {
    const p = path.join(dir(), name);
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'a' }, { label: 'b' }], sampleRateHz: rate, startTime: new Date(2024, 0, 1), recordDurationS: 0.25 });
    const parts = [1300, 500, 700].map((n, k) => Float64Array.from({ length: n * 2 }, (_, i) => (k + 1) * 10 + (i % 7)));
    w.writeSamples(parts[0], 1300);
    w.markGap(2);
    w.writeSamples(parts[1], 500);
    w.markGap(1);
    w.writeSamples(parts[2], 700);
    w.close();
    return { p, parts };
  }

  it('the reader counts only the real samples and gives them back without the padding', () => {
    const { p, parts } = gappy('gappy.bdf');
    const info = openEdfRecording(p);
    expect(info.totalFrames).toBe(2500);
    expect(info.durationS).toBeCloseTo(2.5, 9);
    expect(info.segments.map((s) => s.frames)).toEqual([1300, 500, 700]);
    expect(info.segments[1].onsetS).toBeCloseTo(3.3, 6);
    expect(info.warnings.join()).toMatch(/padding written at disconnect gaps is read as gap/);
    const ch = readAllChannels(info);
    const expected = [...parts[0].filter((_, i) => i % 2 === 0), ...parts[1].filter((_, i) => i % 2 === 0), ...parts[2].filter((_, i) => i % 2 === 0)];
    expect(ch[0].length).toBe(expected.length);
    // (24-bit steps of the default ±100 000 µV range: 0.012 µV)
    for (let i = 0; i < expected.length; i++) expect(Math.abs(ch[0][i] - expected[i])).toBeLessThan(0.02);
    // random access across a segment border
    const r = new EdfFrameReader(info);
    const out = new Float64Array(2 * 4);
    r.readFrames(1298, 4, out);
    r.close();
    const want = [parts[0][2596], parts[0][2597], parts[0][2598], parts[0][2599], parts[1][0], parts[1][1], parts[1][2], parts[1][3]];
    want.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 1));
  });

  it('analysis streams the same frames as the import (both without the padding)', async () => {
    const { p } = gappy('gappy-analysis.bdf');
    const streamed = openAnalysisSource(p, { workers: 0, stream: true });
    const whole = openAnalysisSource(p, { workers: 0, stream: false });
    expect(streamed.recording.durationS).toBeCloseTo(2.5, 9);
    expect(whole.recording.durationS).toBeCloseTo(2.5, 9);
    const a = await streamed.filter(DEFAULT_DSP_SETTINGS, { keepFilteredOf: 0 });
    const b = await whole.filter(DEFAULT_DSP_SETTINGS, { keepFilteredOf: 0 });
    expect(a.filtered[0]!.length).toBe(2500);
    // the streamed signal is read back by windows (a spill file): the whole of it here
    expect(Array.from(asWindows(a.filtered[0])!.window(0, 2500))).toEqual(Array.from(asWindows(b.filtered[0])!.window(0, 2500)));
  });
});

it('ImportError and InputFileError name the file first', () => {
  expect(new ImportError('x.csv', 'the file is empty').message).toBe('x.csv: the file is empty');
  expect(new InputFileError('f', 'is a FIFO').message).toBe('f: is a FIFO');
});

describe('what the import reports to the UI (9.15)', () => {
  it('a replay of a CSV cut mid-row says, in its state message, that the file may be truncated', async () => {
    const { RecordingPlayer } = await import('../../src/devices/recording-player');
    const p = path.join(dir(), 'replay-cut.csv');
    const rows = ['time_s,biceps (uV)'];
    for (let i = 0; i < 500; i++) rows.push(`${(i / 500).toFixed(4)},${(Math.sin(i / 5) * 30).toFixed(2)}`);
    fs.writeFileSync(p, rows.join('\n').slice(0, -3));
    const player = new RecordingPlayer(p, { pacing: 'manual', now: () => 0, startPaused: true });
    const messages: string[] = [];
    player.on((e) => {
      if (e.type === 'state' && e.message) messages.push(e.message);
    });
    await player.start();
    await player.stop();
    expect(messages.join('\n')).toMatch(/the file ends mid-row .*: it may be truncated/);
  });
});
