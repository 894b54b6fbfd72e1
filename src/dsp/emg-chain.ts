/**
 * The live EMG chain, per channel, causal, state kept across blocks:
 *   raw µV → high-pass Butterworth (20 Hz, 4th order = 2 biquads)
 *          → low-pass Butterworth (450 Hz, 4th order = 2 biquads)
 *          → mains notch (50/60 Hz, Q 30; 1 biquad, or identity when off)
 *          → notches at the 2nd, 3rd mains harmonic when set (mainsHarmonics)  = `filteredOut`
 *          → moving RMS (100 ms)                                            = `envelopeOut`
 * Defaults and sources: defaults.ts. Designs: butterworth.ts / notch.ts (identical to scipy).
 * Each stage equals scipy.signal.sosfilt / lfilter from zero state (tests/unit/dsp-reference.test.ts).
 *
 * Speed (bench/dsp-bench.ts): the whole chain is one fused loop per channel over the
 * channel-interleaved block; every coefficient and every delay register is a local variable for
 * the duration of the loop (read from / written back to Float64Arrays once per block), the five
 * sections are unrolled, the RMS is a running sum of squares over a ring buffer (recomputed
 * exactly at every wrap of the ring, see moving-rms.ts). Nothing is allocated per sample or per block.
 *
 * SIMD: when dist/emg-kernel.wasm loads, process() runs the same recurrence in WebAssembly, two
 * channels per f64x2 (simd-kernel.ts), bit-identical to the loop below, which stays the reference and
 * the fallback (`{ kernel: 'js' }` forces it). `kernel` says which one this chain runs.
 */
import type { DspSettings } from '../host/contract';
import { adaptToRate } from './adapt-to-rate';
import { butterworthSos } from './butterworth';
import { BUTTERWORTH_ORDER } from './defaults';
import { rmsWindowSamples } from './moving-rms';
import { notchSos } from './notch';
import { SimdChainKernel } from './simd-kernel';
import { decodeIntLe, type IntSampleLayout } from './int-samples';
import { blockMeans } from './block-means';
import { copyLane } from './lane-copy';

export interface EmgChainOptions {
  /** 'auto' (default): the WebAssembly SIMD kernel when it loads, else JS; 'js': always the JS loop */
  kernel?: 'auto' | 'js';
  /** frames the in-place buffers (inPlaceBuffers) hold at least; default the kernel's chunk */
  blockFrames?: number;
  /** bytes of the buffer file records are read into and decoded from (inputBytes, decodeIntLe); default none */
  inputBytes?: number;
  /** the block-mean factor of decimateEnvelope; default: no decimation */
  decimationFactor?: number;
  /** room to copy one channel's filtered chunk out contiguously (filteredLane); default none */
  laneCopy?: boolean;
}

/**
 * Buffers the chain filters in place (processInPlace), without copying: frame f of channel c at
 * samples[f·stride + c]; lanes c ≥ channelCount (a pad lane) are the chain's own, leave them be.
 */
export interface InPlaceBuffers {
  samples: Float64Array;
  envelope: Float64Array;
  stride: number;
  /** capacity, frames */
  frames: number;
}

/** The unrolled sections of the chain: 2 high-pass + 2 low-pass + 1 notch (4th-order Butterworths). */
const SECTIONS = 5;
/** The identity section, used in the notch's place when it is off: y = x exactly. */
const IDENTITY = Float64Array.of(1, 0, 0, 1, 0, 0);

