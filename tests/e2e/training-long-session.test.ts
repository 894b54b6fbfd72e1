/**
 * Issues 10.1 / 10.2 in the renderer: a long session's training state arrives as deltas (the
 * host's TrainingPushPlanner, the same code the host runs) and the page rebuilds it; the set
 * cards stay a page at a time however many sets there are, and a finished set's tag is corrected
 * from its card (8.10). A fake host (tests/helpers/fake-host.ts), Debian Chromium.
 */
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HostStatus, RepMetrics, SetSummary, TrainingState } from '../../src/host/contract';
import { TrainingPushPlanner } from '../../src/host/training-push';
import { startFakeHost, withRendererHost, type FakeHost } from '../helpers/fake-host';
import { idleTrainingState } from '../helpers/training-state';

const SETS = 120;

function rep(index: number): RepMetrics {
  return { index, startS: index * 3, endS: index * 3 + 2, tutS: 2, concentricS: 0.8, eccentricS: 1.2, targetPeakPct: 70, targetMeanPct: 50, assistPeakPct: 40, assistMeanPct: 30, targetShare: 0.6, coContractionPct: 42, medianFreqHz: 88 };
}

function set(number: number): SetSummary {
  return {
    number,
    tag: number % 2 ? 'untagged' : 'internal',
    exerciseId: 'hip-thrust',
    startS: number * 45,
    endS: number * 45 + 30,
    reps: Array.from({ length: 8 }, (_, i) => rep(i + 1)),
    targetMeanPct: 50,
    assistMeanPct: 30,
    targetShare: 0.6,
    coContractionPct: 40,
    medianFreqSlopeHzPerRep: null,
    comparisons: [],
  };
}

const status: HostStatus = {
  device: { spec: { kind: 'sim' }, state: 'streaming', info: { deviceId: 'sim', firmware: 'fake', sampleRateHz: 2000, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.1, channelLabels: ['ch1', 'ch2'] } },
  counters: { linesOk: 1, linesLost: 0, linesCorrupt: 0, bytesDiscarded: 0, gaps: 0, samplesMissing: 0 },
  dsp: { highpassHz: 20, lowpassHz: 450, mains: 50, notchQ: 30, rmsWindowMs: 100, effectiveLowpassHz: 450, warnings: [] },
  displayRateHz: 200,
  recording: { active: false },
  session: { phase: 'idle' },
};

const training: TrainingState = idleTrainingState(2);

let browser: Browser;
let host: FakeHost;
const planner = new TrainingPushPlanner();
let revision = 0;
const context = {};
/** pushes as the real host does: only what changed */
const pushDelta = () => host.broadcast('training', planner.plan(training, revision, context));

withRendererHost(
  {
    start: (dist) =>
      startFakeHost({
        dist,
        status,
        training,
        commands: {
          retagSet(arg, h) {
            const s = h.training.sets.find((x) => x.number === arg.set)!;
            s.tag = arg.tag;
            revision++;
            pushDelta();
            return h.training;
          },
        },
      }),
    tempPrefix: 'myocue-long-session-',
  },
  (suite) => ({ browser, host } = suite),
);

describe('a long session in the renderer', () => {
  it('rebuilds the sets from delta pushes, keeps a page of set cards in the DOM, and retags a set from its card', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    try {
      await page.goto(host.url);
      await page.getByTestId('set-toggle').waitFor({ timeout: 15_000 });
      const nodes: number[] = [];
      for (let k = 1; k <= SETS; k++) {
        training.sets.push(set(k));
        training.setNumber = k + 1;
        revision++;
        pushDelta();
        if (k === 10 || k === SETS) {
          await expect.poll(() => page.locator('.mc-sets .mc-muted').first().textContent(), { timeout: 10_000 }).toBe(`${k} finished`);
          nodes.push(await page.evaluate(() => document.getElementsByTagName('*').length));
        }
      }
      console.log(`DOM nodes with 10 sets: ${nodes[0]}, with ${SETS} sets: ${nodes[1]}`);
      expect(await page.getByTestId('set-summary').count()).toBe(8);
      expect(await page.getByTestId('set-summary').first().getAttribute('data-set-number')).toBe(String(SETS));
      // the DOM does not grow with the sets (a page of cards either way)
      expect(nodes[1]).toBeLessThanOrEqual(nodes[0] * 1.1);

      // an untagged set: no comparison, and its tag is corrected from the card
      const card = page.locator(`[data-testid="set-summary"][data-set-number="${SETS - 1}"]`);
      expect(await card.getAttribute('data-tag')).toBe('untagged');
      await card.getByTestId('set-retag').selectOption('baseline');
      await expect.poll(() => host.commands.filter((c) => c.command === 'retagSet').map((c) => c.arg)).toEqual([{ set: SETS - 1, tag: 'baseline' }]);
      await expect.poll(() => card.getAttribute('data-tag')).toBe('baseline');

      // older sets, a page at a time
      await page.getByTestId('set-pager-older').click();
      expect(await page.getByTestId('set-summary').first().getAttribute('data-set-number')).toBe(String(SETS - 8));
      expect(await page.getByTestId('set-summary').count()).toBe(8);
    } finally {
      await page.close();
    }
  });
});
