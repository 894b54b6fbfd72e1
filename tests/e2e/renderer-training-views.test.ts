/**
 * The training, coach, sessions and replay views against a fake host (tests/helpers/fake-host.ts:
 * node http + ws, the wire protocol of contract.ts) in Debian Chromium: the pushed TrainingState shows up
 * under the stable data-testids, the controls and keyboard shortcuts send the right commands,
 * a read-only viewer gets no controls, and screenshots of the training and coach views are written.
 */
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import type { Exercise, HostStatus, ProgressPoint, RepMetrics, SessionListing, SetSummary, TrainingState } from '../../src/host/contract';
import { screenshotDir } from '../helpers/browser';
import { startFakeHost, withRendererHost, type FakeHost } from '../helpers/fake-host';
import { idleTrainingState } from '../helpers/training-state';

const CHANNELS = 3;
const DISPLAY_HZ = 200;
const FRAME_MS = 25;

const HIP_THRUST: Exercise = {
  id: 'hip-thrust',
  name: 'Hip thrust',
  target: [{ muscle: 'Gluteus maximus', placement: 'Halfway between the sacrum and the greater trochanter, along the fibres.' }],
  assisting: [
    { muscle: 'Biceps femoris', placement: 'Halfway between the ischial tuberosity and the lateral epicondyle.' },
    { muscle: 'Erector spinae', placement: 'Two fingers lateral to L1.' },
  ],
  internalCues: ['Squeeze your glutes hard at the top', 'Push the hips up with your glutes', 'Feel the glutes shorten as you rise'],
  externalCue: 'Push the floor away',
  loadPercent1RM: { min: 20, max: 60 },
  tempo: '2 s up, 1 s squeeze, 3 s down',
};
const SQUAT: Exercise = { ...HIP_THRUST, id: 'back-squat', name: 'Back squat', target: [{ muscle: 'Vastus lateralis', placement: 'Two thirds on the line from the ASIS to the patella.' }] };

function rep(index: number, share: number): RepMetrics {
  return {
    index,
    startS: 10 + index * 3,
    endS: 12 + index * 3,
    tutS: 2.1,
    concentricS: 0.9,
    eccentricS: 1.2,
    targetPeakPct: 70 + index,
    targetMeanPct: 50 + index,
    assistPeakPct: 40,
    assistMeanPct: 30,
    targetShare: share,
    coContractionPct: 42,
    medianFreqHz: 88 - index,
  };
}

function setSummary(number: number, tag: SetSummary['tag'], share: number, reps: number): SetSummary {
  return {
    number,
    tag,
    exerciseId: 'hip-thrust',
    startS: number * 60,
    endS: number * 60 + 35,
    reps: Array.from({ length: reps }, (_, i) => rep(i + 1, share)),
    targetMeanPct: tag === 'internal' ? 57 : 50,
    assistMeanPct: tag === 'internal' ? 28 : 31,
    targetShare: share,
    coContractionPct: 40,
    medianFreqSlopeHzPerRep: tag === 'internal' ? -1.2 : 0.1,
    comparisons:
      tag === 'internal'
        ? [
            {
              against: 'baseline',
              againstSetNumber: 1,
              targetChangePct: { value: 14, low: 6, high: 22 },
              assistChangePct: { value: -9, low: -15, high: -2 },
              shareChangePts: { value: 6, low: 2, high: 9 },
              significant: true,
              sentence: 'Target +14% vs baseline, assisting −9%: the cue is working',
            },
          ]
        : [],
  };
}

function fakeStatus(): HostStatus {
  return {
    device: {
      spec: { kind: 'sim' },
      state: 'streaming',
      info: { deviceId: 'sim', firmware: 'fake', sampleRateHz: 2000, channelCount: CHANNELS, adcBits: 24, microvoltsPerCount: 0.1, channelLabels: ['ch1', 'ch2', 'ch3'] },
    },
    counters: { linesOk: 1000, linesLost: 0, linesCorrupt: 0, bytesDiscarded: 0, gaps: 0, samplesMissing: 0 },
    dsp: { highpassHz: 20, lowpassHz: 450, mains: 50, notchQ: 30, rmsWindowMs: 100, effectiveLowpassHz: 450, warnings: [] },
    displayRateHz: DISPLAY_HZ,
    recording: { active: true, sessionId: 's3', path: '/tmp/s3.bdf', durationS: 300 },
    session: { phase: 'running', startedAt: '2026-12-01T07:45:00.000Z', durationS: 300, name: 'Hip thrust · running', sessionId: 's3' },
  };
}

