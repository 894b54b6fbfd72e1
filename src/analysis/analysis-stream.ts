/**
 * Streaming batch analysis of an EDF/BDF file (`myocue analyze` on long recordings): the file is
 * read in chunks of whole records, each requested channel is decoded straight from the record
 * bytes into a reused channel-interleaved chunk buffer, the chunk runs through one EmgChain over
 * the requested channels (its channels are independent, so this is bit-identical to
 * filterRecording on all channels; side by side, the chain's SIMD kernel filters two channels per
 * instruction), and only what analyzeSignals needs is kept:
 *   - every channel's levels (noise floor, peak, mean: channel-levels.ts), measured as it streams;
 *   - the envelope decimated by block means (exactly analyze-signals' `decimate`) of the channels
 *     asked for (the role channels: target and assisting);
 *   - the full-rate filtered signal of the channels asked for (the target, for onsets and the
 *     median frequency), written to a spill file (spill-file.ts) that analysis reads by windows.
 * Memory (issue 10.4): O(chunk) + the kept decimated envelopes (1/factor of those channels' data);
 * nothing else grows with the file's length.
 * Frames run without gaps, as importRecording's samples do (EDF+D segments are concatenated).
 * Pure computation on one thread; analysis-parallel.ts splits channels over worker threads.
 */
import * as fs from 'node:fs';
import type { DspSettings } from '../host/contract';
import { EmgChain } from '../dsp/emg-chain';
import type { IntSampleLayout } from '../dsp/int-samples';
import { DIGITAL_RANGE, microvoltsPerUnit, signalScale } from '../recording/edf-header';
import { EdfFrameReader, storedFrameRuns, type EdfRecordingInfo } from '../recording/bdf-reader';
import { warmUpForRecording, warmUpHeadFrames } from './filter-recording';
import { ChannelLevelsAccumulator, type ChannelLevelValues } from '../metrics/channel-levels';
import { ANALYZE_DEFAULTS } from '../metrics/analyze-signals';
import { SpillWriter, type SpillHandle } from './spill-file';

/**
 * Frames per chunk (rounded down to whole records, at least one). Small enough that a thread's
 * working set stays in its core's L2 (512 kB here): with 4 channels a chunk's samples and envelope
 * are 2 × 4000 × 32 B plus the records' bytes; at 12000 frames (~1 MB) every pass over the chunk
 * (decode, 3 filter passes, block means, the target's copy) went to L3, measured ~10% slower
 * end to end. The reads are per record anyway when a thread reads only its channels' bytes.
 */
const CHUNK_FRAMES = 4000;

export interface StreamRequest {
  /** channel indexes (into info's channels) to process */
  channels: number[];
  settings: DspSettings;
  /** block-mean decimation factor of the envelope */
  factor: number;
  /** channels whose full-rate filtered signal is kept (in a spill file) */
  keepFiltered: number[];
  /** channels whose decimated envelope is kept (default: all); every channel's levels are measured */
  keepDecimated?: number[];
  /** settle the filters first (filterRecording's warmUp) */
  warmUp: boolean;
}

/**
 * What one pass over the file gives before its true length is known (a pass that reads the
 * annotations along may see padding at the end): finishStream cuts it to the length.
 */
export interface StreamPass {
  /** per requested channel (same order as `channels`): the kept decimated envelope, else null */
  decimated: (Float64Array | null)[];
  /** blocks written to `decimated` (and measured): pass-through of the chunk's last blocks below */
  blocks: number;
  /**
   * the decimated blocks of the last chunk, per channel, not yet measured (the true end of the
   * recording may fall inside them); blocks [blocks - tail length, blocks)
   */
  tail: Float64Array[];
  /** per requested channel, the levels measured up to the tail (plain data: see finishStream) */
  levels: ChannelLevelsAccumulator[];
  filtered: (SpillHandle | null)[];
  /** per requested channel: true when every sample is 0 */
  allZero: boolean[];
  /** per requested channel: the first frame that is not 0, -1 when none is */
  firstNonZero: number[];
  effectiveLowpassHz: number;
  warnings: string[];
}

