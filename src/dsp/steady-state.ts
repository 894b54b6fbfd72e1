/**
 * Steady-state initial conditions of a cascade of biquad sections, so a recording filtered from
 * its first sample starts as if the signal had always been there: no start-up transient.
 *
 * scipy.signal.sosfilt_zi gives the state for a constant input (the step response's steady
 * state; times x[0] it removes the DC step). A recording also carries mains hum: started from a
 * DC-only steady state, the hum starts abruptly at t = 0 and the notch (Q 30, bandwidth 1.7 Hz,
 * time constant ≈ 1 / (π·1.7 Hz) ≈ 0.2 s) rings for ~0.6 s. So the input before t = 0 is modelled
 * as DC plus sinusoids at the mains frequency and its harmonics, fitted by least squares to the
 * start of the recording (fitDcAndTones), and every section's state is set to the exact
 * steady-state response to that model (steadyStateStates). With tones = [] this equals
 * sosfilt_zi(sos) · dc (tests/unit/dsp-steady-state.test.ts checks both against scipy).
 *
 * State layout: transposed direct form II, as sosfilt and emg-chain.ts run it:
 *   y[n] = b0 x[n] + z0;  z0 ← b1 x[n] − a1 y[n] + z1;  z1 ← b2 x[n] − a2 y[n].
 * After sample n−1: z0 = b1 x[n−1] + b2 x[n−2] − a1 y[n−1] − a2 y[n−2], z1 = b2 x[n−1] − a2 y[n−1].
 * Design-time code (once per recording): plain objects are fine.
 */

/** One sinusoid of the input model: x[n] = cos·cos(ωn) + sin·sin(ωn), ω = 2π·freqHz/rate, n from the first sample. */
export interface Tone {
  freqHz: number;
  cos: number;
  sin: number;
}

export interface InputModel {
  dc: number;
  tones: Tone[];
}

/**
 * Least-squares fit of dc + Σ (c_k cos ω_k n + s_k sin ω_k n) to x[from, to) (n = i − from).
 * Tones at or above Nyquist are left out. A fit window of whole tone periods keeps the fit
 * well-conditioned; EMG activity in the window leaks into it only by its (small) power at the
 * tone frequencies. (One signal: fitDcAndTonesMany with one channel.)
 */
export function fitDcAndTones(x: ArrayLike<number>, from: number, to: number, rateHz: number, freqsHz: readonly number[]): InputModel {
  return fitDcAndTonesMany([x], from, to, rateHz, freqsHz)[0];
}

/**
 * fitDcAndTones of each of `xs` over the same samples [from, to): the basis (the cosines and
 * sines of every sample) and its normal matrix AᵀA depend only on the window, the rate and the
 * frequencies, so they are computed once for all channels (batch analysis fits every channel's
 * start: the cosines and sines were computed once per channel before). The same operations in
 * the same order per channel, so each model is the same to the last bit as fitDcAndTones' of
 * that channel alone (tests/unit/dsp-steady-state.test.ts).
 */
export function fitDcAndTonesMany(xs: readonly ArrayLike<number>[], from: number, to: number, rateHz: number, freqsHz: readonly number[]): InputModel[] {
  const freqs = freqsHz.filter((f) => f > 0 && f < rateHz / 2);
  const n = to - from;
  if (n <= 0) return xs.map(() => ({ dc: 0, tones: [] }));
  const m = 1 + 2 * freqs.length;
  // too short to fit tones: the mean is the level
  if (n < 2 * m) return xs.map((x) => meanModel(x, from, to));
  const basis = toneBasis(n, m, freqs, rateHz);
  const ata = normalMatrix(basis, n, m);
  const atx = new Float64Array(m);
  return xs.map((x) => {
    // normal equations AᵀA p = Aᵀx, basis [1, cos ω1 n, sin ω1 n, …]
    atx.fill(0);
    for (let k = 0, r = 0; k < n; k++, r += m) {
      const v = x[from + k];
      for (let a = 0; a < m; a++) atx[a] += basis[r + a] * v;
    }
    const p = solve(ata, atx, m);
    if (!p) return meanModel(x, from, to);
    return { dc: p[0], tones: freqs.map((f, j) => ({ freqHz: f, cos: p[1 + 2 * j], sin: p[2 + 2 * j] })) };
  });
}

/** The least-squares basis rows [1, cos ω1 k, sin ω1 k, …] for k = 0 … n − 1, m values per row. */
function toneBasis(n: number, m: number, freqs: readonly number[], rateHz: number): Float64Array {
  const w = freqs.map((f) => (2 * Math.PI * f) / rateHz);
  const basis = new Float64Array(n * m);
  for (let k = 0, r = 0; k < n; k++, r += m) {
    basis[r] = 1;
    for (let j = 0; j < w.length; j++) {
      basis[r + 1 + 2 * j] = Math.cos(w[j] * k);
      basis[r + 2 + 2 * j] = Math.sin(w[j] * k);
    }
  }
  return basis;
}

