/**
 * The setup the browser benches share: the real host, the browser host serving the built
 * renderer, and headless Chromium (the Debian build; CHROMIUM_PATH overrides it). When Chromium
 * cannot start, what was started is closed again and the bench reports a note instead of figures.
 */
import { chromium, type Browser } from 'playwright-core';
import { join } from 'node:path';
import { createHost, type HostHandle, type HostOptions } from '../src/host/host';
import { startBrowserServer, type BrowserServer } from '../src/host/browser-server';
import { packageRoot } from '../src/util/package-paths';

/** Flags that keep Chromium from doing unrelated work (updates, sync, GPU) during a measurement. */
const QUIET_CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BenchPage {
  host: HostHandle;
  server: BrowserServer;
  browser: Browser;
  /** Closes the browser, the browser host and the host, in that order; a second call waits for the first. */
  close(): Promise<void>;
}

export type BenchPageStart = { ok: true; bench: BenchPage } | { ok: false; note: string };

export async function startBenchPage(options: {
  host: HostOptions;
  /** The renderer build to serve (default: this build's dist/renderer). */
  staticDir?: string;
  /** Chromium flags beyond the quiet set (e.g. `--enable-precise-memory-info`). */
  chromiumArgs?: string[];
}): Promise<BenchPageStart> {
  const host = await createHost(options.host);
  const server = await startBrowserServer({ api: host, staticDir: options.staticDir ?? join(packageRoot(), 'dist', 'renderer'), port: 0 });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...QUIET_CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])],
    });
  } catch (err) {
    await server.close();
    await host.close();
    return { ok: false, note: `Chromium not available: ${(err as Error).message.split('\n')[0]}` };
  }
  let closing: Promise<void> | undefined;
  return {
    ok: true,
    bench: {
      host,
      server,
      browser,
      close: () =>
        (closing ??= (async () => {
          await browser.close();
          await server.close();
          await host.close();
        })()),
    },
  };
}
