/**
 * `myocue analyze` on a BDF file as a user runs it (built CLI, channels split between the main
 * thread and dist/analysis-worker.js, started by bin/myocue.js before the bundle loads): the same
 * sets, reps and metrics as the in-memory path run in this process, whichever thread filters the
 * target; a file cut off inside its header fails with one line naming the file; a file
 * cut off mid-record is analysed as far as it is whole, with the recovery message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, runCli } from '../helpers/cli-process';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { EmgSimulator } from '../../src/devices/simulated-emg';
import { DEFAULT_SIMULATOR_OPTIONS } from '../../src/devices/simulator-options';
import { BAND_MICROVOLTS_PER_COUNT } from '../../src/devices/simulated-band';
import { importRecording } from '../../src/formats/detect-format';
import { filterRecording } from '../../src/analysis/filter-recording';
import { analyzeSignals } from '../../src/metrics/analyze-signals';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';

let dir: string;
let file: string;

beforeAll(() => {
  assertBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-analysis-parallel-'));
  file = path.join(dir, 'two-minutes.bdf');
  const ch = 5;
  const sim = new EmgSimulator({ ...DEFAULT_SIMULATOR_OPTIONS, channels: ch, sampleRateHz: 2000, assistingChannels: [1, 2], seed: 4 });
  const w = BdfPlusWriter.open(file, {
    channels: Array.from({ length: ch }, (_, i) => ({ label: `ch${i + 1}`, microvoltsPerCount: BAND_MICROVOLTS_PER_COUNT })),
    sampleRateHz: 2000,
    startTime: new Date('2026-11-28T10:00:00'),
    fsyncIntervalMs: 60_000,
  });
  const block = new Float64Array(2000 * ch);
  for (let s = 0; s < 120; s++) {
    sim.fill(block, 2000);
    w.writeSamples(block, 2000);
  }
  w.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function inMemory(target: number | null) {
  const rec = importRecording(file);
  const f = filterRecording(rec.samples, rec.sampleRateHz, { ...DEFAULT_DSP_SETTINGS }, { inPlace: true, warmUp: true });
  return analyzeSignals({ sampleRateHz: rec.sampleRateHz, filtered: f.filtered!, envelope: f.envelope, targetChannel: target, assistingChannels: [1, 2] });
}

function expectClose(a: unknown, b: unknown, where = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b), `${where}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(b)));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a as object).sort(), where).toEqual(Object.keys(b as object).sort());
    for (const k of Object.keys(a as object)) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
  } else expect(a, where).toEqual(b);
}

describe('myocue analyze on a BDF file (streamed, worker thread)', () => {
  // target 4 is in the worker's half of the 5 channels: its spill file is written in the worker
  // and read here after the worker has exited (Node closed it at the worker's exit: EBADF)
  for (const target of [0, 4, null]) {
    it(`target ${target}: same result as the in-memory path`, async () => {
      const args = ['analyze', file, '--json', '--assisting', '1,2', ...(target === null ? [] : ['--target', String(target)])];
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      const mem = inMemory(target);
      expect(out.sets.length).toBeGreaterThan(0);
      expect(out.activityChannel).toBe(mem.activityChannel);
      expectClose(out.sets, JSON.parse(JSON.stringify(mem.sets)));
      expectClose(out.medianFrequencyTrend, mem.medianFrequencyTrend);
      expectClose(
        out.channels.map((c: { index: number; noiseFloorUv: number; peakEnvelopeUv: number; meanEnvelopeUv: number }) => [c.index, c.noiseFloorUv, c.peakEnvelopeUv, c.meanEnvelopeUv]),
        mem.channels.map((c) => [c.index, c.noiseFloorUv, c.peakEnvelopeUv, c.meanEnvelopeUv]),
      );
    });
  }

  it('a file cut off inside its header: one line naming the file, exit 1', async () => {
    const cut = path.join(dir, 'cut-header.bdf');
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, 600));
    const r = await runCli(['analyze', cut, '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cut-header.bdf');
    expect(r.stdout).toBe('');
  });

  it('a file cut off mid-record: analysed as far as it is whole, with the recovery message', async () => {
    const cut = path.join(dir, 'cut-data.bdf');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6) + 5));
    const r = await runCli(['analyze', cut, '--json', '--target', '0', '--assisting', '1,2']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.durationS).toBeGreaterThan(60);
    expect(out.durationS).toBeLessThan(80);
    expect(out.warnings.join('\n')).toMatch(/truncated/);
  });
});
