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
import { settleChain, settleHeadFrames } from '../dsp/settle-chain';

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
     * start the filters from a steady state (settle-chain.ts): as if the recording's DC level and
     * mains hum had always been there (like scipy's sosfilt_zi, plus the hum), and the RMS window
     * already full. Without it a large DC offset (files in raw ADC counts sit at ~2048 or ~32768)
     * is a step at t = 0 that rings through the high-pass and the notch and reads as a
     * contraction. Batch analysis and `export --envelope` use it; the live chain cannot (it has
     * no signal before its first sample).
     */
    warmUp?: boolean;
  } = {},
): FilteredRecording {
  const nc = samples.length;
  const n = nc ? samples[0].length : 0;
  const chain = new EmgChain(settings, sampleRateHz, nc, { blockFrames: CHUNK_FRAMES });
  const envelope = samples.map(() => new Float64Array(n));
  const filtered = opts.inPlace ? samples : opts.keepFiltered ? samples.map(() => new Float64Array(n)) : null;
  // the chunk is interleaved straight into the chain's own buffers (the SIMD kernel's memory)
  // and filtered there in place: no copy in or out of the kernel per chunk
  const { samples: x, envelope: xEnv, stride } = chain.inPlaceBuffers();
  if (opts.warmUp) warmUpForRecording(chain, samples, n, sampleRateHz, settings);
  for (let start = 0; start < n; start += CHUNK_FRAMES) {
    const frames = Math.min(CHUNK_FRAMES, n - start);
    for (let c = 0; c < nc; c++) {
      const src = samples[c];
      for (let f = 0, i = c; f < frames; f++, i += stride) x[i] = src[start + f];
    }
    chain.processInPlace(frames);
    for (let c = 0; c < nc; c++) {
      const env = envelope[c];
      for (let f = 0, i = c; f < frames; f++, i += stride) env[start + f] = xEnv[i];
      if (filtered) {
        const fl = filtered[c];
        for (let f = 0, i = c; f < frames; f++, i += stride) fl[start + f] = x[i];
      }
    }
    if (opts.onProgress && (start / CHUNK_FRAMES) % 64 === 0) opts.onProgress(start / n);
  }
  opts.onProgress?.(1);
  return { filtered, envelope, effectiveLowpassHz: chain.effectiveLowpassHz, warnings: [...chain.warnings] };
}

/**
 * filterRecording's warm-up (opts.warmUp) of `chain` for a recording of `n` frames: the
 * steady-state start of settle-chain.ts. `samples` (per channel) need hold only the first
 * warmUpHeadFrames(n, rate) frames (the streaming analysis, src/analysis/analysis-stream.ts,
 * passes just those).
 */
export function warmUpForRecording(
  chain: EmgChain,
  samples: Float64Array[],
  n: number,
  sampleRateHz: number,
  settings: DspSettings,
): void {
  if (n > 0) settleChain(chain, samples, Math.min(n, warmUpHeadFrames(n, sampleRateHz)), settings);
}

/** How many leading frames warmUpForRecording reads. */
export function warmUpHeadFrames(n: number, sampleRateHz: number): number {
  return Math.min(n, settleHeadFrames(sampleRateHz));
}