export class EmgChain {
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly effectiveLowpassHz: number;
  readonly effectiveHighpassHz: number;
  readonly notchEnabled: boolean;
  /** RMS window actually used, samples */
  readonly rmsWindowSamples: number;
  readonly warnings: string[];
  /** mains harmonics notched besides the fundamental, Hz (e.g. [100, 150]); one section each after the notch */
  readonly harmonicNotchesHz: readonly number[];
  /** b0 b1 b2 a1 a2 of all sections in order: the 5 unrolled ones, then one per harmonic notch */
  private readonly coef: Float64Array;
  /** biquad state values per channel: 2 per section */
  private readonly statePerChannel: number;
  /** per channel: z0 z1 of each section */
  private readonly state: Float64Array;
  /** per channel: the last W squares (channel c at [c·W, c·W + W)) */
  private readonly ring: Float64Array;
  /** per channel: running sum of the ring */
  private readonly sums: Float64Array;
  /** write position in the ring, shared: all channels advance together */
  private ringPos = 0;
  /** the SIMD kernel (owns its own state) or null: the JS loop below runs */
  private readonly simd: SimdChainKernel | null;
  private readonly blockFrames: number;
  private buffers: InPlaceBuffers | null = null;
  private bytes: Buffer | null = null;
  private readonly inputByteCount: number;
  private readonly decimationFactor: number;
  /** JS path: the open block's sum per channel (decimateEnvelope) */
  private readonly decimationAcc: Float64Array;
  /** JS path: decodeIntLePair's result */
  private pairNz: Int32Array | null = null;
  /** JS path: filteredLane's output */
  private laneOut: Float64Array | null = null;

  constructor(settings: DspSettings, sampleRateHz: number, channelCount: number, options: EmgChainOptions = {}) {
    if (!Number.isInteger(channelCount) || channelCount < 1) throw new Error(`The channel count must be a whole number ≥ 1 (got ${channelCount}).`);
    if (BUTTERWORTH_ORDER !== 4) throw new Error('the unrolled chain is written for 4th-order Butterworth filters');
    const adapted = adaptToRate(settings, sampleRateHz);
    this.sampleRateHz = sampleRateHz;
    this.channelCount = channelCount;
    this.effectiveLowpassHz = adapted.effectiveLowpassHz;
    this.effectiveHighpassHz = adapted.effectiveHighpassHz;
    this.notchEnabled = adapted.notchEnabled;
    this.warnings = [...adapted.warnings];
    this.rmsWindowSamples = rmsWindowSamples(settings.rmsWindowMs, sampleRateHz);
    const exactWindow = (settings.rmsWindowMs * sampleRateHz) / 1000;
    if (exactWindow < 1) this.warnings.push(`The RMS window of ${settings.rmsWindowMs} ms is shorter than one sample; one sample is used.`);

    // high-pass 0 = none (an envelope stream): both sections are the identity
    const hp = this.effectiveHighpassHz === 0 ? Float64Array.of(...IDENTITY, ...IDENTITY) : butterworthSos(BUTTERWORTH_ORDER, this.effectiveHighpassHz, 'highpass', sampleRateHz);
    const lp = butterworthSos(BUTTERWORTH_ORDER, this.effectiveLowpassHz, 'lowpass', sampleRateHz);
    const notch = this.notchEnabled ? notchSos(settings.mains as number, settings.notchQ, sampleRateHz) : IDENTITY;
    this.harmonicNotchesHz = adapted.harmonicNotchesHz;
    // a harmonic notch keeps the fundamental's bandwidth relative to its frequency (the same Q)
    const harmonics = adapted.harmonicNotchesHz.map((f) => notchSos(f, settings.notchQ, sampleRateHz));
    const all = [...[0, 1].map((s) => hp.subarray(6 * s, 6 * s + 6)), ...[0, 1].map((s) => lp.subarray(6 * s, 6 * s + 6)), notch, ...harmonics];
    this.coef = new Float64Array(5 * all.length);
    all.forEach((row, s) => this.coef.set([row[0], row[1], row[2], row[4], row[5]], 5 * s));
    this.statePerChannel = 2 * all.length;

    this.state = new Float64Array(channelCount * this.statePerChannel);
    this.ring = new Float64Array(channelCount * this.rmsWindowSamples);
    this.sums = new Float64Array(channelCount);
    this.blockFrames = Math.max(1, Math.ceil(options.blockFrames ?? 4096));
    this.inputByteCount = Math.max(0, Math.ceil(options.inputBytes ?? 0));
    this.decimationFactor = Math.max(1, Math.floor(options.decimationFactor ?? 1));
    this.decimationAcc = new Float64Array(channelCount);
    this.simd =
      options.kernel === 'js'
        ? null
        : SimdChainKernel.create(this.coef, channelCount, this.rmsWindowSamples, {
            minChunkFrames: options.blockFrames ?? 0,
            inputBytes: this.inputByteCount,
            ...(options.decimationFactor ? { decimationFactor: this.decimationFactor } : {}),
            ...(options.laneCopy ? { laneCopy: true } : {}),
          });
  }

