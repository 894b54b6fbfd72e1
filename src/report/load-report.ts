/**
 * The session report's I/O side: a recording (a Myocue session of the library, or any file
 * `analyze` reads) → ReportData. Runs the same chain and analysis as `myocue analyze` (streamed
 * for EDF/BDF), reads the session's sidecar (name, exercise, roles, muscles, notes) and the MVCs
 * of the library folder, and cuts each set's envelopes for the charts.
 */
import { existsSync } from 'node:fs';
import * as pathMod from 'node:path';
import { openAnalysisSourceAsync, decimationFactor } from '../analysis/analysis-source';
import { sessionRoles, sessionSetTags, setMarks } from '../analysis/session-marks';
import { analyzeSignals } from '../metrics/analyze-signals';
import { welchSpectrumFast } from '../dsp/welch-kernel';
import { DEFAULT_DSP_SETTINGS } from '../dsp/defaults';
import type { MainsSetting } from '../host/contract';
import type { MvcCalibration } from '../metrics/types';
import { readSessionMeta, sessionMetaPath, type SessionMeta } from '../recording/session-meta';
import { MvcStore } from '../training/mvc-store';
import { loadExercises } from '../exercises/exercise-store';
import { EXERCISE_LIBRARY, findExercise } from '../exercises/library';
import type { ImportFormat } from '../formats/imported-recording';
import { downsampleMax, type EnvelopeTrace, type ReportData, type ReportSet } from './report-data';

export const REPORT_DEFAULTS = {
  /** seconds of signal shown before and after each set in its chart */
  leadS: 1,
  /** points per trace in a chart: enough for a page width, small enough for a light file */
  maxPoints: 600,
} as const;

export interface ReportOptions {
  format?: ImportFormat | 'auto';
  rateHz?: number;
  target?: number | null;
  assisting?: number[];
  /** a left/right pair of one muscle (a Myocue session knows its own) */
  symmetryPair?: { left: number; right: number } | null;
  mains?: MainsSetting;
  /** mains harmonics notched (1 = the fundamental only … 3; default DEFAULT_DSP_SETTINGS) */
  mainsHarmonics?: number;
  /** whose MVCs (default the app's default person, "me") */
  person?: string;
  /** the report's clock (tests) */
  now?: Date;
}

/** SESSION_ID of the library in dataDir, or a path: the recording file to report on */
export function resolveReportInput(idOrFile: string, dataDir: string | undefined): string {
  if (existsSync(idOrFile)) return idOrFile;
  // an id is a file name without folders (never a path out of the library)
  if (dataDir && /^[\w.-]+$/.test(idOrFile) && !idOrFile.startsWith('.')) {
    const p = pathMod.join(dataDir, `${idOrFile}.bdf`);
    if (existsSync(p)) return p;
    throw new Error(`${idOrFile}: no such session in ${dataDir} (and no such file)`);
  }
  throw new Error(`${idOrFile}: no such file`);
}

