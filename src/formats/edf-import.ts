/**
 * EDF / EDF+ / BDF / BDF+ import through the recording reader (bdf-reader.ts), including our own
 * recordings ('myocue': a .bdf written by BdfPlusWriter, with or without its session sidecar).
 * A crashed or truncated file is read as far as it is whole, and the recovery is reported in
 * `warnings` (never passed off as complete).
 */
import * as fs from 'node:fs';
import { openEdfRecording, readAllChannels } from '../recording/bdf-reader';
import { readSessionMeta, sessionMetaPath } from '../recording/session-meta';
import { ImportError, finishImport, type ImportOptions, type ImportedRecording } from './imported-recording';

export function isMyocueRecording(path: string, recordingField: string): boolean {
  return fs.existsSync(sessionMetaPath(path)) || /\bMyocue\b|myocue-band/i.test(recordingField);
}

/**
 * Channel labels as the user named them: EDF keeps 16 characters ("Biceps femoris ("), a Myocue
 * session's sidecar the whole name. A sidecar label is used when it starts with the stored one.
 */
export function wholeChannelLabels(path: string, stored: string[]): string[] {
  const metaPath = sessionMetaPath(path);
  if (!fs.existsSync(metaPath)) return stored;
  try {
    const meta = readSessionMeta(metaPath);
    return stored.map((l, i) => {
      const full = meta.channels.find((c) => c.index === i)?.label;
      return full && full.length > l.length && full.startsWith(l) ? full : l;
    });
  } catch {
    return stored;
  }
}

/** Imports whole are capped (a long file is analysed, exported and replayed as a stream instead). */
const MAX_IMPORT_BYTES = 1.5 * 1024 ** 3;

export function importEdf(path: string, opts: ImportOptions = {}): ImportedRecording {
  const info = openEdfRecording(path);
  const warnings = [...info.warnings];
  if (info.recovered && info.recoveryMessage) warnings.unshift(info.recoveryMessage);
  if (opts.rateHz && Math.abs(opts.rateHz - info.sampleRateHz) > 1e-9) {
    warnings.push(`a rate of ${opts.rateHz} Hz was given but the file states ${info.sampleRateHz} Hz; the file's rate is used`);
  }
  if (info.totalFrames * info.channelCount * 8 > MAX_IMPORT_BYTES) {
    throw new ImportError(info.fileName, `is too long to load whole (${(info.durationS / 3600).toFixed(1)} h × ${info.channelCount} channels); analyze, export and replay read it as a stream`);
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
      channelLabels: wholeChannelLabels(path, info.channelLabels),
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
