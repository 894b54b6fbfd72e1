/**
 * What `myocue analyze` reads: the recording's description (everything an ImportedRecording has
 * but the samples) and, on request, the signals analyzeSignals needs.
 *  - EDF/BDF files stream (analysis-stream.ts): decimated envelopes of every channel and the
 *    full-rate filtered signal of the target only, channels split between this thread and a
 *    worker (dist/analysis-worker.js; on this thread alone when the build is missing). Peak
 *    memory is the target's filtered signal plus small buffers, whatever the file length.
 *  - Other formats (text files) are imported whole and filtered in place, as before.
 * Both give the same numbers (tests/unit/analysis-stream.test.ts).
 */
import { existsSync } from 'node:fs';
import * as pathMod from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DspSettings } from '../host/contract';
import { importRecording, detectLayout } from '../formats/detect-format';
import { isMyocueRecording } from '../formats/edf-import';
import { ImportError, type ImportOptions, type ImportedRecording } from '../formats/imported-recording';
import { openEdfRecording, type EdfRecordingInfo } from '../recording/bdf-reader';
import { ANALYZE_DEFAULTS } from '../metrics/analyze-signals';
import { packageRoot } from '../util/package-paths';
import { filterRecording } from './filter-recording';
import { streamEdfChannels, type StreamRequest, type StreamResult } from './analysis-stream';

export type AnalysisRecording = Omit<ImportedRecording, 'samples'> & { channelCount: number };

/** The signal part of AnalyzeInput, plus the chain's report. */
export interface AnalysisSignals {
  sampleRateHz: number;
  /** full-rate filtered signal per channel; null where it was not kept */
  filtered: (Float64Array | null)[];
  envelope?: Float64Array[];
  decimatedEnvelope?: { factor: number; frames: number; data: Float64Array[] };
  effectiveLowpassHz: number;
  warnings: string[];
}

export interface AnalysisSource {
  recording: AnalysisRecording;
  /** filters every channel (with warm-up), keeping the full-rate filtered signal of `keepFilteredOf` */
  filter(settings: DspSettings, opts: { keepFilteredOf: number | null; onProgress?: (fraction: number) => void }): Promise<AnalysisSignals>;
  /** makes sure `signals.filtered[channel]` is there (one more pass over that channel when streamed) */
  ensureFiltered(signals: AnalysisSignals, channel: number): Promise<void>;
}

export interface AnalysisSourceOptions extends Pick<ImportOptions, 'format' | 'rateHz'> {
  /** worker threads for EDF/BDF: 'auto' (one when the build has dist/analysis-worker.js) or 0 */
  workers?: 'auto' | 0;
  /** force the streaming (true) or the in-memory (false) path for EDF/BDF files (tests) */
  stream?: boolean;
}

export function decimationFactor(rateHz: number): number {
  return Math.max(1, Math.round(rateHz / ANALYZE_DEFAULTS.detectionRateHz));
}

export function openAnalysisSource(path: string, opts: AnalysisSourceOptions = {}): AnalysisSource {
  const format = opts.format ?? 'auto';
  const importOpts: ImportOptions = { format, ...(opts.rateHz !== undefined ? { rateHz: opts.rateHz } : {}) };
  const streamable = opts.stream !== false && (format === 'auto' || format === 'edf' || format === 'myocue') && detectLayout(path) === 'edf';
  if (!streamable || (opts.rateHz !== undefined && !(opts.rateHz > 0 && Number.isFinite(opts.rateHz)))) return inMemorySource(importRecording(path, importOpts));
  return edfSource(path, importOpts, opts.workers ?? 'auto');
}