export interface StreamResult extends Omit<StreamPass, 'levels' | 'tail' | 'blocks'> {
  levels: ChannelLevelValues[];
  /**
   * false when the true end lies before the pass's last chunk (measured blocks past it would
   * count): the caller streams again with the true length
   */
  covered: boolean;
}

/**
 * A pass cut to the recording's true length of `frames` frames: decimated envelopes cut, the
 * tail measured up to the last whole block, the levels read (on the thread that streamed).
 */
export function finishStream(p: StreamPass, frames: number, factor: number): StreamResult {
  const m = Math.floor(frames / factor);
  const t0 = p.blocks - (p.tail[0]?.length ?? 0);
  const levels = p.levels.map((a, i) => {
    const tail = p.tail[i];
    const use = Math.max(0, Math.min(tail.length, m - t0));
    if (use > 0) a.push(tail, 0, use);
    return a.levels();
  });
  const decimated = p.decimated.map((d) => (d && d.length > m ? d.subarray(0, m) : d));
  return {
    decimated,
    filtered: p.filtered,
    allZero: p.allZero,
    firstNonZero: p.firstNonZero,
    effectiveLowpassHz: p.effectiveLowpassHz,
    warnings: p.warnings,
    levels,
    covered: m >= t0,
  };
}

/** streamEdfChannels of a file whose true length is known: the finished result. */
export function streamEdfChannelsWhole(info: EdfRecordingInfo, req: StreamRequest, onProgress?: (fraction: number) => void): StreamResult {
  return finishStream(streamEdfChannels(info, req, onProgress), info.totalFrames, req.factor);
}

/**
 * `onRecords`, when given, sees every chunk of whole records as it is read (in file order, all of
 * info.recordCount when info.totalFrames covers them all): the annotation pass rides along.
 */
