/**
 * Batch analysis speed and memory: `myocue analyze FILE --json` on a 1-hour, 8-channel, 2000 Hz
 * BDF+ recording of the simulated band (sets of 8 reps, 20 s rests), run as a child process the
 * way a user runs it: read, filter (HP 20 + LP 450 + notch 50 + RMS 100 ms), envelope, reps,
 * median frequency. Speed = recording seconds / analysis seconds (measured inside the command,
 * from before the file is opened to the finished result). Peak memory = the child's maxRSS.
 * The same on 10-, 120- and 600-minute files shows how memory grows with length: it should hardly
 * grow (issue 10.4: 120 min within 1.3× of 10 min; the issue's title: a ten-hour file); the analysis keeps the role channels' 100 Hz
 * envelopes and small buffers, the target's filtered signal goes to a spill file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BdfPlusWriter } from '../src/recording/bdf-writer';
import { EmgSimulator } from '../src/devices/simulated-emg';
import { DEFAULT_SIMULATOR_OPTIONS } from '../src/devices/simulator-options';
import { BAND_MICROVOLTS_PER_COUNT } from '../src/devices/simulated-band';
import { packageRoot } from '../src/util/package-paths';

const CHANNELS = 8;
const RATE_HZ = 2000;

export interface AnalysisBenchResult {
  workload: string;
  realtimeFactor: number;
  analysisSeconds: number;
  peakRssMb: number;
  fileMb: number;
  /** the same on a 10-minute file, to show how memory scales */
  shortPeakRssMb: number;
  /** peak RSS, MB, by recording length in minutes (10, 60 and, when asked, 120 and 600) */
  peakRssMbByMinutes: Record<string, number>;
  setsFound: number;
  repsFound: number;
}

function writeRecording(path: string, seconds: number): void {
  const sim = new EmgSimulator({ ...DEFAULT_SIMULATOR_OPTIONS, channels: CHANNELS, sampleRateHz: RATE_HZ, assistingChannels: [1, 2], seed: 11 });
  const w = BdfPlusWriter.open(path, {
    channels: Array.from({ length: CHANNELS }, (_, i) => ({ label: `ch${i + 1}`, microvoltsPerCount: BAND_MICROVOLTS_PER_COUNT })),
    sampleRateHz: RATE_HZ,
    startTime: new Date('2026-11-28T10:00:00'),
    fsyncIntervalMs: 60_000,
  });
  const block = new Float64Array(RATE_HZ * 10 * CHANNELS);
  for (let done = 0; done < seconds; done += 10) {
    sim.fill(block, RATE_HZ * 10);
    w.writeSamples(block, RATE_HZ * 10);
  }
  w.close();
}

/** what another build's `analyze` did with the same files, in the same run (`--analysis-baseline DIR`) */
export interface AnalysisBaselineResult {
  root: string;
  realtimeFactor: number;
  analysisSeconds: number;
  peakRssMbByMinutes: Record<string, number>;
  setsFound: number;
  repsFound: number;
}

type AnalyzeRun = { analysisSeconds: number; maxRssKb: number; sets: number; reps: number };

function runAnalyze(file: string, hook: string, root = packageRoot()): Promise<AnalyzeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', hook, join(root, 'bin', 'myocue.js'), 'analyze', file, '--json', '--target', '0', '--assisting', '1,2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`analyze exited ${code}: ${err.trim()}`));
      const rss = /MAXRSS (\d+)/.exec(err);
      const r = JSON.parse(out) as { analysisSeconds: number; sets: { reps: unknown[] }[] };
      resolve({
        analysisSeconds: r.analysisSeconds,
        maxRssKb: rss ? Number(rss[1]) : NaN,
        sets: r.sets.length,
        reps: r.sets.reduce((a, s) => a + s.reps.length, 0),
      });
    });
  });
}

/**
 * `baselineRoot`: a built checkout of another version (its `bin/myocue.js` and `dist/`), run on the
 * same files alternately with this build (1 h: best of 3 each; 10 and 120 min: memory), so a
 * before → after is of one machine and one moment.
 */
