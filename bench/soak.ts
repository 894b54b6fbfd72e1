/**
 * `npm run soak`: the long robustness runs of issue 9 (not part of npm test; about 10 minutes):
 *   decoder   10^6 fuzzed band lines through the stream decoder (bench/decoder-fuzz.ts)
 *   replug    40 unplug/replug cycles through a real pty while recording (bench/soak-replug.ts)
 *   stalled   20 clients that stop reading, 5 minutes, against `myocue serve` (bench/soak-stalled.ts)
 *   kill      `myocue serve` killed with SIGKILL during recording, 10 times (bench/soak-kill.ts)
 * Prints for each: tried, failed, samples lost, memory growth; exits non-zero if any failed.
 * `--quick` runs short versions (a smoke test of the soak itself); `--only decoder,kill` picks sections;
 * `--json` prints one JSON object.
 */
import { runDecoderFuzz } from './decoder-fuzz';
import { soakReplug } from './soak-replug';
import { soakStalledClients } from './soak-stalled';
import { soakKill } from './soak-kill';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const onlyArg = args.find((a, i) => a.startsWith('--only=') || args[i - 1] === '--only');
const only = onlyArg ? new Set(onlyArg.replace(/^--only=/, '').split(',')) : null;
const wanted = (s: string) => !only || only.has(s);
const log = (s: string) => {
  if (!json) process.stdout.write(s + '\n');
};

async function main(): Promise<number> {
  const result: Record<string, unknown> = {};
  let failures = 0;
  const memBefore = process.memoryUsage().rss;

  if (wanted('decoder')) {
    const lines = quick ? 100_000 : 1_000_000;
    log(`decoder fuzz: ${lines} band lines, 10% damaged (flip, cut, glue, garbage prefix, noise, CR, lost, repeated), seed 9`);
    const r = runDecoderFuzz({ lines, seed: 9 });
    result.decoder = r;
    const damaged = Object.values(r.damaged).reduce((a, b) => a + b, 0);
    const failed = r.decoderErrors + r.backwards + r.falseAccepts;
    // a misplaced line shifts everything after it (a repeated line taken as new data: issue 9.10)
    failures += r.decoderErrors + r.backwards + (r.misplaced > 0 ? 1 : 0);
    log(`  tried ${r.lines} lines (${damaged} damaged), failed ${failed} (decoder errors ${r.decoderErrors}, time going back ${r.backwards}, CRC false accepts ${r.falseAccepts})`);
    log(`  lines lost ${r.linesMissing} (damaged beyond use), misplaced ${r.misplaced} (max offset ${r.maxOffsetSamples} samples; repeated lines: ${r.damaged.repeat}), ${(r.elapsedMs / 1000).toFixed(1)} s`);
  }
  if (wanted('replug')) {
    const cycles = quick ? 5 : 40;
    log(`replug: ${cycles} unplug/replug cycles through a pty pair (socat), recording`);
    const r = await soakReplug(cycles, log);
    result.replug = r;
    failures += r.failed;
    log(`  tried ${r.cycles}, failed ${r.failed}; wall ${r.wallS.toFixed(1)} s, file span ${r.recordedSpanS.toFixed(1)} s (signal ${r.recordedSignalS.toFixed(1)} s)`);
    log(`  samples lost from the timeline ${r.samplesLost} (${r.timelineErrorPct.toFixed(2)}% of wall time; target ≤ 1%)`);
  }
  if (wanted('stalled')) {
    const clients = quick ? 5 : 20;
    const seconds = quick ? 30 : 300;
    log(`stalled clients: ${clients} WebSocket clients that never read, ${seconds} s, against myocue serve (8 ch sim)`);
    const r = await soakStalledClients(clients, seconds, log);
    result.stalled = r;
    if (r.rssGrowthMb > 100 || r.slowAnswers > 0) failures++;
    log(`  tried ${r.statusRequests} status requests, ${r.slowAnswers} slower than 1 s (p50 ${r.answerP50Ms.toFixed(1)} ms, max ${r.answerMaxMs.toFixed(1)} ms)`);
    log(`  server RSS ${r.rssStartMb.toFixed(0)} → max ${r.rssMaxMb.toFixed(0)} → end ${r.rssEndMb.toFixed(0)} MB: growth ${r.rssGrowthMb.toFixed(0)} MB (target ≤ 100); stalled clients closed by the server ${r.closedByServer}`);
  }
  if (wanted('kill')) {
    const kills = quick ? 3 : 10;
    log(`kill -9 during recording: ${kills} times`);
    const r = await soakKill(kills, log);
    result.kill = r;
    failures += r.failed;
    log(`  tried ${r.kills}, failed ${r.failed}; samples lost ${r.samplesLost} in all (max ${r.maxLostS.toFixed(2)} s per kill; target ≤ 1 s)`);
  }
  result.soakProcessRssGrowthMb = (process.memoryUsage().rss - memBefore) / 2 ** 20;
  log(`soak process memory growth: ${(result.soakProcessRssGrowthMb as number).toFixed(0)} MB; ${failures === 0 ? 'all passed' : `${failures} failure(s)`}`);
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`soak: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