function inMemorySource(rec: ImportedRecording): AnalysisSource {
  const { samples, ...rest } = rec;
  return {
    recording: { ...rest, channelCount: samples.length },
    async filter(settings, o) {
      const f = filterRecording(samples, rec.sampleRateHz, settings, { inPlace: true, warmUp: true, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
      return { sampleRateHz: rec.sampleRateHz, filtered: f.filtered!, envelope: f.envelope, effectiveLowpassHz: f.effectiveLowpassHz, warnings: f.warnings };
    },
    async ensureFiltered() {},
  };
}

/** importEdf without reading the samples (same fields, warnings and checks). */
function edfSource(path: string, opts: ImportOptions, workers: 'auto' | 0): AnalysisSource {
  // start the worker thread now: it boots while this thread reads the header and annotations
  const workerFile = pathMod.join(packageRoot(), 'dist', 'analysis-worker.js');
  let worker: Worker | null = workers === 'auto' && existsSync(workerFile) ? new Worker(workerFile) : null;
  // an idle worker must not keep the process alive (e.g. the command stops on a bad --target)
  worker?.unref();
  let info: EdfRecordingInfo;
  try {
    info = openEdfRecording(path);
    if (info.totalFrames === 0) throw new ImportError(info.fileName, 'contains no samples');
  } catch (err) {
    void worker?.terminate();
    throw err;
  }
  if (info.channelCount < 2 && worker) {
    void worker.terminate();
    worker = null;
  }
  const warnings = [...info.warnings];
  if (info.recovered && info.recoveryMessage) warnings.unshift(info.recoveryMessage);
  if (opts.rateHz && Math.abs(opts.rateHz - info.sampleRateHz) > 1e-9) {
    warnings.push(`a rate of ${opts.rateHz} Hz was given but the file states ${info.sampleRateHz} Hz; the file's rate is used`);
  }
  const recording: AnalysisRecording = {
    format: isMyocueRecording(path, info.header.recordingId) ? 'myocue' : 'edf',
    layout: `${info.variant}${info.plus ? '+' + info.plus : ''}`,
    path,
    fileName: info.fileName,
    sampleRateHz: info.sampleRateHz,
    channelLabels: info.channelLabels,
    units: info.channelUnits,
    channelCount: info.channelCount,
    frameCount: info.totalFrames,
    durationS: info.durationS,
    annotations: info.annotations.map((a) => ({ onsetS: a.onsetS, durationS: a.durationS, text: a.text })),
    segments: info.segments,
    startTime: info.startTime,
    warnings,
  };
  let lastSettings: DspSettings | null = null;
  return {
    recording,
    async filter(settings, o) {
      lastSettings = settings;
      const nc = info.channelCount;
      const factor = decimationFactor(info.sampleRateHz);
      const keep = o.keepFilteredOf === null ? [] : [o.keepFilteredOf];
      const all = Array.from({ length: nc }, (_, c) => c);
      const w = worker;
      worker = null; // used once; ensureFiltered runs on this thread
      const useWorker = w !== null;
      const mine = useWorker ? all.slice(0, Math.ceil(nc / 2)) : all;
      const theirs = useWorker ? all.slice(mine.length) : [];
      const req = (channels: number[]): StreamRequest => ({ channels, settings, factor, keepFiltered: keep, warmUp: true });
      const pending = w ? runWorker(w, info, req(theirs)) : null;
      // keep a rejection from going unhandled while this thread works
      pending?.catch(() => {});
      let a: StreamResult;
      try {
        a = streamEdfChannels(info, req(mine), o.onProgress);
      } catch (err) {
        if (pending) await pending.catch(() => {});
        throw err;
      }
      const b = pending ? await pending : null;
      const parts = [{ ch: mine, r: a }, ...(b ? [{ ch: theirs, r: b }] : [])];
      const data: Float64Array[] = new Array(nc);
      const filtered: (Float64Array | null)[] = new Array(nc).fill(null);
      const zero: number[] = [];
      for (const { ch, r } of parts) {
        ch.forEach((c, i) => {
          data[c] = r.decimated[i];
          filtered[c] = r.filtered[i];
        });
      }
      for (const { ch, r } of parts) ch.forEach((c, i) => (r.allZero[i] ? zero.push(c) : 0));
      const zeroLabels = zero.sort((x, y) => x - y).map((c) => info.channelLabels[c]);
      // finishImport's warning, at the same place in the list
      if (zeroLabels.length) warnings.push(`${zeroLabels.length} channel(s) are all zero (unused inputs?): ${zeroLabels.join(', ')}`);
      return {
        sampleRateHz: info.sampleRateHz,
        filtered,
        decimatedEnvelope: { factor, frames: info.totalFrames, data },
        effectiveLowpassHz: a.effectiveLowpassHz,
        warnings: a.warnings,
      };
    },
    async ensureFiltered(signals, channel) {
      if (signals.filtered[channel] || !lastSettings) return;
      const r = streamEdfChannels(info, { channels: [channel], settings: lastSettings, factor: decimationFactor(info.sampleRateHz), keepFiltered: [channel], warmUp: true });
      signals.filtered[channel] = r.filtered[0];
    },
  };
}

function runWorker(w: Worker, info: EdfRecordingInfo, req: StreamRequest): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
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
}
