/** Unit tests of the named training stages the TrainingSession is built from (src/training/*). */
import { describe, it, expect } from 'vitest';
import { EnvelopeDecimation } from '../../src/training/envelope-decimation';
import { QualityMonitor, QUALITY_DEFAULTS } from '../../src/training/quality-monitor';
import { CalibrationRun } from '../../src/training/calibration-run';
import { NormalisationReferences } from '../../src/training/normalisation-references';
import { SetBook, type Roles } from '../../src/training/set-book';
import { IndexedRing } from '../../src/training/indexed-ring';
import { mulberry32 } from '../../src/util/seeded-random';
import { gaussian } from './metrics-helpers';

function block(first: number, frames: number, channels: number, env: (abs: number, c: number) => number) {
  const envelope = new Float64Array(frames * channels);
  const filtered = new Float64Array(frames * channels);
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) envelope[i * channels + c] = env(first + i, c);
  return { filtered, envelope, frames, channelCount: channels, firstSampleIndex: first };
}

describe('IndexedRing', () => {
  it('fills a hole in the indices with the last value and copies by absolute index', () => {
    const r = new IndexedRing(8);
    r.write(0, 1);
    r.write(1, 2);
    r.write(4, 5); // 2 and 3 lost
    const out = new Float64Array(8);
    expect(r.copy(0, 5, out)).toEqual([0, 5]);
    expect([...out.slice(0, 5)]).toEqual([1, 2, 2, 2, 5]);
    for (let i = 5; i < 20; i++) r.write(i, i);
    expect(r.oldest).toBe(12);
    expect(r.copy(0, 20, out)).toEqual([12, 8]);
  });
});

describe('EnvelopeDecimation', () => {
  it('2000 Hz → 100 Hz bucket means, the same whatever the block boundaries', () => {
    const env = (abs: number, c: number) => (c + 1) * (abs % 37);
    const run = (blockFrames: number) => {
      const out: [number, number, number][] = [];
      const d = new EnvelopeDecimation(2000, 2, (k, v) => out.push([k, v[0], v[1]]));
      for (let first = 0; first < 2000; first += blockFrames) d.push(block(first, Math.min(blockFrames, 2000 - first), 2, env), 0);
      return { out, d };
    };
    const a = run(2000);
    const b = run(33);
    expect(a.d.factor).toBe(20);
    expect(a.d.rateHz).toBe(100);
    expect(a.out.length).toBe(100);
    expect(b.out).toEqual(a.out);
    let mean = 0;
    for (let i = 20; i < 40; i++) mean += (i % 37) / 20;
    expect(a.out[1][0]).toBe(1);
    expect(a.out[1][1]).toBeCloseTo(mean, 12);
    expect(a.out[1][2]).toBeCloseTo(2 * mean, 12);
    const copy = a.d.envelope(1, 10, 20);
    expect(copy.first).toBe(10);
    expect(copy.data.length).toBe(10);
    expect(copy.data[0]).toBeCloseTo(a.out[10][2], 12);
  });
});

describe('QualityMonitor', () => {
  it('assesses once per interval: noise is good, a flat line is bad', () => {
    const m = new QualityMonitor({ sampleRateHz: 1000, channelCount: 2, mainsHz: 50, fullScaleUv: 187500 }, QUALITY_DEFAULTS);
    const g = gaussian(mulberry32(5));
    const push = (k: number) => {
      const raw = new Float64Array(200);
      for (let i = 0; i < 100; i++) {
        raw[2 * i] = 3 * g();
        raw[2 * i + 1] = 7;
      }
      m.push({ samples: raw, frameCount: 100, channelCount: 2, firstSampleIndex: k * 100, receivedAtMs: 0 });
    };
    for (let k = 0; k < 9; k++) push(k);
    expect(m.quality).toEqual([]);
    for (let k = 9; k < 25; k++) push(k);
    expect(m.quality.map((q) => q.verdict)).toEqual(['good', 'bad']);
  });
});