/** mid-set: set 3 (internal) of a hip thrust, 5 reps in, calibrated (the rest as idle) */
function fakeTraining(): TrainingState {
  const date = '2026-01-05T10:00:00.000Z';
  return idleTrainingState(CHANNELS, {
    setup: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: ['Gluteus maximus', 'Biceps femoris', ''], person: 'Alex' },
    exercise: HIP_THRUST,
    normalisation: 'mvc',
    mvc: [
      { person: 'Alex', muscle: 'Gluteus maximus', mvcUv: 400, restMeanUv: 5, restSdUv: 1, date },
      { person: 'Alex', muscle: 'Biceps femoris', mvcUv: 300, restMeanUv: 5, restSdUv: 1, date },
      null,
    ],
    cue: HIP_THRUST.internalCues[0],
    setActive: true,
    setNumber: 3,
    setTag: 'internal',
    repCount: 5,
    inRep: true,
    targetPct: 52.4,
    assistPct: 31.2,
    targetShare: 0.64,
    baselineShare: 0.55,
    assistTakeover: false,
    reps: Array.from({ length: 5 }, (_, i) => rep(i + 1, 0.62 + i * 0.01)),
    sets: [setSummary(1, 'baseline', 0.55, 8), setSummary(2, 'internal', 0.61, 8)],
    quality: [
      { channel: 0, verdict: 'good', reasons: [], baselineNoiseUv: 2.1, mainsPowerRatio: 0.02, clippingRatio: 0, sampleRateHz: 2000 },
      { channel: 1, verdict: 'check', reasons: ['mains 50 Hz is 38 % of power'], baselineNoiseUv: 6.4, mainsPowerRatio: 0.38, clippingRatio: 0, sampleRateHz: 2000 },
      { channel: 2, verdict: 'bad', reasons: ['flat line: electrode off?'], baselineNoiseUv: 0, mainsPowerRatio: 0, clippingRatio: 0, sampleRateHz: 2000 },
    ],
  });
}

function fakeSessions(): SessionListing[] {
  return [
    { id: 's1', name: 'Glute day', startedAt: '2026-01-01T10:00:00.000Z', durationS: 1800, exerciseId: 'hip-thrust', sets: 4, targetMeanPct: 48, targetShare: 0.58, normalisation: 'mvc', path: '/tmp/s1.bdf' },
    { id: 's2', name: 'Glute day 2', startedAt: '2026-01-29T10:00:00.000Z', durationS: 2100, exerciseId: 'hip-thrust', sets: 4, targetMeanPct: 55, targetShare: 0.66, normalisation: 'session-peak', path: '/tmp/s2.bdf' },
    { id: 's3', name: 'Squats', startedAt: '2026-01-30T10:00:00.000Z', durationS: 900, exerciseId: 'back-squat', sets: 2, targetMeanPct: null, targetShare: null, normalisation: null, path: '/tmp/s3.bdf' },
  ];
}

function fakeProgress(): ProgressPoint[] {
  const p = (sessionId: string, date: string, setNumber: number, tag: ProgressPoint['tag'], t: number, a: number, share: number): ProgressPoint => ({
    sessionId,
    date,
    setNumber,
    tag,
    targetMeanPct: t,
    assistMeanPct: a,
    targetShare: share,
    normalisation: 'mvc',
  });
  return [
    p('s1', '2026-01-01T10:00:00.000Z', 1, 'baseline', 45, 33, 0.55),
    p('s1', '2026-01-01T10:00:00.000Z', 2, 'internal', 50, 31, 0.58),
    p('s2', '2026-01-29T10:00:00.000Z', 1, 'baseline', 46, 32, 0.56),
    p('s2', '2026-01-29T10:00:00.000Z', 2, 'internal', 58, 27, 0.66),
  ];
}

/** a training command's answer: the changed state, pushed to every renderer first */
function changed(training: TrainingState, push: () => void): TrainingState {
  push();
  return training;
}

