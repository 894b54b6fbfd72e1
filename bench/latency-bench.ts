/**
 * Transport latency: from a data line written into one end of a pty pair to the envelope frame
 * (decoded, filtered in the DSP worker, decimated) reaching a host subscriber. Both ends run in
 * this process, so one clock (performance.now) times both. Measured with both cores kept busy by
 * spinning processes, as the target asks.
 */
import { createHost } from '../src/host/host';
import { startBandEmulator } from '../src/devices/band-emulator';
import { openPtyPair } from '../tests/helpers/pty-pair';
import { resolveDistFile } from '../src/util/package-paths';
import { busyCores } from './busy-cores';
import { percentile } from './stats';

export interface LatencyResult {
  workload: string;
  p50Ms: number;
  p99Ms: number;
  frames: number;
}

export async function benchLatency(seconds = 10, channels = 8, rateHz = 2000): Promise<LatencyResult> {
  const pty = await openPtyPair();
  // write time of every line, by the stream index of its last sample
  const lineEnds: number[] = [];
  const lineTimes: number[] = [];
  const band = await startBandEmulator({
    path: pty.a,
    options: { channels, sampleRateHz: rateHz },
    onLineWritten: (firstSampleIndex: number, frames: number, atMs: number) => {
      lineEnds.push(firstSampleIndex + frames);
      lineTimes.push(atMs);
    },
  });
  const host = await createHost({ dataDir: '/tmp/myocue-bench', record: false, dspWorkerPath: resolveDistFile('dsp-worker.js') });
  const latencies: number[] = [];
  let measuring = false;
  host.subscribe('frame', (f) => {
    if (!measuring) return;
    const now = performance.now();
    // the newest sample in this frame, as a stream index
    const factor = rateHz / f.displayRateHz;
    const lastSample = Math.round((f.t0 * f.displayRateHz + f.pointCount) * factor);
    // the line that carried it: the first line whose end reaches it
    let lo = 0;
    let hi = lineEnds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lineEnds[mid] >= lastSample) hi = mid;
      else lo = mid + 1;
    }
    if (lineEnds[lo] >= lastSample) latencies.push(now - lineTimes[lo]);
  });
  const load = busyCores(2);
  try {
    await host.invoke('connect', { kind: 'serial', path: pty.b });
    await new Promise((r) => setTimeout(r, 2000)); // warm-up: worker start, JIT
    measuring = true;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
  } finally {
    load.stop();
    await host.close();
    await band.stop();
    await pty.close();
  }
  return {
    workload: `${channels} ch × ${rateHz} Hz over a socat pty pair at 921600 baud, ${seconds} s, both cores busy with 2 spinning processes`,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    frames: latencies.length,
  };
}
