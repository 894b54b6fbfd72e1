/**
 * The streaming analysis path for EDF/BDF files (src/analysis/analysis-stream.ts, used by
 * `myocue analyze`) gives the same result as the in-memory path (import whole → filterRecording
 * in place with warm-up → analyzeSignals on full-rate envelopes): BDF 24-bit and EDF 16-bit (one channel written as zeros),
 * with and without a target channel, with a rate whose decimation blocks straddle chunk edges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { EmgSimulator } from '../../src/devices/simulated-emg';
import { DEFAULT_SIMULATOR_OPTIONS } from '../../src/devices/simulator-options';
import { BAND_MICROVOLTS_PER_COUNT } from '../../src/devices/simulated-band';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { openAnalysisSource, type AnalysisSignals } from '../../src/analysis/analysis-source';
import { analyzeSignals } from '../../src/metrics/analyze-signals';
import { importRecording } from '../../src/formats/detect-format';
import { filterRecording } from '../../src/analysis/filter-recording';
import { readRecords, streamEdfChannelsWhole, wantedRecordRanges } from '../../src/analysis/analysis-stream';
import { openEdfRecording } from '../../src/recording/bdf-reader';

let dir: string;
const files: Record<string, string> = {};

function write(file: string, seconds: number, rate: number, channels: number, format: 'bdf' | 'edf', seed: number, zeroChannel?: number): void {
  const sim = new EmgSimulator({ ...DEFAULT_SIMULATOR_OPTIONS, channels, sampleRateHz: rate, assistingChannels: [1], seed });
  const w = BdfPlusWriter.open(file, {
    channels: Array.from({ length: channels }, (_, i) => ({ label: `ch${i + 1}`, microvoltsPerCount: BAND_MICROVOLTS_PER_COUNT })),
    sampleRateHz: rate,
    startTime: new Date('2026-11-28T10:00:00'),
    format,
    fsyncIntervalMs: 60_000,
  });
  const frames = rate; // 1 s per block
  const block = new Float64Array(frames * channels);
  for (let s = 0; s < seconds; s++) {
    sim.fill(block, frames);
    if (zeroChannel !== undefined) for (let f = 0; f < frames; f++) block[f * channels + zeroChannel] = 0;
    // the last write is not a whole record: the writer pads it and marks the true end
    w.writeSamples(block, s === seconds - 1 ? frames - 7 : frames);
  }
  w.close();
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-analysis-stream-'));
  files.bdf = path.join(dir, 'three-minutes.bdf');
  write(files.bdf, 180, 2000, 4, 'bdf', 3);
  files.edf = path.join(dir, 'two-minutes.edf');
  write(files.edf, 120, 1000, 3, 'edf', 8, 2);
  files.odd = path.join(dir, 'odd-rate.bdf');
  write(files.odd, 90, 1024, 2, 'bdf', 5);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function close(a: unknown, b: unknown, where = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) expect(Number.isNaN(a) && Number.isNaN(b), where).toBe(true);
    else expect(Math.abs(a - b), `${where}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(b)));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a as object).sort(), where).toEqual(Object.keys(b as object).sort());
    for (const k of Object.keys(a as object)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
    return;
  }
  expect(a, where).toEqual(b);
}

const settings = { ...DEFAULT_DSP_SETTINGS, mains: 50 as const };

async function analyse(file: string, stream: boolean, target: number | null, workers: 'auto' | 0 = 0) {
  const source = openAnalysisSource(file, { stream, workers });
  // what myocue analyze keeps: with a target, the envelopes of the role channels only
  const f: AnalysisSignals = await source.filter(settings, { keepFilteredOf: target, ...(target !== null ? { keepEnvelopesOf: [target, 1] } : {}) });
  const run = (t: number | null) =>
    analyzeSignals({
      sampleRateHz: f.sampleRateHz,
      filtered: f.filtered,
      ...(f.envelope ? { envelope: f.envelope } : {}),
      ...(f.decimatedEnvelope ? { decimatedEnvelope: f.decimatedEnvelope } : {}),
      targetChannel: t,
      assistingChannels: [1],
    });
  let r = run(target);
  if (r.activityChannel !== null && !f.filtered[r.activityChannel]) {
    await source.ensureFiltered(f, r.activityChannel);
    r = run(target);
  }
  return { r, f, rec: source.recording };
}

describe('streaming analysis of EDF/BDF files', () => {
  for (const [name, target] of [
    ['bdf', 0],
    ['bdf', null],
    ['edf', 0],
    ['edf', null],
    ['odd', 1],
  ] as const) {
    it(`${name} file, target ${target}: same result as the in-memory path`, async () => {
      const mem = await analyse(files[name], false, target);
      const str = await analyse(files[name], true, target);
      expect(str.f.decimatedEnvelope).toBeDefined();
      expect(mem.f.decimatedEnvelope).toBeUndefined();
      expect(str.r.sets.length).toBeGreaterThan(0);
      expect(str.r.medianFrequencyTrend.length).toBeGreaterThan(0);
      close(str.r, mem.r);
      // the recording's description and warnings (incl. all-zero channels) are the same too
      const { channelCount, ...rest } = str.rec;
      const { channelCount: memCount, ...memRest } = mem.rec;
      expect(channelCount).toBe(memCount);
      expect(rest).toEqual(memRest);
      expect(str.f.effectiveLowpassHz).toBe(mem.f.effectiveLowpassHz);
      expect(str.f.warnings).toEqual(mem.f.warnings);
    });
  }

  it('with the worker thread too (the true length sent after its pass): the same result', async () => {
    const mem = await analyse(files.bdf, false, 0);
    const str = await analyse(files.bdf, true, 0, 'auto');
    expect(str.f.decimatedEnvelope!.data.map((d) => d !== null)).toEqual([true, true, false, false]);
    close(str.r, mem.r);
  });

  it('keeps only what analysis needs: decimated envelopes, the target filtered signal bit-identical (read back by windows)', async () => {
    const rec = importRecording(files.odd);
    const full = filterRecording(rec.samples, rec.sampleRateHz, settings, { inPlace: true, warmUp: true });
    const source = openAnalysisSource(files.odd, { workers: 0 });
    const f = await source.filter(settings, { keepFilteredOf: 1 });
    expect(f.filtered[0]).toBeNull();
    const kept = f.filtered[1]!;
    expect(kept).not.toBeInstanceOf(Float64Array);
    const ref = full.filtered![1];
    expect(kept.length).toBe(ref.length);
    expect(Array.from(kept instanceof Float64Array ? kept : kept.window(0, kept.length))).toEqual(Array.from(ref));
    // windows anywhere, clamped at the ends
    for (const [a, b] of [[0, 10], [12345, 20000], [ref.length - 5, ref.length + 100], [-3, 4]] as const) {
      const w = kept instanceof Float64Array ? kept : kept.window(a, b);
      expect(Array.from(w)).toEqual(Array.from(ref.subarray(Math.max(0, a), Math.min(ref.length, b))));
    }
    const factor = f.decimatedEnvelope!.factor;
    expect(factor).toBe(10);
    for (let c = 0; c < 2; c++) {
      const e = full.envelope[c];
      const d = f.decimatedEnvelope!.data[c]!;
      expect(d.length).toBe(Math.floor(e.length / factor));
      for (let k = 0; k < d.length; k++) {
        let s = 0;
        for (let j = k * factor; j < (k + 1) * factor; j++) s += e[j];
        if (d[k] !== s / factor) expect(d[k], `ch ${c} block ${k}`).toBe(s / factor);
      }
    }
  });
});

describe('a pass reads only the bytes of its channels', () => {
  it('reads the wanted ranges of each record into place and leaves the rest of the buffer alone', () => {
    const info = openEdfRecording(files.bdf);
    const starts = info.header.signals.map((_, si) => info.header.signals.slice(0, si).reduce((a, s) => a + s.samplesPerRecord * 3, 0));
    expect(wantedRecordRanges(info, starts, [0, 1, 2, 3], true)).toBeNull(); // most of the record: whole reads
    const wanted = wantedRecordRanges(info, starts, [1], true)!;
    // channel 1's signal and the annotation signal (at the end of the record)
    expect(wanted).toEqual([starts[info.dataSignals[1]], starts[info.dataSignals[1]] + info.samplesPerRecord * 3, ...info.annotationSignals.flatMap((si) => [starts[si], starts[si] + info.header.signals[si].samplesPerRecord * 3])]);
    const recs = 5;
    const R = info.recordBytes;
    const buf = Buffer.alloc(recs * R, 0xaa);
    const whole = Buffer.alloc(recs * R);
    const fd = fs.openSync(files.bdf, 'r');
    try {
      readRecords(fd, buf, info, 3, recs, wanted);
      readRecords(fd, whole, info, 3, recs, null);
    } finally {
      fs.closeSync(fd);
    }
    expect(whole.equals(fs.readFileSync(files.bdf).subarray(info.header.headerBytes + 3 * R, info.header.headerBytes + 8 * R))).toBe(true);
    let inside = 0;
    for (let i = 0; i < buf.length; i++) {
      const o = i % R;
      let isWanted = false;
      for (let j = 0; j < wanted.length; j += 2) if (o >= wanted[j] && o < wanted[j + 1]) isWanted = true;
      if (isWanted) {
        inside++;
        if (buf[i] !== whole[i]) throw new Error(`byte ${i} (wanted) differs`);
      } else if (buf[i] !== 0xaa) throw new Error(`byte ${i} (not wanted) was written`);
    }
    expect(inside).toBeGreaterThan(recs * info.samplesPerRecord * 3);
  });

  it('gives each channel the same numbers whichever channels are streamed together', () => {
    const info = openEdfRecording(files.bdf);
    const req = (channels: number[]) => ({ channels, settings, factor: 20, keepFiltered: [], warmUp: true });
    const all = streamEdfChannelsWhole(info, req([0, 1, 2, 3]));
    for (const sub of [[1], [0, 3], [2, 3]]) {
      const r = streamEdfChannelsWhole(info, req(sub));
      sub.forEach((c, i) => {
        expect(Array.from(r.decimated[i]!)).toEqual(Array.from(all.decimated[c]!));
        expect(r.levels[i]).toEqual(all.levels[c]);
        expect(r.firstNonZero[i]).toBe(all.firstNonZero[c]);
      });
    }
  });
});
