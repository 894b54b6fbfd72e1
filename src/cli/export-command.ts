/**
 * `myocue export FILE --to csv|edf|bdf --out PATH [--envelope] [--mains 50|60|off] [--mains-harmonics 1-3] [--force]`:
 * a Myocue session or any importable file to CSV (raw and/or envelope, with a header naming
 * channels and units) or EDF+/BDF+ with its annotations (sets, tags, reps, cues).
 * Never overwrites without --force, never touches the input.
 */
import { parseArgs } from 'node:util';
import { existsSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectLayout, importRecordingAsync } from '../formats/detect-format';
import { openTextStream, streamableLayout } from '../formats/text-stream';
import { openOpenSignalsH5 } from '../formats/opensignals-h5';
import { exportCsv } from '../formats/export-csv';
import { exportEdf } from '../formats/export-edf';
import { edfExportSource, envelopeExportSource, memoryExportSource, type ExportSource } from '../formats/export-source';
import { wholeChannelLabels } from '../formats/edf-import';
import { openEdfRecording } from '../recording/bdf-reader';
import { DEFAULT_DSP_SETTINGS } from '../dsp/defaults';
import { parseChoiceOption, parseMainsHarmonicsOption, parseMainsOption, parseNumberOption, UsageError } from './cli-args';
import { ProgressBar } from './progress';
import { INPUT_FORMAT_CHOICES } from './recording-input-args';

export async function runExport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      to: { type: 'string' },
      out: { type: 'string' },
      envelope: { type: 'boolean', default: false },
      mains: { type: 'string' },
      'mains-harmonics': { type: 'string' },
      force: { type: 'boolean', default: false },
      format: { type: 'string', default: 'auto' },
      rate: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('expected one input FILE');
  const to = parseChoiceOption('to', values.to, ['csv', 'edf', 'bdf'] as const);
  if (!to) throw new UsageError('--to csv|edf|bdf is required');
  if (!values.out) throw new UsageError('--out PATH is required');
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  if (existsSync(values.out)) {
    if (realpathSync(values.out) === realpathSync(file)) throw new UsageError(`--out is the input file itself; export never touches the input`);
    if (!values.force) throw new UsageError(`${values.out} already exists; pass --force to overwrite it`);
  } else if (resolve(values.out) === resolve(file)) {
    throw new UsageError('--out is the input file itself');
  }
  const format = parseChoiceOption('format', values.format, INPUT_FORMAT_CHOICES);
  const rateHz = parseNumberOption('rate', values.rate, { min: 1, max: 100000 });
  const mains = parseMainsOption(values.mains) ?? DEFAULT_DSP_SETTINGS.mains;
  const mainsHarmonics = parseMainsHarmonicsOption(values['mains-harmonics']) ?? DEFAULT_DSP_SETTINGS.mainsHarmonics ?? 1;

  // every format streams from disk (a long recording is never loaded whole, issue 9.13): EDF/BDF
  // record by record, text tables row by row (text-stream.ts), OpenSignals HDF5 by dataset slices
  const layout = detectLayout(file);
  const streamable = layout === 'edf' && (format === 'auto' || format === 'edf' || format === 'myocue');
  const importOpts = { format, ...(rateHz ? { rateHz } : {}) };
  let src: ExportSource;
  let fileName: string;
  let warnings: string[];
  if (layout !== 'edf' && layout !== 'hdf5' && streamableLayout(file, importOpts)) {
    const s = openTextStream(file, importOpts);
    fileName = s.fileName;
    warnings = s.warnings;
    src = s;
  } else if (layout === 'hdf5' && (format === 'auto' || format === 'hdf5')) {
    const s = await openOpenSignalsH5(file, importOpts);
    fileName = s.fileName;
    warnings = s.warnings;
    src = s;
  } else if (streamable) {
    const info = openEdfRecording(file);
    if (info.totalFrames === 0) throw new Error(`${info.fileName}: contains no samples`);
    fileName = info.fileName;
    warnings = [...(info.recoveryMessage ? [info.recoveryMessage] : []), ...info.warnings];
    src = edfExportSource(info, wholeChannelLabels(file, info.channelLabels));
  } else {
    // (a format the file is not: the importer says what it is)
    const rec = await importRecordingAsync(file, importOpts);
    fileName = rec.fileName;
    warnings = rec.warnings;
    src = memoryExportSource(rec);
  }
  for (const w of warnings) process.stderr.write(`myocue export: ${fileName}: ${w}\n`);
  const progress = new ProgressBar(`export ${fileName}`);
  const settings = { ...DEFAULT_DSP_SETTINGS, mains, mainsHarmonics };
  const envelope = values.envelope ? envelopeExportSource(src, settings, (w) => process.stderr.write(`myocue export: ${w}\n`)) : null;
  const durationS = src.frameCount / src.sampleRateHz;
  if (to === 'csv') {
    const r = exportCsv(values.out, src, { ...(envelope ? { envelope } : {}), onProgress: (x) => progress.update(x) });
    progress.done();
    process.stdout.write(`Exported ${r.rows} rows × ${r.columns} columns → ${values.out}\n`);
  } else {
    const data: ExportSource = envelope ? { ...envelope, units: src.units.map(() => 'uV'), channelLabels: src.channelLabels.map((l) => `${l.slice(0, 12)} env`) } : src;
    // written under a temporary name and renamed: a failed export never leaves half a file, and
    // an existing file (with --force) is replaced only by a complete one
    const tmp = `${values.out}.partial-${process.pid}`;
    let r;
    try {
      r = exportEdf(tmp, data, {
        format: to,
        prefilter: envelope ? `HP:${DEFAULT_DSP_SETTINGS.highpassHz}Hz LP:${DEFAULT_DSP_SETTINGS.lowpassHz}Hz N:${mains === 'off' ? 'off' : mains + 'Hz' + (mainsHarmonics > 1 ? `x${mainsHarmonics}` : '')} RMS:${DEFAULT_DSP_SETTINGS.rmsWindowMs}ms` : 'none',
      });
      renameSync(tmp, values.out);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    progress.done();
    process.stdout.write(
      `Exported ${src.channelLabels.length} ch × ${durationS.toFixed(2)} s at ${src.sampleRateHz} Hz${envelope ? ' (envelopes)' : ''}, ${src.annotations.length} annotations → ${values.out}` +
        (r.clippedSamples ? ` (${r.clippedSamples} samples clipped to the ${to.toUpperCase()} range)` : '') +
        '\n',
    );
  }
  return 0;
}
