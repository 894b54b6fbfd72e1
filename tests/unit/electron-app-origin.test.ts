import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { join, resolve } from 'node:path';
import { APP_COACH_URL, APP_INDEX_URL, appUrlToFile, isAppUrl, safeExternalUrl } from '../../electron/app-origin';
import { parseLaunchArgs } from '../../electron/launch-args';

const ROOT = resolve('/opt/myocue/dist/renderer');

describe('app origin', () => {
  it('recognises our pages only', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl(APP_COACH_URL)).toBe(true);
    expect(isAppUrl('app://myocue/assets/index-abc.js')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://myocue.evil.com/index.html',
      'app://user@myocue/index.html',
      'file:///opt/myocue/dist/renderer/index.html',
      'https://myocue/index.html',
      'http://127.0.0.1:5173/',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('maps app URLs into the renderer folder and nowhere else', () => {
    expect(appUrlToFile('app://myocue/', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(appUrlToFile('app://myocue/index.html#/coach', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(appUrlToFile('app://myocue/assets/a%20b.js?x=1', ROOT)).toBe(join(ROOT, 'assets', 'a b.js'));
    for (const url of [
      'app://myocue/../../../etc/passwd',
      'app://myocue/%2e%2e/%2e%2e/etc/passwd',
      'app://myocue/assets/..%2f..%2f..%2fetc/passwd',
      'app://myocue/%2fetc%2fpasswd/..',
      'app://myocue/a%00.html',
      'app://myocue/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const file = appUrlToFile(url, ROOT);
      if (file !== null) expect(file.startsWith(ROOT + '/'), `${url} → ${file}`).toBe(true);
    }
    // the URL parser folds dot segments (also %2e%2e) at the root, so these stay inside it
    expect(appUrlToFile('app://myocue/%2e%2e/%2e%2e/etc/passwd', ROOT)).toBe(join(ROOT, 'etc', 'passwd'));
    // an encoded slash survives URL parsing; the path check must catch the escape after decoding
    expect(appUrlToFile('app://myocue/assets/..%2f..%2f..%2fetc/passwd', ROOT)).toBeNull();
    expect(appUrlToFile('app://myocue/a%00.html', ROOT)).toBeNull();
    expect(appUrlToFile('app://other/index.html', ROOT)).toBeNull();
  });

  it("lets only the project's own https links out to the OS browser", () => {
    expect(safeExternalUrl('https://github.com/myocue/myocue')).toBe('https://github.com/myocue/myocue');
    expect(safeExternalUrl('https://github.com/myocue/myocue/blob/main/README.md#connecting-a-real-band')).toBe(
      'https://github.com/myocue/myocue/blob/main/README.md#connecting-a-real-band',
    );
    for (const url of [
      'https://seniam.org/',
      'https://example.com/',
      'https://github.com/attacker/payload',
      'https://github.com/myocue/myocue-evil',
      'https://github.com.evil.example/myocue/myocue',
      'https://github.com:8443/myocue/myocue',
      'https://user@github.com/myocue/myocue',
      'http://github.com/myocue/myocue',
      'http://example.com', 'file:///etc/passwd', 'smb://server/share', 'javascript:alert(1)', 'ms-msdt:/id', 'https://a:b@example.com/', 'app://myocue/index.html', 'nonsense']) {
      expect(safeExternalUrl(url), url).toBeNull();
    }
  });
});

describe('the project links', () => {
  it("are where package.json says the project lives (homepage, repository, bugs): one place, not two", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      homepage: string;
      repository: { url: string };
      bugs: { url: string };
    };
    const urls = [pkg.homepage, pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''), pkg.bugs.url];
    for (const u of urls) expect(safeExternalUrl(u), u).not.toBeNull();
  });
});

describe('launch arguments', () => {
  it('defaults to the simulated band', () => {
    expect(parseLaunchArgs(['/usr/bin/electron', '.'])).toEqual({ device: { kind: 'sim' } });
    expect(parseLaunchArgs(['electron', '.', '--device', 'sim'])).toEqual({ device: { kind: 'sim' } });
  });

  it('takes a serial port, a baud rate and a data folder, ignoring Chromium switches', () => {
    expect(parseLaunchArgs(['electron', '.', '--no-sandbox-is-ignored', '--device', '/dev/ttyACM0', '--baud=115200', '--data-dir', '/tmp/d'])).toEqual({
      device: { kind: 'serial', path: '/dev/ttyACM0', baudRate: 115200 },
      dataDir: '/tmp/d',
    });
    expect(parseLaunchArgs(['app.exe', '--device=COM3', '--baud', 'fast'])).toEqual({ device: { kind: 'serial', path: 'COM3' } });
  });
});
