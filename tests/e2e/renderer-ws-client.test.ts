/**
 * The renderer's WebSocket client against a fake host (tests/helpers/fake-host.ts: node http + ws,
 * the wire protocol of contract.ts), in Debian Chromium: status fields render, the live envelopes move,
 * the connection-lost banner comes and goes with the socket, and the draw time per animation frame
 * stays small with 8 channels streaming.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import type { HostStatus, TrainingState } from '../../src/host/contract';
import { percentile, screenshotDir } from '../helpers/browser';
import { startFakeHost, withRendererHost, type FakeHost } from '../helpers/fake-host';
import { idleTrainingState } from '../helpers/training-state';

const CHANNELS = 8;
const DISPLAY_HZ = 200;
const FRAME_MS = 25;

function fakeStatus(): HostStatus {
  return {
    device: {
      spec: { kind: 'sim' },
      state: 'streaming',
      info: {
        deviceId: 'sim',
        firmware: 'fake-host',
        sampleRateHz: 2000,
        channelCount: CHANNELS,
        adcBits: 24,
        microvoltsPerCount: 0.1,
        channelLabels: Array.from({ length: CHANNELS }, (_, c) => `ch${c + 1}`),
      },
    },
    counters: { linesOk: 1000, linesLost: 3, linesCorrupt: 1, bytesDiscarded: 0, gaps: 1, samplesMissing: 3 },
    dsp: { highpassHz: 20, lowpassHz: 450, mains: 50, notchQ: 30, rmsWindowMs: 100, effectiveLowpassHz: 450, warnings: ['Fake host: this warning is a test.'] },
    displayRateHz: DISPLAY_HZ,
    recording: { active: true, sessionId: 's1', path: '/tmp/s1.bdf', durationS: 754 },
    session: { phase: 'running', startedAt: '2026-12-01T07:45:00.000Z', durationS: 754, name: 'Free session · running', sessionId: 's1' },
  };
}

function fakeTraining(): TrainingState {
  return idleTrainingState(CHANNELS, {
    setup: { exerciseId: null, targetChannel: 0, assistingChannels: [1], muscles: ['Gluteus maximus', 'Biceps femoris'], person: 'me' },
    setTag: 'baseline',
  });
}

/** the fake host of this test: its status and training, devices and DSP updates, and a synthetic stream */
function startHost(dist: string): Promise<FakeHost> {
  return startFakeHost({
    dist,
    status: fakeStatus(),
    training: fakeTraining(),
    commands: {
      listDevices: () => ({ ports: [{ path: '/dev/ttyUSB0', manufacturer: 'Myocue' }] }),
      listExercises: () => [],
      updateDsp(arg, host) {
        Object.assign(host.status.dsp, arg);
        host.broadcast('status', host.status);
        return host.status;
      },
    },
    // synthetic stream: 2 s reps on the target, a weaker assist, noise-like filtered signal
    stream: {
      channels: CHANNELS,
      displayRateHz: DISPLAY_HZ,
      frameMs: FRAME_MS,
      sample(c, ts) {
        const rep = Math.max(0, Math.sin((Math.PI * ts) / 2)) ** 2;
        const env = c === 0 ? 20 + 280 * rep : c === 1 ? 15 + 120 * rep : 10 + 20 * rep * ((c % 3) + 1);
        return [
          env * 1.4 * Math.sin(ts * 977 + c) * (0.6 + 0.4 * Math.sin(ts * 131)),
          env + 3 * Math.sin(ts * 5 + c), // a ripple: never flat
        ];
      },
      afterFrame(sent, host) {
        if (sent % 20 !== 0) return;
        host.status.counters.linesOk += 2000;
        host.status.recording.durationS = (host.status.recording.durationS ?? 0) + 0.5;
        host.broadcast('status', host.status);
      },
    },
  });
}

async function lastValues(page: Page): Promise<{ target: number; assisting: number; points: number }> {
  const chart = page.getByTestId('chart-target-vs-assisting');
  return {
    target: Number(await chart.getAttribute('data-last-target')),
    assisting: Number(await chart.getAttribute('data-last-assisting')),
    points: Number(await chart.getAttribute('data-points')),
  };
}

let browser: Browser;
let host: FakeHost;
withRendererHost({ start: startHost }, (suite) => ({ browser, host } = suite));