/** the fake host of this test: training, sessions, progress and replay commands, and live envelopes */
function startHost(dist: string): Promise<FakeHost> {
  let sessions = fakeSessions();
  /** what the fake host keeps of deleted sessions (Undo) */
  const binned: ReturnType<typeof fakeSessions> = [];
  return startFakeHost({
    dist,
    status: fakeStatus(),
    training: fakeTraining(),
    commands: {
      listExercises: () => [HIP_THRUST, SQUAT],
      setupTraining(arg, { training, push }) {
        Object.assign(training.setup, arg);
        if (arg.exerciseId !== undefined) training.exercise = [HIP_THRUST, SQUAT].find((e) => e.id === arg.exerciseId) ?? null;
        return changed(training, push);
      },
      startSet(arg, { training, push }) {
        training.setActive = true;
        training.repCount = 0;
        training.reps = [];
        if (arg?.tag) training.setTag = arg.tag;
        return changed(training, push);
      },
      endSet(_, { training, push }) {
        training.setActive = false;
        training.sets = [...training.sets, setSummary(training.setNumber, training.setTag, 0.63, training.repCount)];
        training.setNumber += 1;
        return changed(training, push);
      },
      tagSet(arg, { training, push }) {
        training.setTag = arg.tag;
        return changed(training, push);
      },
      nextCue(_, { training, push }) {
        const cues = HIP_THRUST.internalCues;
        training.cue = cues[(cues.indexOf(training.cue ?? '') + 1) % cues.length];
        return changed(training, push);
      },
      calibrate(arg, { training, push }) {
        training.calibration = arg.action === 'start' ? { phase: 'rest', channel: arg.channel, remainingS: 4 } : { phase: 'idle' };
        return changed(training, push);
      },
      listSessions: () => sessions,
      renameSession(arg) {
        sessions = sessions.map((s) => (s.id === arg.id ? { ...s, name: arg.name } : s));
        return sessions;
      },
      deleteSession(arg) {
        binned.push(...sessions.filter((s) => s.id === arg.id));
        sessions = sessions.filter((s) => s.id !== arg.id);
        return sessions;
      },
      restoreSession(arg) {
        sessions = [...sessions, ...binned.filter((s) => s.id === arg.id)];
        return sessions;
      },
      listLifters: () => ({ lifters: [{ id: 'me', name: 'Me', created: '' }], currentId: 'me' }),
      getProgress: (arg) => (arg.exerciseId === 'hip-thrust' ? fakeProgress() : []),
      openReplay(arg, { status, broadcast }) {
        status.replay = {
          sessionId: (arg as { sessionId: string }).sessionId,
          path: '/tmp/s1.bdf',
          title: 'Glute day — 1 Jan 2026',
          positionS: 0,
          durationS: 1800,
          speed: 1,
          playing: true,
          marks: [
            { timeS: 60, label: 'Set 1 start [tag=baseline]', kind: 'set' },
            { timeS: 63, label: 'Rep 1 [set=1]', kind: 'rep' },
            { timeS: 90, label: 'Set 1 end [tag=baseline; reps=1]', kind: 'set' },
            { timeS: 300, label: 'Set 2 start [tag=internal]', kind: 'set' },
          ],
        };
        broadcast('status', status);
        return status;
      },
      replayControl(arg, { status, broadcast }) {
        const r = status.replay!;
        if (arg.action === 'play') r.playing = true;
        if (arg.action === 'pause') r.playing = false;
        if (arg.action === 'speed') r.speed = arg.speed;
        if (arg.action === 'seek') r.positionS = arg.timeS;
        broadcast('status', status);
        return status;
      },
    },
    // live envelopes: 2 s reps on the target, a weaker assist
    stream: {
      channels: CHANNELS,
      displayRateHz: DISPLAY_HZ,
      frameMs: FRAME_MS,
      sample(c, ts) {
        const level = Math.max(0, Math.sin((Math.PI * ts) / 2)) ** 2;
        const env = c === 0 ? 20 + 260 * level : c === 1 ? 15 + 110 * level : 8;
        return [env * 1.4 * Math.sin(ts * 977 + c), env];
      },
    },
  });
}

let browser: Browser;
let host: FakeHost;
// the renderer into a temporary directory: never races other tests over dist/renderer
withRendererHost({ start: startHost, tempPrefix: 'myocue-training-views-' }, (suite) => ({ browser, host } = suite));

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

const sent = (name: string) => host.commands.filter((c) => c.command === name);

