/**
 * Demo sessions (recorded from the simulated band) are not training: their sets reach progress
 * marked `demo`, and the progress view leaves them out and says how many it left out.
 */
import { describe, it, expect } from 'vitest';
import { SessionStore } from '../../src/recording/session-store';
import { SessionRecorder } from '../../src/host/session-recorder';
import { progressForExercise } from '../../src/host/session-library';
import type { SetSummary } from '../../src/metrics/types';
import type { StreamInfo } from '../../src/devices/sample-source';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { demoSessionsNote, withoutDemoSessions } from '../../renderer/src/sessions/progress';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-demo-progress-');

const INFO: StreamInfo = { deviceId: 'sim', firmware: 'sim', sampleRateHz: 500, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.02, channelLabels: ['a', 'b'] };
const rep = { index: 1, startS: 0, endS: 1, tutS: 1, concentricS: 0.5, eccentricS: 0.5, targetPeakPct: 60, targetMeanPct: 40, assistPeakPct: 30, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqHz: 90 };
const set1: SetSummary = {
  number: 1, tag: 'baseline', exerciseId: 'hip-thrust', startS: 0, endS: 1, reps: [rep], targetMeanPct: 40, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqSlopeHzPerRep: null, comparisons: [],
};

function record(store: SessionStore, demo: boolean): void {
  const rec = new SessionRecorder(store);
  rec.start(INFO, { setup: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: ['', ''], person: 'me' }, dsp: DEFAULT_DSP_SETTINGS, demo });
  rec.writeSamples(new Float64Array(1000), 500);
  rec.setEnded(set1);
  rec.finish();
}

describe('demo sessions in progress', () => {
  it('reach progress marked demo; the view keeps only training and counts the demo sessions it left out', () => {
    const dir = tmp();
    const store = new SessionStore(dir);
    record(store, true);
    record(store, true);
    record(store, false);
    const points = progressForExercise(store, 'hip-thrust');
    expect(points).toHaveLength(3);
    expect(points.filter((p) => p.demo)).toHaveLength(2);
    const { points: kept, demoSessions } = withoutDemoSessions(points);
    expect(kept).toHaveLength(1);
    expect(kept[0].demo).toBeUndefined();
    expect(demoSessions).toBe(2);
    expect(demoSessionsNote(demoSessions)).toMatch(/^2 demo sessions on the simulated band are left out: a demo is not training/);
    expect(demoSessionsNote(1)).toMatch(/^1 demo session on the simulated band is left out/);
    expect(demoSessionsNote(0)).toBeNull();
  });
});