  /**
   * The buffer (options.inputBytes long) to read file records into for decodeIntLe: in the SIMD
   * kernel's memory (read there by fs.readSync, decoded there: no copy), else a plain Buffer.
   */
  inputBytes(): Buffer {
    if (!this.bytes) {
      const u = this.simd?.inputBytes();
      this.bytes = u ? Buffer.from(u.buffer, u.byteOffset, u.length) : Buffer.alloc(this.inputByteCount);
    }
    return this.bytes;
  }

  /**
   * Decodes `frames` little-endian integer samples of one signal from inputBytes() (whole records
   * from its start, layout `l`) into channel `lane` of inPlaceBuffers().samples (int-samples.ts).
   * Returns the first non-zero sample's index, -1 when none (or when not looked for).
   */
  decodeIntLe(l: IntSampleLayout, frames: number, lane: number, findNonZero: boolean): number {
    if (this.simd) return this.simd.decodeIntLe(l, frames, lane, findNonZero);
    const b = this.inPlaceBuffers();
    if (frames > b.frames) throw new Error(`EmgChain.decodeIntLe: ${frames} frames, the buffers hold ${b.frames}`);
    return decodeIntLe(this.inputBytes(), l, frames, b.samples, b.stride, lane, findNonZero);
  }

  /**
   * decodeIntLe of two signals into channels `lane` (even) and lane + 1 (the SIMD kernel decodes
   * the pair together: decodeIntLe2 in int-samples.ts; the JS path decodes one after the other; the
   * same numbers). Returns the first non-zero index of each ([a, b]; -1 when none or not looked
   * for) in an array overwritten by the next call.
   */
  decodeIntLePair(a: IntSampleLayout, b: IntSampleLayout, frames: number, lane: number, findA: boolean, findB: boolean): Int32Array {
    if (this.simd) return this.simd.decodeIntLePair(a, b, frames, lane, findA, findB);
    if ((lane & 1) !== 0 || lane + 1 >= this.channelCount) throw new Error('EmgChain.decodeIntLePair: lane must be even with lane + 1 a channel');
    const nz = (this.pairNz ??= new Int32Array(2));
    nz[0] = this.decodeIntLe(a, frames, lane, findA);
    nz[1] = this.decodeIntLe(b, frames, lane + 1, findB);
    return nz;
  }

  /**
   * Block means of the first `frames` frames of inPlaceBuffers().envelope, every channel, by
   * options.decimationFactor (block-means.ts), continuing the block left open by the previous
   * call (accCount samples; the open sums are kept here): channel c's finished blocks go to
   * out[c] from index 0. Returns how many blocks finished (the same for every channel).
   */
  decimateEnvelope(frames: number, accCount: number, out: Float64Array[]): number {
    if (this.simd) return this.simd.decimateEnvelope(frames, accCount, out);
    const b = this.inPlaceBuffers();
    let n = 0;
    for (let c = 0; c < this.channelCount; c++) n = blockMeans(b.envelope, frames, this.decimationFactor, out[c], this.decimationAcc, c, accCount, b.stride);
    return n;
  }

  /**
   * The first `frames` frames of channel `lane` of inPlaceBuffers().samples (after processInPlace:
   * the filtered signal) as one contiguous run (lane-copy.ts; in the SIMD kernel's memory when it
   * runs). A view overwritten by the next call. Batch analysis writes it to its spill file.
   */
  filteredLane(lane: number, frames: number): Float64Array {
    if (this.simd) return this.simd.filteredLane(lane, frames);
    const b = this.inPlaceBuffers();
    if (frames > b.frames || !(lane >= 0 && lane < this.channelCount)) throw new Error(`EmgChain.filteredLane: ${frames} frames of lane ${lane}, the buffers hold ${b.frames} of ${this.channelCount}`);
    const out = (this.laneOut ??= new Float64Array(b.frames));
    copyLane(b.samples, b.stride, lane, frames, out);
    return out.subarray(0, frames);
  }