export async function loadReportData(file: string, opts: ReportOptions = {}): Promise<ReportData> {
  const mains = opts.mains ?? DEFAULT_DSP_SETTINGS.mains;
  const source = await openAnalysisSourceAsync(file, { format: opts.format ?? 'auto', ...(opts.rateHz ? { rateHz: opts.rateHz } : {}) });
  const outline = source.outline;
  const nc = outline.channelCount;
  for (const c of [opts.target ?? null, ...(opts.assisting ?? []), opts.symmetryPair?.left ?? null, opts.symmetryPair?.right ?? null]) {
    if (c !== null && c >= nc) throw new Error(`channel ${c} does not exist: ${outline.fileName} has ${nc} channel${nc === 1 ? '' : 's'} (numbered from 0)`);
  }
  const meta = readMeta(outline);
  const roles = sessionRoles(outline);
  let target = opts.target ?? null;
  let assisting = opts.assisting ?? [];
  if (target === null && roles) {
    target = roles.target;
    if (opts.assisting === undefined) assisting = roles.assisting;
  }
  const symmetryPair = opts.symmetryPair !== undefined ? opts.symmetryPair : (roles?.symmetryPair ?? null);
  const settings = { ...DEFAULT_DSP_SETTINGS, mains, mainsHarmonics: opts.mainsHarmonics ?? DEFAULT_DSP_SETTINGS.mainsHarmonics };
  const signals = await source.filter(settings, { keepFilteredOf: target });
  const rec = source.recording;
  const minS = (2 * settings.rmsWindowMs) / 1000;
  if (!(rec.durationS >= minS)) throw new Error(`${rec.fileName}: only ${rec.durationS.toFixed(3)} s of signal, too short for a report (the file was probably cut off)`);
  const rate = rec.sampleRateHz;
  const factor = decimationFactor(rate);
  const decRate = rate / factor;
  // every channel's envelope is kept (filter() without keepEnvelopesOf)
  const dec = signals.decimatedEnvelope?.data ?? signals.envelope!.map((e) => blockMeans(e, factor));

  // MVCs: the library folder's, for the muscles on the role channels, if made before this session ended
  const muscles = rec.channelLabels.map((label, i) => meta?.channels.find((c) => c.index === i)?.muscle ?? label);
  const { mvcUv, used, note } = await mvcsFor(file, meta, muscles, [target, ...assisting, ...(symmetryPair ? [symmetryPair.left, symmetryPair.right] : [])], opts.person ?? 'me', rec.durationS);

  const marks = setMarks(rec, sessionSetTags(rec));
  const analyze = (t: number | null) =>
    analyzeSignals({
      sampleRateHz: rate,
      filtered: signals.filtered,
      ...(signals.decimatedEnvelope ? { decimatedEnvelope: signals.decimatedEnvelope } : { envelope: signals.envelope! }),
      targetChannel: t,
      assistingChannels: assisting,
      symmetryPair,
      mvcUv,
      ...(marks.length ? { setMarks: marks } : {}),
      // the reps' median frequency with the Welch loop in WebAssembly (the same numbers as fft.js)
      spectrum: welchSpectrumFast,
    });
  let result = analyze(target);
  const activity = target ?? result.activityChannel;
  if (activity !== null && !signals.filtered[activity]) {
    await source.ensureFiltered(signals, activity);
    result = analyze(target);
  }

  // the charts' traces, normalised like the numbers
  const ref = (c: number) => (result.normalisation === 'mvc' ? (mvcUv[c] as number) : result.channels[c].peakEnvelopeUv) || 1;
  const trace = (channels: number[], t0S: number, t1S: number): EnvelopeTrace => {
    const i0 = Math.max(0, Math.floor(t0S * decRate));
    const i1 = Math.min(dec[0]!.length, Math.ceil(t1S * decRate));
    const v = new Float64Array(Math.max(0, i1 - i0));
    for (const c of channels) {
      const k = 100 / ref(c) / channels.length;
      for (let i = i0; i < i1; i++) v[i - i0] += dec[c]![i] * k;
    }
    return downsampleMax(v, i0 / decRate, 1 / decRate, REPORT_DEFAULTS.maxPoints);
  };
  const setNotes = setNotesOf(meta);
  const sets: ReportSet[] = result.sets.map((set) => {
    const t0 = Math.max(0, set.startS - REPORT_DEFAULTS.leadS);
    const t1 = Math.min(rec.durationS, set.endS + REPORT_DEFAULTS.leadS);
    const note = setNotes.get(set.number);
    return {
      set,
      target: trace([result.activityChannel ?? 0], t0, t1),
      assisting: assisting.length ? trace(assisting, t0, t1) : null,
      ...(note ? { note } : {}),
    };
  });

  const exercises = meta?.exerciseId ? (await loadExercises(pathMod.dirname(file))).exercises : EXERCISE_LIBRARY;
  const exercise = findExercise(exercises, meta?.exerciseId);
  return {
    title: meta?.name ?? rec.fileName,
    startedAt: meta?.created ?? '',
    durationS: rec.durationS,
    fileName: rec.fileName,
    format: rec.format,
    sampleRateHz: rate,
    exerciseName: exercise?.name ?? meta?.exerciseId ?? null,
    device: meta?.device?.deviceId ?? null,
    channels: result.channels.map((c) => ({
      ...c,
      label: rec.channelLabels[c.index] ?? `ch${c.index}`,
      unit: rec.units[c.index] ?? '',
      role: c.index === result.activityChannel ? 'target' : assisting.includes(c.index) ? 'assisting' : 'other',
      ...(meta?.channels.find((m) => m.index === c.index)?.muscle ? { muscle: meta!.channels.find((m) => m.index === c.index)!.muscle } : {}),
      ...(symmetryPair?.left === c.index ? { side: 'left' as const } : symmetryPair?.right === c.index ? { side: 'right' as const } : {}),
    })),
    targetChannel: result.activityChannel,
    assistingChannels: assisting,
    symmetryPair,
    normalisation: result.normalisation,
    mvcs: result.normalisation === 'mvc' ? used : [],
    normalisationNote: result.normalisation === 'mvc' ? '' : note,
    setsFrom: marks.length ? 'recording marks' : 'rests',
    sets,
    sessionNote: meta?.notes?.trim() ? meta.notes.trim() : null,
    dsp: { highpassHz: settings.highpassHz, lowpassHz: signals.effectiveLowpassHz, mains, rmsWindowMs: settings.rmsWindowMs },
    warnings: [...rec.warnings, ...signals.warnings],
    generatedAt: (opts.now ?? new Date()).toISOString(),
  };
}

