/**
 * DSP throughput: Myocue's EmgChain vs scipy on the same workload.
 * Workload: 8 channels × 2000 Hz × 600 s of EMG-like noise (band-limited 30-300 Hz Gaussian noise,
 * amplitude following 3 s reps, 50 Hz hum, DC offset); chain: high-pass 20 Hz + low-pass 450 Hz
 * (Butterworth, 4th order each, biquads), 50 Hz notch (Q 30), 100 ms moving RMS.
 * samples = frames × channels. The input is generated first (not timed); best of 3 runs.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { EmgChain } from '../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../src/dsp/defaults';
import { BiquadCascade } from '../src/dsp/biquad-cascade';
import { butterworthSos } from '../src/dsp/butterworth';
import { packageRoot } from '../src/util/package-paths';
import { loadEmgKernel } from '../src/dsp/simd-kernel';

const CHANNELS = 8;
const RATE_HZ = 2000;
const SECONDS = 600;
const RUNS = 3;
/** frames per process() call: 1 s, the order of a live block batch (block size barely matters: see dsp-chain tests) */
const BLOCK_FRAMES = 2000;

/** EMG-like µV, channel-interleaved (deterministic). */
export function emgNoise(channels: number, rateHz: number, seconds: number, seed = 1): Float64Array {
  const frames = Math.round(rateHz * seconds);
  const out = new Float64Array(frames * channels);
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  const noise = new Float64Array(frames);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < frames; i++) noise[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    // band-limit to 30-300 Hz, the bulk of surface-EMG power
    new BiquadCascade(butterworthSos(4, 30, 'highpass', rateHz)).process(noise, noise, frames);
    new BiquadCascade(butterworthSos(4, 300, 'lowpass', rateHz)).process(noise, noise, frames);
    for (let i = 0; i < frames; i++) {
      const t = i / rateHz;
      const act = 0.05 + 0.95 * Math.max(0, Math.sin((2 * Math.PI * t) / 3)) ** 2;
      out[i * channels + c] = 1000 * act * noise[i] + 30 * Math.sin(2 * Math.PI * 50 * t + c) + 120;
    }
  }
  return out;
}

const WORKLOAD = `${CHANNELS} ch × ${RATE_HZ} Hz × ${SECONDS} s, HP 20 + LP 450 (Butterworth 4) + notch 50 + RMS 100 ms, one core, best of ${RUNS}`;

/**
 * samplesPerSecond: the JS chain (the reference loop); simdSamplesPerSecond: the WebAssembly SIMD
 * kernel the app runs (null with a note when it did not load).
 */
export async function benchDsp(): Promise<{
  samplesPerSecond: number;
  simdSamplesPerSecond: number | null;
  /** the SIMD kernel in place (what `analyze` runs): each block written into the kernel's buffer, filtered there, no copy out */
  simdInPlaceSamplesPerSecond: number | null;
  simdNote?: string;
  workload: string;
}> {
  const raw = emgNoise(CHANNELS, RATE_HZ, SECONDS);
  const js = await timeChain(raw, 'js');
  const simd = await timeChain(raw, 'auto');
  const inPlace = simd.kernel === 'wasm-simd' ? await timeInPlace(raw) : null;
  return {
    samplesPerSecond: js.samplesPerSecond,
    simdSamplesPerSecond: simd.kernel === 'wasm-simd' ? simd.samplesPerSecond : null,
    simdInPlaceSamplesPerSecond: inPlace,
    simdNote: simd.kernel === 'wasm-simd' ? undefined : `the SIMD kernel did not load (${loadEmgKernel().reason ?? 'unknown'})`,
    workload: `${WORKLOAD}, ${BLOCK_FRAMES}-frame blocks`,
  };
}

async function timeChain(raw: Float64Array, kernel: 'js' | 'auto'): Promise<{ samplesPerSecond: number; kernel: string }> {
  const frames = raw.length / CHANNELS;
  const filtered = new Float64Array(raw.length);
  const envelope = new Float64Array(raw.length);
  let best = Infinity;
  let used = '';
  for (let run = 0; run < RUNS; run++) {
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, RATE_HZ, CHANNELS, { kernel });
    used = chain.kernel;
    const t0 = performance.now();
    for (let i = 0; i < frames; i += BLOCK_FRAMES) {
      const n = Math.min(BLOCK_FRAMES, frames - i);
      const a = i * CHANNELS;
      const b = (i + n) * CHANNELS;
      chain.process(raw.subarray(a, b), n, filtered.subarray(a, b), envelope.subarray(a, b));
    }
    best = Math.min(best, (performance.now() - t0) / 1000);
    await new Promise((r) => setImmediate(r));
  }
  return { samplesPerSecond: raw.length / best, kernel: used };
}

