/**
 * Lifters are people: each new session's sidecar names its lifter (`lifterId`), the listing and
 * the progress view filter by it, another lifter mid-stream gets a session of their own (or takes
 * over one without sets), a switch of lifter never lets the new lifter's numbers use the previous
 * one's MVCs or sets; notes and a finished set's tag are written to a stored session's sidecar
 * (and read by the report's loader), or to the recording's journal while it records.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore } from '../../src/recording/session-store';
import { SessionRecorder } from '../../src/host/session-recorder';
import { listSessionsForUi, progressForExercise } from '../../src/host/session-library';
import { readSessionMeta, readSessionMetaFile, sessionMetaPath } from '../../src/recording/session-meta';
import { applySessionUpdate } from '../../src/host/session-edits';
import { TrainingSession } from '../../src/training/training-session';
import { MemoryMvcStore } from '../../src/training/mvc-store';
import { EXERCISE_LIBRARY } from '../../src/exercises/library';
import type { SetSummary, SetTag } from '../../src/metrics/types';
import type { StreamInfo } from '../../src/devices/sample-source';
import type { TrainingSetup } from '../../src/host/contract';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-lifter-sessions-');

const INFO: StreamInfo = { deviceId: 'sim', firmware: 'sim', sampleRateHz: 500, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.02, channelLabels: ['a', 'b'] };
const setup = (person: string, exerciseId = 'hip-thrust'): TrainingSetup => ({ exerciseId, targetChannel: 0, assistingChannels: [1], muscles: ['', ''], person });
const rep = { index: 1, startS: 0, endS: 1, tutS: 1, concentricS: 0.5, eccentricS: 0.5, targetPeakPct: 60, targetMeanPct: 40, assistPeakPct: 30, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqHz: 90 };
const summary = (number: number, tag: SetTag, exerciseId = 'hip-thrust'): SetSummary => ({
  number, tag, exerciseId, startS: 0, endS: 1, reps: [rep], targetMeanPct: 40, assistMeanPct: 20, targetShare: 0.6, coContractionPct: 30, medianFreqSlopeHzPerRep: null, comparisons: [], normalisation: 'mvc',
});

function session(store: SessionStore, person: string, exerciseId: string, tags: SetTag[]): string {
  const rec = new SessionRecorder(store);
  rec.start(INFO, { setup: setup(person, exerciseId), dsp: DEFAULT_DSP_SETTINGS });
  rec.writeSamples(new Float64Array(1000), 500);
  tags.forEach((t, i) => rec.setEnded(summary(i + 1, t, exerciseId)));
  const id = rec.status().sessionId!;
  rec.finish();
  return id;
}

describe('sessions per lifter', () => {
  it('the sidecar, the listing and the progress view carry the lifter; progress filters by it', () => {
    const store = new SessionStore(tmp());
    const a = session(store, 'anna-1a2b', 'hip-thrust', ['baseline', 'internal']);
    const b = session(store, 'bo-3c4d', 'hip-thrust', ['baseline']);
    const c = session(store, 'bo-3c4d', 'back-squat', ['internal']);
    expect(readSessionMetaFile(path.join(store.dataDir, `${a}.session.json`)).lifterId).toBe('anna-1a2b');
    const byId = new Map(listSessionsForUi(store).map((s) => [s.id, s]));
    expect(byId.get(a)).toMatchObject({ lifterId: 'anna-1a2b', setTags: ['baseline', 'internal'] });
    expect(byId.get(b)?.lifterId).toBe('bo-3c4d');
    expect(byId.get(c)?.lifterId).toBe('bo-3c4d');
    expect(progressForExercise(store, 'hip-thrust').map((p) => p.sessionId).sort()).toEqual([a, a, b].sort());
    expect(progressForExercise(store, 'hip-thrust', 'anna-1a2b').map((p) => [p.sessionId, p.setNumber])).toEqual([[a, 1], [a, 2]]);
    expect(progressForExercise(store, 'hip-thrust', 'bo-3c4d').map((p) => p.sessionId)).toEqual([b]);
    expect(progressForExercise(store, 'hip-thrust', 'nobody')).toEqual([]);
  });

  it('a session from before lifters is its person\'s ("me"); one without either has no lifter', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'old.session.json'), JSON.stringify({ version: 1, id: 'old', name: 'old', created: '2024-01-01T00:00:00Z', recordingFile: 'old.bdf', person: 'me', channels: [], sets: [] }));
    fs.writeFileSync(path.join(dir, 'older.session.json'), JSON.stringify({ version: 1, id: 'older', name: 'older', created: '2023-01-01T00:00:00Z', recordingFile: 'older.bdf', channels: [], sets: [] }));
    const list = listSessionsForUi(new SessionStore(dir));
    expect(list.map((s) => [s.id, s.lifterId])).toEqual([['old', 'me'], ['older', null]]);
  });

  it('another lifter mid-stream: a recording without sets becomes theirs; one with sets is closed and a new session starts', () => {
    const store = new SessionStore(tmp());
    const rec = new SessionRecorder(store);
    rec.start(INFO, { setup: setup('me'), dsp: DEFAULT_DSP_SETTINGS });
    rec.writeSamples(new Float64Array(1000), 500);
    const first = rec.status().sessionId!;
    rec.handOver(setup('anna-1a2b'));
    expect(rec.status().sessionId).toBe(first);
    rec.setEnded(summary(1, 'baseline'));
    rec.handOver(setup('bo-3c4d'));
    const second = rec.status().sessionId!;
    expect(second).not.toBe(first);
    rec.writeSamples(new Float64Array(1000), 500);
    rec.finish();
    const metaA = readSessionMeta(path.join(store.dataDir, `${first}.session.json`));
    expect(metaA).toMatchObject({ lifterId: 'anna-1a2b', person: 'anna-1a2b', finished: true });
    expect(metaA.sets).toHaveLength(1);
    const metaB = readSessionMeta(path.join(store.dataDir, `${second}.session.json`));
    expect(metaB).toMatchObject({ lifterId: 'bo-3c4d', person: 'bo-3c4d', sets: [] });
  });

  it("switching lifter never uses another person's MVC or sets: references, sets and peaks start over", () => {
    const store = new MemoryMvcStore([
      { person: 'anna-1a2b', muscle: 'Gluteus maximus', mvcUv: 400, restMeanUv: 3, restSdUv: 1, date: '2025-01-01' },
      { person: 'anna-1a2b', muscle: 'Biceps femoris (hamstrings)', mvcUv: 300, restMeanUv: 3, restSdUv: 1, date: '2025-01-01' },
      { person: 'bo-3c4d', muscle: 'Gluteus maximus', mvcUv: 900, restMeanUv: 3, restSdUv: 1, date: '2025-01-01' },
    ]);
    const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: store, person: 'anna-1a2b' });
    s.configureStream({ sampleRateHz: 500, channelCount: 2, channelLabels: ['a', 'b'], mainsHz: null, fullScaleUv: 187500 });
    s.setup({ exerciseId: 'hip-thrust' });
    expect(s.state().normalisation).toBe('mvc');
    expect(s.state().mvc.map((m) => m?.mvcUv)).toEqual([400, 300]);
    // Bo has only one of the two MVCs: his numbers fall back to his own session peak, never Anna's hamstring MVC
    s.setup({ person: 'bo-3c4d' });
    expect(s.state().mvc.map((m) => m?.person ?? null)).toEqual(['bo-3c4d', null]);
    expect(s.state().normalisation).toBe('session-peak');
    expect(s.state().setNumber).toBe(1);
    expect(s.state().sets).toEqual([]);
    s.setup({ person: 'anna-1a2b' });
    expect(s.state().mvc.map((m) => m?.mvcUv)).toEqual([400, 300]);
  });

  it('notes and a retag of a stored session go to its sidecar; while recording, to its journal', () => {
    const store = new SessionStore(tmp());
    const id = session(store, 'me', 'hip-thrust', ['untagged', 'internal']);
    const rec = new SessionRecorder(store);
    const live = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: new MemoryMvcStore() });
    applySessionUpdate(store, rec, live, { id, notes: '  Felt strong  ', setNote: { set: 2, note: 'cue: squeeze at lockout' }, retag: { set: 1, tag: 'baseline' } });
    const metaPath = path.join(store.dataDir, `${id}.session.json`);
    const m = readSessionMetaFile(metaPath);
    expect(m.notes).toBe('Felt strong');
    expect(m.setNotes).toEqual({ '2': 'cue: squeeze at lockout' });
    expect(m.sets.map((x) => x.tag)).toEqual(['baseline', 'internal']);
    expect(m.setDetails!.map((x) => x.tag)).toEqual(['baseline', 'internal']);
    expect(progressForExercise(store, 'hip-thrust').map((p) => p.tag)).toEqual(['baseline', 'internal']);
    expect(listSessionsForUi(store)[0]).toMatchObject({ notes: 'Felt strong', setNotes: { '2': 'cue: squeeze at lockout' }, setTags: ['baseline', 'internal'] });
    // an empty note removes it
    applySessionUpdate(store, rec, live, { id, setNote: { set: 2, note: ' ' } });
    expect(readSessionMetaFile(metaPath).setNotes).toEqual({});
    expect(() => applySessionUpdate(store, rec, live, { id, retag: { set: 9, tag: 'baseline' } })).toThrow(/no saved set 9/);

    // the session recording now: a journal line, kept through compaction
    rec.start(INFO, { setup: setup('me'), dsp: DEFAULT_DSP_SETTINGS });
    const now = rec.status().sessionId!;
    applySessionUpdate(store, rec, live, { id: now, setNote: { set: 1, note: 'grip slipped' } });
    expect(rec.setNotes()).toEqual({ '1': 'grip slipped' });
    const p = sessionMetaPath(rec.status().path!);
    expect(readSessionMetaFile(p).setNotes).toBeUndefined();
    expect(readSessionMeta(p).setNotes).toEqual({ '1': 'grip slipped' });
    rec.finish();
    expect(readSessionMetaFile(p).setNotes).toEqual({ '1': 'grip slipped' });
  });
});