  /**
   * The buffers processInPlace filters: the SIMD kernel's own memory (the samples are written
   * where the kernel reads them, the envelope read where it writes it: no copy in or out), or
   * plain arrays for the JS loop. The same arrays on every call.
   */
  inPlaceBuffers(): InPlaceBuffers {
    if (!this.buffers) {
      if (this.simd) this.buffers = this.simd.inPlaceBuffers();
      else {
        const n = this.blockFrames * this.channelCount;
        this.buffers = { samples: new Float64Array(n), envelope: new Float64Array(n), stride: this.channelCount, frames: this.blockFrames };
      }
    }
    return this.buffers;
  }

  /** process() on the first `frames` frames of inPlaceBuffers(), in place (the same numbers). */
  processInPlace(frames: number): void {
    const b = this.inPlaceBuffers();
    if (frames > b.frames) throw new Error(`EmgChain.processInPlace: ${frames} frames, the buffers hold ${b.frames}`);
    if (this.simd) this.simd.processInPlace(frames);
    else this.process(b.samples, frames, b.samples, b.envelope);
  }

  /** Which loop runs: 'wasm-simd' or 'js' (identical results). */
  get kernel(): 'wasm-simd' | 'js' {
    return this.simd ? 'wasm-simd' : 'js';
  }

