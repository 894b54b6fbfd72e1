/**
 * Issue 9.13 for analysis: a file of another tool (Vicon CSV, OpenSignals text, OpenSignals HDF5)
 * analysed through the streamed BDF+ conversion (analysis-source.ts, what `myocue analyze` does
 * for a file of 8 MB or more) gives the result of the whole-file read, within the 24-bit step
 * of the conversion, and is described as the original file (path, format, layout, whole labels,
 * warnings), not as the temporary BDF. Real files from the shared data (see their READMEs).
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { openAnalysisSourceAsync, removeConversionDir, type AnalysisSignals } from '../../src/analysis/analysis-source';
import { analyzeSignals } from '../../src/metrics/analyze-signals';

/** numbers equal within `rel` (relative) or 1e-6 absolute; everything else equal */
function near(a: unknown, b: unknown, rel: number, where = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) expect(Number.isNaN(a) && Number.isNaN(b), where).toBe(true);
    else expect(Math.abs(a - b), `${where}: ${a} vs ${b}`).toBeLessThanOrEqual(Math.max(1e-6, rel * Math.max(Math.abs(a), Math.abs(b))));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a as object).sort(), where).toEqual(Object.keys(b as object).sort());
    for (const k of Object.keys(a as object)) near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], rel, `${where}.${k}`);
    return;
  }
  expect(a, where).toEqual(b);
}

async function analyse(file: string, stream: boolean, target: number) {
  const source = await openAnalysisSourceAsync(file, { stream, workers: 0 });
  const f: AnalysisSignals = await source.filter(DEFAULT_DSP_SETTINGS, { keepFilteredOf: target, keepEnvelopesOf: [target] });
  const r = analyzeSignals({
    sampleRateHz: f.sampleRateHz,
    filtered: f.filtered,
    ...(f.envelope ? { envelope: f.envelope } : {}),
    ...(f.decimatedEnvelope ? { decimatedEnvelope: f.decimatedEnvelope } : {}),
    targetChannel: target,
    assistingChannels: [],
  });
  return { r, f, rec: source.recording, outline: source.outline };
}

afterAll(() => removeConversionDir());

describe('analysis of other tools’ files through the streamed BDF+ conversion', () => {
  for (const [name, rel, target, layout] of [
    ['pyomeca-shoulder-lift/analogs.csv', 'vicon', 8, 'vicon-csv'],
    ['bsnb-forearm-gestures/1_1.txt', 'opensignals text', 0, 'opensignals-txt'],
    ['bsnb-biceps/emg_fatigue.h5', 'OpenSignals HDF5', 0, 'opensignals-h5'],
  ] as const) {
    it(`${rel} (${name}): the whole-file result, described as the original`, async () => {
      const file = path.join(EMG_DATA_DIR, name);
      const whole = await analyse(file, false, target);
      const conv = await analyse(file, true, target);
      expect(whole.f.decimatedEnvelope).toBeUndefined();
      expect(conv.f.decimatedEnvelope).toBeDefined(); // it did take the streamed path
      expect(conv.outline.path).toBe(file);
      expect(conv.rec).toMatchObject({ path: file, fileName: path.basename(file), layout, format: whole.rec.format, channelLabels: whole.rec.channelLabels, units: whole.rec.units });
      expect(conv.rec.frameCount).toBe(whole.rec.frameCount);
      expect(conv.rec.sampleRateHz).toBe(whole.rec.sampleRateHz);
      expect(conv.rec.startTime?.getTime() ?? null).toBe(whole.rec.startTime?.getTime() ?? null);
      expect([...conv.rec.warnings].sort()).toEqual([...whole.rec.warnings].sort());
      expect(conv.rec.annotations).toEqual(whole.rec.annotations);
      expect(conv.r.channels.length).toBe(whole.r.channels.length);
      // the same sets, reps and figures within the 24-bit step (a few 1e-6 of the channel's range)
      near(conv.r, whole.r, 1e-3);
    }, 60_000);
  }
});