describe('renderer over the WebSocket', () => {
  it('renders status, moving envelopes, the connection banner, and draws fast', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // failed reconnect attempts while the host is away are expected in the console
    page.on('console', (m) => m.type() === 'error' && !/WebSocket connection/.test(m.text()) && errors.push(m.text()));
    try {
      await page.goto(host.url);
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 15_000 }).toBe('2000 Hz');
      expect(await page.getByTestId('channel-count').textContent()).toBe('8');
      expect(await page.getByTestId('lines-lost').textContent()).toBe('3');
      expect(await page.getByTestId('lines-corrupt').textContent()).toBe('1');
      expect(await page.getByTestId('device-status').getAttribute('data-state')).toBe('streaming');
      expect(await page.getByTestId('dsp-warning').allTextContents()).toEqual(['Fake host: this warning is a test.']);
      expect(await page.getByTestId('recording-indicator').textContent()).toMatch(/REC 12:3\d/);
      expect(await page.getByTestId('hero-target-label').textContent()).toBe('Target — Gluteus maximus');
      expect(await page.getByTestId('hero-assisting-label').textContent()).toBe('Assisting — Biceps femoris');
      for (let c = 0; c < CHANNELS; c++) await expect.poll(() => page.getByTestId(`chart-channel-${c}`).count()).toBe(1);

      // the envelopes move (2 s reps, then 2 s of rest): sampled every 250 ms for at least 2.5 s
      // and until both have moved, at most 10 s. The bound is wall time but the movement is the
      // stream's: on a loaded CI machine the fake host's stream and the page's frames fall behind
      // the clock (once, 2.5 s of wall time held only ~0.2 s of a rep: target spread 39 µV).
      const samples: { target: number; assisting: number; points: number }[] = [];
      const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
      const moved = () => spread(samples.map((s) => s.target)) > 50 && spread(samples.map((s) => s.assisting)) > 20;
      for (let i = 0; i < 40 && (i < 10 || !moved()); i++) {
        await page.waitForTimeout(250);
        samples.push(await lastValues(page));
      }
      expect(samples.every((s) => Number.isFinite(s.target) && Number.isFinite(s.assisting))).toBe(true);
      expect(spread(samples.map((s) => s.target))).toBeGreaterThan(50);
      expect(spread(samples.map((s) => s.assisting))).toBeGreaterThan(20);
      expect(samples.at(-1)!.points).toBeGreaterThan(200);

      // the DSP settings go to the host
      await page.getByTestId('mains-select').selectOption('60');
      await expect.poll(() => page.getByTestId('mains-select').inputValue()).toBe('60');

      // draw time per animation frame with 8 channels streaming
      await page.evaluate(() => {
        window.__myocueFrameTimes = [];
        window.__myocueFramesDrawn = 0;
      });
      await page.waitForTimeout(5000);
      const { times, drawn } = await page.evaluate(() => ({ times: window.__myocueFrameTimes ?? [], drawn: window.__myocueFramesDrawn ?? 0 }));
      const p50 = percentile(times, 50);
      const p99 = percentile(times, 99);
      console.log(
        `[renderer] ${CHANNELS} ch @ ${DISPLAY_HZ} pt/s, frames every ${FRAME_MS} ms: ${drawn} animation frames drawn in 5 s (${(drawn / 5).toFixed(0)}/s); ` +
          `draw time p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`,
      );
      expect(drawn).toBeGreaterThan(5 * 5); // it keeps drawing (the rate depends on the machine's load)
      expect(times.length).toBeGreaterThan(0);
      // frame-time targets are measured by `npm run bench` (renderFrameP99Ms), not asserted here:
      // a timed assertion flakes on a busy machine
      await page.screenshot({ path: join(screenshotDir(), 'renderer-live-8ch.png') });

      // the host goes away: banner; it comes back: banner gone, data flows again
      expect(await page.getByTestId('host-banner').count()).toBe(0);
      host.drop();
      await expect.poll(() => page.getByTestId('host-banner').count(), { timeout: 5000 }).toBe(1);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(screenshotDir(), 'renderer-host-lost.png') });
      host.accept();
      await expect.poll(() => page.getByTestId('host-banner').count(), { timeout: 10_000 }).toBe(0);
      const before = await lastValues(page);
      await expect.poll(async () => (await lastValues(page)).target, { timeout: 5000 }).not.toBe(before.target);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('routes #/sessions and #/coach without crashing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(host.url + '#/sessions');
      await expect.poll(() => page.getByTestId('nav-sessions').getAttribute('aria-current')).toBe('page');
      await page.goto(host.url + '#/coach');
      await page.waitForTimeout(500);
      expect(await page.getByTestId('nav-live').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('passes the token on and is read-only as a viewer', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(host.url + '?token=abc123#/');
      await expect.poll(() => page.getByTestId('sample-rate').textContent(), { timeout: 15_000 }).toBe('2000 Hz');
      expect(host.upgrades.at(-1)).toBe('?token=abc123');
      expect(await page.getByTestId('connect-button').isDisabled()).toBe(true);
      expect(await page.getByTestId('disconnect-button').isDisabled()).toBe(true);
      expect(await page.getByTestId('mains-select').isDisabled()).toBe(true);
    } finally {
      await page.close();
    }
  });
});
