/**
 * Streaming batch analysis of an EDF/BDF file (`myocue analyze` on long recordings): the file is
 * read in chunks of whole records, each requested channel is decoded straight from the record
 * bytes into a reused chunk buffer, run through its own one-channel EmgChain (the chain's
 * channels are independent, so this is bit-identical to filterRecording on all channels), and
 * only what analyzeSignals needs is kept:
 *   - the envelope decimated by block means (exactly analyze-signals' `decimate`), per channel;
 *   - the full-rate filtered signal of the channels asked for (the target, for the median frequency).
 * Memory: O(chunk) + the decimated envelopes (1/factor of the data) + the kept filtered signals.
 * Frames run without gaps, as importRecording's samples do (EDF+D segments are concatenated).
 * Pure computation on one thread; analysis-parallel.ts splits channels over worker threads.
 */
import * as fs from 'node:fs';
import type { DspSettings } from '../host/contract';
import { EmgChain } from '../dsp/emg-chain';
import { DIGITAL_RANGE, microvoltsPerUnit, signalScale } from '../recording/edf-header';
import { EdfFrameReader, type EdfRecordingInfo } from '../recording/bdf-reader';
import { warmUpForRecording, warmUpHeadFrames } from './filter-recording';

/** frames per chunk (rounded to whole records): ~100 kB per buffer, ~400 kB of file per read (reads of ~0.5 MB are the fastest) */
const CHUNK_FRAMES = 12000;

export interface StreamRequest {
  /** channel indexes (into info's channels) to process */
  channels: number[];
  settings: DspSettings;
  /** block-mean decimation factor of the envelope */
  factor: number;
  /** channels whose full-rate filtered signal is kept */
  keepFiltered: number[];
  /** settle the filters first (filterRecording's warmUp) */
  warmUp: boolean;
}

export interface StreamResult {
  /** per requested channel (same order as `channels`) */
  decimated: Float64Array[];
  filtered: (Float64Array | null)[];
  /** per requested channel: true when every sample is 0 */
  allZero: boolean[];
  effectiveLowpassHz: number;
  warnings: string[];
}

