/**
 * What `myocue analyze` reads: the recording's description (everything an ImportedRecording has
 * but the samples) and, on request, the signals analyzeSignals needs.
 *  - EDF/BDF files stream (analysis-stream.ts): every channel's levels, the decimated envelopes
 *    of the channels asked for (the role channels) and the full-rate filtered signal of the
 *    target only, kept in a spill file and read back by windows (spill-file.ts); channels split
 *    between this thread and a worker (dist/analysis-worker.js; on this thread alone when the
 *    build is missing). Peak memory is small buffers plus the kept decimated envelopes
 *    (0.8 kB per second of recording and channel at 100 Hz), whatever the file length.
 *  - Files of other tools (text tables, OpenSignals HDF5) of WHOLE_READ_MAX_BYTES or more are
 *    converted, streamed, to a BDF+ in a temporary folder (text-to-bdf.ts; removed when the
 *    process ends) and analysed from there as above: memory does not grow with the file (issue
 *    9.13). Smaller ones are imported whole and filtered in place (one pass, the file's exact values).
 * Both give the same numbers (tests/unit/analysis-stream.test.ts; the conversion within its 24-bit step).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as pathMod from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DspSettings } from '../host/contract';
import { importRecording, importRecordingAsync, detectLayout } from '../formats/detect-format';
import { convertImport, convertTextImport, type ConvertedImport } from '../formats/text-to-bdf';
import { streamableLayout } from '../formats/text-stream';
import { isMyocueRecording } from '../formats/edf-import';
import { ImportError, type ImportOptions, type ImportedRecording } from '../formats/imported-recording';
import { EdfAnnotationScan, finishEdfRecording, openEdfHead, type EdfHead, type EdfRecordingInfo } from '../recording/bdf-reader';
import { ANALYZE_DEFAULTS } from '../metrics/analyze-signals';
import { packageRoot } from '../util/package-paths';
import { filterRecording } from './filter-recording';
import { finishStream, streamEdfChannels, streamEdfChannelsWhole, type StreamPass, type StreamRequest, type StreamResult } from './analysis-stream';
import { SpillWindows } from './spill-file';
import { ANALYSIS_WORKER_OPTIONS, takePrestartedAnalysisWorker } from './worker-prestart';
import type { SignalWindows } from '../metrics/signal-windows';
import type { ChannelLevelValues } from '../metrics/channel-levels';

export type AnalysisRecording = Omit<ImportedRecording, 'samples'> & { channelCount: number };

/** What is known of a recording before its signals are read (without a pass over the file). */
export interface AnalysisOutline {
  format: ImportedRecording['format'];
  path: string;
  fileName: string;
  sampleRateHz: number;
  channelCount: number;
  channelLabels: string[];
  /** the recording's length or more (the exact one is recording.durationS) */
  maxDurationS: number;
}

/** The signal part of AnalyzeInput, plus the chain's report. */
export interface AnalysisSignals {
  sampleRateHz: number;
  /** full-rate filtered signal per channel (whole, or read by windows from a spill file); null where it was not kept */
  filtered: (Float64Array | SignalWindows | null)[];
  envelope?: Float64Array[];
  /** null data where a streamed file did not keep the channel's envelope (its levels are there) */
  decimatedEnvelope?: { factor: number; frames: number; data: (Float64Array | null)[]; levels?: ChannelLevelValues[] };
  effectiveLowpassHz: number;
  warnings: string[];
}

export interface AnalysisSource {
  /**
   * The recording's description. For a long streamed file the annotations are read along with
   * the signals in filter(): asking for this before filter() costs a pass of its own.
   */
  readonly recording: AnalysisRecording;
  /** what is known at open, without that pass */
  readonly outline: AnalysisOutline;
  /**
   * filters every channel (with warm-up), keeping the full-rate filtered signal of
   * `keepFilteredOf` and (streamed files) the decimated envelopes of `keepEnvelopesOf` (default all)
   */
  filter(settings: DspSettings, opts: { keepFilteredOf: number | null; keepEnvelopesOf?: number[]; onProgress?: (fraction: number) => void }): Promise<AnalysisSignals>;
  /** makes sure `signals.filtered[channel]` is there (one more pass over that channel when streamed) */
  ensureFiltered(signals: AnalysisSignals, channel: number): Promise<void>;
}