function readMeta(rec: { format: string; path: string }): SessionMeta | null {
  if (rec.format !== 'edf' && rec.format !== 'myocue') return null;
  const p = sessionMetaPath(rec.path);
  if (!existsSync(p)) return null;
  try {
    return readSessionMeta(p);
  } catch {
    return null;
  }
}

/** per-set notes, where a session keeps them (`setNotes: { "2": "…" }` or a `note` on a set detail) */
function setNotesOf(meta: SessionMeta | null): Map<number, string> {
  const out = new Map<number, string>();
  if (!meta) return out;
  const m = meta as SessionMeta & { setNotes?: Record<string, unknown> };
  for (const [k, v] of Object.entries(m.setNotes ?? {})) if (typeof v === 'string' && v.trim()) out.set(Number(k), v.trim());
  for (const s of meta.setDetails ?? []) {
    const note = (s as { note?: unknown }).note;
    if (typeof note === 'string' && note.trim() && !out.has(s.number)) out.set(s.number, note.trim());
  }
  return out;
}

async function mvcsFor(
  file: string,
  meta: SessionMeta | null,
  muscles: string[],
  roleChannels: (number | null)[],
  person: string,
  durationS: number,
): Promise<{ mvcUv: (number | null)[]; used: MvcCalibration[]; note: string }> {
  const none = (note: string) => ({ mvcUv: muscles.map(() => null), used: [], note });
  if (!meta) return none('a file without Myocue session details has no MVC calibration');
  const store = await MvcStore.open(pathMod.dirname(file));
  const end = meta.created ? new Date(meta.created).getTime() + durationS * 1000 : Infinity;
  const mvcUv: (number | null)[] = muscles.map(() => null);
  const used: MvcCalibration[] = [];
  for (const c of roleChannels) {
    if (c === null) continue;
    const cal = store.get((meta as SessionMeta & { person?: string }).person ?? person, muscles[c] ?? '');
    // a calibration made after the session is not what the session was measured against
    if (!cal || !(new Date(cal.date).getTime() <= end)) return none('no MVC calibration from before this session for every muscle');
    mvcUv[c] = cal.mvcUv;
    used.push(cal);
  }
  return { mvcUv, used, note: '' };
}

function blockMeans(x: Float64Array, factor: number): Float64Array {
  const m = Math.floor(x.length / factor);
  const out = new Float64Array(m);
  for (let k = 0, j = 0; k < m; k++) {
    let s = 0;
    for (const end = j + factor; j < end; j++) s += x[j];
    out[k] = s / factor;
  }
  return out;
}