export function streamEdfChannels(info: EdfRecordingInfo, req: StreamRequest, onProgress?: (fraction: number) => void): StreamResult {
  const { channels, factor } = req;
  const k = channels.length;
  const n = info.totalFrames;
  const spr = info.samplesPerRecord;
  const recordBytes = info.recordBytes;
  const bps = DIGITAL_RANGE[info.variant].bytesPerSample;
  const rate = info.sampleRateHz;
  // scale and byte offset of each channel, as EdfFrameReader computes them
  const sigs = info.header.signals;
  const starts: number[] = [];
  let o = 0;
  for (const s of sigs) {
    starts.push(o);
    o += s.samplesPerRecord * bps;
  }
  const gains = new Float64Array(k);
  const offsets = new Float64Array(k);
  const byteOffsets = new Int32Array(k);
  channels.forEach((c, i) => {
    const si = info.dataSignals[c];
    const { gain, offset } = signalScale(sigs[si]);
    const f = microvoltsPerUnit(sigs[si].physicalDimension) ?? 1;
    gains[i] = gain * f;
    offsets[i] = offset * f;
    byteOffsets[i] = starts[si];
  });

  const chains = channels.map(() => new EmgChain(req.settings, rate, 1));
  const m = Math.floor(n / factor);
  const decimated = channels.map(() => new Float64Array(m));
  const filtered = channels.map((c) => (req.keepFiltered.includes(c) ? new Float64Array(n) : null));
  const allZero = channels.map(() => true);
  const recsPerChunk = Math.max(1, Math.floor(CHUNK_FRAMES / spr));
  const chunkFrames = recsPerChunk * spr;
  const x = new Float64Array(Math.max(chunkFrames, 1));
  const env = new Float64Array(x.length);

  if (req.warmUp) warmUp(info, channels, chains);

  const accSum = new Float64Array(k);
  let accCount = 0;
  let decIndex = 0;
  const buf = Buffer.allocUnsafe(recsPerChunk * recordBytes);
  let fd: number;
  try {
    fd = fs.openSync(info.path, 'r');
  } catch (err) {
    throw new Error(`${info.fileName}: cannot open (${(err as Error).message})`);
  }
  try {
    let chunkNo = 0;
    for (let first = 0; first < n; first += chunkFrames, chunkNo++) {
      const r0 = first / spr;
      const recs = Math.min(recsPerChunk, info.recordCount - r0);
      const frames = Math.min(recs * spr, n - first);
      const bytes = recs * recordBytes;
      let got = 0;
      while (got < bytes) {
        const g = fs.readSync(fd, buf, got, bytes - got, info.header.headerBytes + r0 * recordBytes + got);
        if (g <= 0) break;
        got += g;
      }
      if (got < bytes) throw new Error(`${info.fileName}: the file became shorter while reading (record ${r0 + Math.floor(got / recordBytes)})`);
      let nextCount = accCount;
      let nextIndex = decIndex;
      for (let i = 0; i < k; i++) {
        if (decode(buf, bps, recordBytes, spr, byteOffsets[i], gains[i], offsets[i], frames, x)) allZero[i] = false;
        chains[i].process(x, frames, x, env);
        const fl = filtered[i];
        if (fl) fl.set(x.subarray(0, frames), first);
        // block means of the envelope, continuing the block left open by the previous chunk
        const out = decimated[i];
        let s = accSum[i];
        let cnt = accCount;
        let j = decIndex;
        let f = 0;
        if (cnt > 0) {
          for (; f < frames && cnt < factor; f++, cnt++) s += env[f];
          if (cnt === factor) {
            out[j++] = s / factor;
            s = 0;
            cnt = 0;
          }
        }
        const whole = f + Math.floor((frames - f) / factor) * factor;
        while (f < whole) {
          s = 0;
          const e = f + factor;
          for (; f < e; f++) s += env[f];
          out[j++] = s / factor;
        }
        if (f < frames) {
          s = 0;
          for (; f < frames; f++, cnt++) s += env[f];
        } else if (cnt === 0) s = 0;
        accSum[i] = s;
        nextCount = cnt;
        nextIndex = j;
      }
      accCount = nextCount;
      decIndex = nextIndex;
      if (onProgress && chunkNo % 16 === 0) onProgress(first / n);
    }
  } finally {
    fs.closeSync(fd);
  }
  onProgress?.(1);
  return { decimated, filtered, allZero, effectiveLowpassHz: chains[0]?.effectiveLowpassHz ?? NaN, warnings: chains[0] ? [...chains[0].warnings] : [] };
}

/** Decodes `frames` samples of one signal from whole records in `buf`; true if any is non-zero. */
function decode(buf: Buffer, bps: number, recordBytes: number, spr: number, sigOffset: number, g: number, off: number, frames: number, x: Float64Array): boolean {
  let nz = false;
  let w = 0;
  for (let r = 0; w < frames; r++) {
    let p = r * recordBytes + sigOffset;
    const end = w + Math.min(spr, frames - w);
    if (bps === 3) {
      for (; w < end; w++, p += 3) {
        const d = ((buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16)) << 8) >> 8;
        const v = d * g + off;
        x[w] = v;
        if (v !== 0) nz = true;
      }
    } else {
      for (; w < end; w++, p += 2) {
        const d = ((buf[p] | (buf[p + 1] << 8)) << 16) >> 16;
        const v = d * g + off;
        x[w] = v;
        if (v !== 0) nz = true;
      }
    }
  }
  return nz;
}

/** filterRecording's warm-up, per channel, from the first frames of the file. */
function warmUp(info: EdfRecordingInfo, channels: number[], chains: EmgChain[]): void {
  const nc = info.channelCount;
  const n = info.totalFrames;
  const head = warmUpHeadFrames(n, info.sampleRateHz);
  const all = new Float64Array(head * nc);
  const reader = new EdfFrameReader(info);
  try {
    reader.readFrames(0, head, all);
  } finally {
    reader.close();
  }
  channels.forEach((c, i) => {
    const x = new Float64Array(head);
    for (let f = 0; f < head; f++) x[f] = all[f * nc + c];
    warmUpForRecording(chains[i], [x], n, info.sampleRateHz);
  });
}