export interface AnalysisSourceOptions extends Pick<ImportOptions, 'format' | 'rateHz'> {
  /** worker threads for EDF/BDF: 'auto' (one when the build has dist/analysis-worker.js) or 0 */
  workers?: 'auto' | 0;
  /** force the streaming (true) or the in-memory (false) path (tests); default: by format and size */
  stream?: boolean;
}

/**
 * Files of other tools at least this large are analysed through a streamed BDF+ conversion;
 * smaller ones are read whole: one pass instead of three (measure, write, analyse), the file's
 * exact values, and a memory cost of a few times the file's size, bounded by this size.
 */
export const WHOLE_READ_MAX_BYTES = 8 * 1024 * 1024;

let tempDir: string | null = null;
/** One temporary folder per process for converted files, removed when the process ends. */
function conversionDir(): string {
  if (!tempDir) {
    const dir = mkdtempSync(pathMod.join(tmpdir(), 'myocue-analysis-'));
    tempDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return tempDir;
}

/** Removes the converted files now (a test runner's worker may end without an 'exit' event). */
export function removeConversionDir(): void {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = null;
}

/** Whether a file of another tool is analysed through the streamed conversion. */
function convertsForAnalysis(path: string, opts: AnalysisSourceOptions): boolean {
  if (opts.stream === false) return false;
  if (opts.rateHz !== undefined && !(opts.rateHz > 0 && Number.isFinite(opts.rateHz))) return false; // the importer says why
  return opts.stream === true || statSync(path).size >= WHOLE_READ_MAX_BYTES;
}

export function decimationFactor(rateHz: number): number {
  return Math.max(1, Math.round(rateHz / ANALYZE_DEFAULTS.detectionRateHz));
}

export function openAnalysisSource(path: string, opts: AnalysisSourceOptions = {}): AnalysisSource {
  const format = opts.format ?? 'auto';
  const importOpts: ImportOptions = { format, ...(opts.rateHz !== undefined ? { rateHz: opts.rateHz } : {}) };
  const layout = detectLayout(path);
  if (layout !== 'edf' && streamableLayout(path, importOpts) && convertsForAnalysis(path, opts)) {
    return convertedSource(path, convertTextImport(path, conversionDir(), importOpts), opts.workers ?? 'auto');
  }
  const streamable = opts.stream !== false && (format === 'auto' || format === 'edf' || format === 'myocue') && layout === 'edf';
  if (!streamable || (opts.rateHz !== undefined && !(opts.rateHz > 0 && Number.isFinite(opts.rateHz)))) return inMemorySource(importRecording(path, importOpts));
  return edfSource(path, importOpts, opts.workers ?? 'auto');
}

/** openAnalysisSource for every format, OpenSignals HDF5 included (h5wasm loads asynchronously). */
export async function openAnalysisSourceAsync(path: string, opts: AnalysisSourceOptions = {}): Promise<AnalysisSource> {
  const format = opts.format ?? 'auto';
  if ((format === 'auto' || format === 'hdf5') && detectLayout(path) === 'hdf5') {
    const importOpts: ImportOptions = { format, ...(opts.rateHz !== undefined ? { rateHz: opts.rateHz } : {}) };
    if (convertsForAnalysis(path, opts)) {
      const conv = await convertImport(path, conversionDir(), importOpts);
      if (conv) return convertedSource(path, conv, opts.workers ?? 'auto');
    }
    return inMemorySource(await importRecordingAsync(path, importOpts));
  }
  return openAnalysisSource(path, opts);
}

/**
 * The streamed analysis of a converted file, described as the original: its path, format, layout,
 * whole labels, start and warnings (the BDF's own "Gap"/"Recording end" marks are the writer's).
 */
function convertedSource(original: string, conv: ConvertedImport, workers: 'auto' | 0): AnalysisSource {
  const inner = edfSource(conv.bdfPath, {}, workers);
  const fileName = pathMod.basename(original);
  const bdfName = pathMod.basename(conv.bdfPath);
  const outline: AnalysisOutline = { ...inner.outline, format: conv.format, path: original, fileName, channelLabels: conv.channelLabels };
  return {
    get recording(): AnalysisRecording {
      const r = inner.recording;
      return {
        ...r,
        format: conv.format,
        layout: conv.layout,
        path: original,
        fileName,
        channelLabels: conv.channelLabels,
        startTime: conv.startTime ? new Date(conv.startTime) : null,
        annotations: r.annotations.filter((a) => !/^(Gap |Recording end)/.test(a.text)),
        // the conversion measured the all-zero channels too: each warning once; what the reader
        // says about the BDF file itself (e.g. a unit in counts) the conversion said of the original
        warnings: [...conv.warnings, ...r.warnings.filter((w) => !conv.warnings.includes(w) && !w.includes(bdfName))],
      };
    },
    outline,
    filter: (settings, o) => inner.filter(settings, o),
    ensureFiltered: (signals, channel) => inner.ensureFiltered(signals, channel),
  };
}

function inMemorySource(rec: ImportedRecording): AnalysisSource {
  const { samples, ...rest } = rec;
  const recording = { ...rest, channelCount: samples.length };
  return {
    recording,
    outline: {
      format: rec.format,
      path: rec.path,
      fileName: rec.fileName,
      sampleRateHz: rec.sampleRateHz,
      channelCount: samples.length,
      channelLabels: rec.channelLabels,
      maxDurationS: rec.durationS,
    },
    async filter(settings, o) {
      const f = filterRecording(samples, rec.sampleRateHz, settings, { inPlace: true, warmUp: true, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
      return { sampleRateHz: rec.sampleRateHz, filtered: f.filtered!, envelope: f.envelope, effectiveLowpassHz: f.effectiveLowpassHz, warnings: f.warnings };
    },
    async ensureFiltered() {},
  };
}

/**
 * Streamed files this long or longer skip the annotation pass at open: it rides along with the
 * channel pass on this thread (the records are read there anyway) while the worker starts at
 * once on the frames of all whole records; the results are cut to the true length afterwards.
 * The chain is causal and its warm-up only looks at the first second, so the numbers are the same.
 */
const OVERLAP_MIN_SECONDS = 30;

/** importEdf without reading the samples (same fields, warnings and checks). */
function edfSource(path: string, opts: ImportOptions, workers: 'auto' | 0): AnalysisSource {
  // the worker thread: the one the entry script started before the bundle loaded (worker-prestart.ts),
  // else one started now (it boots while this thread reads the header)
  const workerFile = pathMod.join(packageRoot(), 'dist', 'analysis-worker.js');
  const prestarted = takePrestartedAnalysisWorker(workerFile);
  if (prestarted && workers !== 'auto') void prestarted.terminate();
  let worker: Worker | null = workers !== 'auto' ? null : (prestarted ?? (existsSync(workerFile) ? new Worker(workerFile, ANALYSIS_WORKER_OPTIONS) : null));
  // an idle worker must not keep the process alive (e.g. the command stops on a bad --target)
  worker?.unref();
  let head: EdfHead;
  let info: EdfRecordingInfo | null = null;
  try {
    head = openEdfHead(path);
    if (head.totalFrames === 0) throw new ImportError(head.fileName, 'contains no samples');
    const overlap = head.annotationSignals.length > 0 && head.durationS >= OVERLAP_MIN_SECONDS;
    if (!overlap) {
      info = finishEdfRecording(head);
      if (info.totalFrames === 0) throw new ImportError(info.fileName, 'contains no samples');
    }
  } catch (err) {
    void worker?.terminate();
    throw err;
  }
  if (head.channelCount < 2 && worker) {
    void worker.terminate();
    worker = null;
  }
  const format = isMyocueRecording(path, head.header.recordingId) ? 'myocue' : 'edf';
  const outline: AnalysisOutline = {
    format,
    path,
    fileName: head.fileName,
    sampleRateHz: head.sampleRateHz,
    channelCount: head.channelCount,
    channelLabels: head.channelLabels,
    maxDurationS: head.durationS,
  };
  let recording: AnalysisRecording | null = null;
  let warnings: string[] = [];
  const describe = (i: EdfRecordingInfo): AnalysisRecording => {
    warnings = [...i.warnings];
    if (i.recovered && i.recoveryMessage) warnings.unshift(i.recoveryMessage);
    if (opts.rateHz && Math.abs(opts.rateHz - i.sampleRateHz) > 1e-9) {
      warnings.push(`a rate of ${opts.rateHz} Hz was given but the file states ${i.sampleRateHz} Hz; the file's rate is used`);
    }
    return {
      format,
      layout: `${i.variant}${i.plus ? '+' + i.plus : ''}`,
      path,
      fileName: i.fileName,
      sampleRateHz: i.sampleRateHz,
      channelLabels: i.channelLabels,
      units: i.channelUnits,
      channelCount: i.channelCount,
      frameCount: i.totalFrames,
      durationS: i.durationS,
      annotations: i.annotations.map((a) => ({ onsetS: a.onsetS, durationS: a.durationS, text: a.text })),
      segments: i.segments,
      startTime: i.startTime,
      warnings,
    };
  };
  /** the annotation pass on its own (the description is wanted before filter()) */
  const ensureInfo = (): EdfRecordingInfo => {
    if (!info) {
      info = finishEdfRecording(head);
      if (info.totalFrames === 0) throw new ImportError(info.fileName, 'contains no samples');
    }
    return info;
  };
  const ensureRecording = (): AnalysisRecording => (recording ??= describe(ensureInfo()));
  if (info) ensureRecording();
  let lastSettings: DspSettings | null = null;
  return {
    get recording() {
      return ensureRecording();
    },
    outline,
    async filter(settings, o) {
      lastSettings = settings;
      const nc = head.channelCount;
      const factor = decimationFactor(head.sampleRateHz);
      const keep = o.keepFilteredOf === null ? [] : [o.keepFilteredOf];
      const all = Array.from({ length: nc }, (_, c) => c);
      const w = worker;
      worker = null; // used once; ensureFiltered runs on this thread
      const useWorker = w !== null;
      const { mine, theirs } = useWorker ? splitChannels(nc, keep) : { mine: all, theirs: [] };
      const req = (channels: number[]): StreamRequest => ({
        channels,
        settings,
        factor,
        keepFiltered: keep,
        ...(o.keepEnvelopesOf ? { keepDecimated: o.keepEnvelopesOf } : {}),
        warmUp: true,
      });
      // without the annotations yet: stream every whole record, scanning them on this thread
      const scan = info ? null : new EdfAnnotationScan(head);
      const streamed: EdfRecordingInfo = info ?? head;
      const pending = w ? runWorker(w, streamed, req(theirs)) : null;
      let a: StreamResult;
      let b: StreamResult | null;
      let pass: StreamPass;
      try {
        pass = streamEdfChannels(streamed, req(mine), o.onProgress, scan ? (buf, recs) => scan.addRecords(buf, recs) : undefined);
        if (scan) ensureFinished(scan);
      } catch (err) {
        if (pending) await pending.finish(0).then((r) => closeSpills(r), () => {});
        throw err;
      }
      const fin = ensureInfo();
      const n = fin.totalFrames;
      a = finishStream(pass, n, factor);
      b = pending ? await pending.finish(n) : null;
      const rate = Math.round(fin.sampleRateHz);
      // padding written at disconnect gaps (known only after the annotation pass) is not signal:
      // a file with such gaps streamed before the pass is read again without it (rare: one pass more)
      const padded = streamed !== fin && fin.segments.some((sg) => (sg.fileFrame ?? sg.firstFrame) !== sg.firstFrame);
      if (padded || !a.covered || (b && !b.covered) || (streamed.totalFrames !== n && Math.min(n, streamed.totalFrames) < rate + 1)) {
        // (or: the warm-up saw fewer frames than the file has, a recording of about a second;
        // or the true end lies more than a chunk before the records' end): redo exactly
        closeSpills(a, b);
        a = streamEdfChannelsWhole(fin, req(mine));
        b = b ? streamEdfChannelsWhole(fin, req(theirs)) : null;
      }
      const parts = [{ ch: mine, r: a }, ...(b ? [{ ch: theirs, r: b }] : [])];
      const data: (Float64Array | null)[] = new Array(nc).fill(null);
      const levels: ChannelLevelValues[] = new Array(nc);
      const filtered: (SignalWindows | null)[] = new Array(nc).fill(null);
      const zero: number[] = [];
      for (const { ch, r } of parts) {
        ch.forEach((c, i) => {
          data[c] = r.decimated[i];
          levels[c] = r.levels[i];
          const fl = r.filtered[i];
          filtered[c] = fl ? new SpillWindows(fl, n) : null;
        });
      }
      for (const { ch, r } of parts) ch.forEach((c, i) => (r.firstNonZero[i] < 0 || r.firstNonZero[i] >= n ? zero.push(c) : 0));
      const rec = ensureRecording();
      const zeroLabels = zero.sort((x, y) => x - y).map((c) => rec.channelLabels[c]);
      // finishImport's warning, at the same place in the list
      if (zeroLabels.length) warnings.push(`${zeroLabels.length} channel(s) are all zero (unused inputs?): ${zeroLabels.join(', ')}`);
      return {
        sampleRateHz: fin.sampleRateHz,
        filtered,
        decimatedEnvelope: { factor, frames: n, data, levels },
        effectiveLowpassHz: a.effectiveLowpassHz,
        warnings: a.warnings,
      };

      function ensureFinished(sc: EdfAnnotationScan): void {
        if (sc.recordsDone < head.recordCount) throw new Error(`${head.fileName}: the annotation pass stopped early`);
        info = sc.finish();
        if (info.totalFrames === 0) throw new ImportError(info.fileName, 'contains no samples');
      }
    },
    async ensureFiltered(signals, channel) {
      const dec = signals.decimatedEnvelope;
      if ((signals.filtered[channel] && (!dec || dec.data[channel])) || !lastSettings) return;
      const fin = ensureInfo();
      const r = streamEdfChannelsWhole(fin, {
        channels: [channel],
        settings: lastSettings,
        factor: decimationFactor(fin.sampleRateHz),
        keepFiltered: signals.filtered[channel] ? [] : [channel],
        warmUp: true,
      });
      const fl = r.filtered[0];
      if (fl) signals.filtered[channel] = new SpillWindows(fl, fin.totalFrames);
      if (dec && !dec.data[channel]) dec.data[channel] = r.decimated[0];
    },
  };
}

/**
 * Which channels this thread streams and which the worker does: half each (the first half is the
 * larger of an odd count), the worker taking the half with the channel whose filtered signal is
 * kept (the target). Why: this thread's pass also scans the annotations, and the kept channel's
 * lane copy and spill-file writes cost ~40 ms and more of system time; with both here this
 * thread's pass took ~490-560 ms of CPU against the worker's ~370-450 (1 h × 8 ch, the worker
 * already idle when the post-filter analysis starts here); with the spill in the worker the two
 * were ~440-480 and ~470-510 (per-thread CPU time, 3 alternating runs each; issue 10.7). The
 * channels are independent, so the split never changes a number.
 */
export function splitChannels(nc: number, keepFiltered: readonly number[]): { mine: number[]; theirs: number[] } {
  const all = Array.from({ length: nc }, (_, c) => c);
  const half = Math.ceil(nc / 2);
  const first = all.slice(0, half);
  const second = all.slice(half);
  // the worker's half is the second unless only the first holds a kept channel (and the second is not empty)
  const keptInFirst = keepFiltered.some((c) => c < half);
  const keptInSecond = keepFiltered.some((c) => c >= half);
  return second.length && keptInFirst && !keptInSecond ? { mine: second, theirs: first } : { mine: first, theirs: second };
}

/** Drops the spill files of results not used (a pass done again). */
function closeSpills(...results: (StreamResult | null)[]): void {
  for (const r of results) for (const h of r?.filtered ?? []) if (h) new SpillWindows(h).close();
}

/**
 * Starts the worker's pass; `finish(frames)` gives it the recording's true length (the worker
 * waits for it after its pass) and resolves to its result.
 */
function runWorker(w: Worker, info: EdfRecordingInfo, req: StreamRequest): { finish(frames: number): Promise<StreamResult> } {
  const result = new Promise<StreamResult>((resolve, reject) => {
    w.ref();
    let settled = false;
    w.once('message', (m: { ok: true; result: StreamResult } | { ok: false; message: string }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(m.message));
      void w.terminate();
    });
    w.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    w.once('exit', (code) => {
      if (!settled) reject(new Error(`${info.fileName}: the analysis worker stopped (exit code ${code})`));
      settled = true;
    });
    w.postMessage({ info, req });
  });
  // keep a rejection from going unhandled while this thread works
  result.catch(() => {});
  return {
    finish(frames) {
      w.postMessage({ frames });
      return result;
    },
  };
}
