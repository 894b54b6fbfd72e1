/**
 * Run in a child process (bundled by the test with esbuild): opens a file for replay as the host
 * does and plays it to the end as fast as the player allows (a fake clock), then prints the
 * process's RSS before opening and its peak (maxRSS) as JSON. Modes:
 *   host   replayPlayerFor (the host's path: a text import converted, streamed, to BDF+ first)
 *   whole  RecordingPlayer on the file itself (the text import read whole into memory: before)
 * Usage: node probe.js MODE FILE DATA_DIR
 */
import { RecordingPlayer } from '../../src/devices/recording-player';
import { replayPlayerFor } from '../../src/host/replay-player';

async function main(): Promise<void> {
  const [mode, file, dataDir] = process.argv.slice(2);
  if (typeof global.gc === 'function') global.gc();
  const baseRssKb = process.memoryUsage().rss / 1024;
  let clock = 0;
  const opts = { pacing: 'manual' as const, speed: 8, now: () => clock };
  const player = mode === 'host' ? await replayPlayerFor(file, dataDir) : new RecordingPlayer(file, opts);
  // the host's player paces by the wall clock; here the same player is driven by a fake one
  const p = mode === 'host' ? new RecordingPlayer(player.path, opts) : player;
  let frames = 0;
  p.on((e) => {
    if (e.type === 'samples') frames += e.block.frameCount;
  });
  await p.start();
  while (p.state === 'streaming') {
    clock += 2000;
    p.tick();
  }
  await p.stop();
  const peakRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ mode, frames, baseRssKb, peakRssKb, growthMb: (peakRssKb - baseRssKb) / 1024 }) + '\n');
}

main().catch((err) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
