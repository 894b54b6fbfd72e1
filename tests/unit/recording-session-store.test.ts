import { describe, it, expect, beforeEach } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore } from '../../src/recording/session-store';
import { readSessionMeta, writeJsonAtomic } from '../../src/recording/session-meta';
import { formatEvent, parseEvent, type RecordingEvent } from '../../src/recording/events';
import { useTempDirs } from '../helpers/test-cleanups';
import { fullDiskAfter } from '../helpers/full-disk';

const tmp = useTempDirs('myocue-store-');
let dir: string;
beforeEach(() => {
  dir = tmp();
});

const channels = [
  { label: 'Biceps', microvoltsPerCount: 0.0223517, muscle: 'biceps brachii', role: 'target' as const },
  { label: 'Delt ant', microvoltsPerCount: 0.0223517, muscle: 'anterior deltoid', role: 'assisting' as const },
];

function record(store: SessionStore, name: string, seconds: number, start: Date) {
  const rec = store.createRecording({ name, channels, sampleRateHz: 1000, startTime: start, exerciseId: 'curl', device: { deviceId: 'sim', sampleRateHz: 1000, channelCount: 2 } });
  const block = new Float64Array(200).map((_, i) => (i % 2 ? -1 : 1) * 10);
  for (let i = 0; i < seconds * 10; i++) rec.writeSamples(block, 100);
  rec.addEvent(0.5, { kind: 'set-start', set: 1, tag: 'internal' });
  rec.addEvent(0.9, { kind: 'rep', rep: 1, set: 1 }, 0.4);
  return rec;
}

describe('events text format', () => {
  it('every structured event survives formatEvent → parseEvent', () => {
    const events: RecordingEvent[] = [
      { kind: 'set-start', set: 2, tag: 'internal' },
      { kind: 'set-end', set: 2 },
      { kind: 'rep', rep: 3, set: 2 },
      { kind: 'rep', rep: 4 },
      { kind: 'cue', text: 'squeeze the biceps at the top' },
      { kind: 'calibration', text: 'MVC biceps start' },
      { kind: 'settings', text: 'HP 20 Hz, LP 450 Hz, notch 50 Hz' },
      { kind: 'gap', durationS: 2.31, reason: 'disconnect' },
      { kind: 'recording-end' },
      { kind: 'note', text: 'felt a cramp' },
    ];
    for (const e of events) expect(parseEvent(formatEvent(e))).toEqual(e);
    expect(formatEvent({ kind: 'set-start', set: 2, tag: 'internal' })).toBe('Set 2 start [tag=internal]');
    expect(formatEvent({ kind: 'gap', durationS: 2.314, reason: 'disconnect' })).toBe('Gap 2.31 s (disconnect)');
    expect(parseEvent('Set two start')).toEqual({ kind: 'note', text: 'Set two start' });
  });
});

