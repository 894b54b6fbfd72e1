/**
 * welchSpectrum (src/metrics/spectrum.ts) with its window loop in WebAssembly
 * (assembly/welch-spectrum.ts, part of dist/emg-kernel.wasm): the same numbers to the last bit
 * (the port's header says why; tests/unit/welch-kernel.test.ts checks it on random signals), about
 * 5× faster and without fft.js's JIT warm-up, which a one-shot `myocue analyze` pays in full.
 * Batch analysis measures every rep's median frequency with it (analyzeSignals' `spectrum`).
 *
 * One instance of the kernel module per thread, its memory grown to the longest segment asked
 * for; fft.js's twiddle table and bit-reversal pattern and spectrum.ts's Hann window are copied
 * in once per window size. Without the kernel (not built, MYOCUE_SIMD=0, no WebAssembly) the JS
 * welchSpectrum runs: same results.
 */
import { loadEmgKernel } from './simd-kernel';
import { scaleWelchPower, spectrumPlan, welchSpectrum, type PowerSpectrum } from '../metrics/spectrum';

interface WelchExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  welchPowerSums(x: number, n: number, size: number, hop: number, hann: number, table: number, bitrev: number, width: number, input: number, out: number, power: number, input2: number, out2: number): number;
}

interface WasmApi {
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** fft.js's private plan fields the port needs (fft.js 4.0.4: the table is public, the pattern is not). */
interface FftInternals {
  table: number[];
  _bitrev: number[];
  _width: number;
  size: number;
}

const PAGE = 65536;

interface SizePlan {
  hann: number;
  table: number;
  bitrev: number;
  width: number;
  input: number;
  out: number;
  power: number;
  /** two windows side by side (one per f64x2 lane) */
  input2: number;
  out2: number;
  windowPower: number;
}

/** The kernel instance of this thread and the plans laid out in its memory. */
class WelchKernel {
  private readonly k: WelchExports;
  private top: number;
  private readonly plans = new Map<number, SizePlan>();
  /** the signal segment's space (at the end of what is laid out; moved up when a plan is added) */
  private xPtr = 0;
  private xCap = 0;

  constructor(module: object) {
    const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    this.k = new WA.Instance(module, {}).exports as unknown as WelchExports;
    this.top = align(this.k.heapBase());
  }

  private take(bytes: number): number {
    const p = this.top;
    this.top = align(this.top + bytes);
    this.ensure(this.top);
    return p;
  }

  private ensure(end: number): void {
    const mem = this.k.memory;
    const need = Math.ceil(end / PAGE) - mem.buffer.byteLength / PAGE;
    if (need > 0) mem.grow(need);
  }

  private plan(size: number): SizePlan | null {
    let p = this.plans.get(size);
    if (p) return p;
    const js = spectrumPlan(size);
    const f = js.fft as unknown as FftInternals;
    if (!Array.isArray(f.table) || !Array.isArray(f._bitrev) || typeof f._width !== 'number' || f.table.length !== 2 * size) return null;
    p = {
      hann: this.take(size * 8),
      table: this.take(2 * size * 8),
      bitrev: this.take(f._bitrev.length * 4),
      width: f._width,
      input: this.take(size * 8),
      out: this.take(2 * size * 8),
      power: this.take((size / 2 + 1) * 8),
      input2: this.take(2 * size * 8),
      out2: this.take(4 * size * 8),
      windowPower: js.windowPower,
    };
    const buf = this.k.memory.buffer;
    new Float64Array(buf, p.hann, size).set(js.window);
    new Float64Array(buf, p.table, 2 * size).set(f.table);
    new Int32Array(buf, p.bitrev, f._bitrev.length).set(f._bitrev);
    this.plans.set(size, p);
    this.xCap = 0; // the segment's space was below the new plan: lay it out again above
    return p;
  }

  /** welchSpectrum(x, rateHz, size, from, to, out), or null when this size has no plan (the caller runs JS). */
  spectrum(x: ArrayLike<number>, rateHz: number, size: number, from: number, to: number, out?: Float64Array): PowerSpectrum | null | undefined {
    const p = this.plan(size);
    if (!p) return undefined;
    const n = to - from;
    if (n > this.xCap) {
      this.xPtr = this.top;
      this.xCap = Math.max(n, 2 * this.xCap, 8192);
      this.ensure(this.xPtr + this.xCap * 8);
    }
    const buf = this.k.memory.buffer;
    const xs = new Float64Array(buf, this.xPtr, n);
    if (x instanceof Float64Array) xs.set(x.subarray(from, to));
    else for (let i = 0; i < n; i++) xs[i] = x[from + i];
    const windows = this.k.welchPowerSums(this.xPtr, n, size, size / 2, p.hann, p.table, p.bitrev, p.width, p.input, p.out, p.power, p.input2, p.out2);
    const half = size / 2;
    const power = out && out.length >= half + 1 ? out : new Float64Array(half + 1);
    power.set(new Float64Array(buf, p.power, half + 1));
    return scaleWelchPower(power, windows, size, p.windowPower, rateHz);
  }
}

function align(n: number): number {
  return (n + 15) & ~15;
}

let kernel: WelchKernel | null | undefined;

function welchKernel(): WelchKernel | null {
  if (kernel !== undefined) return kernel;
  const m = loadEmgKernel();
  try {
    kernel = m.module ? new WelchKernel(m.module) : null;
  } catch {
    kernel = null; // e.g. an older kernel file without welchPowerSums: the JS path
  }
  if (kernel && typeof (kernel as unknown as { k: WelchExports }).k.welchPowerSums !== 'function') kernel = null;
  return kernel;
}

/** Whether welchSpectrumFast runs in WebAssembly in this thread (for tests and the bench). */
export function welchKernelAvailable(): boolean {
  return welchKernel() !== null;
}

/** For tests: forget the instance (e.g. after changing MYOCUE_SIMD and resetting the module cache). */
export function resetWelchKernel(): void {
  kernel = undefined;
}

/**
 * welchSpectrum's contract and numbers (Hann windows of `size`, 50 % overlap, mean removed),
 * the window loop in WebAssembly when the kernel is there.
 */
export function welchSpectrumFast(x: ArrayLike<number>, rateHz: number, size: number, from = 0, to = x.length, out?: Float64Array): PowerSpectrum | null {
  if (to - from < size || size < 4) return null;
  const k = welchKernel();
  const r = k ? k.spectrum(x, rateHz, size, from, to, out) : undefined;
  return r === undefined ? welchSpectrum(x, rateHz, size, from, to, out) : r;
}