  /**
   * Filters `frames` frames of channel-interleaved µV.
   * @param raw          input, length ≥ frames × channelCount (not modified unless it is filteredOut)
   * @param filteredOut  band-passed, notched signal, µV (may be the same array as raw: in place)
   * @param envelopeOut  RMS envelope, µV
   */
  process(raw: Float64Array, frames: number, filteredOut: Float64Array, envelopeOut: Float64Array): void {
    const C = this.channelCount;
    const end = frames * C;
    if (raw.length < end || filteredOut.length < end || envelopeOut.length < end) {
      throw new Error(`EmgChain.process: arrays shorter than ${frames} frames × ${C} channels`);
    }
    if (this.simd) {
      this.simd.process(raw, frames, filteredOut, envelopeOut);
      return;
    }
    const k = this.coef;
    const b00 = k[0], b01 = k[1], b02 = k[2], a01 = k[3], a02 = k[4];
    const b10 = k[5], b11 = k[6], b12 = k[7], a11 = k[8], a12 = k[9];
    const b20 = k[10], b21 = k[11], b22 = k[12], a21 = k[13], a22 = k[14];
    const b30 = k[15], b31 = k[16], b32 = k[17], a31 = k[18], a32 = k[19];
    const b40 = k[20], b41 = k[21], b42 = k[22], a41 = k[23], a42 = k[24];
    const W = this.rmsWindowSamples;
    const invW = 1 / W;
    const st = this.state;
    const ring = this.ring;
    const sums = this.sums;
    const pos0 = this.ringPos;
    // harmonic notches (sections after the unrolled five): a short generic loop per sample
    const extra = this.coef.length / 5 - SECTIONS;
    const SP = this.statePerChannel;
    for (let c = 0; c < C; c++) {
      const so = c * SP;
      let z00 = st[so], z01 = st[so + 1], z10 = st[so + 2], z11 = st[so + 3], z20 = st[so + 4];
      let z21 = st[so + 5], z30 = st[so + 6], z31 = st[so + 7], z40 = st[so + 8], z41 = st[so + 9];
      const rb = c * W;
      const rEnd = rb + W;
      let r = rb + pos0;
      let sum = sums[c];
      for (let i = c; i < end; i += C) {
        // transposed direct form II, section by section (scipy's sosfilt recurrence)
        const x = raw[i];
        const y0 = b00 * x + z00;
        z00 = b01 * x - a01 * y0 + z01;
        z01 = b02 * x - a02 * y0;
        const y1 = b10 * y0 + z10;
        z10 = b11 * y0 - a11 * y1 + z11;
        z11 = b12 * y0 - a12 * y1;
        const y2 = b20 * y1 + z20;
        z20 = b21 * y1 - a21 * y2 + z21;
        z21 = b22 * y1 - a22 * y2;
        const y3 = b30 * y2 + z30;
        z30 = b31 * y2 - a31 * y3 + z31;
        z31 = b32 * y2 - a32 * y3;
        let y = b40 * y3 + z40;
        z40 = b41 * y3 - a41 * y + z41;
        z41 = b42 * y3 - a42 * y;
        for (let e = 0; e < extra; e++) {
          const kc = 5 * (SECTIONS + e);
          const zi = so + 2 * (SECTIONS + e);
          const u = y;
          y = k[kc] * u + st[zi];
          st[zi] = k[kc + 1] * u - k[kc + 3] * y + st[zi + 1];
          st[zi + 1] = k[kc + 2] * u - k[kc + 4] * y;
        }
        filteredOut[i] = y;
        // moving RMS: running sum of squares over the ring
        const sq = y * y;
        sum += sq - ring[r];
        ring[r] = sq;
        if (++r === rEnd) {
          // the ring wrapped: recompute the sum exactly (bounds rounding drift; moving-rms.ts)
          r = rb;
          sum = 0;
          for (let j = rb; j < rEnd; j++) sum += ring[j];
        }
        envelopeOut[i] = sum > 0 ? Math.sqrt(sum * invW) : 0;
      }
      let acc = z00 + z01 + z10 + z11 + z20 + z21 + z30 + z31 + z40 + z41;
      for (let j = so + 2 * SECTIONS; j < so + SP; j++) acc += st[j];
      if (!Number.isFinite(acc + sum)) {
        // a NaN/Infinity sample would poison this channel forever: restart it from zero state
        z00 = z01 = z10 = z11 = z20 = z21 = z30 = z31 = z40 = z41 = 0;
        st.fill(0, so + 2 * SECTIONS, so + SP);
        ring.fill(0, rb, rEnd);
        sum = 0;
      }
      st[so] = z00; st[so + 1] = z01; st[so + 2] = z10; st[so + 3] = z11; st[so + 4] = z20;
      st[so + 5] = z21; st[so + 6] = z30; st[so + 7] = z31; st[so + 8] = z40; st[so + 9] = z41;
      sums[c] = sum;
    }
    this.ringPos = (pos0 + frames) % W;
  }

  /** b0 b1 b2 a1 a2 of every section, in order (a copy: for steady-state initialisation, steady-state.ts). */
  sectionCoefficients(): Float64Array {
    return Float64Array.from(this.coef);
  }

  /** The biquad delay registers (z0 z1 per section) of channel c (a copy). */
  channelFilterState(c: number): Float64Array {
    if (this.simd) {
      const out = new Float64Array(this.statePerChannel);
      for (let s = 0; s < this.statePerChannel / 2; s++) out.set(this.simd.sectionState(c, s), 2 * s);
      return out;
    }
    return this.state.slice(c * this.statePerChannel, (c + 1) * this.statePerChannel);
  }

  /** Sets the biquad delay registers of channel c (e.g. a steady state); the RMS window is left as it is. */
  setChannelFilterState(c: number, z: ArrayLike<number>): void {
    if (z.length !== this.statePerChannel) throw new Error(`EmgChain: a channel's filter state has ${this.statePerChannel} values (got ${z.length})`);
    this.state.set(z, c * this.statePerChannel);
    if (this.simd) for (let s = 0; s < this.statePerChannel / 2; s++) this.simd.setSectionState(c, s, z[2 * s], z[2 * s + 1]);
  }

  /** Back to zero state (after a disconnect or a seek: the signal before is unrelated). */
  reset(): void {
    this.simd?.reset();
    this.decimationAcc.fill(0);
    this.state.fill(0);
    this.ring.fill(0);
    this.sums.fill(0);
    this.ringPos = 0;
  }
}