export async function benchAnalysis(
  hours = 1,
  withTwoHours = true,
  baselineRoot?: string,
): Promise<AnalysisBenchResult & { baseline?: AnalysisBaselineResult; tenHours?: { analysisSeconds: number; fileMb: number } }> {
  const dir = mkdtempSync(join(tmpdir(), 'myocue-analysis-bench-'));
  try {
    const hook = join(dir, 'rss-hook.cjs');
    // peak RSS of the analysing process: VmHWM of its own address space. (getrusage's maxRSS is
    // kept across exec on Linux, so a child would report at least its parent's size.)
    writeFileSync(
      hook,
      "process.on('exit', () => { const m = /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); " +
        "process.stderr.write('MAXRSS ' + (m ? m[1] : process.resourceUsage().maxRSS) + '\\n'); });\n",
    );
    const long = join(dir, 'one-hour.bdf');
    const short = join(dir, 'ten-minutes.bdf');
    const seconds = Math.round(hours * 3600);
    writeRecording(long, seconds);
    writeRecording(short, 600);
    await runAnalyze(short, hook); // warm the OS file cache and disk
    const shortRun = await runAnalyze(short, hook);
    const baseShort = baselineRoot ? await runAnalyze(short, hook, baselineRoot) : null;
    let best: AnalyzeRun | null = null;
    let baseBest: AnalyzeRun | null = null;
    for (let i = 0; i < 3; i++) {
      const r = await runAnalyze(long, hook);
      if (!best || r.analysisSeconds < best.analysisSeconds) best = r;
      if (baselineRoot) {
        const o = await runAnalyze(long, hook, baselineRoot);
        if (!baseBest || o.analysisSeconds < baseBest.analysisSeconds) baseBest = o;
      }
    }
    const b = best!;
    const longMb = statSync(long).size / 1e6;
    const mb = (kb: number) => Math.round(kb / 1024);
    const byMinutes: Record<string, number> = { '10': mb(shortRun.maxRssKb), [String(Math.round(seconds / 60))]: mb(b.maxRssKb) };
    const baseByMinutes: Record<string, number> = baseShort && baseBest ? { '10': mb(baseShort.maxRssKb), [String(Math.round(seconds / 60))]: mb(baseBest.maxRssKb) } : {};
    let tenHours: { analysisSeconds: number; fileMb: number } | undefined;
    if (withTwoHours) {
      // memory only (one run): the file is written, analysed once and removed before returning
      const twoHours = join(dir, 'two-hours.bdf');
      rmSync(long, { force: true });
      writeRecording(twoHours, 7200);
      byMinutes['120'] = mb((await runAnalyze(twoHours, hook)).maxRssKb);
      if (baselineRoot) baseByMinutes['120'] = mb((await runAnalyze(twoHours, hook, baselineRoot)).maxRssKb);
      rmSync(twoHours, { force: true });
      // the title case: a ten-hour file (1.8 GB) costs what a short one does (one run, this build only)
      const tenHoursFile = join(dir, 'ten-hours.bdf');
      writeRecording(tenHoursFile, 36_000);
      const r = await runAnalyze(tenHoursFile, hook);
      byMinutes['600'] = mb(r.maxRssKb);
      tenHours = { analysisSeconds: r.analysisSeconds, fileMb: statSync(tenHoursFile).size / 1e6 };
      rmSync(tenHoursFile, { force: true });
    }
    const baseline: AnalysisBaselineResult | undefined =
      baselineRoot && baseBest
        ? { root: baselineRoot, realtimeFactor: seconds / baseBest.analysisSeconds, analysisSeconds: baseBest.analysisSeconds, peakRssMbByMinutes: baseByMinutes, setsFound: baseBest.sets, repsFound: baseBest.reps }
        : undefined;
    return {
      ...(baseline ? { baseline } : {}),
      ...(tenHours ? { tenHours } : {}),
      peakRssMbByMinutes: byMinutes,
      workload: `myocue analyze --json on a ${seconds / 3600} h, ${CHANNELS} ch × ${RATE_HZ} Hz BDF+ file of the simulated band (${longMb.toFixed(0)} MB): read, filter, envelope, reps, median frequency; best of 3`,
      realtimeFactor: seconds / b.analysisSeconds,
      analysisSeconds: b.analysisSeconds,
      peakRssMb: b.maxRssKb / 1024,
      fileMb: longMb,
      shortPeakRssMb: shortRun.maxRssKb / 1024,
      setsFound: b.sets,
      repsFound: b.reps,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