describe('training views', () => {
  it('training panel shows the pushed state, and controls and shortcuts send commands', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
    const errors = watchErrors(page);
    try {
      await page.goto(host.url);
      await expect.poll(() => page.getByTestId('exercise').inputValue(), { timeout: 15_000 }).toBe('hip-thrust');
      expect(await page.getByTestId('exercise').locator('option:checked').textContent()).toBe('Hip thrust');
      expect(await page.getByTestId('rep-count').textContent()).toBe('5');
      expect(await page.getByTestId('target-share').textContent()).toBe('64 %');
      expect(Number(await page.getByTestId('target-share').getAttribute('data-value'))).toBeCloseTo(0.64, 5);
      expect(await page.getByTestId('target-mvc').textContent()).toBe('52 %MVC');
      expect(Number(await page.getByTestId('target-mvc').getAttribute('data-value'))).toBeCloseTo(52.4, 5);
      expect(await page.getByTestId('assist-mvc').textContent()).toBe('31 %MVC');
      expect(await page.getByTestId('cue').textContent()).toBe('Squeeze your glutes hard at the top');
      expect(await page.getByTestId('quality-channel-0').getAttribute('data-verdict')).toBe('good');
      expect(await page.getByTestId('quality-channel-1').getAttribute('data-verdict')).toBe('check');
      expect(await page.getByTestId('quality-channel-1').textContent()).toContain('mains 50 Hz is 38 % of power');
      expect(await page.getByTestId('quality-channel-2').getAttribute('data-verdict')).toBe('bad');
      expect(await page.getByTestId('set-toggle').textContent()).toContain('End set 3');
      expect(await page.getByTestId('set-tag-select').inputValue()).toBe('internal');
      expect(await page.getByTestId('rep-row').count()).toBe(5);

      // finished sets, newest first, with the comparison in words and with its interval
      const summaries = page.getByTestId('set-summary');
      expect(await summaries.count()).toBe(2);
      expect(await summaries.nth(0).getAttribute('data-set-number')).toBe('2');
      expect(await summaries.nth(0).getAttribute('data-tag')).toBe('internal');
      expect(Number(await summaries.nth(0).getAttribute('data-target-share'))).toBeCloseTo(0.61, 5);
      expect(await summaries.nth(0).getAttribute('data-rep-count')).toBe('8');
      const text = await summaries.nth(0).textContent();
      expect(text).toContain('the cue is working');
      expect(text).toContain('+14 % [+6, +22]');
      expect(text).toContain('Median frequency');

      // the takeover warning comes and goes with the pushed state
      expect(await page.getByTestId('takeover-warning').count()).toBe(0);
      host.training.assistTakeover = true;
      host.push();
      await expect.poll(() => page.getByTestId('takeover-warning').isVisible()).toBe(true);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(screenshotDir(), 'training-panel.png'), fullPage: true });
      await page.getByLabel('Live training').screenshot({ path: join(screenshotDir(), 'training-live-side.png') });
      // the panel lays itself out in two columns when given the full width (container queries)
      await page.addStyleTag({ content: '.live-main { grid-template-columns: minmax(0, 1fr) !important; }' });
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(screenshotDir(), 'training-panel-wide.png'), fullPage: true });
      host.training.assistTakeover = false;
      host.push();
      await expect.poll(() => page.getByTestId('takeover-warning').count()).toBe(0);

      // keyboard: Space ends the set, 1 tags baseline, N next cue, Space starts the next set
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByTestId('set-summary').count()).toBe(3);
      expect(await page.getByTestId('set-toggle').textContent()).toContain('Start set 4');
      await page.keyboard.press('1');
      await expect.poll(() => page.getByTestId('set-tag-select').inputValue()).toBe('baseline');
      await page.keyboard.press('n');
      await expect.poll(() => page.getByTestId('cue').textContent()).toBe('Push the hips up with your glutes');
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByTestId('set-toggle').textContent()).toContain('End set 4');
      expect(sent('startSet').at(-1)?.arg).toEqual({ tag: 'baseline' });
      // typing in an input does not trigger shortcuts
      const before = host.commands.length;
      const muscle = page.getByLabel('Muscle on channel 3');
      await muscle.click();
      await page.keyboard.type('n 2');
      expect(host.commands.slice(before).filter((c) => ['nextCue', 'tagSet', 'startSet', 'endSet'].includes(c.command))).toEqual([]);
      await muscle.press('Enter');
      await expect.poll(() => sent('setupTraining').at(-1)?.arg).toEqual({ muscles: ['Gluteus maximus', 'Biceps femoris', 'n 2'] });
      // the button ends the set too, and the tag select sends tagSet
      await page.getByTestId('set-toggle').click();
      await expect.poll(() => page.getByTestId('set-summary').count()).toBe(4);
      // Space with the button focused toggles once (the shortcut), not twice (shortcut + button click)
      const starts = sent('startSet').length;
      const ends = sent('endSet').length;
      await page.keyboard.press('Space');
      await expect.poll(() => page.getByTestId('set-toggle').textContent()).toContain('End set 5');
      await page.waitForTimeout(300);
      expect([sent('startSet').length - starts, sent('endSet').length - ends]).toEqual([1, 0]);
      await page.getByTestId('set-toggle').click();
      await expect.poll(() => page.getByTestId('set-summary').count()).toBe(5);
      await page.getByTestId('set-tag-select').selectOption('external');
      await expect.poll(() => sent('tagSet').at(-1)?.arg).toEqual({ tag: 'external' });

      // calibration: the button starts it, the step is shown large
      await page.getByTestId('calibrate-0').click();
      await expect.poll(() => page.getByTestId('calibration-step').first().textContent()).toBe('Relax… 4 s');
      host.training.calibration = { phase: 'mvc', channel: 0, trial: 2, trials: 3, remainingS: 2.4, contract: true };
      host.push();
      await expect.poll(() => page.getByTestId('calibration-banner').textContent()).toContain('Contract as hard as you can! trial 2/3 3 s');
      await page.screenshot({ path: join(screenshotDir(), 'training-calibration.png') });
      host.training.calibration = { phase: 'idle' };
      host.push();

      // session-peak normalisation is said in words
      host.training.normalisation = 'session-peak';
      host.push();
      await expect.poll(() => page.getByTestId('target-mvc').textContent()).toMatch(/^\d+ % of peak$/);
      host.training.normalisation = 'mvc';
      host.push();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('coach view: huge read-out, shortcuts work; a viewer gets no controls and no shortcuts', async () => {
    Object.assign(host.training, { setActive: true, setNumber: 5, setTag: 'internal', repCount: 7, targetPct: 61, assistPct: 22, targetShare: 0.73, assistTakeover: false });
    host.push();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(page);
    try {
      await page.goto(host.url + '#/coach');
      await expect.poll(() => page.getByTestId('rep-count').textContent(), { timeout: 15_000 }).toBe('7');
      expect(await page.getByTestId('coach-view').count()).toBe(1);
      expect(await page.getByTestId('exercise').evaluate((el) => el.tagName)).toBe('H1');
      expect(await page.getByTestId('exercise').textContent()).toBe('Hip thrust');
      expect(await page.getByTestId('target-share').textContent()).toBe('73 %');
      expect(await page.getByTestId('target-mvc').textContent()).toBe('61 %MVC');
      expect(await page.getByTestId('assist-mvc').textContent()).toBe('22 %MVC');
      expect(await page.getByTestId('cue').textContent()).toBeTruthy();
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(screenshotDir(), 'coach-view.png') });
      // everything fits on a 1080p TV without scrolling
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
      host.training.assistTakeover = true;
      host.push();
      await expect.poll(() => page.getByTestId('takeover-warning').isVisible()).toBe(true);
      await page.screenshot({ path: join(screenshotDir(), 'coach-view-takeover.png') });
      host.training.assistTakeover = false;
      host.push();
      await page.keyboard.press('3');
      await expect.poll(() => sent('tagSet').at(-1)?.arg).toEqual({ tag: 'external' });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }

    const viewer = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await viewer.goto(host.url + '?viewer=1#/coach');
      await expect.poll(() => viewer.getByTestId('rep-count').textContent(), { timeout: 15_000 }).toBe('7');
      expect(await viewer.getByTestId('coach-view').locator('button, select, input').count()).toBe(0);
      const before = host.commands.length;
      await viewer.keyboard.press('Space');
      await viewer.keyboard.press('2');
      await viewer.keyboard.press('n');
      await viewer.waitForTimeout(300);
      expect(host.commands.slice(before).filter((c) => ['nextCue', 'tagSet', 'startSet', 'endSet'].includes(c.command))).toEqual([]);
    } finally {
      await viewer.close();
    }
  });

  it('sessions: rename, delete with undo, progress chart, replay with its transport', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    try {
      await page.goto(host.url + '#/sessions');
      await expect.poll(() => page.getByTestId('session-row').count(), { timeout: 15_000 }).toBe(3);
      const row = page.locator('[data-testid="session-row"][data-session-id="s1"]');
      // rename, report, export and delete are behind the row's "More" button
      await row.getByTestId('session-actions').click();
      await row.getByTestId('session-rename').click();
      await row.getByTestId('session-rename').fill('Heavy glutes');
      await row.getByTestId('session-rename').press('Enter');
      await expect.poll(() => row.textContent()).toContain('Heavy glutes');
      expect(sent('renameSession').at(-1)?.arg).toEqual({ id: 's1', name: 'Heavy glutes' });
      // "%MVC" only where an MVC was used
      expect(await row.textContent()).toContain('48 %MVC');
      const s2 = page.locator('[data-testid="session-row"][data-session-id="s2"]');
      expect(await s2.textContent()).toContain('55 % of session peak');
      expect(await s2.textContent()).not.toContain('%MVC');

      // progress: chart plus the plain summary
      expect(await page.getByTestId('progress-exercise').inputValue()).toBe('hip-thrust');
      await expect.poll(() => page.getByTestId('progress-chart').locator('canvas').count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('progress-summary').textContent()).toContain('Internal-focus sets: target share 58 % → 66 %');
      expect(await page.getByTestId('progress-summary').textContent()).toContain('over 4 weeks');
      await page.screenshot({ path: join(screenshotDir(), 'sessions-view.png'), fullPage: true });

      // delete at once (to the bin), Undo brings the row back, a second delete stays
      const s3 = page.locator('[data-testid="session-row"][data-session-id="s3"]');
      await s3.getByTestId('session-actions').click();
      await s3.getByTestId('session-delete').click();
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
      expect(sent('deleteSession').at(-1)?.arg).toEqual({ id: 's3' });
      await page.getByTestId('undo-delete').click();
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(3);
      expect(sent('restoreSession').at(-1)?.arg).toEqual({ id: 's3' });
      await expect.poll(() => page.getByTestId('undo-toast').count()).toBe(0);
      // the restored row's panel is closed again
      expect(await s3.getByTestId('session-actions').getAttribute('aria-expanded')).toBe('false');
      await s3.getByTestId('session-actions').click();
      await s3.getByTestId('session-delete').click();
      await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);

      // replay: back on the live page with the transport
      await row.getByTestId('session-replay').click();
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/');
      await expect.poll(() => page.getByTestId('replay-play').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByTestId('replay-bar').textContent()).toContain('Glute day — 1 Jan 2026');
      await page.getByTestId('replay-play').click();
      await expect.poll(() => sent('replayControl').at(-1)?.arg).toEqual({ action: 'pause' });
      await page.getByTestId('replay-speed').selectOption('4');
      await expect.poll(() => sent('replayControl').at(-1)?.arg).toEqual({ action: 'speed', speed: 4 });
      // marks grouped per set, reps inside, in plain words
      expect(await page.getByTestId('replay-set-group').count()).toBe(2);
      expect(await page.getByTestId('replay-set-group').first().getAttribute('data-reps')).toBe('1');
      expect(await page.getByTestId('replay-marks').textContent()).not.toContain('[');
      expect(await page.getByTestId('replay-set-group').nth(1).textContent()).toContain('Set 2 · internal');
      await page.getByTestId('replay-mark').nth(2).click();
      await expect.poll(() => page.getByTestId('replay-position').getAttribute('data-position-s')).toBe('300.00');
      expect(await page.getByTestId('replay-position').textContent()).toBe('5:00 / 30:00');
      // the scrub slider seeks on change
      await page.getByTestId('replay-scrub').focus();
      await page.keyboard.press('ArrowRight');
      // a 5 s step from the position shown
      await expect.poll(() => sent('replayControl').at(-1)?.arg).toEqual({ action: 'seek', timeS: 305 });
      await page.screenshot({ path: join(screenshotDir(), 'replay-bar.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