/** AᵀA of the basis (n rows of m), summed in row order; the lower triangle mirrored from the upper. */
function normalMatrix(basis: Float64Array, n: number, m: number): Float64Array {
  const ata = new Float64Array(m * m);
  for (let k = 0, r = 0; k < n; k++, r += m) {
    for (let a = 0; a < m; a++) {
      const ra = basis[r + a];
      for (let b = a; b < m; b++) ata[a * m + b] += ra * basis[r + b];
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) ata[a * m + b] = ata[b * m + a];
  return ata;
}

/** The model of x[from, to) as its mean alone (no tones). */
function meanModel(x: ArrayLike<number>, from: number, to: number): InputModel {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  return { dc: s / (to - from), tones: [] };
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solve(aIn: Float64Array, bIn: Float64Array, m: number): Float64Array | null {
  const a = Float64Array.from(aIn);
  const b = Float64Array.from(bIn);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r * m + c]) > Math.abs(a[piv * m + c])) piv = r;
    if (!(Math.abs(a[piv * m + c]) > 1e-12 * Math.abs(a[0]))) return null;
    if (piv !== c) {
      for (let k = 0; k < m; k++) [a[c * m + k], a[piv * m + k]] = [a[piv * m + k], a[c * m + k]];
      [b[c], b[piv]] = [b[piv], b[c]];
    }
    for (let r = c + 1; r < m; r++) {
      const f = a[r * m + c] / a[c * m + c];
      if (f === 0) continue;
      for (let k = c; k < m; k++) a[r * m + k] -= f * a[c * m + k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < m; k++) s -= a[r * m + k] * x[k];
    x[r] = s / a[r * m + r];
  }
  return x;
}

/**
 * The state (z0, z1 per section) of the cascade after an infinitely long input following `model`,
 * ready for the sample n = 0 of that model. `coef` holds b0 b1 b2 a1 a2 per section (a0 = 1),
 * as emg-chain.ts stores them.
 */
export function steadyStateStates(coef: Float64Array, model: InputModel, rateHz: number): Float64Array {
  const sections = coef.length / 5;
  const state = new Float64Array(2 * sections);
  // DC: each section's output level is its DC gain times its input level
  let u = model.dc;
  for (let s = 0; s < sections; s++) {
    const [b0, b1, b2, a1, a2] = coef.subarray(5 * s, 5 * s + 5);
    const den = 1 + a1 + a2;
    const v = den !== 0 ? ((b0 + b1 + b2) / den) * u : 0;
    state[2 * s] += (b1 + b2) * u - (a1 + a2) * v;
    state[2 * s + 1] += b2 * u - a2 * v;
    u = v;
  }
  // the tones add linearly
  addToneStates(coef, model.tones.map((t) => ({ omega: (2 * Math.PI * t.freqHz) / rateHz, cos: t.cos, sin: t.sin })), state);
  return state;
}

/**
 * Adds the steady-state contribution of tones (ω in rad/sample) to `state`: each tone's complex
 * amplitude X (x[n] = Re(X e^{jωn})) goes through each section's response H(e^{jω}) in turn.
 */
function addToneStates(coef: Float64Array, tones: readonly { omega: number; cos: number; sin: number }[], state: Float64Array): void {
  const sections = coef.length / 5;
  for (const t of tones) {
    // X = c − j·s, since c·cos ωn + s·sin ωn = Re((c − j s) e^{jωn})
    let xr = t.cos;
    let xi = -t.sin;
    const w = t.omega;
    // e^{−jω}, e^{−2jω}
    const e1r = Math.cos(w), e1i = -Math.sin(w);
    const e2r = Math.cos(2 * w), e2i = -Math.sin(2 * w);
    for (let s = 0; s < sections; s++) {
      const [b0, b1, b2, a1, a2] = coef.subarray(5 * s, 5 * s + 5);
      // H = (b0 + b1 e^{−jω} + b2 e^{−2jω}) / (1 + a1 e^{−jω} + a2 e^{−2jω})
      const nr = b0 + b1 * e1r + b2 * e2r, ni = b1 * e1i + b2 * e2i;
      const dr = 1 + a1 * e1r + a2 * e2r, di = a1 * e1i + a2 * e2i;
      const dd = dr * dr + di * di;
      const hr = (nr * dr + ni * di) / dd, hi = (ni * dr - nr * di) / dd;
      const yr = hr * xr - hi * xi, yi = hr * xi + hi * xr;
      // x[−1] = Re(X e^{−jω}), x[−2] = Re(X e^{−2jω}); the same for y
      const x1 = xr * e1r - xi * e1i, x2 = xr * e2r - xi * e2i;
      const y1 = yr * e1r - yi * e1i, y2 = yr * e2r - yi * e2i;
      state[2 * s] += b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      state[2 * s + 1] += b2 * x1 - a2 * y1;
      xr = yr;
      xi = yi;
    }
  }
}
