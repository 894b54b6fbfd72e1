/**
 * Delete with undo (src/recording/session-bin.ts through SessionStore): a deleted session's files
 * move to `<dataDir>/bin/<id>/`, the listing drops it, restore puts every file back as it was; the
 * bin is emptied at start of what was deleted more than BIN_KEEP_DAYS days ago; nothing outside
 * the data folder is ever moved or removed (a `bin` symlink leading out, a sidecar pointing out).
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore } from '../../src/recording/session-store';
import { SessionRecorder } from '../../src/host/session-recorder';
import { BIN_KEEP_DAYS } from '../../src/recording/session-bin';
import { listSessionsForUi } from '../../src/host/session-library';
import type { StreamInfo } from '../../src/devices/sample-source';
import type { TrainingSetup } from '../../src/host/contract';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-bin-');

const INFO: StreamInfo = { deviceId: 'sim', firmware: 'sim', sampleRateHz: 500, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.02, channelLabels: ['a', 'b'] };
const SETUP: TrainingSetup = { exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], muscles: ['', ''], person: 'me' };

/** one finished session of 1 s, recorded like the host does; returns its id */
function record(store: SessionStore, setup: TrainingSetup = SETUP): string {
  const rec = new SessionRecorder(store);
  rec.start(INFO, { setup, dsp: DEFAULT_DSP_SETTINGS });
  rec.writeSamples(new Float64Array(1000), 500);
  const id = rec.status().sessionId!;
  rec.finish();
  return id;
}

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of fs.readdirSync(dir)) if (fs.statSync(path.join(dir, n)).isFile()) out[n] = fs.readFileSync(path.join(dir, n)).toString('base64');
  return out;
}

describe('session bin', () => {
  it('delete moves the files to bin/<id>/, restore puts them back byte for byte', () => {
    const dir = tmp();
    const store = new SessionStore(dir);
    const keep = record(store);
    const id = record(store);
    const before = filesOf(dir);
    const listed = listSessionsForUi(store);
    store.delete(id);
    expect(store.list().map((s) => s.id)).toEqual([keep]);
    expect(fs.existsSync(path.join(dir, `${id}.bdf`))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'bin', id)).sort()).toEqual([`${id}.bdf`, `${id}.session.json`, 'deleted.json'].sort());
    store.restore(id);
    expect(filesOf(dir)).toEqual(before);
    expect(fs.readdirSync(path.join(dir, 'bin'))).toEqual([]);
    expect(listSessionsForUi(store)).toEqual(listed);
    // undo once only
    expect(() => store.restore(id)).toThrow(/not in the bin/);
  });

  it('a crashed session keeps its journal through delete and restore', () => {
    const dir = tmp();
    const store = new SessionStore(dir);
    const rec = new SessionRecorder(store);
    rec.start(INFO, { setup: SETUP, dsp: DEFAULT_DSP_SETTINGS });
    rec.writeSamples(new Float64Array(1000), 500);
    rec.updateNotes({ notes: 'left early' });
    const id = rec.status().sessionId!;
    // no finish: a crash; the journal holds the note
    expect(fs.existsSync(path.join(dir, `${id}.session.journal`))).toBe(true);
    store.delete(id);
    expect(fs.existsSync(path.join(dir, 'bin', id, `${id}.session.journal`))).toBe(true);
    store.restore(id);
    expect(store.list()[0]).toMatchObject({ id, notes: 'left early' });
  });

  it('restore refuses, moving nothing, when a file of that name is back in the folder', () => {
    const dir = tmp();
    const store = new SessionStore(dir);
    const id = record(store);
    store.delete(id);
    fs.writeFileSync(path.join(dir, `${id}.bdf`), 'someone else');
    expect(() => store.restore(id)).toThrow(/exists in the data folder again; nothing was moved/);
    expect(fs.readFileSync(path.join(dir, `${id}.bdf`), 'utf8')).toBe('someone else');
    expect(fs.existsSync(path.join(dir, 'bin', id, `${id}.session.json`))).toBe(true);
  });

  it(`the bin is emptied of what was deleted more than ${BIN_KEEP_DAYS} days ago, the rest kept`, () => {
    const dir = tmp();
    const store = new SessionStore(dir);
    const old = record(store);
    const recent = record(store);
    const now = new Date('2026-12-01T12:00:00Z');
    store.delete(old, new Date(now.getTime() - (BIN_KEEP_DAYS + 1) * 86_400_000));
    store.delete(recent, new Date(now.getTime() - (BIN_KEEP_DAYS - 1) * 86_400_000));
    // an entry without its record (a crash mid-delete) is aged by its folder's time
    fs.mkdirSync(path.join(dir, 'bin', 'orphan-1'));
    const t = (now.getTime() - 40 * 86_400_000) / 1000;
    fs.utimesSync(path.join(dir, 'bin', 'orphan-1'), t, t);
    expect(store.bin.purge(BIN_KEEP_DAYS, now).sort()).toEqual([old, 'orphan-1'].sort());
    expect(fs.readdirSync(path.join(dir, 'bin'))).toEqual([recent]);
    expect(store.list()).toHaveLength(0);
    store.restore(recent);
    expect(store.list().map((s) => s.id)).toEqual([recent]);
  });

  it('a `bin` that is a symlink leading out is refused: nothing moved, nothing outside touched', () => {
    const dir = tmp();
    const outside = tmp();
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'mine');
    const store = new SessionStore(dir);
    const id = record(store);
    fs.symlinkSync(outside, path.join(dir, 'bin'));
    expect(() => store.delete(id)).toThrow(/not a folder of this data folder/);
    expect(store.list().map((s) => s.id)).toEqual([id]);
    expect(fs.readdirSync(outside)).toEqual(['precious.txt']);
    // an old "entry" inside the linked folder is never purged through the link
    fs.mkdirSync(path.join(outside, 'old-1'));
    expect(() => store.bin.purge(0, new Date(Date.now() + 1e9))).toThrow(/not a folder of this data folder/);
    expect(fs.existsSync(path.join(outside, 'old-1'))).toBe(true);
  });

  it('a sidecar pointing outside is refused by delete and the outside file left alone', () => {
    const dir = tmp();
    const outside = tmp();
    fs.writeFileSync(path.join(outside, 'victim.bdf'), 'keep me');
    fs.writeFileSync(path.join(dir, 'evil.session.json'), JSON.stringify({ version: 1, id: 'evil', name: 'x', created: '', recordingFile: `../${path.basename(outside)}/victim.bdf`, channels: [], sets: [] }));
    const store = new SessionStore(dir);
    expect(() => store.delete('evil')).toThrow(/outside the data folder/);
    expect(fs.readFileSync(path.join(outside, 'victim.bdf'), 'utf8')).toBe('keep me');
    expect(fs.existsSync(path.join(dir, 'evil.session.json'))).toBe(true);
    expect(() => store.restore('../x')).toThrow(/Not a session id/);
  });
});
