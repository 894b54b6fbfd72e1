/**
 * The WebAssembly SIMD path of the EMG chain: loads dist/emg-kernel.wasm (built by
 * scripts/build.mjs from assembly/emg-kernel.ts with AssemblyScript) and runs the chain's loop in it,
 * two channels per f64x2 lane pair. EmgChain (emg-chain.ts) uses it when it loads and keeps its own
 * JS loop as the reference and the fallback: the two are bit-identical (tests/unit/dsp-simd.test.ts),
 * so which one ran never changes a number.
 *
 * A missing or unloadable .wasm (not built, a runtime without WebAssembly SIMD) is not an error:
 * EmgChain falls back to JS and one note goes to stderr (a process warning), once per process.
 * MYOCUE_SIMD=0 in the environment turns the SIMD path off (the JS chain runs; for comparisons and
 * diagnosis); MYOCUE_EMG_KERNEL=FILE loads the kernel from FILE instead of dist/.
 *
 * Memory: the kernel's buffers live in the instance's own linear memory, sized once at
 * construction: coefficients, state, the RMS ring, and one chunk of input/envelope of at most
 * CHUNK_SAMPLES samples; longer blocks are processed chunk by chunk (the recurrence continues
 * across chunks, so chunking never changes a result). Batch analysis asks for two extras
 * (SimdKernelExtras): a byte buffer that file records are read into and decoded from
 * (decodeIntLe, assembly/int-samples.ts) and the space of the envelope's block means
 * (decimateEnvelope, assembly/block-means.ts), so a chunk of a file never leaves this memory
 * until its decimated envelope is copied out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../util/package-paths';
import type { IntSampleLayout } from './int-samples';

/** The built kernel's file name under dist/ (scripts/build.mjs writes it there). */
export const EMG_KERNEL_WASM = 'emg-kernel.wasm';
/** samples (frames × channels) per chunk copied through the instance's memory: 256 kB per buffer */
const CHUNK_SAMPLES = 32768;
const PAGE = 65536;

/** The little of the WebAssembly JS API used here (the project's TS lib has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  processBlock(
    sectionCount: number,
    coefPtr: number,
    statePtr: number,
    sumsPtr: number,
    ringPtr: number,
    window: number,
    ringPos: number,
    invWindow: number,
    pairs: number,
    frames: number,
    ioPtr: number,
    envPtr: number,
  ): number;
  decodeIntLe(
    src: number,
    recordBytes: number,
    samplesPerRecord: number,
    bytesPerSample: number,
    gain: number,
    offset: number,
    frames: number,
    dst: number,
    stride: number,
    findNonZero: number,
  ): number;
  decodeIntLe2(
    srcA: number,
    srcB: number,
    recordBytes: number,
    samplesPerRecord: number,
    bytesPerSample: number,
    gainA: number,
    gainB: number,
    offsetA: number,
    offsetB: number,
    frames: number,
    dst: number,
    stride: number,
    findA: number,
    findB: number,
    nzOut: number,
  ): void;
  blockMeans(env: number, stride: number, lanes: number, frames: number, factor: number, acc: number, accCount: number, out: number, outCap: number): number;
  copyLane(src: number, stride: number, frames: number, dst: number): void;
}

/** Batch extras laid out in the instance's memory at construction (it never grows after). */
export interface SimdKernelExtras {
  /** frames the in-place buffers hold at least (inPlaceBuffers) */
  minChunkFrames?: number;
  /** bytes of a buffer to read file records into and decode from (inputBytes, decodeIntLe) */
  inputBytes?: number;
  /** the block-mean factor of decimateEnvelope (its output space is sized from it) */
  decimationFactor?: number;
  /** space for one lane of the chunk, contiguous (filteredLane) */
  laneCopy?: boolean;
}

type Loaded = { module: WasmModule; path: string; reason?: undefined } | { module: null; reason: string };
let loaded: Loaded | null = null;
let noted = false;

function candidates(): string[] {
  const out: string[] = [];
  // bundled: dist/dsp-worker.js, dist/cli.js, dist/analysis-worker.js sit beside the .wasm
  try {
    const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
    out.push(join(here, EMG_KERNEL_WASM));
  } catch {
    /* no module URL (unusual bundles): the package root below */
  }
  try {
    out.push(join(packageRoot(), 'dist', EMG_KERNEL_WASM));
  } catch {
    /* not inside the package (tests of a copied bundle): beside the module only */
  }
  return out;
}

