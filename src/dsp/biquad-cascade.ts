/**
 * A cascade of second-order sections with its state: the filter run of scipy.signal.sosfilt
 * (direct form II transposed per section, zero initial state), one channel, causal, state kept
 * across blocks. Generic in the number of sections; the live chain (emg-chain.ts) uses an unrolled
 * copy of the same recurrence for speed and is tested against this one and against scipy.
 */
import type { Sos } from './butterworth';

export class BiquadCascade {
  readonly sectionCount: number;
  /** b0 b1 b2 a1 a2 per section (a0 = 1 divided out; scipy's designs already have a0 = 1) */
  private readonly coef: Float64Array;
  /** z0 z1 per section: the two delay registers of the transposed direct form II */
  private readonly state: Float64Array;

  constructor(sos: Sos) {
    if (sos.length === 0 || sos.length % 6 !== 0) throw new Error('second-order sections must be rows of 6 coefficients');
    this.sectionCount = sos.length / 6;
    this.coef = new Float64Array(this.sectionCount * 5);
    this.state = new Float64Array(this.sectionCount * 2);
    for (let s = 0; s < this.sectionCount; s++) {
      const a0 = sos[6 * s + 3];
      if (a0 !== 1) throw new Error('second-order sections must be normalised (a0 = 1)');
      this.coef.set([sos[6 * s], sos[6 * s + 1], sos[6 * s + 2], sos[6 * s + 4], sos[6 * s + 5]], 5 * s);
    }
  }

  /** Filters `n` samples of x (read at offset + k·stride) into out (same positions). In-place allowed. */
  process(x: Float64Array, out: Float64Array, n: number, stride = 1, offset = 0): void {
    const c = this.coef;
    const z = this.state;
    const ns = this.sectionCount;
    for (let k = 0, i = offset; k < n; k++, i += stride) {
      let v = x[i];
      for (let s = 0; s < ns; s++) {
        const j = 5 * s;
        const y = c[j] * v + z[2 * s];
        z[2 * s] = c[j + 1] * v - c[j + 3] * y + z[2 * s + 1];
        z[2 * s + 1] = c[j + 2] * v - c[j + 4] * y;
        v = y;
      }
      out[i] = v;
    }
  }

  reset(): void {
    this.state.fill(0);
  }
}

/** Offline convenience, like scipy.signal.sosfilt(sos, x) from zero state: returns a new array. */
export function sosfilt(sos: Sos, x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  new BiquadCascade(sos).process(x, out, x.length);
  return out;
}
