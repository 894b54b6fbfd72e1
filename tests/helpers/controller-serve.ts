/**
 * `myocue serve` as the Sessions-route integration tests run it: networked (bound to 0.0.0.0, so
 * the printed URL carries a token and other machines are viewers) over a data folder the test
 * wrote, with the controller's WebSocket open from this machine (127.0.0.1).
 */
import * as os from 'node:os';
import { startServe, type RunningCli } from './cli-process';
import { openWire, type WireClient } from './wire-client';

export interface ControllerServe {
  serve: RunningCli & { url: string; dataDir: string };
  /** the port it listens on (picked free) */
  port: number;
  /** the link's token a viewer would need */
  token: string;
  /** the controller's WebSocket, from 127.0.0.1 */
  wire: WireClient;
  /** closes the socket and stops the process (the data folder stays: it is the test's) */
  stop(): Promise<void>;
}

/** Starts the networked serve on the sim band, not recording, over `dataDir`; `extraArgs` are more serve flags. */
export async function startControllerServe(dataDir: string, extraArgs: readonly string[] = []): Promise<ControllerServe> {
  const serve = await startServe(['--device', 'sim', '--no-record', '--host', '0.0.0.0', '--data-dir', dataDir, ...extraArgs]);
  try {
    const url = new URL(serve.url);
    const port = Number(url.port);
    const wire = await openWire(`ws://127.0.0.1:${port}/ws`);
    return {
      serve,
      port,
      token: url.searchParams.get('token') ?? '',
      wire,
      async stop() {
        wire.close();
        await serve.stop();
      },
    };
  } catch (err) {
    await serve.stop();
    throw err;
  }
}

/** This machine's first non-internal IPv4 address: how a viewer on the network reaches the host (undefined on a machine without one). */
export function firstLanAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flatMap((l) => l ?? [])
    .find((i) => i.family === 'IPv4' && !i.internal)?.address;
}
