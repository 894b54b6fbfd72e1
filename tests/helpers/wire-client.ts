/**
 * A plain WebSocket client of the browser host speaking the wire protocol of
 * src/host/contract.ts (ClientMessage / ServerMessage): tests drive the host with it the way the
 * renderer does, e.g. to start and end sets while a page watches.
 */
import WebSocket from 'ws';
import type { ClientMessage, CommandName, Commands, ServerMessage } from '../../src/host/contract';

export interface WireClient {
  invoke<K extends CommandName>(command: K, arg: Commands[K]['arg']): Promise<Commands[K]['result']>;
  close(): void;
}

/** ws://host:port/ws[?token=…] for a dashboard URL http://host:port/[?token=…] */
export function wsUrlOf(pageUrl: string): string {
  const u = new URL(pageUrl);
  const token = u.searchParams.get('token');
  return `ws://${u.host}/ws` + (token ? `?token=${token}` : '');
}

export function openWire(url: string): Promise<WireClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    let nextId = 1;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (msg.type !== 'result') return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('open', () =>
      resolve({
        invoke(command, arg) {
          const id = nextId++;
          const msg: ClientMessage = { type: 'invoke', id, command, arg };
          return new Promise((res, rej) => {
            pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
            ws.send(JSON.stringify(msg));
          });
        },
        close: () => ws.close(),
      }),
    );
  });
}

/** polls getTraining until `done` holds (or throws after timeoutMs) */
export async function waitForTraining(
  wire: WireClient,
  done: (t: Commands['getTraining']['result']) => boolean,
  timeoutMs: number,
  what: string,
): Promise<Commands['getTraining']['result']> {
  const deadline = Date.now() + timeoutMs;
  let last: Commands['getTraining']['result'] | null = null;
  while (Date.now() < deadline) {
    last = await wire.invoke('getTraining', null);
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms (set ${last?.setNumber}, active ${last?.setActive}, reps ${last?.repCount})`);
}
