/**
 * Soak: clients that stop reading. `myocue serve` streams 8 channels of the simulated band while
 * 20 WebSocket clients complete the handshake and never read again (a closed one reconnects at
 * once, as a hostile page would); a normal client asks for the status every 2 s. The server's
 * resident memory is read from /proc (issue 9.5: ≤ 100 MB growth over 5 minutes, the normal
 * client answered within a second).
 */
import * as fs from 'node:fs';
import WebSocket from 'ws';
import type { Socket } from 'node:net';
import { startServe } from '../tests/helpers/cli-process';
import { stalledWebSocket } from '../tests/helpers/raw-http';

export interface StalledSoakResult {
  stalledClients: number;
  durationS: number;
  rssStartMb: number;
  rssMaxMb: number;
  rssEndMb: number;
  rssGrowthMb: number;
  /** stalled clients the server closed (and that reconnected) */
  closedByServer: number;
  statusRequests: number;
  /** requests of the normal client not answered within 1 s */
  slowAnswers: number;
  answerP50Ms: number;
  answerMaxMs: number;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function soakStalledClients(clients: number, durationS: number, log: (s: string) => void): Promise<StalledSoakResult> {
  const serve = await startServe(['--device', 'sim', '--channels', '8', '--no-record']);
  const pid = serve.proc.pid!;
  const port = Number(new URL(serve.url).port);
  const sockets = new Set<Socket>();
  let closedByServer = 0;
  let stopping = false;
  const addStalled = async (): Promise<void> => {
    if (stopping) return;
    const s = await stalledWebSocket(port);
    sockets.add(s);
    s.once('close', () => {
      sockets.delete(s);
      if (stopping) return;
      closedByServer++;
      void addStalled().catch(() => undefined);
    });
  };
  try {
    // let the host warm up (worker, first frames) before the baseline
    await new Promise((r) => setTimeout(r, 3000));
    const rssStartMb = rssMb(pid);
    for (let i = 0; i < clients; i++) await addStalled();
    const normal = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    await new Promise<void>((resolve, reject) => {
      normal.once('open', () => resolve());
      normal.once('error', reject);
    });
    const pending = new Map<number, number>();
    const latencies: number[] = [];
    normal.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'result' && pending.has(m.id)) {
        latencies.push(performance.now() - pending.get(m.id)!);
        pending.delete(m.id);
      }
    });
    let rssMaxMb = rssStartMb;
    let id = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < durationS * 1000) {
      pending.set(++id, performance.now());
      normal.send(JSON.stringify({ type: 'invoke', id, command: 'getStatus', arg: null }));
      await new Promise((r) => setTimeout(r, 2000));
      rssMaxMb = Math.max(rssMaxMb, rssMb(pid));
      if (id % 30 === 0) log(`  stalled: ${Math.round((Date.now() - t0) / 1000)} s, server RSS ${rssMb(pid).toFixed(0)} MB, ${sockets.size} stalled open, ${closedByServer} closed by the server`);
    }
    const rssEndMb = rssMb(pid);
    const unanswered = pending.size;
    normal.close();
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      stalledClients: clients,
      durationS,
      rssStartMb,
      rssMaxMb,
      rssEndMb,
      rssGrowthMb: rssMaxMb - rssStartMb,
      closedByServer,
      statusRequests: id,
      slowAnswers: latencies.filter((l) => l > 1000).length + unanswered,
      answerP50Ms: sorted[Math.floor(sorted.length / 2)] ?? NaN,
      answerMaxMs: sorted.at(-1) ?? NaN,
    };
  } finally {
    stopping = true;
    for (const s of sockets) s.destroy();
    await serve.stop();
    fs.rmSync(serve.dataDir, { recursive: true, force: true });
  }
}