export function streamEdfChannels(
  info: EdfRecordingInfo,
  req: StreamRequest,
  onProgress?: (fraction: number) => void,
  onRecords?: (buf: Buffer, records: number) => void,
): StreamPass {
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
  const layouts: IntSampleLayout[] = channels.map((c) => {
    const si = info.dataSignals[c];
    const { gain, offset } = signalScale(sigs[si]);
    const f = microvoltsPerUnit(sigs[si].physicalDimension) ?? 1;
    return { bytesPerSample: bps, byteOffset: starts[si], recordBytes, samplesPerRecord: spr, gain: gain * f, offset: offset * f };
  });

  const recsPerChunk = Math.max(1, Math.floor(CHUNK_FRAMES / spr));
  const chunkFrames = recsPerChunk * spr;
  // the records are read into the chain's own byte buffer, decoded from there into its sample
  // buffers and filtered in place, and the envelope is decimated there (all in the SIMD
  // kernel's memory: no intermediate arrays, no copy in or out per chunk; issue 10.7)
  // (and a filtered channel kept is copied out there too, contiguous, and written from there)
  const chain = k > 0 ? new EmgChain(req.settings, rate, k, { blockFrames: chunkFrames, inputBytes: recsPerChunk * recordBytes, decimationFactor: factor, laneCopy: channels.some((c) => req.keepFiltered.includes(c)) }) : null;
  const m = Math.floor(n / factor);
  const decimated = channels.map((c) => (!req.keepDecimated || req.keepDecimated.includes(c) ? new Float64Array(m) : null));
  const decRate = rate / factor;
  const levels = channels.map(() => new ChannelLevelsAccumulator(decRate, ANALYZE_DEFAULTS.noiseWindowS * decRate));
  const spills = channels.map((c) => (req.keepFiltered.includes(c) ? new SpillWriter() : null));
  const firstNonZero = channels.map(() => -1);
  // per channel, the decimated blocks of the current chunk (measured once the next chunk comes)
  const tailCap = Math.floor(chunkFrames / factor) + 1;
  const tails = channels.map(() => new Float64Array(tailCap));
  let tailLen = 0;
  // channel-interleaved: frame f of requested channel i at f·stride + i (stride ≥ k: a pad lane)
  const bufs = chain ? chain.inPlaceBuffers() : { samples: new Float64Array(0), envelope: new Float64Array(0), stride: 1 };
  const x = bufs.samples;
  const stride = bufs.stride;

  if (req.warmUp && chain) warmUp(info, channels, chain, req.settings);

  // samples in the block left open by the previous chunk (its sums are kept by the chain)
  let accCount = 0;
  let decIndex = 0;
  const buf = chain ? chain.inputBytes() : Buffer.allocUnsafe(recsPerChunk * recordBytes);
  let fd: number;
  try {
    fd = fs.openSync(info.path, 'r');
  } catch (err) {
    for (const w of spills) w?.discard();
    throw new Error(`${info.fileName}: cannot open (${(err as Error).message})`, { cause: err });
  }
  let ok = false;
  // the bytes of a record this pass reads: its channels' signals, and the annotations when the
  // annotation scan rides along (the other signals' bytes are not read: the threads split the channels)
  const wanted = wantedRecordRanges(info, starts, channels, onRecords !== undefined);
  try {
    let chunkNo = 0;
    // stored frames that are signal (padding written at a disconnect gap is not: bdf-reader)
    const runs = storedFrameRuns(info);
    const contiguous = runs.length === 1 && runs[0].fileFrame === 0;
    const storedEnd = runs.length ? runs[runs.length - 1].fileFrame + runs[runs.length - 1].frames : 0;
    for (let sf = 0, first = 0; first < n && sf < storedEnd; sf += chunkFrames, chunkNo++) {
      const r0 = sf / spr;
      const recs = Math.min(recsPerChunk, info.recordCount - r0);
      const stored = Math.min(recs * spr, storedEnd - sf);
      const pieces = contiguous ? null : signalPieces(runs, sf, stored);
      const frames = Math.min(pieces ? pieces.kept : stored, n - first);
      readRecords(fd, buf, info, r0, recs, wanted);
      onRecords?.(buf, recs);
      for (let i = 0; i < k; i++) {
        if (pieces) chain!.decodeIntLe(layouts[i], stored, i, false);
        else {
          const nz = chain!.decodeIntLe(layouts[i], frames, i, firstNonZero[i] < 0);
          if (firstNonZero[i] < 0 && nz >= 0) firstNonZero[i] = first + nz;
        }
      }
      if (pieces) {
        compact(x, pieces.list, stride);
        for (let i = 0; i < k; i++) {
          if (firstNonZero[i] >= 0) continue;
          for (let f = 0, j = i; f < frames; f++, j += stride) {
            if (x[j] !== 0) {
              firstNonZero[i] = first + f;
              break;
            }
          }
        }
      }
      chain?.processInPlace(frames);
      // (the same for every channel) blocks finished and the block left open
      const total = accCount + frames;
      const newBlocks = Math.floor(total / factor);
      for (let i = 0; i < k; i++) {
        spills[i]?.appendRun(chain!.filteredLane(i, frames));
        // the previous chunk's blocks are not the recording's last: measure them
        if (tailLen) levels[i].push(tails[i], 0, tailLen);
      }
      if (chain) chain.decimateEnvelope(frames, accCount, tails);
      for (let i = 0; i < k; i++) {
        const d = decimated[i];
        if (d) d.set(tails[i].subarray(0, Math.min(newBlocks, m - decIndex)), decIndex);
      }
      tailLen = newBlocks;
      decIndex += newBlocks;
      accCount = total % factor;
      if (onProgress && chunkNo % 16 === 0) onProgress(first / n);
      first += frames;
    }
    ok = true;
  } finally {
    fs.closeSync(fd);
    if (!ok) for (const w of spills) w?.discard();
  }
  onProgress?.(1);
  const allZero = firstNonZero.map((f) => f < 0);
  return {
    decimated,
    blocks: decIndex,
    tail: tails.map((t) => t.slice(0, tailLen)),
    levels,
    filtered: spills.map((w) => (w ? w.finish() : null)),
    allZero,
    firstNonZero,
    effectiveLowpassHz: chain?.effectiveLowpassHz ?? NaN,
    warnings: chain ? [...chain.warnings] : [],
  };
}

