/**
 * Rep onsets of the batch analysis against known truth, by simulation: raw sEMG (band-limited
 * Gaussian noise whose RMS follows each rep: a 150 ms linear rise from rest, a plateau, a 200 ms fall),
 * rest noise, 50 Hz hum and a DC offset, through the same chain as `myocue analyze`
 * (filterRecording with warm-up → analyzeSignals). At 1000 Hz and at 200 Hz (an OpenBCI
 * Ganglion), ≥ 90 % of onsets must land within 50 ms of the true onset, and no rep may be
 * reported that did not happen. The figures are printed.
 */
import { describe, it, expect } from 'vitest';
import { mulberry32 } from '../../src/util/seeded-random';
import { analyzeSignals } from '../../src/metrics/analyze-signals';
import { filterRecording } from '../../src/analysis/filter-recording';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { butterworthSos } from '../../src/dsp/butterworth';
import { sosfilt } from '../../src/dsp/biquad-cascade';
import { gaussian } from './metrics-helpers';

interface Sim {
  raw: Float64Array;
  onsetsS: number[];
  endsS: number[];
}

/** One recording of `reps` reps; onsets random within their slot; rep peak RMS 8-38 × rest (light to hard reps). */
export function simulateRepRecording(rateHz: number, reps: number, seed: number): Sim {
  const rand = mulberry32(seed);
  const g = gaussian(rand);
  const restUv = 3;
  const onsetsS: number[] = [];
  const endsS: number[] = [];
  const peaks: number[] = [];
  let t = 2 + 2 * rand();
  for (let r = 0; r < reps; r++) {
    const dur = 1.2 + 1.3 * rand();
    onsetsS.push(t);
    endsS.push(t + dur);
    peaks.push(restUv * (8 + 30 * rand()));
    t += dur + 1.5 + 2 * rand();
  }
  const n = Math.round((t + 2) * rateHz);
  // unit-RMS noise shaped to the EMG band (most power 30-150 Hz, within Nyquist at 200 Hz)
  const white = new Float64Array(n);
  for (let i = 0; i < n; i++) white[i] = g();
  const hi = Math.min(150, 0.4 * rateHz);
  let shaped = sosfilt(butterworthSos(2, 30, 'highpass', rateHz), white);
  shaped = sosfilt(butterworthSos(2, hi, 'lowpass', rateHz), shaped);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += shaped[i] * shaped[i];
  const k = 1 / Math.sqrt(ss / n);
  const raw = new Float64Array(n);
  const rise = 0.15;
  const fall = 0.2;
  for (let i = 0; i < n; i++) {
    const time = i / rateHz;
    let a = 0;
    for (let r = 0; r < reps; r++) {
      const on = onsetsS[r];
      const off = endsS[r];
      if (time < on || time >= off + fall) continue;
      if (time < on + rise) a = (peaks[r] * (time - on)) / rise;
      else if (time < off) a = peaks[r];
      else a = peaks[r] * (1 - (time - off) / fall);
    }
    raw[i] = 500 + a * shaped[i] * k + restUv * g() + 8 * Math.sin(2 * Math.PI * 50 * time);
  }
  return { raw, onsetsS, endsS };
}

function onsetErrors(rateHz: number, recordings: number): { errorsMs: number[]; missed: number; extra: number } {
  const errorsMs: number[] = [];
  let missed = 0;
  let extra = 0;
  for (let s = 0; s < recordings; s++) {
    const sim = simulateRepRecording(rateHz, 10, 1000 * rateHz + s);
    const f = filterRecording([sim.raw], rateHz, DEFAULT_DSP_SETTINGS, { keepFiltered: true, warmUp: true });
    const r = analyzeSignals({ sampleRateHz: rateHz, filtered: f.filtered!, envelope: f.envelope, targetChannel: 0 });
    const found = r.sets.flatMap((x) => x.reps.map((rep) => rep.startS));
    for (const on of sim.onsetsS) {
      let best = Infinity;
      for (const f0 of found) if (Math.abs(f0 - on) < Math.abs(best)) best = f0 - on;
      if (Math.abs(best) > 0.5) missed++;
      else errorsMs.push(1000 * best);
    }
    extra += found.filter((f0) => !sim.onsetsS.some((on) => Math.abs(f0 - on) <= 0.5)).length;
  }
  return { errorsMs, missed, extra };
}

const median = (x: number[]) => {
  const s = [...x].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};

describe('batch rep onsets against known truth', () => {
  for (const rate of [1000, 200]) {
    it(`${rate} Hz: ≥ 90 % of onsets within 50 ms, no missed or invented reps`, () => {
      const { errorsMs, missed, extra } = onsetErrors(rate, 6);
      const within = errorsMs.filter((e) => Math.abs(e) <= 50).length / (errorsMs.length + missed);
      console.log(
        `onsets at ${rate} Hz: ${errorsMs.length + missed} true reps, median error ${median(errorsMs).toFixed(1)} ms, ` +
          `${(100 * within).toFixed(1)} % within 50 ms, missed ${missed}, invented ${extra}`,
      );
      expect(missed).toBe(0);
      expect(extra).toBe(0);
      expect(within).toBeGreaterThanOrEqual(0.9);
    });
  }
});
