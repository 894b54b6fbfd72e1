/**
 * The live traces' pixels follow the data. The charts draw only their new pixels per frame
 * (renderer/src/charts/trace-layer.ts: the canvas shifts itself and redraws a strip at the right),
 * so a mistake in the shift, the strips' seams or the column mapping would leave the picture
 * wrong while the data is right. A fake host streams a known envelope; after some seconds of
 * strips the stream stops and every column of the hero chart's trace canvas is read back: the
 * target's line must be at the height its value maps to, at that column's time, in every column
 * that has data.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import type { HostStatus } from '../../src/host/contract';
import { startFakeHost, withRendererHost, type FakeHost } from '../helpers/fake-host';
import { idleTrainingState } from '../helpers/training-state';

const CHANNELS = 2;
const DISPLAY_HZ = 200;
const WINDOW_S = 10;
/** the target's envelope, µV: a 4 s wave (slopes and turns in every part of the window) */
const targetEnvelope = (ts: number) => 100 + 60 * Math.sin((2 * Math.PI * ts) / 4);

function status(): HostStatus {
  return {
    device: {
      spec: { kind: 'sim' },
      state: 'streaming',
      info: { deviceId: 'sim', firmware: 'fake-host', sampleRateHz: 2000, channelCount: CHANNELS, adcBits: 24, microvoltsPerCount: 0.1, channelLabels: ['ch1', 'ch2'] },
    },
    counters: { linesOk: 0, linesLost: 0, linesCorrupt: 0, bytesDiscarded: 0, gaps: 0, samplesMissing: 0 },
    dsp: { highpassHz: 20, lowpassHz: 450, mains: 50, notchQ: 30, rmsWindowMs: 100, effectiveLowpassHz: 450, warnings: [] },
    displayRateHz: DISPLAY_HZ,
    recording: { active: false },
    session: { phase: 'idle' },
  };
}

let browser: Browser;
let host: FakeHost;
withRendererHost(
  {
    tempPrefix: 'myocue-renderer-trace-',
    start: (dist) =>
      startFakeHost({
        dist,
        status: status(),
        training: idleTrainingState(CHANNELS, { setup: { exerciseId: null, targetChannel: 0, assistingChannels: [1], muscles: ['Gluteus maximus', 'Biceps femoris'], person: 'me' } }),
        commands: { listDevices: () => ({ ports: [] }), listExercises: () => [] },
        stream: {
          channels: CHANNELS,
          displayRateHz: DISPLAY_HZ,
          frameMs: 25,
          // the assisting envelope stays far below the target's, so the lines do not cross; the
          // target's filtered signal (±15 µV) stays below its envelope (≥ 40 µV)
          sample: (c, ts) => (c === 0 ? [15 * Math.sin(ts * 60), targetEnvelope(ts)] : [10 * Math.sin(ts * 50), 20 + 3 * Math.sin(ts)]),
        },
      }),
  },
  (suite) => ({ browser, host } = suite),
);

describe('live chart traces', () => {
  it('draw the target envelope at the height of its value in every column, after seconds of strip-only redraws', async () => {
    host.resumeStream();
    // tall enough that the channel cards are in view too (charts out of view are not drawn)
    const page = await browser.newPage({ viewport: { width: 1400, height: 2000 } });
    try {
      await page.goto(host.url);
      const hero = page.getByTestId('chart-target-vs-assisting');
      await expect.poll(async () => Number(await hero.getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(100);
      // the page has had data since about here (the stream ran before the page opened)
      const sinceT = host.streamTime();
      const framesBefore = await page.evaluate(() => window.__myocueFramesDrawn ?? 0);
      await page.waitForTimeout(6000);
      host.pauseStream();
      const lastT = host.streamTime();
      // the last frame drawn (an animation frame or two)
      await page.waitForTimeout(500);
      const frames = (await page.evaluate(() => window.__myocueFramesDrawn ?? 0)) - framesBefore;
      // the hero chart (drawn every frame) and a channel's small multiple (drawn on the 20 fps slow tick, 5 s window)
      for (const [chart, windowS] of [
        [hero, WINDOW_S],
        [page.getByTestId('chart-channel-0'), 5],
      ] as const) {
        await checkTrace(chart, windowS, sinceT, lastT);
      }
      // it was drawn in strips: whole only at the start and when the y range stepped
      expect(frames).toBeGreaterThan(30);
    } finally {
      await page.close();
    }
  });
});

/**
 * Reads every column of a chart's trace canvas: the target's envelope line (#3ce0a0, opaque: not
 * its fill nor the translucent filtered signal) must be where its value maps to, at that column's
 * time, in every column that has data.
 */
async function checkTrace(chart: Locator, windowS: number, sinceT: number, lastT: number): Promise<void> {
  const fullDraws = Number((await chart.getAttribute('data-trace-full-draws')) ?? 0);
  const [lo, hi] = ((await chart.getAttribute('data-y-range')) ?? '').split(',').map(Number);
  expect(hi).toBeGreaterThan(lo);
  const columns = await chart.evaluate((box) => {
    const canvas = box.querySelector<HTMLCanvasElement>('.live-chart-trace-canvas')!;
    const { width, height } = canvas;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, width, height);
    // per column: the highest and lowest pixel of the target's line (#3ce0a0, opaque: not its fill)
    const out: { top: number; bottom: number }[] = [];
    for (let x = 0; x < width; x++) {
      let top = -1;
      let bottom = -1;
      const line = (y: number) => {
        const i = (y * width + x) * 4;
        return data[i + 3] > 200 && Math.abs(data[i] - 60) < 40 && Math.abs(data[i + 1] - 224) < 40 && Math.abs(data[i + 2] - 160) < 40;
      };
      // the topmost run of the colour: the envelope lies above the filtered signal (drawn
      // translucent in the same colour in a channel's chart, where its overlapping strokes can add up)
      for (let y = 0; y < height; y++) {
        if (!line(y)) continue;
        top = bottom = y;
        while (bottom + 1 < height && line(bottom + 1)) bottom++;
        break;
      }
      out.push({ top, bottom });
    }
    return { width, height, out };
  });
  const { width, height, out } = columns;
  expect(width).toBeGreaterThan(200);
  let checked = 0;
  let missing = 0;
  const errors: number[] = [];
  for (let x = 0; x < width; x++) {
    // the time of this column: the newest point is in the rightmost one
    const t = lastT - ((width - 1 - x) * windowS) / width;
    // columns from before the page had data are left out
    if (t < sinceT) continue;
    checked++;
    const c = out[x];
    if (c.top < 0) {
      missing++;
      console.log(`${windowS} s chart: no line in column ${x} of ${width} (t ${t.toFixed(3)} s, newest ${lastT.toFixed(3)} s)`);
      continue;
    }
    const expected = ((hi - targetEnvelope(t)) / (hi - lo)) * height;
    errors.push(Math.abs((c.top + c.bottom + 1) / 2 - expected));
  }
  // about 6 s of the window have data
  expect(checked).toBeGreaterThan(width / 3);
  // no column without the line (a seam between strips would leave gaps)
  expect(missing).toBe(0);
  errors.sort((a, b) => a - b);
  // the line's middle within 2 px of its value in 98 % of the columns, and never far off
  expect(errors[Math.floor(errors.length * 0.98)]).toBeLessThan(2);
  expect(errors.at(-1)!).toBeLessThan(5);
  // it was drawn in strips: whole only at the start and when the y range stepped
  expect(fullDraws).toBeLessThan(10);
}
