/**
 * `myocue analyze FILE --json` (the built CLI, as a user runs it) on every real recording in
 * shared/data/emg. Rates, durations and channel counts are the ones each folder's README
 * documents; rep counts are asserted as ranges around what the README's own analysis found
 * (its timings are indicative, INDEX.md says so). The figures each file gave are printed.
 */
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli-process';
import { openEdfRecording, readAllChannels } from '../../src/recording/bdf-reader';

const DATA = EMG_DATA_DIR;
// the recordings are part of the workspace: their absence is a failure, not a reason to skip
it('finds the real recordings', () => {
  expect(fs.existsSync(path.join(DATA, 'INDEX.md')), `no real recordings at ${DATA} (set MYOCUE_SHARED_DIR)`).toBe(true);
});

interface Case {
  file: string;
  args?: string[];
  rate: number;
  durationS: number;
  channels: number;
  /** repeated contractions: total reps in this range, sets in this range */
  reps?: [number, number];
  sets?: [number, number];
  /** --target/--assisting given: a target share per set */
  share?: boolean;
  /** a rest-only recording: no set at all */
  restOnly?: boolean;
  /** the first rep starts in this range, s (no false first rep at the start of the file) */
  firstRepS?: [number, number];
  /** onsets of the README's own analysis: the median |difference| must be ≤ 0.25 s */
  readmeOnsetsS?: number[];
}

// bsnb-biceps/README.md, emg_fatigue onsets (band-pass, 100 ms RMS, 5 × 10th-percentile threshold)
const FATIGUE_ONSETS = [
  0.98, 5.66, 9.73, 13.69, 17.73, 21.62, 25.54, 29.95, 33.62, 37.65, 41.39, 45.31, 49.21, 53.16, 57.44, 61.33, 65.8, 69.52, 73.2, 77.39,
  81.21, 85.2, 89.1, 93.36, 97.27, 101.35, 105.49, 109.47, 113.43, 117.81,
];
// emg_bursts: 1.29-2.47, 4.54-5.69, 7.87-9.21, 11.63-12.55, 14.50-15.55, 17.32-18.47, 20.33-21.53, 23.29-24.68, 26.35-27.72 s
const BURST_ONSETS = [1.29, 4.54, 7.87, 11.63, 14.5, 17.32, 20.33, 23.29, 26.35];

