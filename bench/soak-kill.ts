/**
 * Soak: `myocue serve` killed with SIGKILL while it records (a crash, a power cut), again and
 * again. Each time the recording must open (recovered) and hold all but at most its last second
 * (README: "a recording cut short by a crash opens recovered, minus at most its last second").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openEdfRecording } from '../src/recording/bdf-reader';
import { startServe } from '../tests/helpers/cli-process';

export interface KillSoakResult {
  kills: number;
  /** recordings that did not open, or lost more than 1.5 s */
  failed: number;
  /** signal lost per kill, s: the recording's length vs the time it was running */
  lostS: number[];
  samplesLost: number;
  maxLostS: number;
}

const RATE_HZ = 2000;

export async function soakKill(kills: number, log: (s: string) => void): Promise<KillSoakResult> {
  const lostS: number[] = [];
  let failed = 0;
  for (let i = 0; i < kills; i++) {
    const serve = await startServe(['--device', 'sim', '--channels', '2', '--rate', String(RATE_HZ), '--record-from-start']);
    try {
      // the recording starts with the band's first header: wait for its file
      const t0 = Date.now();
      let bdf: string | undefined;
      while (!bdf && Date.now() - t0 < 15_000) {
        bdf = fs.readdirSync(serve.dataDir).find((f) => f.endsWith('.bdf'));
        if (!bdf) await new Promise((r) => setTimeout(r, 10));
      }
      if (!bdf) throw new Error('no recording started');
      const startedAt = Date.now();
      await new Promise((r) => setTimeout(r, 2000 + Math.random() * 4000));
      const ranS = (Date.now() - startedAt) / 1000;
      serve.proc.kill('SIGKILL');
      await serve.stop();
      try {
        const info = openEdfRecording(path.join(serve.dataDir, bdf));
        const lost = Math.max(0, ranS - info.spanS);
        lostS.push(lost);
        if (lost > 1.5 || !info.recovered) failed++;
        log(`  kill -9 #${i + 1}: ran ${ranS.toFixed(2)} s, file ${info.spanS.toFixed(2)} s (recovered: ${info.recovered})`);
      } catch (err) {
        failed++;
        log(`  kill -9 #${i + 1}: the recording does not open: ${(err as Error).message}`);
      }
    } finally {
      fs.rmSync(serve.dataDir, { recursive: true, force: true });
    }
  }
  const samplesLost = Math.round(lostS.reduce((a, b) => a + b, 0) * RATE_HZ);
  return { kills, failed, lostS, samplesLost, maxLostS: Math.max(0, ...lostS) };
}
