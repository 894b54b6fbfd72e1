/**
 * `myocue analyze FILE [--format …] [--rate HZ] [--target CH] [--assisting CH] [--left CH --right CH] [--mains …] [--mains-harmonics 1-3] [--json]`
 * Per channel summary (rate, duration, noise floor, peak and mean envelope), sets (from the
 * recording's set marks, else split at rests of 5 s or more), reps per set with their metrics,
 * target share per set, median-frequency trend. Same DSP chain as the live view.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { openAnalysisSourceAsync, type AnalysisRecording } from '../analysis/analysis-source';
import { analyzeSignals } from '../metrics/analyze-signals';
import { DEFAULT_DSP_SETTINGS } from '../dsp/defaults';
import { sessionRoles, sessionSetTags, setMarks } from '../analysis/session-marks';
import { UsageError } from './cli-args';
import { CHANNEL_ROLE_OPTIONS, parseChannelRoles, parseSignalInput, SIGNAL_INPUT_OPTIONS } from './recording-input-args';
import { ProgressBar } from './progress';
import { welchSpectrumFast } from '../dsp/welch-kernel';

export async function runAnalyze(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...SIGNAL_INPUT_OPTIONS,
      ...CHANNEL_ROLE_OPTIONS,
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('expected one input FILE');
  const input = parseSignalInput(values);
  const { format, rateHz } = input;
  const mains = input.mains ?? DEFAULT_DSP_SETTINGS.mains;
  const roles0 = parseChannelRoles(values);
  let target = roles0.target;
  let assisting = roles0.assisting ?? [];
  let symmetryPair = roles0.symmetryPair;
  if (!existsSync(file)) throw new Error(`${file}: no such file`);

  const t0 = performance.now();
  const progress = new ProgressBar(`analyze ${file.split(/[\\/]/).pop()}`);
  // EDF/BDF stream (levels, the role channels' decimated envelopes and the target's filtered signal, on disk, are kept); other
  // formats are read whole (src/analysis/analysis-source.ts)
  const source = await openAnalysisSourceAsync(file, { format, ...(rateHz ? { rateHz } : {}) });
  // what is known without reading the annotations (a long EDF/BDF file reads them along with the
  // signals, in source.filter; source.recording before that would cost a pass of its own)
  const outline = source.outline;
  const nc = outline.channelCount;
  // less than two RMS windows of signal: no level, floor or rep can be measured (a file cut off
  // in its first rows); say so instead of printing numbers computed from a handful of samples
  const minS = (2 * DEFAULT_DSP_SETTINGS.rmsWindowMs) / 1000;
  const checkLength = (rec: AnalysisRecording) => {
    if (!(rec.durationS >= minS)) {
      throw new Error(`${rec.fileName}: only ${rec.frameCount} sample${rec.frameCount === 1 ? '' : 's'} (${rec.durationS.toFixed(3)} s) of signal, too short to analyse (at least ${minS} s); the file was probably cut off`);
    }
  };
  if (!(outline.maxDurationS >= minS)) checkLength(source.recording);
  for (const c of [target, ...assisting, symmetryPair?.left ?? null, symmetryPair?.right ?? null]) {
    if (c !== null && c >= nc) {
      checkLength(source.recording); // (this error comes first)
      throw new UsageError(`channel ${c} does not exist: ${outline.fileName} has ${nc} channel${nc === 1 ? '' : 's'} (numbered from 0)`);
    }
  }
  // a Myocue session knows its channel roles: use them unless the command line says otherwise
  const roles = sessionRoles(outline);
  if (target === null && roles) {
    target = roles.target;
    if (values.assisting === undefined) assisting = roles.assisting;
  }
  if (symmetryPair === null && roles?.symmetryPair) symmetryPair = roles.symmetryPair;
  progress.update(0.1);
  const settings = { ...DEFAULT_DSP_SETTINGS, mains, mainsHarmonics: input.mainsHarmonics ?? DEFAULT_DSP_SETTINGS.mainsHarmonics };
  // with a target, only the role channels' envelopes are kept (the others' levels are measured
  // as they stream): memory stays flat in the file's length (issue 10.4)
  const f = await source.filter(settings, {
    keepFilteredOf: target,
    ...(target !== null ? { keepEnvelopesOf: [target, ...assisting, ...(symmetryPair ? [symmetryPair.left, symmetryPair.right] : [])] } : {}),
    onProgress: (x) => progress.update(0.1 + 0.8 * x),
  });
  const rec = source.recording;
  checkLength(rec);
  const marks = setMarks(rec, sessionSetTags(rec));
  const analyze = (targetChannel: number | null) =>
    analyzeSignals({
      sampleRateHz: rec.sampleRateHz,
      filtered: f.filtered,
      ...(f.envelope ? { envelope: f.envelope } : {}),
      ...(f.decimatedEnvelope ? { decimatedEnvelope: f.decimatedEnvelope } : {}),
      targetChannel,
      assistingChannels: assisting,
      symmetryPair,
      ...(marks.length ? { setMarks: marks } : {}),
      // the reps' median frequency with the Welch loop in WebAssembly (the same numbers as fft.js)
      spectrum: welchSpectrumFast,
    });
  let result = analyze(target);
  // Without a target the most active channel defines reps. Prefer a muscle channel (µV) over an
  // accelerometer or another raw channel kept in its own unit (OpenSignals files carry both).
  const activity = result.activityChannel;
  let chosen = target;
  if (target === null && activity !== null && rec.units[activity] !== 'uV') {
    const emg = result.channels.filter((c) => rec.units[c.index] === 'uV' && !assisting.includes(c.index));
    if (emg.length) {
      const best = emg.reduce((a, b) => (b.peakEnvelopeUv - b.noiseFloorUv > a.peakEnvelopeUv - a.noiseFloorUv ? b : a));
      chosen = best.index;
    }
  }
  // a streamed file keeps only the target's filtered signal: without a target, get the chosen
  // channel's in one more pass (the median frequency needs it), then analyse with it
  const mdfChannel = chosen ?? activity;
  if (mdfChannel !== null && !f.filtered[mdfChannel]) {
    await source.ensureFiltered(f, mdfChannel);
    result = analyze(chosen);
  } else if (chosen !== target) result = analyze(chosen);
  progress.done();
  const seconds = (performance.now() - t0) / 1000;
  const out = {
    file: rec.path,
    format: rec.format,
    layout: rec.layout,
    sampleRate: rec.sampleRateHz,
    durationS: rec.durationS,
    dsp: { ...settings, effectiveLowpassHz: f.effectiveLowpassHz },
    targetChannel: target,
    assistingChannels: assisting,
    symmetryPair,
    setsFrom: marks.length ? 'recording marks' : `rests of ${5} s or more`,
    normalisation: result.normalisation,
    channels: result.channels.map((c) => ({
      ...c,
      label: rec.channelLabels[c.index],
      unit: rec.units[c.index],
      sampleRate: rec.sampleRateHz,
      durationS: rec.durationS,
    })),
    activityChannel: result.activityChannel,
    sets: result.sets,
    medianFrequencyTrend: result.medianFrequencyTrend,
    warnings: [...rec.warnings, ...f.warnings],
    analysisSeconds: seconds,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  process.stdout.write(printable(out));
  return 0;
}

type Report = {
  file: string;
  sampleRate: number;
  durationS: number;
  layout: string;
  setsFrom: string;
  normalisation: string;
  targetChannel: number | null;
  assistingChannels: number[];
  symmetryPair: { left: number; right: number } | null;
  channels: { index: number; label: string; unit: string; noiseFloorUv: number; peakEnvelopeUv: number; meanEnvelopeUv: number }[];
  sets: ReturnType<typeof analyzeSignals>['sets'];
  warnings: string[];
  analysisSeconds: number;
};

function printable(r: Report): string {
  const lines: string[] = [];
  const f1 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(1));
  lines.push(`${r.file}`);
  lines.push(`  ${r.layout}, ${r.sampleRate} Hz, ${r.durationS.toFixed(2)} s, ${r.channels.length} channel(s); analysed in ${r.analysisSeconds.toFixed(2)} s`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  lines.push('');
  lines.push('  ch  label             noise µV   peak env µV   mean env µV');
  for (const c of r.channels) {
    const side = c.index === r.symmetryPair?.left ? ' L' : c.index === r.symmetryPair?.right ? ' R' : '';
    const role = (c.index === r.targetChannel ? ' (target)' : r.assistingChannels.includes(c.index) ? ' (assisting)' : '') + side;
    lines.push(`  ${String(c.index).padStart(2)}  ${(c.label + role).padEnd(16).slice(0, 16)}  ${f1(c.noiseFloorUv).padStart(8)}   ${f1(c.peakEnvelopeUv).padStart(11)}   ${f1(c.meanEnvelopeUv).padStart(11)}`);
  }
  lines.push('');
  const unit = r.normalisation === 'mvc' ? '%MVC' : '% of peak';
  lines.push(`  ${r.sets.length} set(s) (from ${r.setsFrom}); values in ${unit}`);
  for (const s of r.sets) {
    const share = s.targetShare === null ? '' : `, target share ${(s.targetShare * 100).toFixed(0)} %`;
    const mdf = s.medianFreqSlopeHzPerRep === null ? '' : `, median frequency ${s.medianFreqSlopeHzPerRep >= 0 ? '+' : ''}${s.medianFreqSlopeHzPerRep.toFixed(2)} Hz/rep`;
    lines.push(`  set ${s.number} [${s.tag}] ${s.startS.toFixed(1)}-${s.endS.toFixed(1)} s: ${s.reps.length} reps, target ${f1(s.targetMeanPct)}, assisting ${f1(s.assistMeanPct)}${share}${mdf}`);
    for (const c of s.comparisons) lines.push(`      ${c.sentence}`);
    if (s.symmetry) lines.push(`      ${s.symmetry.sentence} (left ${f1(s.symmetry.leftMeanPct)}, right ${f1(s.symmetry.rightMeanPct)})`);
    for (const rep of s.reps) {
      lines.push(
        `      rep ${rep.index}: ${rep.startS.toFixed(2)}-${rep.endS.toFixed(2)} s, TUT ${rep.tutS.toFixed(2)} s, target peak ${f1(rep.targetPeakPct)} mean ${f1(rep.targetMeanPct)}, assisting mean ${f1(rep.assistMeanPct)}, share ${Number.isFinite(rep.targetShare) ? `${(rep.targetShare * 100).toFixed(0)} %` : '—'}, MDF ${f1(rep.medianFreqHz)} Hz${rep.symmetryPct !== undefined ? `, SI ${f1(rep.symmetryPct)} %` : ''}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
