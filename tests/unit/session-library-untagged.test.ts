import { describe, it, expect } from 'vitest';
import { SessionStore } from '../../src/recording/session-store';
import { SessionRecorder } from '../../src/host/session-recorder';
import { progressForExercise } from '../../src/host/session-library';
import type { SetSummary, SetTag } from '../../src/metrics/types';
import type { StreamInfo } from '../../src/devices/sample-source';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-untagged-');

const INFO: StreamInfo = { deviceId: 'sim', firmware: 'sim', sampleRateHz: 500, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.02, channelLabels: ['a', 'b'] };
const rep = { index: 1, startS: 0, endS: 1, tutS: 1, concentricS: 0.5, eccentricS: 0.5, targetPeakPct: 60, targetMeanPct: 40, assistPeakPct: 30, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqHz: 90 };
const summary = (number: number, tag: SetTag): SetSummary => ({
  number, tag, exerciseId: 'hip-thrust', startS: 0, endS: 1, reps: [rep], targetMeanPct: 40, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqSlopeHzPerRep: null, comparisons: [],
});

describe('progress leaves untagged sets out until they are tagged', () => {
  it('an untagged set is not a progress point; after its tag is corrected it is', () => {
    const dir = tmp();
    const store = new SessionStore(dir);
    const rec = new SessionRecorder(store);
    rec.start(INFO, { setup: { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: ['', ''], person: 'me' }, dsp: DEFAULT_DSP_SETTINGS });
    rec.writeSamples(new Float64Array(1000), 500);
    rec.setEnded(summary(1, 'baseline'));
    rec.setEnded(summary(2, 'untagged'));
    expect(progressForExercise(store, 'hip-thrust').map((p) => [p.setNumber, p.tag])).toEqual([[1, 'baseline']]);
    rec.setChanged(summary(2, 'internal'));
    expect(progressForExercise(store, 'hip-thrust').map((p) => [p.setNumber, p.tag])).toEqual([
      [1, 'baseline'],
      [2, 'internal'],
    ]);
    rec.finish();
  });
});