/**
 * The kernel as batch analysis drives it (src/analysis/analysis-stream.ts): each block is written
 * into the kernel's own sample buffer (here a copy of the block; analyze decodes the file's
 * records there instead), filtered in place, the envelope left in the kernel's buffer.
 */
async function timeInPlace(raw: Float64Array): Promise<number> {
  const frames = raw.length / CHANNELS;
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, RATE_HZ, CHANNELS, { blockFrames: BLOCK_FRAMES });
    const b = chain.inPlaceBuffers();
    if (b.stride !== CHANNELS) throw new Error('the in-place bench assumes an even channel count');
    const t0 = performance.now();
    for (let i = 0; i < frames; i += BLOCK_FRAMES) {
      const n = Math.min(BLOCK_FRAMES, frames - i);
      b.samples.set(raw.subarray(i * CHANNELS, (i + n) * CHANNELS));
      chain.processInPlace(n);
    }
    best = Math.min(best, (performance.now() - t0) / 1000);
    await new Promise((r) => setImmediate(r));
  }
  return raw.length / best;
}

interface ScipyJson {
  samplesPerSecond?: number;
  stackedSamplesPerSecond?: number;
  stackedChannelsFirstSamplesPerSecond?: number;
  stackedInterleavedSamplesPerSecond?: number;
  blas?: string | null;
  scipy?: string;
  python?: string;
  error?: string;
}

function runPython(python: string, script: string): Promise<ScipyJson> {
  return new Promise((resolve) => {
    const args = [script, '--channels', String(CHANNELS), '--rate', String(RATE_HZ), '--seconds', String(SECONDS), '--runs', String(RUNS)];
    // OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set on some machines for old OpenBLAS builds and
    // slow a current numpy: unset both for this one command (never in tests or CI); the script
    // reports the kernel numpy then runs.
    const env = { ...process.env };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    execFile(python, args, { timeout: 300_000, maxBuffer: 1 << 20, env }, (err, stdout, stderr) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(last) as ScipyJson;
        resolve(parsed);
      } catch {
        resolve({ error: err ? `${python}: ${err.message.split('\n')[0]}` : `${python}: no result (${stderr.trim().split('\n').pop() ?? ''})` });
      }
    });
  });
}

export interface ScipyBench {
  /** the stacked form (all sections in one sosfilt call + cumsum RMS), the faster of the two layouts: the figure to compare with */
  stackedSamplesPerSecond: number | null;
  stackedChannelsFirstSamplesPerSecond: number | null;
  stackedInterleavedSamplesPerSecond: number | null;
  /** the older, weaker form (three sosfilt calls), a second line only */
  threeCallSamplesPerSecond: number | null;
  workload: string;
  /** the OpenBLAS kernel numpy ran */
  blas: string | null;
  note?: string;
}

export async function benchScipy(): Promise<ScipyBench> {
  const script = join(packageRoot(), 'bench', 'scipy_chain.py');
  const notes: string[] = [];
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = await runPython(python, script);
    if (r.stackedSamplesPerSecond) {
      return {
        stackedSamplesPerSecond: r.stackedSamplesPerSecond,
        stackedChannelsFirstSamplesPerSecond: r.stackedChannelsFirstSamplesPerSecond ?? null,
        stackedInterleavedSamplesPerSecond: r.stackedInterleavedSamplesPerSecond ?? null,
        threeCallSamplesPerSecond: r.samplesPerSecond ?? null,
        blas: r.blas ?? null,
        workload:
          `${WORKLOAD}; scipy ${r.scipy} (Python ${r.python}, numpy BLAS ${r.blas ?? 'unknown'}, OPENBLAS_CORETYPE/L2_SIZE unset): ` +
          `the 5 sections stacked in ONE sosfilt call + cumsum moving RMS, the faster of an (8, N) array along the last axis and an interleaved (N, 8) array along axis 0`,
      };
    }
    notes.push(r.error ?? `${python}: no result`);
  }
  return {
    stackedSamplesPerSecond: null,
    stackedChannelsFirstSamplesPerSecond: null,
    stackedInterleavedSamplesPerSecond: null,
    threeCallSamplesPerSecond: null,
    blas: null,
    workload: WORKLOAD,
    note: notes.join('; '),
  };
}
