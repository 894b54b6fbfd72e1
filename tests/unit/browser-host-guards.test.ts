/**
 * The browser host's pure guards: request targets, Host/Origin allow-listing (DNS rebinding), the
 * constant-time token check, viewer redaction, the per-client outbox and the replay file policy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { useFileTempDir } from '../helpers/test-cleanups';
import { controllerRefusal, isAllowedHost, isAllowedOrigin, isOwnSiteFetch, parseRequestTarget, splitHostPort, tokenMatches, type ControllerRule, type GuardedRequest, type HostPolicy } from '../../src/host/request-guard';
import { ClientOutbox, type OutboxLimits, type OutboxSocket } from '../../src/host/client-outbox';
import { redactPaths } from '../../src/host/viewer-redaction';
import { ReplayFilePolicy } from '../../src/host/replay-file-policy';

describe('parseRequestTarget', () => {
  it('accepts origin-form targets', () => {
    expect(parseRequestTarget('/ws?token=abc')?.pathname).toBe('/ws');
    expect(parseRequestTarget('/ws?token=abc')?.searchParams.get('token')).toBe('abc');
    expect(parseRequestTarget('/')?.pathname).toBe('/');
  });
  it('refuses what used to throw or could name another host', () => {
    for (const t of ['//[', '//a:99999/ws', '//%5B', 'http://[', 'http://evil/ws', '', '*', 'ws', '/\\evil/ws', undefined]) {
      expect(parseRequestTarget(t as string)).toBeNull();
    }
  });
  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      parseRequestTarget(s);
      parseRequestTarget('/' + s);
    }), { numRuns: 2000, seed: 9 });
  });
});

describe('Host and Origin allow-list', () => {
  const local: HostPolicy = { boundHost: '127.0.0.1', port: 5170 };
  const lan: HostPolicy = { boundHost: '192.168.1.20', port: 5170 };
  const wildcard: HostPolicy = { boundHost: '0.0.0.0', port: 5170, addresses: () => ['127.0.0.1', '192.168.1.20', 'fd00::2'] };

  it('accepts loopback names and the bound address, on our port', () => {
    for (const h of ['127.0.0.1:5170', 'localhost:5170', 'LOCALHOST:5170', '[::1]:5170', '127.8.9.1:5170', 'app.localhost:5170']) expect(isAllowedHost(h, local)).toBe(true);
    expect(isAllowedHost('192.168.1.20:5170', lan)).toBe(true);
    expect(isAllowedHost('192.168.1.20:5170', wildcard)).toBe(true);
    expect(isAllowedHost('[fd00::2]:5170', wildcard)).toBe(true);
  });
  it('refuses other names (DNS rebinding), other ports, garbage', () => {
    for (const h of ['evil.example:5170', '127.0.0.1:5171', '127.0.0.1', '192.168.1.20:5170', '[', '::1', 'a b:5170', '127.0.0.1:99999', '', 'x@127.0.0.1:5170']) {
      expect(isAllowedHost(h, local)).toBe(false);
    }
    expect(isAllowedHost('192.168.1.99:5170', wildcard)).toBe(false);
    expect(isAllowedHost(undefined, local)).toBe(false);
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (s) => {
      isAllowedHost(s, wildcard);
      splitHostPort(s);
    }), { numRuns: 2000, seed: 3 });
  });
  it('accepts an Origin only when it is the Host itself', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:5170', local)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5170', '127.0.0.1:5170', local)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5170', '127.0.0.1:5170', local)).toBe(false);
    expect(isAllowedOrigin('http://evil.example:5170', 'evil.example:5170', local)).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:5170', local)).toBe(false);
    expect(isAllowedOrigin('file://', '127.0.0.1:5170', local)).toBe(false);
    expect(isAllowedOrigin('http://[', '127.0.0.1:5170', local)).toBe(false);
  });
});

describe('controllerRefusal (the one rule of the controller-only routes)', () => {
  const wildcard: HostPolicy = { boundHost: '0.0.0.0', port: 5170, addresses: () => ['127.0.0.1', '192.168.1.20'] };
  const isLocalPeer = (a: string | undefined) => a === '127.0.0.1' || a === '::1';
  const download: ControllerRule = { navigation: true, isLocalPeer, viewerMessage: 'for the controller' };
  const api: ControllerRule = { ...download, navigation: false };
  // the peer's address: undefined is a socket already closed (Node then has no remoteAddress)
  const request = (headers: GuardedRequest['headers'], ...peer: [string | undefined] | []): GuardedRequest => ({ headers, socket: { remoteAddress: peer.length ? peer[0] : '127.0.0.1' } });
  const own = { host: '127.0.0.1:5170', origin: 'http://127.0.0.1:5170', 'sec-fetch-site': 'same-origin' };

  it('lets the controller on this machine through, with or without the browser headers', () => {
    for (const rule of [download, api]) {
      expect(controllerRefusal(request(own), wildcard, rule)).toBeNull();
      expect(controllerRefusal(request(own, '::1'), wildcard, rule)).toBeNull();
      // curl on this machine: no Origin, no Sec-Fetch-Site (as before the one rule)
      expect(controllerRefusal(request({ host: '127.0.0.1:5170' }), wildcard, rule)).toBeNull();
      expect(controllerRefusal(request({ host: 'localhost:5170', 'sec-fetch-site': 'same-origin' }), wildcard, rule)).toBeNull();
    }
  });

  it('refuses a viewer on the network, with the viewer message, whatever its headers', () => {
    for (const rule of [download, api]) {
      for (const peer of ['192.168.1.31', undefined]) {
        expect(controllerRefusal(request({ ...own, host: '192.168.1.20:5170', origin: 'http://192.168.1.20:5170' }, peer), wildcard, rule)).toEqual({ status: 403, message: 'for the controller' });
        expect(controllerRefusal(request({ host: '192.168.1.20:5170' }, peer), wildcard, rule)?.message).toBe('for the controller');
      }
    }
  });

  it('refuses another site: a foreign Origin or Host, cross-site and same-site fetches', () => {
    for (const rule of [download, api]) {
      const refused = (headers: GuardedRequest['headers']) => controllerRefusal(request(headers), wildcard, rule);
      expect(refused({ ...own, origin: 'http://evil.example' })).toEqual({ status: 403, message: 'forbidden' });
      expect(refused({ ...own, origin: 'http://localhost:5170' })?.status).toBe(403); // not the Host it was sent to
      expect(refused({ ...own, origin: 'null' })?.status).toBe(403);
      expect(refused({ ...own, host: 'evil.example:5170', origin: 'http://evil.example:5170' })?.status).toBe(403); // DNS rebinding
      expect(refused({ origin: own.origin })?.status).toBe(403); // no Host at all
      expect(refused({ ...own, 'sec-fetch-site': 'cross-site' })?.status).toBe(403);
      expect(refused({ host: own.host, 'sec-fetch-site': 'same-site' })?.status).toBe(403); // another port of localhost
      expect(refused({ host: own.host, 'sec-fetch-site': ['same-origin', 'same-origin'] })?.status).toBe(403);
    }
  });

  it('allows Sec-Fetch-Site none (an address typed, a download opened) only on a navigation route', () => {
    const typed = request({ host: '127.0.0.1:5170', 'sec-fetch-site': 'none' });
    expect(controllerRefusal(typed, wildcard, download)).toBeNull();
    expect(controllerRefusal(typed, wildcard, api)).toEqual({ status: 403, message: 'forbidden' });
    expect(isOwnSiteFetch('none', true)).toBe(true);
    expect(isOwnSiteFetch('none', false)).toBe(false);
    for (const site of ['cross-site', 'same-site', 'NONE', '']) expect(isOwnSiteFetch(site, true), site).toBe(false);
  });

  it('a foreign page is refused before the peer is looked at (no viewer message leaks the route)', () => {
    const foreign = request({ host: '192.168.1.20:5170', origin: 'http://evil.example' }, '192.168.1.31');
    expect(controllerRefusal(foreign, wildcard, api)?.message).toBe('forbidden');
  });
});

describe('tokenMatches', () => {
  const token = 'a'.repeat(32);
  it('matches only the token, and never throws on multibyte input', () => {
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, 'é'.repeat(32))).toBe(false);
    expect(tokenMatches(token, 'a'.repeat(31))).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
    expect(tokenMatches(null, null)).toBe(true);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => tokenMatches(token, s) === (s === token)), { numRuns: 500, seed: 5 });
  });
});

describe('redactPaths', () => {
  it('keeps only the last part of absolute paths in messages', () => {
    expect(redactPaths('Recording stopped: cannot write /home/ann/.myocue/x.bdf (ENOSPC)')).toBe('Recording stopped: cannot write x.bdf (ENOSPC)');
    expect(redactPaths('C:\\Users\\ann\\rec.bdf is busy')).toBe('rec.bdf is busy');
    expect(redactPaths('rate under 1000 Hz')).toBe('rate under 1000 Hz');
  });
});

class FakeSocket implements OutboxSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  terminated = false;
  send(text: string) {
    this.sent.push(text);
    this.bufferedAmount += text.length;
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
  }
}

describe('ClientOutbox', () => {
  const limits: OutboxLimits = { frameDropBytes: 1000, coalesceBytes: 300, stallCloseMs: 1000, maxQueuedBytes: 5000, checkIntervalMs: 1e9 };

  it('drops frames above the limit and keeps only the latest status while backed up', () => {
    const now = 0;
    const ws = new FakeSocket();
    const box = new ClientOutbox(ws, limits, () => now);
    for (let i = 0; i < 20; i++) box.sendEvent('frame', 'f'.repeat(100));
    expect(ws.sent).toHaveLength(11); // up to just over 1000 bytes
    for (let i = 0; i < 50; i++) box.sendEvent('status', `s${i}`);
    box.sendEvent('training', 't');
    expect(ws.sent.filter((t) => t.startsWith('s'))).toHaveLength(0);
    // the client reads everything: the latest status and training go out, in order
    ws.bufferedAmount = 0;
    (box as unknown as { check(): void }).check();
    expect(ws.sent.slice(-2)).toEqual(['s49', 't']);
    expect(box.snapshot().eventsCoalesced).toBe(49);
    expect(box.snapshot().framesDropped).toBe(9);
    box.dispose();
  });

  it('closes a client that stays backed up for stallCloseMs, and one that never reads its results', () => {
    let now = 0;
    const ws = new FakeSocket();
    const box = new ClientOutbox(ws, limits, () => now);
    ws.bufferedAmount = 400;
    box.sendEvent('status', 'x');
    now = 999;
    (box as unknown as { check(): void }).check();
    expect(ws.terminated).toBe(false);
    now = 1000;
    (box as unknown as { check(): void }).check();
    expect(ws.terminated).toBe(true);
    expect(box.snapshot().closedAsStalled).toBe(true);

    const ws2 = new FakeSocket();
    const box2 = new ClientOutbox(ws2, limits, () => now);
    for (let i = 0; i < 10; i++) box2.sendResult('r'.repeat(1000));
    expect(ws2.terminated).toBe(true);
    expect(ws2.bufferedAmount).toBeLessThanOrEqual(5000);
  });
});

describe('ReplayFilePolicy', () => {
  const root = useFileTempDir('myocue-policy-');
  let data: string;
  let policy: ReplayFilePolicy;
  beforeAll(() => {
    data = path.join(root(), 'data');
    fs.mkdirSync(path.join(data, 'imports'), { recursive: true });
    fs.writeFileSync(path.join(data, 'imports', 'a.csv'), 't,x\n');
    fs.writeFileSync(path.join(root(), 'outside.csv'), 't,x\n');
    fs.symlinkSync(path.join(root(), 'outside.csv'), path.join(data, 'link.csv'));
    policy = new ReplayFilePolicy(data);
  });

  it('allows the data folder, refuses outside paths, .. and links out', () => {
    expect(policy.check(path.join(data, 'imports', 'a.csv'))).toBe(fs.realpathSync(path.join(data, 'imports', 'a.csv')));
    expect(() => policy.check(path.join(root(), 'outside.csv'))).toThrow(/outside\.csv: only recordings in the Myocue data folder/);
    expect(() => policy.check(path.join(data, '..', 'outside.csv'))).toThrow(/only recordings/);
    expect(() => policy.check(path.join(data, 'link.csv'))).toThrow(/only recordings/);
    expect(() => policy.check('/etc/passwd')).toThrow(/only recordings/);
    expect(() => policy.check(data)).toThrow(/only recordings/);
    // a missing file inside is let through: the player says "no such file"
    expect(policy.check(path.join(data, 'nope.txt'))).toBe(path.join(fs.realpathSync(data), 'nope.txt'));
  });
  it('allows a file the user picked', () => {
    const picked = new ReplayFilePolicy(data);
    picked.allow(path.join(root(), 'outside.csv'));
    expect(picked.check(path.join(root(), 'outside.csv'))).toBe(fs.realpathSync(path.join(root(), 'outside.csv')));
  });
});
