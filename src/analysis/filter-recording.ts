/**
 * Runs a whole recording (one Float64Array per channel, as importers return it) through the same
 * DSP chain as the live path (src/dsp/emg-chain.ts), in chunks, so batch tools (`myocue analyze`,
 * `myocue export --envelope`) and live views agree to the last digit.
 *
 * Memory: outputs are allocated once (one array per channel per requested output); the chunk
 * buffers are fixed (CHUNK_FRAMES × channels), whatever the file length.
 */
import type { DspSettings } from '../host/contract';
import { EmgChain } from '../dsp/emg-chain';

/** frames per chunk: 4096 × 8 ch × 8 B = 256 kB per buffer, cache-friendly */
const CHUNK_FRAMES = 4096;

export interface FilteredRecording {
  /** per channel, µV; only when asked for */
  filtered: Float64Array[] | null;
  /** per channel RMS envelope, µV */
  envelope: Float64Array[];
  effectiveLowpassHz: number;
  warnings: string[];
}

export function filterRecording(
  samples: Float64Array[],
  sampleRateHz: number,
  settings: DspSettings,
  opts: {
    /** return the filtered signal too */
    keepFiltered?: boolean;
    /** write the filtered signal over `samples` (saves one copy of the data: batch analysis) */
    inPlace?: boolean;
    onProgress?: (fraction: number) => void;
    /**
     * settle the filters before the first sample: run the chain over an odd reflection of the
     * first second (2·x[0] − x[k], as scipy's filtfilt pads) and discard that output. A high-pass
     * removes a constant anyway; without this, a large DC offset (files in raw ADC counts sit at
     * ~2048 or ~32768) is a step at t = 0 that rings through the high-pass and the mains notch for
     * most of a second and reads as a contraction. Batch analysis uses it; the live chain cannot
     * (it has no signal before the first sample), so envelopes differ only in that first second.
     */
    warmUp?: boolean;
  } = {},
): FilteredRecording {
  const nc = samples.length;
  const n = nc ? samples[0].length : 0;
  const chain = new EmgChain(settings, sampleRateHz, nc);
  const envelope = samples.map(() => new Float64Array(n));
  const filtered = opts.inPlace ? samples : opts.keepFiltered ? samples.map(() => new Float64Array(n)) : null;
  const inBuf = new Float64Array(CHUNK_FRAMES * nc);
  const outFilt = new Float64Array(CHUNK_FRAMES * nc);
  const outEnv = new Float64Array(CHUNK_FRAMES * nc);
  if (opts.warmUp) warmUpForRecording(chain, samples, n, sampleRateHz, inBuf, outFilt, outEnv);
  for (let start = 0; start < n; start += CHUNK_FRAMES) {
    const frames = Math.min(CHUNK_FRAMES, n - start);
    for (let c = 0; c < nc; c++) {
      const src = samples[c];
      for (let f = 0; f < frames; f++) inBuf[f * nc + c] = src[start + f];
    }
    chain.process(inBuf, frames, outFilt, outEnv);
    for (let c = 0; c < nc; c++) {
      const env = envelope[c];
      for (let f = 0; f < frames; f++) env[start + f] = outEnv[f * nc + c];
      if (filtered) {
        const fl = filtered[c];
        for (let f = 0; f < frames; f++) fl[start + f] = outFilt[f * nc + c];
      }
    }
    if (opts.onProgress && (start / CHUNK_FRAMES) % 64 === 0) opts.onProgress(start / n);
  }
  opts.onProgress?.(1);
  return { filtered, envelope, effectiveLowpassHz: chain.effectiveLowpassHz, warnings: [...chain.warnings] };
}

/**
 * filterRecording's warm-up (opts.warmUp) of `chain` for a recording of `n` frames. `samples` (per
 * channel) need hold only the first warmUpHeadFrames(n, rate) frames (the streaming analysis,
 * src/analysis/analysis-stream.ts, passes just those). Buffers: CHUNK_FRAMES × channels each, or
 * left out to allocate them.
 */
export function warmUpForRecording(
  chain: EmgChain,
  samples: Float64Array[],
  n: number,
  sampleRateHz: number,
  inBuf: Float64Array = new Float64Array(CHUNK_FRAMES * samples.length),
  outFilt: Float64Array = new Float64Array(CHUNK_FRAMES * samples.length),
  outEnv: Float64Array = new Float64Array(CHUNK_FRAMES * samples.length),
): void {
  if (n > 0) warmUpChain(chain, samples, Math.round(sampleRateHz), Math.min(n - 1, Math.round(sampleRateHz)), inBuf, outFilt, outEnv);
}

/** How many leading frames warmUpForRecording reads. */
export function warmUpHeadFrames(n: number, sampleRateHz: number): number {
  return Math.min(n, Math.round(sampleRateHz) + 1);
}

/**
 * Feeds the chain, per channel, `hold` samples of x[0] (the filters settle on the level; this
 * matters when the file is shorter than the reflection), then 2·x[0] − x[len], …, 2·x[0] − x[1]
 * (an odd reflection: the signal arrives at x[0] with its own slope and noise). Output discarded.
 */
function warmUpChain(chain: EmgChain, samples: Float64Array[], hold: number, len: number, inBuf: Float64Array, outFilt: Float64Array, outEnv: Float64Array): void {
  const nc = samples.length;
  const total = hold + len;
  for (let done = 0; done < total; done += CHUNK_FRAMES) {
    const frames = Math.min(CHUNK_FRAMES, total - done);
    for (let c = 0; c < nc; c++) {
      const x = samples[c];
      const x0 = x[0];
      for (let f = 0; f < frames; f++) {
        const k = done + f;
        inBuf[f * nc + c] = k < hold ? x0 : 2 * x0 - x[len - (k - hold)];
      }
    }
    chain.process(inBuf, frames, outFilt, outEnv);
  }
}
