/**
 * Session metadata while recording (issue 10.3) and sidecar confinement (issue 9.11), on real files:
 *   - each finished set costs one appended journal line, the same size at set 1 and set 60; the
 *     sidecar is not rewritten until the recording finishes, when it is compacted (journal removed);
 *   - a crash mid-append (a torn last line), a garbled line, and a crash between compaction and the
 *     journal's removal all read back every complete event; appends after a torn line still count;
 *   - a sidecar naming a recording outside the data folder ("../victim/important.bdf", an absolute
 *     path, a symlink leading out) is listed as damaged, and open / delete / rename refuse it without
 *     touching anything, inside or outside.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore } from '../../src/recording/session-store';
import { SessionRecorder } from '../../src/host/session-recorder';
import { readSessionMeta, readSessionMetaFile, sessionJournalPath, SESSION_META_SUFFIX } from '../../src/recording/session-meta';
import type { StreamInfo } from '../../src/devices/sample-source';
import type { RepMetrics, SetSummary } from '../../src/host/contract';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { useTempDirs } from '../helpers/test-cleanups';

const INFO: StreamInfo = {
  deviceId: 'sim-1',
  firmware: 'test',
  sampleRateHz: 500,
  channelCount: 2,
  adcBits: 24,
  microvoltsPerCount: 0.1,
  channelLabels: ['ch1', 'ch2'],
};

const tempDir = useTempDirs('myocue-journal-');

function rep(index: number, startS: number): RepMetrics {
  return {
    index, startS, endS: startS + 2, tutS: 2, concentricS: 1, eccentricS: 1, targetPeakPct: 60, targetMeanPct: 40,
    assistPeakPct: 30, assistMeanPct: 20, targetShare: 0.66, coContractionPct: 30, medianFreqHz: 80,
  };
}
function set(number: number, tag: SetSummary['tag'] = 'baseline'): SetSummary {
  return {
    number, tag, exerciseId: 'hip-thrust', startS: number * 30, endS: number * 30 + 24,
    reps: Array.from({ length: 8 }, (_, k) => rep(k + 1, number * 30 + k * 3)),
    targetMeanPct: 40 + (number % 7), assistMeanPct: 20, targetShare: 0.66, coContractionPct: 30, medianFreqSlopeHzPerRep: null, comparisons: [],
  } as SetSummary;
}

function startRecording(store: SessionStore): { rec: SessionRecorder; id: string; metaPath: string } {
  const rec = new SessionRecorder(store);
  rec.start(INFO, { setup: null, dsp: DEFAULT_DSP_SETTINGS });
  const id = rec.status().sessionId!;
  expect(id).toBeTruthy();
  rec.writeSamples(new Float64Array(500 * 2), 500);
  return { rec, id, metaPath: path.join(store.dataDir, `${id}${SESSION_META_SUFFIX}`) };
}

describe('session journal (O(1) writes per event)', () => {
  it('appends one line per set, the same size at set 1 as at set 60; the sidecar waits for the compaction', () => {
    const store = new SessionStore(tempDir());
    const { rec, id, metaPath } = startRecording(store);
    const sidecarBefore = fs.readFileSync(metaPath);
    const journal = sessionJournalPath(metaPath);
    const growth: number[] = [];
    let size = 0;
    for (let n = 1; n <= 60; n++) {
      rec.setEnded(set(n));
      const now = fs.statSync(journal).size;
      growth.push(now - size);
      size = now;
      if (n === 30) rec.setChanged({ ...set(3), tag: 'internal' });
      if (n === 30) size = fs.statSync(journal).size;
    }
    expect(rec.status().error).toBeUndefined();
    // the sidecar was not rewritten while recording
    expect(fs.readFileSync(metaPath).equals(sidecarBefore)).toBe(true);
    // the cost of a set does not grow with the sets before it (quadratic before: the whole sidecar each time)
    expect(Math.max(...growth)).toBeLessThanOrEqual(growth[0] * 1.1);
    // while recording, reading applies the journal
    const live = readSessionMeta(metaPath);
    expect(live.sets.map((s) => s.set)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(live.sets[2].tag).toBe('internal');
    expect(live.setDetails?.length).toBe(60);
    expect(store.list().find((s) => s.id === id)?.sets).toBe(60);
    rec.finish();
    // compacted: the sidecar alone holds everything, the journal is gone
    expect(fs.existsSync(journal)).toBe(false);
    const done = readSessionMetaFile(metaPath);
    expect(done.finished).toBe(true);
    expect(done.sets.length).toBe(60);
    expect(done.sets[2].tag).toBe('internal');
    expect(done.setDetails?.map((d) => d.number)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('a crash mid-append (torn last line, garbled line) keeps every complete event, and appending goes on', () => {
    const store = new SessionStore(tempDir());
    const { rec, id, metaPath } = startRecording(store);
    for (let n = 1; n <= 3; n++) rec.setEnded(set(n));
    const journal = sessionJournalPath(metaPath);
    const line = JSON.stringify({ t: 'set', set: { set: 4, startS: 120, endS: 140, reps: 8 } });
    // the process dies half-way through writing set 4's line
    fs.appendFileSync(journal, line.slice(0, Math.floor(line.length / 2)));
    const afterCrash = new SessionStore(store.dataDir);
    const listed = afterCrash.list().find((s) => s.id === id)!;
    expect(listed.problem).toBeUndefined();
    expect(listed.sets).toBe(3);
    expect(listed.finished).toBe(false);
    expect(readSessionMeta(metaPath).setDetails?.length).toBe(3);
    // the next append starts a line of its own: the torn fragment never swallows it
    rec.setEnded(set(5));
    fs.appendFileSync(journal, '{"t":"set","set":{garbage}\n');
    rec.setEnded(set(6));
    expect(readSessionMeta(metaPath).sets.map((s) => s.set)).toEqual([1, 2, 3, 5, 6]);
  });

  it('a crash between compaction and the journal removal reads back the same (idempotent replay)', () => {
    const store = new SessionStore(tempDir());
    const { rec, metaPath } = startRecording(store);
    for (let n = 1; n <= 4; n++) rec.setEnded(set(n));
    rec.setChanged({ ...set(2), tag: 'external' });
    const journal = sessionJournalPath(metaPath);
    const kept = fs.readFileSync(journal);
    rec.finish();
    const compacted = readSessionMeta(metaPath);
    fs.writeFileSync(journal, kept); // as if the process died before removing it
    const replayed = readSessionMeta(metaPath);
    expect(replayed).toEqual(compacted);
    expect(replayed.sets.map((s) => [s.set, s.tag])).toEqual([[1, 'baseline'], [2, 'external'], [3, 'baseline'], [4, 'baseline']]);
    expect(replayed.finished).toBe(true);
  });
});

describe('sidecar paths are confined to the data folder (issue 9.11)', () => {
  function hostileLibrary(recordingFile: (victim: string) => string) {
    const root = tempDir();
    const data = path.join(root, 'data');
    const victimDir = path.join(root, 'victim');
    fs.mkdirSync(data);
    fs.mkdirSync(victimDir);
    const victim = path.join(victimDir, 'important.bdf');
    fs.writeFileSync(victim, 'precious bytes, not a BDF');
    const before = fs.statSync(victim);
    const metaPath = path.join(data, `evil${SESSION_META_SUFFIX}`);
    const sidecar = JSON.stringify({ version: 1, id: 'evil', name: 'Evil', created: '2026-01-01T00:00:00.000Z', recordingFile: recordingFile(victim), channels: [], sets: [] });
    fs.writeFileSync(metaPath, sidecar);
    const untouched = () => {
      expect(fs.existsSync(victim)).toBe(true);
      expect(fs.readFileSync(victim, 'utf8')).toBe('precious bytes, not a BDF');
      expect(fs.statSync(victim).mtimeMs).toBe(before.mtimeMs);
      expect(fs.readFileSync(metaPath, 'utf8')).toBe(sidecar);
    };
    return { store: new SessionStore(data), untouched, data, victim };
  }

  const cases: [string, (victim: string) => string, ((data: string, victim: string) => void)?][] = [
    ['a relative path out of the folder', () => '../victim/important.bdf'],
    ['an absolute path', (victim) => victim],
    ['a nested path', () => 'sub/../../victim/important.bdf'],
    ['a symlink in the folder leading out', () => 'link.bdf', (data, victim) => fs.symlinkSync(victim, path.join(data, 'link.bdf'))],
  ];
  for (const [what, recordingFile, prepare] of cases) {
    it(`${what}: listed as damaged; open, delete and rename refuse and touch nothing`, () => {
      const { store, untouched, data, victim } = hostileLibrary(recordingFile);
      prepare?.(data, victim);
      const listed = store.list().find((s) => s.id === 'evil')!;
      expect(listed).toBeDefined();
      expect(listed.problem).toMatch(/outside the data folder/);
      expect(() => store.openRecording('evil')).toThrow(/outside the data folder.*left alone/);
      expect(() => store.delete('evil')).toThrow(/outside the data folder.*left alone/);
      expect(() => store.rename('evil', 'Mine now')).toThrow(/outside the data folder/);
      expect(() => store.updateStored('evil', { patch: { notes: 'mine now' } })).toThrow(/outside the data folder/);
      untouched();
      if (prepare) expect(fs.lstatSync(path.join(data, 'link.bdf')).isSymbolicLink()).toBe(true);
    });
  }

  it('an ordinary session still opens, renames and deletes (sidecar, journal and recording)', () => {
    const store = new SessionStore(tempDir());
    const { rec, id, metaPath } = startRecording(store);
    rec.setEnded(set(1));
    expect(store.list().find((s) => s.id === id)?.problem).toBeUndefined();
    store.rename(id, 'Leg day');
    expect(store.openRecording(id).meta.name).toBe('Leg day');
    store.delete(id);
    expect(fs.readdirSync(store.dataDir).filter((n) => n.startsWith(id))).toEqual([]);
    expect(fs.existsSync(metaPath)).toBe(false);
  });
});
