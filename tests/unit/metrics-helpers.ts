/** Synthetic signals for the metrics tests (seeded, deterministic). */
import { mulberry32 } from '../../src/util/seeded-random';

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(1e-12, rand());
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export interface EnvelopeSpec {
  rateHz?: number;
  reps: number;
  /** rest before the first rep, s */
  leadS?: number;
  repS?: number;
  gapS?: number;
  tailS?: number;
  restUv?: number;
  /** peak above rest per rep (µV); a function of the rep index */
  peakUv?: (i: number) => number;
  noiseSdUv?: number;
  /** baseline drift, µV per second */
  driftUvPerS?: number;
  seed?: number;
}

/** A smoothed-looking RMS envelope: raised-cosine bursts over a (drifting, noisy) rest level. */
export function syntheticEnvelope(spec: EnvelopeSpec): { env: Float64Array; rateHz: number; starts: number[]; ends: number[] } {
  const rate = spec.rateHz ?? 100;
  const lead = spec.leadS ?? 3;
  const repS = spec.repS ?? 2;
  const gapS = spec.gapS ?? 1.5;
  const tail = spec.tailS ?? 3;
  const rest = spec.restUv ?? 5;
  const peak = spec.peakUv ?? (() => 100);
  const total = lead + spec.reps * repS + (spec.reps - 1) * gapS + tail;
  const n = Math.round(total * rate);
  const env = new Float64Array(n);
  const g = gaussian(mulberry32(spec.seed ?? 7));
  const starts: number[] = [];
  const ends: number[] = [];
  for (let r = 0; r < spec.reps; r++) {
    starts.push(lead + r * (repS + gapS));
    ends.push(lead + r * (repS + gapS) + repS);
  }
  // noise smoothed by a 5-sample moving average (an RMS envelope is smooth), rescaled to the SD
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) raw[i] = g();
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    let v = rest + (spec.driftUvPerS ?? 0) * t;
    for (let r = 0; r < spec.reps; r++) {
      if (t >= starts[r] && t < ends[r]) v += peak(r) * 0.5 * (1 - Math.cos((2 * Math.PI * (t - starts[r])) / repS));
    }
    let s = 0;
    let c = 0;
    for (let k = Math.max(0, i - 4); k <= i; k++) {
      s += raw[k];
      c++;
    }
    env[i] = Math.max(0, v + (spec.noiseSdUv ?? 0) * (s / c) * Math.sqrt(c));
  }
  return { env, rateHz: rate, starts, ends };
}