const CASES: Case[] = [
  // 5 grasps of ~4-5 s (33.7, 55.5, 73.7, 83.9, 112.6 s); ch1 shows each as two sub-bursts (README)
  { file: 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1R0.txt', rate: 200, durationS: 132.37, channels: 4, sets: [5, 5], reps: [5, 10], firstRepS: [33.5, 34.5] },
  // ch2 as target, ch1 assisting: both active in every grasp, one burst per grasp: 5 grasps (the
  // 15 µV ch2 blip at 22.8 s is no rep); the 3rd and 4th are 4.7 s apart, one set
  { file: 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1R0.txt', args: ['--target', '1', '--assisting', '0'], rate: 200, durationS: 132.37, channels: 4, sets: [4, 5], reps: [5, 5], share: true, firstRepS: [33.5, 34] },
  { file: 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt', rate: 200, durationS: 24.395, channels: 4, restOnly: true },
  // one box lift, 38 analog columns (13 muscles); anterior deltoid vs upper trapezius, biceps vs triceps
  { file: 'pyomeca-shoulder-lift/analogs.csv', args: ['--target', '6', '--assisting', '11'], rate: 2000, durationS: 5.8, channels: 38, sets: [1, 1], reps: [1, 2], share: true },
  { file: 'pyomeca-shoulder-lift/analogs.csv', args: ['--target', '9', '--assisting', '10'], rate: 2000, durationS: 5.8, channels: 38, sets: [1, 1], reps: [1, 3], share: true },
  // very weak activity: a gym detector should report little or nothing, and not crash
  { file: 'biosppy-examples/emg.txt', rate: 1000, durationS: 100, channels: 1, reps: [0, 2] },
  // bursts at 1.5, 15.5, (25.6 + 26.4: 0.2 s each, twitches), faint 38.5 s
  // (before: a false first rep 0-0.48 s from the start-up)
  { file: 'biosppy-examples/emg_1.txt', rate: 1000, durationS: 63.88, channels: 1, sets: [1, 4], reps: [2, 5], firstRepS: [1.3, 1.6] },
  // 30 flexion/extension reps to fatigue; 9 contractions (the CSVs have no time column: --rate)
  // (before: the first rep at 0.00 s; the README and peers: 0.9-1.15 s)
  { file: 'bsnb-biceps/emg_fatigue.csv', args: ['--rate', '1000'], rate: 1000, durationS: 126.9, channels: 1, sets: [1, 1], reps: [30, 30], firstRepS: [0.85, 1.15], readmeOnsetsS: FATIGUE_ONSETS },
  { file: 'bsnb-biceps/emg_bursts.csv', args: ['--rate', '1000'], rate: 1000, durationS: 28.519, channels: 1, sets: [1, 1], reps: [9, 9], firstRepS: [1.0, 1.4], readmeOnsetsS: BURST_ONSETS },
  // the OpenSignals HDF5 originals (rate from the file, µV from the PLUX transfer function): the same reps
  { file: 'bsnb-biceps/emg_fatigue.h5', rate: 1000, durationS: 126.9, channels: 1, sets: [1, 1], reps: [30, 30], firstRepS: [0.85, 1.15], readmeOnsetsS: FATIGUE_ONSETS },
  { file: 'bsnb-biceps/emg_bursts.h5', rate: 1000, durationS: 28.519, channels: 1, sets: [1, 1], reps: [9, 9], firstRepS: [1.0, 1.4], readmeOnsetsS: BURST_ONSETS },
  // rest, then one gesture held: FDS (ch 0) leads in paper/stone, adductor pollicis (ch 1) in scissor
  { file: 'bsnb-forearm-gestures/0_1.txt', args: ['--target', '0', '--assisting', '1'], rate: 1000, durationS: 6, channels: 3, restOnly: true, share: true },
  { file: 'bsnb-forearm-gestures/1_1.txt', args: ['--target', '0', '--assisting', '1'], rate: 1000, durationS: 6.6, channels: 3, sets: [1, 1], reps: [1, 2], share: true },
  { file: 'bsnb-forearm-gestures/2_1.txt', args: ['--target', '0', '--assisting', '1'], rate: 1000, durationS: 5.55, channels: 3, sets: [1, 1], reps: [1, 2], share: true },
  { file: 'bsnb-forearm-gestures/3_1.txt', args: ['--target', '1', '--assisting', '0'], rate: 1000, durationS: 6.15, channels: 3, sets: [1, 1], reps: [1, 2], share: true },
];

interface Report {
  sampleRate: number;
  durationS: number;
  targetChannel: number | null;
  activityChannel: number | null;
  channels: { index: number; label: string; noiseFloorUv: number; peakEnvelopeUv: number }[];
  sets: { number: number; startS: number; endS: number; reps: { startS: number; endS: number }[]; targetShare: number | null }[];
  warnings: string[];
}

const figures: string[] = [];
afterAll(() => {
  if (figures.length) console.log(`analyze on the real recordings:\n${figures.join('\n')}`);
});

describe('myocue analyze on every real recording in shared/data/emg', () => {
  it('covers every recording file of the data folder', () => {
    const files = fs
      .readdirSync(DATA, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(txt|csv|h5)$/.test(f) && !/LICENSE|README/i.test(f))
      .map((f) => f.split(path.sep).join('/'));
    const covered = new Set(CASES.map((c) => c.file));
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.file} ${(c.args ?? []).join(' ')}`, async () => {
      const file = path.join(DATA, c.file);
      const r = await runCli(['analyze', file, '--json', ...(c.args ?? [])], 120_000);
      expect(r.stderr.split('\n').filter((l) => /error|cannot|not a/i.test(l))).toEqual([]);
      expect(r.code).toBe(0);
      const o = JSON.parse(r.stdout) as Report;
      expect(o.sampleRate).toBe(c.rate);
      expect(o.durationS).toBeCloseTo(c.durationS, 2);
      expect(o.channels).toHaveLength(c.channels);
      for (const ch of o.channels) {
        expect(Number.isFinite(ch.noiseFloorUv) && ch.noiseFloorUv >= 0).toBe(true);
        expect(ch.peakEnvelopeUv).toBeGreaterThanOrEqual(ch.noiseFloorUv);
      }
      expect(Array.isArray(o.sets)).toBe(true);
      for (const s of o.sets) {
        expect(Array.isArray(s.reps)).toBe(true);
        expect(s.reps.length).toBeGreaterThan(0);
        expect(s.startS).toBeGreaterThanOrEqual(0);
        expect(s.endS).toBeLessThanOrEqual(o.durationS + 1e-6);
        for (const rep of s.reps) expect(rep.endS).toBeGreaterThan(rep.startS);
        if (c.share) {
          expect(s.targetShare).not.toBeNull();
          expect(s.targetShare!).toBeGreaterThanOrEqual(0);
          expect(s.targetShare!).toBeLessThanOrEqual(1);
        } else expect(s.targetShare).toBeNull();
      }
      const reps = o.sets.reduce((n, s) => n + s.reps.length, 0);
      if (c.restOnly) expect(o.sets).toEqual([]);
      if (c.reps) {
        expect(reps).toBeGreaterThanOrEqual(c.reps[0]);
        expect(reps).toBeLessThanOrEqual(c.reps[1]);
      }
      if (c.sets) {
        expect(o.sets.length).toBeGreaterThanOrEqual(c.sets[0]);
        expect(o.sets.length).toBeLessThanOrEqual(c.sets[1]);
      }
      const onsets = o.sets.flatMap((s) => s.reps.map((r) => r.startS));
      if (c.firstRepS) {
        expect(onsets[0]).toBeGreaterThanOrEqual(c.firstRepS[0]);
        expect(onsets[0]).toBeLessThanOrEqual(c.firstRepS[1]);
      }
      if (c.readmeOnsetsS) {
        expect(onsets).toHaveLength(c.readmeOnsetsS.length);
        const d = onsets.map((t, k) => Math.abs(t - c.readmeOnsetsS![k])).sort((a, b) => a - b);
        expect(d[d.length >> 1]).toBeLessThanOrEqual(0.25);
      }
      const act = o.activityChannel;
      figures.push(
        `  ${c.file} ${(c.args ?? []).join(' ')}: ${o.sampleRate} Hz, ${o.durationS} s, ${o.channels.length} ch, ` +
          `${o.sets.length} set(s), reps/set [${o.sets.map((s) => s.reps.length).join(', ')}], ` +
          `share [${o.sets.map((s) => (s.targetShare === null ? '–' : s.targetShare.toFixed(2))).join(', ')}], ` +
          `activity ch ${act}, noise floor ${act === null ? '–' : o.channels[act].noiseFloorUv.toFixed(1)}`,
      );
    });
  }
});

describe('myocue analyze on broken input', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-analyze-real-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function expectOneLineError(file: string, args: string[], code: number, pattern: RegExp) {
    const r = await runCli(['analyze', file, '--json', ...args]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    return lines[0];
  }

  it('a truncated copy (cut inside the header, or after a few rows) and a garbage file: exit 1, one line naming the file', async () => {
    const vicon = fs.readFileSync(path.join(DATA, 'pyomeca-shoulder-lift/analogs.csv'));
    fs.writeFileSync(path.join(dir, 'analogs-cut.csv'), vicon.subarray(0, 700));
    await expectOneLineError(path.join(dir, 'analogs-cut.csv'), [], 1, /analogs-cut\.csv: .*cut off/);

    const openbci = fs.readFileSync(path.join(DATA, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt'));
    fs.writeFileSync(path.join(dir, 'openbci-cut.txt'), openbci.subarray(0, 500));
    await expectOneLineError(path.join(dir, 'openbci-cut.txt'), [], 1, /openbci-cut\.txt: .*too short to analyse.*cut off/);

    const gestures = fs.readFileSync(path.join(DATA, 'bsnb-forearm-gestures/1_1.txt'));
    fs.writeFileSync(path.join(dir, 'gesture-cut.txt'), gestures.subarray(0, 150));
    await expectOneLineError(path.join(dir, 'gesture-cut.txt'), [], 1, /gesture-cut\.txt: /);

    let s = 7;
    const garbage = Buffer.alloc(20_000, 0).map(() => (s = (s * 1103515245 + 12345) % 2147483648) & 0xff);
    fs.writeFileSync(path.join(dir, 'garbage.txt'), garbage);
    await expectOneLineError(path.join(dir, 'garbage.txt'), [], 1, /garbage\.txt: not a recording/);
  });

  it('a copy cut in the middle of its data is analysed up to the cut, with a warning', async () => {
    const openbci = fs.readFileSync(path.join(DATA, 'openbci-ganglion-grasp/OpenBCI-RAW-S05_S1REST.txt'));
    const p = path.join(dir, 'openbci-half.txt');
    fs.writeFileSync(p, openbci.subarray(0, 150_000));
    const r = await runCli(['analyze', p, '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as Report;
    expect(o.durationS).toBeGreaterThan(10);
    expect(o.durationS).toBeLessThan(24.395);
    expect(o.warnings.join(' ')).toMatch(/cut off/);
  });

  it('a wrong --rate or --target: exit 2, one line', async () => {
    const bursts = path.join(DATA, 'bsnb-biceps/emg_bursts.csv');
    await expectOneLineError(bursts, ['--rate', 'abc'], 2, /--rate/);
    await expectOneLineError(bursts, ['--rate', '0'], 2, /--rate/);
    await expectOneLineError(bursts, ['--rate', '1000', '--target', '5'], 2, /channel 5 does not exist: emg_bursts\.csv has 1 channel/);
    await expectOneLineError(path.join(DATA, 'bsnb-forearm-gestures/1_1.txt'), ['--target', 'x'], 2, /--target/);
    await expectOneLineError(path.join(DATA, 'bsnb-forearm-gestures/1_1.txt'), ['--mains-harmonics', '4'], 2, /--mains-harmonics/);
    // and without --rate the CSV says what is missing (exit 1: the file, not the command line)
    await expectOneLineError(bursts, [], 1, /emg_bursts\.csv: cannot infer the sample rate.*--rate/);
  });
});

describe('myocue analyze --mains-harmonics', () => {
  it('notching 100 and 150 Hz too lowers the rest noise floor of a humming rest recording', async () => {
    const file = path.join(DATA, 'bsnb-forearm-gestures/0_1.txt');
    const floors: number[] = [];
    for (const h of ['1', '3']) {
      const r = await runCli(['analyze', file, '--json', '--mains-harmonics', h]);
      expect(r.code, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout) as Report & { dsp: { mainsHarmonics: number } };
      expect(o.dsp.mainsHarmonics).toBe(Number(h));
      floors.push(o.channels[1].noiseFloorUv);
    }
    figures.push(`  --mains-harmonics on bsnb-forearm-gestures/0_1.txt ch1: noise floor ${floors[0].toFixed(2)} (fundamental only) → ${floors[1].toFixed(2)} (3 harmonics)`);
    expect(floors[1]).toBeLessThan(0.95 * floors[0]);
  });
});

describe('myocue export --envelope on a real recording', () => {
  it('BioSPPy emg.txt (raw ADC counts at ~2050): the first second is no start-up transient (before: 325 counts, real peak 5)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-export-env-'));
    try {
      const out = path.join(dir, 'emg-env.edf');
      const r = await runCli(['export', path.join(DATA, 'biosppy-examples/emg.txt'), '--to', 'edf', '--out', out, '--envelope']);
      expect(r.code, r.stderr).toBe(0);
      const info = openEdfRecording(out);
      const env = readAllChannels(info)[0];
      const rate = info.sampleRateHz;
      let first = 0;
      for (let i = 0; i < rate; i++) first = Math.max(first, env[i]);
      let rest = 0; // 1-30 s: rest (the weak activity is at 36-39 s and 50-58 s)
      for (let i = rate; i < 30 * rate; i++) rest = Math.max(rest, env[i]);
      figures.push(`  export --envelope biosppy-examples/emg.txt: max in the first second ${first.toFixed(2)}, max over 1-30 s ${rest.toFixed(2)}`);
      expect(first).toBeLessThanOrEqual(1.2 * rest);
      expect(rest).toBeLessThan(10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
