/**
 * Soak: the band unplugged and plugged back in, many times, through a real pty pair (socat) and
 * the real serial path, while the host records. Afterwards the recording's timeline (signal +
 * marked gaps) is compared with the wall-clock time it covered: a gap that is under-counted makes
 * the file shorter than the session was (issue 9.8).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHost } from '../src/host/host';
import { startBandEmulator, type BandEmulator } from '../src/devices/band-emulator';
import { openEdfRecording } from '../src/recording/bdf-reader';
import { resolveDistFile } from '../src/util/package-paths';
import { openPtyPair } from '../tests/helpers/pty-pair';

export interface ReplugSoakResult {
  cycles: number;
  /** cycles after which the stream did not resume within 15 s */
  failed: number;
  wallS: number;
  /** the recording's span: signal + gaps, s */
  recordedSpanS: number;
  /** real signal in the file, s */
  recordedSignalS: number;
  /** wall − span, in samples: time the file lost */
  samplesLost: number;
  timelineErrorPct: number;
  elapsedS: number;
}

const RATE_HZ = 2000;

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export async function soakReplug(cycles: number, log: (s: string) => void): Promise<ReplugSoakResult> {
  const t0 = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'myocue-soak-replug-'));
  const pty = await openPtyPair();
  const band = { current: null as BandEmulator | null };
  const startBand = async () => (band.current = await startBandEmulator({ path: pty.a, options: { channels: 2, sampleRateHz: RATE_HZ } }));
  await startBand();
  // recorded from the band's first stream, as an unattended recording would be (serve --record-from-start)
  const host = await createHost({ dataDir, dspWorkerPath: resolveDistFile('dsp-worker.js'), sessionAtStart: true });
  let failed = 0;
  try {
    await host.invoke('connect', { kind: 'serial', path: pty.b });
    if (!(await waitFor(() => host.status().recording.active && host.status().device.state === 'streaming', 15_000))) throw new Error('the band never started streaming');
    const startedAt = Date.now();
    for (let i = 0; i < cycles; i++) {
      await new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
      await band.current?.stop();
      await pty.close();
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 1500));
      await pty.reopen();
      await startBand();
      const gapsBefore = host.status().counters.gaps;
      const resumed = await waitFor(() => host.status().device.state === 'streaming' && host.status().counters.gaps > gapsBefore, 15_000);
      if (!resumed) failed++;
      if ((i + 1) % 10 === 0) log(`  replug: ${i + 1}/${cycles} cycles, ${failed} failed`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const file = host.status().recording.path!;
    await host.invoke('disconnect', null);
    const wallS = (Date.now() - startedAt) / 1000;
    const info = openEdfRecording(file);
    const samplesLost = Math.round((wallS - info.spanS) * RATE_HZ);
    return {
      cycles,
      failed,
      wallS,
      recordedSpanS: info.spanS,
      recordedSignalS: info.durationS,
      samplesLost,
      timelineErrorPct: (100 * (wallS - info.spanS)) / wallS,
      elapsedS: (Date.now() - t0) / 1000,
    };
  } finally {
    await host.close();
    await band.current?.stop().catch(() => undefined);
    await pty.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
