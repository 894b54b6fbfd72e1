/**
 * EDF / EDF+ / BDF / BDF+ import through the recording reader (bdf-reader.ts), including our own
 * recordings ('myocue': a .bdf written by BdfPlusWriter, with or without its session sidecar).
 * A crashed or truncated file is read as far as it is whole, and the recovery is reported in
 * `warnings` (never passed off as complete).
 */
import * as fs from 'node:fs';
import { openEdfRecording, readAllChannels } from '../recording/bdf-reader';
import { sessionMetaPath } from '../recording/session-meta';
import { finishImport, type ImportOptions, type ImportedRecording } from './imported-recording';

export function isMyocueRecording(path: string, recordingField: string): boolean {
  return fs.existsSync(sessionMetaPath(path)) || /\bMyocue\b|myocue-band/i.test(recordingField);
}

export function importEdf(path: string, opts: ImportOptions = {}): ImportedRecording {
  const info = openEdfRecording(path);
  const warnings = [...info.warnings];
  if (info.recovered && info.recoveryMessage) warnings.unshift(info.recoveryMessage);
  if (opts.rateHz && Math.abs(opts.rateHz - info.sampleRateHz) > 1e-9) {
    warnings.push(`a rate of ${opts.rateHz} Hz was given but the file states ${info.sampleRateHz} Hz; the file's rate is used`);
  }
  const samples = readAllChannels(info);
  const myocue = isMyocueRecording(path, info.header.recordingId);
  return finishImport(
    {
      format: myocue ? 'myocue' : 'edf',
      layout: `${info.variant}${info.plus ? '+' + info.plus : ''}`,
      path,
      fileName: info.fileName,
      sampleRateHz: info.sampleRateHz,
      channelLabels: info.channelLabels,
      units: info.channelUnits,
      samples,
      frameCount: info.totalFrames,
      durationS: info.durationS,
      annotations: info.annotations.map((a) => ({ onsetS: a.onsetS, durationS: a.durationS, text: a.text })),
      segments: info.segments,
      startTime: info.startTime,
      warnings,
    },
    opts.channels,
  );
}