describe('SessionStore', () => {
  it('creates, lists (newest first), renames, opens and deletes sessions', () => {
    const store = new SessionStore(path.join(dir, 'lib'));
    expect(store.list()).toEqual([]);
    const a = record(store, 'Curls A', 2, new Date(2024, 0, 1, 10, 0, 0));
    a.finish([{ set: 1, tag: 'internal', startS: 0.5, endS: 1.8, reps: 1, headline: { targetShare: 0.61 } }]);
    const b = record(store, 'Curls B', 1, new Date(2024, 0, 2, 10, 0, 0));
    b.finish();
    const list = store.list();
    expect(list.map((l) => l.name)).toEqual(['Curls B', 'Curls A']);
    expect(list[1]).toMatchObject({ exerciseId: 'curl', sets: 1, reps: 1, durationS: 2, finished: true, headlines: [{ targetShare: 0.61 }] });
    expect(list[1].problem).toBeUndefined();

    store.rename(a.id, '  Heavy curls ');
    expect(store.list().find((l) => l.id === a.id)?.name).toBe('Heavy curls');
    expect(() => store.rename(a.id, '   ')).toThrow('A session name cannot be empty');

    const opened = store.openRecording(a.id);
    expect(opened.recoveryMessage).toBeUndefined();
    expect(opened.info.channelLabels).toEqual(['Biceps', 'Delt ant']);
    expect(opened.info.durationS).toBe(2);
    expect(opened.meta.channels[0]).toEqual({ index: 0, label: 'Biceps', muscle: 'biceps brachii', role: 'target' });
    const texts = opened.info.annotations.map((x) => x.text);
    expect(texts).toContain(formatEvent({ kind: 'set-start', set: 1, tag: 'internal' }));

    store.delete(b.id);
    expect(store.list().map((l) => l.id)).toEqual([a.id]);
    // deleted sessions wait in the bin (Undo), out of the folder's session files
    expect(fs.readdirSync(path.join(dir, 'lib')).sort()).toEqual([`${a.id}.bdf`, `${a.id}.session.json`, 'bin']);
    expect(fs.readdirSync(path.join(dir, 'lib', 'bin'))).toEqual([b.id]);
  });

  it('lists a crashed session and repairs it on open', () => {
    const store = new SessionStore(dir);
    const rec = record(store, 'Crashed', 3, new Date(2024, 0, 3));
    // no finish(): the process "died"; the writer's fd is simply abandoned
    const l = store.list()[0];
    expect(l).toMatchObject({ name: 'Crashed', finished: false, durationS: 3 });
    const o = store.openRecording(rec.id);
    expect(o.recoveryMessage).toMatch(/not closed properly/);
    expect(o.info.recovered).toBe(false); // repaired in place
    expect(o.info.durationS).toBe(3);
  });

  it('an unwritable data folder (a path under a regular file) is reported at once, clearly', () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const store = new SessionStore(path.join(file, 'sessions'));
    expect(() => store.createRecording({ name: 'x', channels, sampleRateHz: 1000 })).toThrow(
      /Cannot create the session folder .*not-a-folder\/sessions: a part of the path is a file, not a folder \(ENOTDIR\)\./,
    );
  });

  it('a full disk during a session: the error reaches onError and the caller, the data so far stays readable', () => {
    const fakeFs = fullDiskAfter(6); // header + a few records, then ENOSPC
    const seen: string[] = [];
    const store = new SessionStore(dir);
    const rec = store.createRecording({ name: 'Full', channels, sampleRateHz: 1000, writer: { fs: fakeFs, onError: (e) => seen.push(e.message) } });
    const block = new Float64Array(500);
    let thrown: Error | null = null;
    try {
      for (let i = 0; i < 20; i++) rec.writeSamples(block, 250);
    } catch (e) {
      thrown = e as Error;
    }
    expect(thrown?.message).toMatch(/the disk is full \(ENOSPC\)/);
    expect(seen).toEqual([thrown?.message]);
    expect(() => rec.finish()).toThrow(/disk is full/);
    const meta = readSessionMeta(rec.metaPath);
    expect(meta.finished).toBe(false);
    const o = store.openRecording(rec.id);
    expect(o.info.durationS).toBeCloseTo(1.25, 9); // 5 whole 0.25 s records made it
  });

  it('atomic JSON writes leave the old file when the write fails', () => {
    const p = path.join(dir, 'x.session.json');
    writeJsonAtomic(p, { v: 1 });
    expect(() => writeJsonAtomic(path.join(dir, 'missing-folder', 'y.json'), { v: 2 })).toThrow(/Cannot save the session details .*the folder does not exist \(ENOENT\)/);
    expect(JSON.parse(fs.readFileSync(p, 'utf8'))).toEqual({ v: 1 });
    fs.writeFileSync(p, '{"id": 3');
    expect(() => readSessionMeta(p)).toThrow('x.session.json: not valid JSON (damaged session details)');
    const store = new SessionStore(dir);
    expect(store.list()[0]).toMatchObject({ id: 'x', problem: 'x.session.json: not valid JSON (damaged session details)' });
  });
});