describe('CalibrationRun', () => {
  const timing = { restS: 2, trials: 2, contractS: 2, relaxS: 2 };
  it('rest, trials, then the best 500 ms mean; steps say where the lifter is', () => {
    const run = new CalibrationRun(1, 100, timing);
    let outcome = null;
    let k = 0;
    for (; k < 1000 && !outcome; k++) {
      const t = k / 100;
      const x = t - 2;
      const within = x - Math.floor(x / 4) * 4;
      const v = x >= 0 && within < 2 ? (x >= 4 && within > 0.5 && within < 1.2 ? 250 : 200) : 3;
      outcome = run.push(v, t);
      if (k === 50) expect(run.step()).toMatchObject({ phase: 'rest', channel: 1 });
      if (k === 250) expect(run.step()).toMatchObject({ phase: 'mvc', trial: 1, contract: true });
      if (k === 450) expect(run.step()).toMatchObject({ phase: 'mvc', trial: 1, contract: false });
    }
    expect(outcome).toMatchObject({ ok: true });
    if (!outcome?.ok) return;
    expect(outcome.mvcUv).toBeCloseTo(250, 6);
    expect(outcome.rest.mean).toBeCloseTo(3, 9);
    expect(k / 100).toBeCloseTo(2 + 4 + 2, 1); // no relax waited for after the last trial
  });
  it('no contraction: fails with a reason', () => {
    const run = new CalibrationRun(0, 100, timing);
    let outcome = null;
    for (let k = 0; k < 1000 && !outcome; k++) outcome = run.push(3, k / 100);
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/the strongest 500 ms \(3\.0 µV\) was not clearly above the rest/) });
  });
});

describe('NormalisationReferences', () => {
  it('session peak until every role channel has an MVC; the peak survives the same band reconnecting', () => {
    const r = new NormalisationReferences();
    r.configure(2, 100);
    r.setRoles([0, 1]);
    expect(r.reference(0)).toBe(Infinity);
    for (let k = 0; k < 100; k++) r.push(Float64Array.of(50, 20));
    expect(r.normalisation).toBe('session-peak');
    expect(r.reference(0)).toBeCloseTo(50, 9);
    r.configure(2, 100);
    expect(r.reference(0)).toBeCloseTo(50, 9);
    r.configure(3, 100);
    expect(r.reference(0)).toBe(Infinity);
    r.mvc = [{ person: 'a', muscle: 'x', mvcUv: 400, restMeanUv: 1, restSdUv: 1, date: '' }, null, null];
    expect(r.normalisation).toBe('session-peak');
    r.mvc[1] = { person: 'a', muscle: 'y', mvcUv: 100, restMeanUv: 1, restSdUv: 1, date: '' };
    expect(r.normalisation).toBe('mvc');
    expect(r.reference(1)).toBe(100);
  });
});

describe('SetBook', () => {
  function book() {
    const roles: Roles = { targetChannel: 0, assistingChannels: [1] };
    const ref = [100, 100];
    const b = new SetBook({ roles: () => roles, reference: (c) => ref[c], decimatedRateHz: () => 100, exerciseId: () => 'x', bootstrap: { resamples: 200 } });
    const rep = (startS: number, level: number) => {
      const n = 200;
      const t = new Float64Array(n);
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const w = 0.5 * (1 - Math.cos((2 * Math.PI * i) / (n - 1)));
        t[i] = level * w;
        a[i] = 40 * w;
      }
      return b.addRep(startS, startS + 2, startS, t, [a], null);
    };
    return { b, ref, rep };
  }
  it('keeps sets with reps, numbers them, compares with the baseline and re-expresses when the reference moves', () => {
    const { b, ref, rep } = book();
    expect(b.setNumber).toBe(1);
    b.begin('baseline', 0, 'x');
    expect(b.finish(1)).toMatchObject({ summary: null });
    expect(b.records.length).toBe(0);
    b.begin('baseline', 1, 'x');
    for (let k = 0; k < 5; k++) rep(1 + 3 * k, 100 * (1 + 0.02 * Math.sin(k)));
    const first = b.finish(16)!;
    expect(first.summary?.number).toBe(1);
    expect(b.baselineShare).not.toBeNull();
    b.begin('internal', 20, 'x');
    for (let k = 0; k < 5; k++) rep(20 + 3 * k, 120 * (1 + 0.02 * Math.cos(k)));
    const second = b.finish(35)!.summary!;
    expect(second.number).toBe(2);
    expect(second.comparisons[0].against).toBe('baseline');
    expect(second.comparisons[0].targetChangePct.value).toBeGreaterThan(15);
    const before = b.summaries[0].targetMeanPct;
    ref[0] = 200;
    b.referencesChanged();
    expect(b.summaries[0].targetMeanPct).toBeCloseTo(before / 2, 6);
    // the comparison is a ratio of one reference: it does not move
    expect(b.summaries[1].comparisons[0].targetChangePct.value).toBeCloseTo(second.comparisons[0].targetChangePct.value, 6);
  });
});