/** The compiled kernel module (once per process), or why there is none. */
export function loadEmgKernel(): Loaded {
  if (loaded) return loaded;
  if (process.env.MYOCUE_SIMD === '0') return (loaded = { module: null, reason: 'turned off by MYOCUE_SIMD=0' });
  if (!WA) return (loaded = { module: null, reason: 'this runtime has no WebAssembly' });
  const override = process.env.MYOCUE_EMG_KERNEL;
  const path = override ? (existsSync(override) ? override : undefined) : candidates().find((p) => existsSync(p));
  if (!path) {
    loaded = { module: null, reason: override ? `${override} not found` : `${EMG_KERNEL_WASM} not found (run \`npm run build\`)` };
  } else {
    try {
      loaded = { module: new WA.Module(readFileSync(path)), path };
    } catch (err) {
      loaded = { module: null, reason: `${path} could not be loaded: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return loaded;
}

/** One note per process when the SIMD path is unavailable for a reason other than being turned off. */
function noteFallback(reason: string): void {
  if (noted || process.env.MYOCUE_SIMD === '0') return;
  noted = true;
  process.emitWarning(`the SIMD signal path is unavailable (${reason}); the JavaScript chain runs instead (same results, slower)`, {
    code: 'MYOCUE_SIMD_FALLBACK',
  });
}

/** For tests: forget the loaded module (e.g. after changing MYOCUE_SIMD). */
export function resetEmgKernelCache(): void {
  loaded = null;
  noted = false;
}

/**
 * The chain's state and loop inside one WebAssembly instance. Layout (16-byte aligned blocks):
 * coefficients S × 5 v128 (each coefficient in both lanes); state P × S × (z0, z1) v128 with P =
 * ⌈C/2⌉ channel pairs; RMS sums P v128; ring W × P v128; one chunk of samples, interleaved with an
 * even stride 2P (an odd channel count gets a zero pad lane), for the input/filtered output (in
 * place) and one for the envelope.
 */
export class SimdChainKernel {
  readonly channelCount: number;
  readonly sectionCount: number;
  readonly windowSamples: number;
  private readonly k: KernelExports;
  private readonly pairs: number;
  private readonly chunkFrames: number;
  private readonly coefPtr: number;
  private readonly statePtr: number;
  private readonly sumsPtr: number;
  private readonly ringPtr: number;
  private readonly ioPtr: number;
  private readonly envPtr: number;
  private readonly bytesPtr: number;
  private readonly bytes: Uint8Array | null;
  private readonly factor: number;
  private readonly accPtr: number;
  private readonly decPtr: number;
  private readonly decCap: number;
  private readonly dec: Float64Array | null;
  private readonly lanePtr: number;
  private readonly nzPtr: number;
  private readonly nz: Int32Array;
  private readonly lane: Float64Array | null;
  /** f64 views of the state [P][S][2][2 lanes], sums [P][2], ring, and the two chunk buffers */
  private readonly state: Float64Array;
  private readonly sums: Float64Array;
  private readonly ring: Float64Array;
  private readonly io: Float64Array;
  private readonly env: Float64Array;
  private ringPos = 0;

  /** null when the kernel is unavailable (the caller runs its JS loop; a note was printed). */
  static create(coef: Float64Array, channelCount: number, windowSamples: number, extras: SimdKernelExtras = {}): SimdChainKernel | null {
    const m = loadEmgKernel();
    if (m.module === null) {
      noteFallback(m.reason);
      return null;
    }
    try {
      return new SimdChainKernel(m.module, coef, channelCount, windowSamples, extras);
    } catch (err) {
      noteFallback(`instantiation failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  /** @param coef b0 b1 b2 a1 a2 per section, in cascade order */
  private constructor(module: WasmModule, coef: Float64Array, channelCount: number, windowSamples: number, extras: SimdKernelExtras) {
    if (coef.length === 0 || coef.length % 5 !== 0) throw new Error('coefficients must be 5 per section');
    this.k = new WA!.Instance(module, {}).exports as unknown as KernelExports;
    this.channelCount = channelCount;
    this.sectionCount = coef.length / 5;
    this.windowSamples = windowSamples;
    const S = this.sectionCount;
    const P = (this.pairs = (channelCount + 1) >> 1);
    this.chunkFrames = Math.max(1, Math.floor(CHUNK_SAMPLES / (2 * P)), Math.ceil(extras.minChunkFrames ?? 0));
    const align = (n: number) => (n + 15) & ~15;
    let at = align(this.k.heapBase());
    const take = (bytes: number) => {
      const p = at;
      at = align(at + bytes);
      return p;
    };
    this.coefPtr = take(S * 5 * 16);
    this.statePtr = take(P * S * 32);
    this.sumsPtr = take(P * 16);
    this.ringPtr = take(windowSamples * P * 16);
    this.ioPtr = take(this.chunkFrames * P * 16);
    this.envPtr = take(this.chunkFrames * P * 16);
    // + 4: a 24-bit sample is read with a 32-bit load (int-samples.ts)
    const inputBytes = Math.max(0, Math.ceil(extras.inputBytes ?? 0));
    this.bytesPtr = take(inputBytes + 4);
    this.factor = Math.max(1, Math.floor(extras.decimationFactor ?? 1));
    this.decCap = extras.decimationFactor ? Math.floor(this.chunkFrames / this.factor) + 1 : 0;
    // per lane, the pad lane of an odd count included (block-means.ts runs lane pairs)
    this.accPtr = take(2 * P * 8);
    this.decPtr = take(2 * P * this.decCap * 8);
    this.lanePtr = take(extras.laneCopy ? this.chunkFrames * 8 : 0);
    this.nzPtr = take(8);
    const mem = this.k.memory;
    const need = Math.ceil(at / PAGE) - mem.buffer.byteLength / PAGE;
    if (need > 0) mem.grow(need);
    const buf = mem.buffer;
    const coefView = new Float64Array(buf, this.coefPtr, S * 10);
    for (let i = 0; i < S * 5; i++) coefView[2 * i] = coefView[2 * i + 1] = coef[i];
    this.state = new Float64Array(buf, this.statePtr, P * S * 4);
    this.sums = new Float64Array(buf, this.sumsPtr, P * 2);
    this.ring = new Float64Array(buf, this.ringPtr, windowSamples * P * 2);
    this.io = new Float64Array(buf, this.ioPtr, this.chunkFrames * P * 2);
    this.env = new Float64Array(buf, this.envPtr, this.chunkFrames * P * 2);
    this.bytes = inputBytes > 0 ? new Uint8Array(buf, this.bytesPtr, inputBytes) : null;
    this.dec = this.decCap > 0 ? new Float64Array(buf, this.decPtr, channelCount * this.decCap) : null;
    this.lane = extras.laneCopy ? new Float64Array(buf, this.lanePtr, this.chunkFrames) : null;
    this.nz = new Int32Array(buf, this.nzPtr, 2);
  }

  /**
   * The first `frames` filtered samples of channel `lane` (inPlaceBuffers().samples), contiguous
   * (lane-copy.ts, in the instance): a view of the instance's memory, overwritten by the next call.
   */
  filteredLane(lane: number, frames: number): Float64Array {
    const out = this.lane;
    if (!out || frames > this.chunkFrames || !(lane >= 0 && lane < this.channelCount)) throw new Error('SimdChainKernel.filteredLane: no lane space, or frames/lane out of range');
    this.k.copyLane(this.ioPtr + lane * 8, this.pairs * 16, frames, this.lanePtr);
    return out.subarray(0, frames);
  }

  /** The checks before a decode: an input buffer, frames that fit, the records inside the buffer. */
  private checkDecode(l: IntSampleLayout, frames: number): void {
    const bytes = this.bytes;
    if (!bytes || frames > this.chunkFrames) throw new Error('SimdChainKernel.decodeIntLe: no input buffer, or frames out of range');
    if (l.bytesPerSample !== 2 && l.bytesPerSample !== 3) throw new Error(`SimdChainKernel.decodeIntLe: ${l.bytesPerSample} bytes per sample`);
    const records = Math.ceil(frames / l.samplesPerRecord);
    const last = l.byteOffset + (records - 1) * l.recordBytes + Math.min(l.samplesPerRecord, frames - (records - 1) * l.samplesPerRecord) * l.bytesPerSample;
    if (frames > 0 && (l.byteOffset < 0 || last > bytes.length)) throw new Error('SimdChainKernel.decodeIntLe: the records lie outside the input buffer');
  }

  /** The byte buffer in the instance's memory (extras.inputBytes long) to read records into, null without one. */
  inputBytes(): Uint8Array | null {
    return this.bytes;
  }

  /**
   * Decodes `frames` samples of one signal from inputBytes() into lane `lane` of
   * inPlaceBuffers().samples (int-samples.ts, in the instance). The first non-zero sample's
   * index, -1 when none (or not looked for).
   */
  decodeIntLe(l: IntSampleLayout, frames: number, lane: number, findNonZero: boolean): number {
    if (!(lane >= 0 && lane < this.channelCount)) throw new Error('SimdChainKernel.decodeIntLe: lane out of range');
    this.checkDecode(l, frames);
    return this.k.decodeIntLe(
      this.bytesPtr + l.byteOffset, l.recordBytes, l.samplesPerRecord, l.bytesPerSample, l.gain, l.offset, frames,
      this.ioPtr + lane * 8, this.pairs * 16, findNonZero ? 1 : 0,
    );
  }

  /**
   * decodeIntLe of two signals (layouts a, b: the same record layout) into lanes `lane` (even) and
   * lane + 1 at once (decodeIntLe2, int-samples.ts: one f64x2 per frame). The first non-zero index
   * of each ([a, b]; -1 when none or not looked for) in a view overwritten by the next call.
   */
  decodeIntLePair(a: IntSampleLayout, b: IntSampleLayout, frames: number, lane: number, findA: boolean, findB: boolean): Int32Array {
    if ((lane & 1) !== 0 || lane + 1 >= this.channelCount) throw new Error('SimdChainKernel.decodeIntLePair: lane must be even with lane + 1 a channel');
    if (a.recordBytes !== b.recordBytes || a.samplesPerRecord !== b.samplesPerRecord || a.bytesPerSample !== b.bytesPerSample) {
      throw new Error('SimdChainKernel.decodeIntLePair: the two signals must share the record layout');
    }
    this.checkDecode(a, frames);
    this.checkDecode(b, frames);
    this.k.decodeIntLe2(
      this.bytesPtr + a.byteOffset, this.bytesPtr + b.byteOffset, a.recordBytes, a.samplesPerRecord, a.bytesPerSample, a.gain, b.gain, a.offset, b.offset, frames,
      this.ioPtr + lane * 8, this.pairs * 16, findA ? 1 : 0, findB ? 1 : 0, this.nzPtr,
    );
    return this.nz;
  }

  /**
   * Block means (block-means.ts, in the instance) of the first `frames` envelope frames of every
   * channel, continuing the block left open (accCount samples; its sums kept here); channel c's
   * finished blocks are written to out[c] from index 0. Returns how many (the same for all).
   */
  decimateEnvelope(frames: number, accCount: number, out: Float64Array[]): number {
    const dec = this.dec;
    if (!dec || frames > this.chunkFrames) throw new Error('SimdChainKernel.decimateEnvelope: no decimation space, or too many frames');
    const n = this.k.blockMeans(this.envPtr, this.pairs * 16, this.channelCount, frames, this.factor, this.accPtr, accCount, this.decPtr, this.decCap);
    for (let c = 0; c < this.channelCount; c++) out[c].set(dec.subarray(c * this.decCap, c * this.decCap + n));
    return n;
  }

  /** The decimation factor of decimateEnvelope. */
  get decimation(): number {
    return this.factor;
  }

  /** Same contract as EmgChain.process (arrays already checked by the caller). */
  process(raw: Float64Array, frames: number, filteredOut: Float64Array, envelopeOut: Float64Array): void {
    const C = this.channelCount;
    const invW = 1 / this.windowSamples;
    const even = (C & 1) === 0;
    for (let f0 = 0; f0 < frames; f0 += this.chunkFrames) {
      const n = Math.min(this.chunkFrames, frames - f0);
      const a = f0 * C;
      const b = a + n * C;
      if (even) this.io.set(raw.subarray(a, b));
      else padIn(raw, a, n, C, this.io);
      this.ringPos = this.k.processBlock(
        this.sectionCount, this.coefPtr, this.statePtr, this.sumsPtr, this.ringPtr, this.windowSamples, this.ringPos, invW,
        this.pairs, n, this.ioPtr, this.envPtr,
      );
      if (even) {
        filteredOut.set(n === this.chunkFrames ? this.io : this.io.subarray(0, b - a), a);
        envelopeOut.set(n === this.chunkFrames ? this.env : this.env.subarray(0, b - a), a);
      } else {
        unpad(this.io, a, n, C, filteredOut);
        unpad(this.env, a, n, C, envelopeOut);
      }
    }
    this.restartNonFinite();
  }

  /**
   * The instance's own chunk buffers, to fill and filter in place with processInPlace (no copy in
   * or out): frame f of channel c at samples[f·stride + c], stride = 2·⌈C/2⌉ (an odd channel count
   * has a pad lane, left alone). Views of the instance's memory, valid for the kernel's life (the
   * memory never grows after construction).
   */
  inPlaceBuffers(): { samples: Float64Array; envelope: Float64Array; stride: number; frames: number } {
    return { samples: this.io, envelope: this.env, stride: 2 * this.pairs, frames: this.chunkFrames };
  }

  /** Filters the first `frames` frames of inPlaceBuffers().samples in place, the envelope beside them. */
  processInPlace(frames: number): void {
    if (frames > this.chunkFrames) throw new Error(`SimdChainKernel.processInPlace: ${frames} frames, the buffers hold ${this.chunkFrames}`);
    this.ringPos = this.k.processBlock(
      this.sectionCount, this.coefPtr, this.statePtr, this.sumsPtr, this.ringPtr, this.windowSamples, this.ringPos, 1 / this.windowSamples,
      this.pairs, frames, this.ioPtr, this.envPtr,
    );
    this.restartNonFinite();
  }

  /**
   * The JS chain's end-of-block rule: a channel whose state or running sum is not finite (a NaN or
   * Infinity sample) restarts from zero, so it is not poisoned forever. The finiteness test sums the
   * same values in the same order as the JS chain (z0, z1 of each section, then the RMS sum), so an
   * overflow to Infinity is caught identically too.
   */
  private restartNonFinite(): void {
    const S = this.sectionCount;
    const P = this.pairs;
    for (let c = 0; c < this.channelCount; c++) {
      const p = c >> 1;
      const lane = c & 1;
      const base = p * S * 4 + lane;
      let acc = 0;
      for (let i = 0; i < 2 * S; i++) acc = i === 0 ? this.state[base] : acc + this.state[base + 2 * i];
      acc += this.sums[2 * p + lane];
      if (Number.isFinite(acc)) continue;
      for (let i = 0; i < 2 * S; i++) this.state[base + 2 * i] = 0;
      this.sums[2 * p + lane] = 0;
      for (let j = 0; j < this.windowSamples; j++) this.ring[(j * P + p) * 2 + lane] = 0;
    }
  }

  /** Channel c's delay registers of section s (for initial states computed by the caller). */
  setSectionState(c: number, s: number, z0: number, z1: number): void {
    const i = ((c >> 1) * this.sectionCount + s) * 4 + (c & 1);
    this.state[i] = z0;
    this.state[i + 2] = z1;
  }

  /** [z0, z1] of channel c, section s. */
  sectionState(c: number, s: number): [number, number] {
    const i = ((c >> 1) * this.sectionCount + s) * 4 + (c & 1);
    return [this.state[i], this.state[i + 2]];
  }

  reset(): void {
    this.state.fill(0);
    this.sums.fill(0);
    this.ring.fill(0);
    this.ringPos = 0;
    new Float64Array(this.k.memory.buffer, this.accPtr, 2 * this.pairs).fill(0);
  }
}

/** Copies n frames of C (odd) channels from src at offset a into dst with stride C + 1, pad lane 0. */
function padIn(src: Float64Array, a: number, n: number, C: number, dst: Float64Array): void {
  for (let f = 0, i = a, o = 0; f < n; f++, o++) {
    for (let c = 0; c < C; c++) dst[o++] = src[i++];
    dst[o] = 0;
  }
}

/** The inverse of padIn: n frames from src (stride C + 1) to dst at offset a (stride C). */
function unpad(src: Float64Array, a: number, n: number, C: number, dst: Float64Array): void {
  for (let f = 0, i = 0, o = a; f < n; f++, i++) {
    for (let c = 0; c < C; c++) dst[o++] = src[i++];
  }
}
