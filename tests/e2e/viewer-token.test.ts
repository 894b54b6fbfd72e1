/**
 * A viewer link without its token (or with a wrong one), in Chromium against the real browser host
 * (every peer treated as another machine): the page says the link needs its token instead of
 * "Cannot reach the Myocue host… is `myocue serve` running?". With the token it connects as a
 * viewer. Also: the page is served with frame-ancestors 'none', so another site cannot frame it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { REPO_ROOT, useChromium } from '../helpers/browser';
import { useFileCleanups, useFileTempDir } from '../helpers/test-cleanups';
import { assertBuilt } from '../helpers/cli-process';
import { createHost, type HostHandle } from '../../src/host/host';
import { startBrowserServer, type BrowserServer } from '../../src/host/browser-server';

const cleanups = useFileCleanups();
const dataDir = useFileTempDir('myocue-viewer-token-', cleanups);
let host: HostHandle;
let server: BrowserServer;
beforeAll(async () => {
  assertBuilt();
  host = await createHost({ dataDir: dataDir(), dspWorkerPath: resolve(REPO_ROOT, 'dist/dsp-worker.js'), record: false, device: { kind: 'sim', options: { channels: 2 } } });
  cleanups.push(() => host.close());
  server = await startBrowserServer({
    api: host,
    staticDir: resolve(REPO_ROOT, 'dist/renderer'),
    host: '0.0.0.0',
    port: 0,
    token: 'the-right-token',
    isLocalPeer: () => false,
  });
  cleanups.push(() => server.close());
});
// launched after the host and server, closed before them; the folder goes last
const browser = useChromium(cleanups);

describe('viewer links', () => {
  it('says the link needs its token when it has none or a wrong one, and connects with it', async () => {
    const base = `http://127.0.0.1:${server.port}/`;
    const page = await browser().newPage();
    try {
      for (const url of [base, `${base}?token=wrong`]) {
        await page.goto(url);
        const banner = page.getByTestId('host-banner');
        await banner.waitFor({ timeout: 10_000 });
        expect(await banner.getAttribute('data-state')).toBe('unauthorized');
        expect(await banner.textContent()).toMatch(/needs its token/);
        expect(await banner.textContent()).not.toMatch(/myocue serve` running/);
      }
      await page.goto(`${base}?token=the-right-token`);
      await expect.poll(() => page.getByTestId('host-banner').count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 10_000 }).toMatch(/\d/);
    } finally {
      await page.close();
    }
  });

  it('cannot be framed by another site', async () => {
    const page = await browser().newPage();
    try {
      // a page of another origin framing the controller
      await page.setContent(`<iframe id="f" src="http://127.0.0.1:${server.port}/?token=the-right-token"></iframe>`);
      // blocked by frame-ancestors 'none': Chromium puts its error page in the frame
      await expect.poll(() => page.frames()[1]?.url() ?? '', { timeout: 10_000 }).toMatch(/^chrome-error:/);
      console.log('framed host page:', page.frames()[1]?.url());
    } finally {
      await page.close();
    }
  });
});