/**
 * The byte ranges [from, to) inside a record that a pass needs (sorted, adjacent ones merged):
 * the signals of `channels`, and the annotation signals when `annotations`; null when that is most
 * of the record (one read of whole records is cheaper than a read per piece).
 */
export function wantedRecordRanges(info: EdfRecordingInfo, starts: number[], channels: number[], annotations: boolean): number[] | null {
  const bps = DIGITAL_RANGE[info.variant].bytesPerSample;
  const sigs = info.header.signals;
  const pieces: [number, number][] = [];
  const add = (si: number) => pieces.push([starts[si], starts[si] + sigs[si].samplesPerRecord * bps]);
  for (const c of channels) add(info.dataSignals[c]);
  if (annotations) for (const si of info.annotationSignals) add(si);
  pieces.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let total = 0;
  for (const [a, b] of pieces) {
    if (out.length && a <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], b);
    else out.push(a, b);
  }
  for (let i = 0; i < out.length; i += 2) total += out[i + 1] - out[i];
  return total >= 0.75 * info.recordBytes ? null : out;
}

/**
 * Reads records [r0, r0 + recs) into buf from its start, each at its place (record k at
 * k·recordBytes): all of them, or only the `wanted` ranges of each (the rest of buf is left as it
 * was); a range that runs to the end of a record and the next record's first one are one read.
 */
export function readRecords(fd: number, buf: Uint8Array, info: EdfRecordingInfo, r0: number, recs: number, wanted: number[] | null): void {
  const R = info.recordBytes;
  const base = info.header.headerBytes + r0 * R;
  const readFully = (from: number, to: number) => {
    let got = 0;
    while (got < to - from) {
      const g = fs.readSync(fd, buf, from + got, to - from - got, base + from + got);
      if (g <= 0) break;
      got += g;
    }
    if (got < to - from) throw new Error(`${info.fileName}: the file became shorter while reading (record ${r0 + Math.floor((from + got) / R)})`);
  };
  if (!wanted) return readFully(0, recs * R);
  let open = -1;
  let end = -1;
  for (let k = 0; k < recs; k++) {
    for (let i = 0; i < wanted.length; i += 2) {
      const a = k * R + wanted[i];
      const b = k * R + wanted[i + 1];
      if (a === end) end = b;
      else {
        if (open >= 0) readFully(open, end);
        open = a;
        end = b;
      }
    }
  }
  if (open >= 0) readFully(open, end);
}

/** The parts of stored frames [sf, sf + stored) that are signal, as [from, to) offsets in the chunk. */
function signalPieces(runs: { fileFrame: number; frames: number }[], sf: number, stored: number): { kept: number; list: number[] } {
  const list: number[] = [];
  let kept = 0;
  for (const r of runs) {
    const a = Math.max(r.fileFrame, sf);
    const b = Math.min(r.fileFrame + r.frames, sf + stored);
    if (b > a) {
      list.push(a - sf, b - sf);
      kept += b - a;
    }
  }
  return { kept, list };
}

/** Moves the frame pieces [from, to) of x (`stride` values per frame) to its front, in order (padding between them is dropped). */
function compact(x: Float64Array, pieces: number[], stride: number): void {
  let w = 0;
  for (let p = 0; p < pieces.length; p += 2) {
    const from = pieces[p];
    const to = pieces[p + 1];
    if (from !== w) x.copyWithin(w * stride, from * stride, to * stride);
    w += to - from;
  }
}

/** filterRecording's warm-up of the chain (one lane per requested channel), from the first frames of the file. */
function warmUp(info: EdfRecordingInfo, channels: number[], chain: EmgChain, settings: DspSettings): void {
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
  const heads = channels.map((c) => {
    const x = new Float64Array(head);
    for (let f = 0; f < head; f++) x[f] = all[f * nc + c];
    return x;
  });
  warmUpForRecording(chain, heads, n, info.sampleRateHz, settings);
}
