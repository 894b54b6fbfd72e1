/**
 * Butterworth filter design as second-order sections, the same algorithm and the same section
 * layout as scipy.signal.butter(N, Wn, btype, fs=fs, output='sos'):
 *   analog prototype (buttap) → frequency transform (lp2lp / lp2hp) at the PREWARPED corner
 *   ωa = 2·fs'·tan(π·f/fs) → bilinear transform → zpk2sos with 'nearest' pairing (poles closest to
 *   the unit circle in the LAST section, the overall gain in the FIRST section's numerator).
 * Matching scipy's layout section for section matters: the rounding of a cascade depends on the
 * order of its sections, and the tests compare every stage with scipy's output.
 *
 * Design-time code (runs once per configure): plain objects are fine here.
 */

/** Second-order sections, flat: row s is [b0 b1 b2 a0 a1 a2] at [6s .. 6s+5] (scipy layout, a0 = 1). */
export type Sos = Float64Array;

export type ButterworthType = 'lowpass' | 'highpass';

interface Cx {
  re: number;
  im: number;
}
const cx = (re: number, im = 0): Cx => ({ re, im });
const add = (a: Cx, b: Cx): Cx => cx(a.re + b.re, a.im + b.im);
const sub = (a: Cx, b: Cx): Cx => cx(a.re - b.re, a.im - b.im);
const mul = (a: Cx, b: Cx): Cx => cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const abs = (a: Cx): number => Math.hypot(a.re, a.im);
function div(a: Cx, b: Cx): Cx {
  // Smith's algorithm: no overflow for large |b|
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    if (b.re === 0 && b.im === 0) return cx(a.re / 0, a.im / 0);
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return cx((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  const r = b.re / b.im;
  const d = b.im + b.re * r;
  return cx((a.re * r + a.im) / d, (a.im * r - a.re) / d);
}
const prod = (xs: Cx[]): Cx => xs.reduce(mul, cx(1));

interface Zpk {
  z: Cx[];
  p: Cx[];
  k: number;
}

/** Analog Butterworth prototype, corner 1 rad/s (scipy.signal.buttap): poles −exp(iπm/2N), m = −N+1, −N+3, …, N−1. */
function buttap(order: number): Zpk {
  const p: Cx[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    p.push(cx(-Math.cos(theta), -Math.sin(theta)));
  }
  return { z: [], p, k: 1 };
}

/** Low-pass prototype → low-pass at ωo (scipy.signal.lp2lp_zpk). */
function lp2lp(f: Zpk, wo: number): Zpk {
  const degree = f.p.length - f.z.length;
  return { z: f.z.map((z) => cx(z.re * wo, z.im * wo)), p: f.p.map((p) => cx(p.re * wo, p.im * wo)), k: f.k * wo ** degree };
}

/** Low-pass prototype → high-pass at ωo (scipy.signal.lp2hp_zpk): s → ωo/s, zeros added at the origin. */
function lp2hp(f: Zpk, wo: number): Zpk {
  const degree = f.p.length - f.z.length;
  const z = f.z.map((z) => div(cx(wo), z));
  for (let i = 0; i < degree; i++) z.push(cx(0));
  const p = f.p.map((p) => div(cx(wo), p));
  const k = f.k * div(prod(f.z.map((z) => cx(-z.re, -z.im))), prod(f.p.map((p) => cx(-p.re, -p.im)))).re;
  return { z, p, k };
}

/** Bilinear transform s = 2·fs·(z−1)/(z+1) (scipy.signal.bilinear_zpk); zeros at infinity map to z = −1. */
function bilinear(f: Zpk, fs: number): Zpk {
  const fs2 = cx(2 * fs);
  const degree = f.p.length - f.z.length;
  const z = f.z.map((z) => div(add(fs2, z), sub(fs2, z)));
  for (let i = 0; i < degree; i++) z.push(cx(-1));
  const p = f.p.map((p) => div(add(fs2, p), sub(fs2, p)));
  const k = f.k * div(prod(f.z.map((z) => sub(fs2, z))), prod(f.p.map((p) => sub(fs2, p)))).re;
  return { z, p, k };
}

const EPS = 2.220446049250313e-16;
const isReal = (a: Cx): boolean => a.im === 0;

/** scipy.signal._filter_design._cplxreal: one member (positive imaginary part) of each conjugate
 *  pair, averaged with its partner, sorted by real part; then the real values. */
function cplxReal(values: Cx[]): { c: Cx[]; r: Cx[] } {
  const tol = 100 * EPS;
  const sorted = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im));
  const r: Cx[] = [];
  const pos: Cx[] = [];
  const neg: Cx[] = [];
  for (const v of sorted) {
    if (Math.abs(v.im) <= tol * abs(v)) r.push(cx(v.re));
    else (v.im > 0 ? pos : neg).push(v);
  }
  if (pos.length !== neg.length) throw new Error('filter design: complex values without conjugates');
  const c = pos.map((p) => {
    // partner: the negative-imaginary value nearest to conj(p)
    let best = 0;
    for (let i = 1; i < neg.length; i++) if (abs(sub(neg[i], cx(p.re, -p.im))) < abs(sub(neg[best], cx(p.re, -p.im)))) best = i;
    const n = neg.splice(best, 1)[0];
    return cx((p.re + n.re) / 2, (p.im - n.im) / 2);
  });
  return { c, r };
}

/** Index of the value nearest to `to`, restricted to real or complex values (scipy _nearest_real_complex_idx). */
function nearestIdx(from: Cx[], to: Cx, which: 'real' | 'complex' | 'any'): number {
  let best = -1;
  for (let i = 0; i < from.length; i++) {
    if (which === 'real' && !isReal(from[i])) continue;
    if (which === 'complex' && isReal(from[i])) continue;
    if (best < 0 || abs(sub(from[i], to)) < abs(sub(from[best], to))) best = i;
  }
  if (best < 0) throw new Error('filter design: no zero to pair with');
  return best;
}

/** Index of the pole closest to the unit circle (the "worst" one for a digital filter). */
function worstIdx(p: Cx[]): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (Math.abs(1 - abs(p[i])) < Math.abs(1 - abs(p[best]))) best = i;
  return best;
}

/** Real polynomial coefficients of prod(x − r): one or two real roots, or one complex root standing for its conjugate pair. */
function poly2(roots: Cx[]): number[] {
  if (roots.length === 0) return [1];
  const [a, b] = roots;
  if (!isReal(a)) return [1, -a.re - a.re, a.re * a.re + a.im * a.im]; // a complex root stands for a and conj(a)
  if (roots.length === 1) return [1, -a.re];
  return [1, -a.re - b.re, a.re * b.re];
}

/** One section from ≤2 zeros and 2 poles, right-aligned as scipy's _single_zpksos does. */
function section(z: Cx[], p: Cx[]): number[] {
  const b = poly2(z);
  const a = poly2(p);
  const row = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < b.length; i++) row[3 - b.length + i] = b[i];
  for (let i = 0; i < a.length; i++) row[6 - a.length + i] = a[i];
  return row;
}

/** scipy.signal.zpk2sos(z, p, k, pairing='nearest') for a digital filter. */
export function zpk2sos(zIn: Cx[], pIn: Cx[], k: number): Sos {
  let p = [...pIn];
  let z = [...zIn];
  while (p.length < z.length) p.push(cx(0));
  while (z.length < p.length) z.push(cx(0));
  const nSections = (Math.max(p.length, z.length) + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push(cx(0));
    z.push(cx(0));
  }
  const zs = cplxReal(z);
  const ps = cplxReal(p);
  z = [...zs.c, ...zs.r];
  p = [...ps.c, ...ps.r];
  const rows: number[][] = new Array(nSections);
  const take = <T>(xs: T[], i: number): T => xs.splice(i, 1)[0];
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worstIdx(p));
    const realLeft = p.filter(isReal).length;
    if (isReal(p1) && realLeft === 0) {
      // last remaining real pole: pair with the nearest real zero, as a first-order section
      const z1 = take(z, nearestIdx(z, p1, 'real'));
      rows[si] = section([z1, cx(0)], [p1, cx(0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && realLeft === 1 && z.filter(isReal).length === 1) {
      // one real pole and one real zero left: this complex pole must take a complex zero
      const z1 = take(z, nearestIdx(z, p1, 'complex'));
      rows[si] = section([z1], [p1]);
    } else {
      let p2: Cx;
      if (isReal(p1)) {
        const reals = p.map((v, i) => [v, i] as const).filter(([v]) => isReal(v));
        const w = worstIdx(reals.map(([v]) => v));
        p2 = take(p, reals[w][1]);
      } else p2 = cx(p1.re, -p1.im);
      const pair = isReal(p1) ? [p1, p2] : [p1];
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, 'any'));
        if (!isReal(z1)) rows[si] = section([z1], pair);
        else if (z.length > 0) {
          const z2 = take(z, nearestIdx(z, p1, 'real'));
          rows[si] = section([z1, z2], pair);
        } else rows[si] = section([z1], pair);
      } else rows[si] = section([], pair);
    }
  }
  const sos = new Float64Array(nSections * 6);
  rows.forEach((row, s) => sos.set(row, s * 6));
  for (let i = 0; i < 3; i++) sos[i] *= k; // the gain goes into the first section (scipy)
  return sos;
}

/**
 * Digital Butterworth filter as second-order sections, identical in layout to
 * `scipy.signal.butter(order, cutoffHz, btype, fs=sampleRateHz, output='sos')`.
 * @param order       filter order (≥ 1); 4 in the live chain (defaults.ts BUTTERWORTH_ORDER)
 * @param cutoffHz    −3 dB corner, Hz; must lie in (0, sampleRateHz / 2)
 * @param type        'lowpass' | 'highpass'
 * @param sampleRateHz samples per second
 */
export function butterworthSos(order: number, cutoffHz: number, type: ButterworthType, sampleRateHz: number): Sos {
  if (!Number.isInteger(order) || order < 1) throw new Error(`Butterworth order must be a whole number ≥ 1 (got ${order})`);
  if (!(cutoffHz > 0 && cutoffHz < sampleRateHz / 2)) {
    throw new Error(`A ${cutoffHz} Hz corner is not possible at ${sampleRateHz} Hz sampling: it must lie between 0 and ${sampleRateHz / 2} Hz`);
  }
  // the same steps and operation order as scipy.signal.iirfilter (which works with fs' = 2)
  const wn = (2 * cutoffHz) / sampleRateHz;
  const fsNorm = 2.0;
  const warped = 2 * fsNorm * Math.tan((Math.PI * wn) / fsNorm); // prewarping: the corner lands exactly at cutoffHz
  const proto = buttap(order);
  const analog = type === 'lowpass' ? lp2lp(proto, warped) : lp2hp(proto, warped);
  const digital = bilinear(analog, fsNorm);
  return zpk2sos(digital.z, digital.p, digital.k);
}
