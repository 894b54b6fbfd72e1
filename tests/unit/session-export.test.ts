/**
 * The Sessions page's export (exportSession, src/host/session-export.ts) writes through the
 * streaming exporters of `myocue export` and answers with the file's name, size and download
 * path, never its content:
 *  - the whole session as BDF+ is byte for byte what `myocue export SESSION.bdf --to bdf` writes;
 *  - one set is the span from its start mark to its end mark, found on the recording's timeline
 *    with its gaps (a disconnect before the set does not shift the cut), its samples exactly the
 *    session's, its annotations on the set's own clock;
 *  - CSV and EDF+ are written the same way, and a failed export leaves no file behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { EdfFrameReader, openEdfRecording } from '../../src/recording/bdf-reader';
import { formatEvent } from '../../src/recording/events';
import { SessionStore } from '../../src/recording/session-store';
import { SESSION_META_SUFFIX } from '../../src/recording/session-meta';
import { EXPORTS_FOLDER, exportSession } from '../../src/host/session-export';
import { runExport } from '../../src/cli/export-command';

const RATE = 500;
const NC = 3;
const ID = '20261201-080000-test';
/** set 2 starts after a 4 s disconnect gap: its frame index is 4 s × rate less than its time */
const SET1 = { startS: 2, endS: 6 };
const GAP = { atS: 8, durationS: 4 };
const SET2 = { startS: 14.3, endS: 17.7 };
const TOTAL_S = 20;

const dir = useFileTempDir('myocue-session-export-');
let store: SessionStore;

/** a value that tells every sample apart: channel and frame index */
const valueOf = (frame: number, c: number) => ((frame * 37 + c * 1009) % 20000) - 10000;

beforeAll(() => {
  const w = BdfPlusWriter.open(path.join(dir(), `${ID}.bdf`), {
    channels: Array.from({ length: NC }, (_, c) => ({ label: `Glute, ${c === 0 ? 'left' : `ch ${c}`}` })),
    sampleRateHz: RATE,
    startTime: new Date(Date.UTC(2026, 11, 1, 8, 0, 0)),
    recordDurationS: 1,
  });
  let frame = 0;
  const write = (seconds: number) => {
    const n = Math.round(seconds * RATE);
    const block = new Float64Array(n * NC);
    for (let k = 0; k < n; k++) for (let c = 0; c < NC; c++) block[k * NC + c] = valueOf(frame + k, c);
    w.writeSamples(block, n);
    frame += n;
  };
  w.addAnnotation(SET1.startS, null, formatEvent({ kind: 'set-start', set: 1, tag: 'baseline' }));
  w.addAnnotation(3, null, formatEvent({ kind: 'rep', rep: 1, set: 1 }));
  w.addAnnotation(SET1.endS, null, formatEvent({ kind: 'set-end', set: 1, tag: 'baseline', reps: 1 }));
  write(GAP.atS);
  w.markGap(GAP.durationS);
  w.addAnnotation(SET2.startS, null, formatEvent({ kind: 'set-start', set: 2, tag: 'internal' }));
  w.addAnnotation(15.5, null, formatEvent({ kind: 'rep', rep: 1, set: 2 }));
  w.addAnnotation(SET2.endS, null, formatEvent({ kind: 'set-end', set: 2, tag: 'internal', reps: 1 }));
  write(TOTAL_S - GAP.atS - GAP.durationS);
  w.close();
  fs.writeFileSync(
    path.join(dir(), `${ID}${SESSION_META_SUFFIX}`),
    JSON.stringify({ version: 1, id: ID, name: 'Hip thrust · 2 sets', created: '2026-12-01T08:00:00.000Z', recordingFile: `${ID}.bdf`, channels: [], sets: [], durationS: 16, finished: true }),
  );
  store = new SessionStore(dir());
});
afterAll(() => {
  store?.close();
});

async function cliExport(args: string[]): Promise<void> {
  const out = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await runExport(args);
  } finally {
    process.stdout.write = out;
  }
}

describe('exportSession (the Sessions page export), streamed', () => {
  it('answers name, size and download path, no content; the whole session as BDF+ is what `myocue export` writes', async () => {
    const r = await exportSession(store, { sessionId: ID, to: 'bdf' });
    expect(Object.keys(r).sort()).toEqual(['downloadPath', 'fileName', 'sizeBytes']);
    expect(r.fileName).toBe('Hip thrust · 2 sets.bdf');
    expect(r.downloadPath).toBe(`/exports/${encodeURIComponent('Hip thrust · 2 sets.bdf')}`);
    const file = path.join(dir(), EXPORTS_FOLDER, r.fileName);
    expect(r.sizeBytes).toBe(fs.statSync(file).size);
    const cli = path.join(dir(), 'cli.bdf');
    await cliExport([path.join(dir(), `${ID}.bdf`), '--to', 'bdf', '--out', cli]);
    expect(fs.readFileSync(file).equals(fs.readFileSync(cli))).toBe(true);
    // only the finished file in exports/ (no temporary names left)
    expect(fs.readdirSync(path.join(dir(), EXPORTS_FOLDER))).toEqual([r.fileName]);
  });

  it('one set after a gap: cut at its marks on the timeline, samples exactly the session’s, annotations on the set’s clock', async () => {
    const r = await exportSession(store, { sessionId: ID, to: 'bdf', set: 2 });
    expect(r.fileName).toBe('Hip thrust · 2 sets set 2.bdf');
    const info = openEdfRecording(path.join(dir(), EXPORTS_FOLDER, r.fileName));
    // the frames from the first sample at or before the start mark to the first at or after the end mark
    const firstFrame = Math.floor((SET2.startS - GAP.durationS) * RATE);
    const endFrame = Math.ceil((SET2.endS - GAP.durationS) * RATE);
    expect(info.totalFrames).toBe(endFrame - firstFrame);
    const reader = new EdfFrameReader(info);
    const got = new Float64Array(info.totalFrames * NC);
    reader.readFrames(0, info.totalFrames, got);
    reader.close();
    let worst = 0;
    for (let k = 0; k < info.totalFrames; k++) for (let c = 0; c < NC; c++) worst = Math.max(worst, Math.abs(got[k * NC + c] - valueOf(firstFrame + k, c)));
    // BDF's 24-bit step over the exported range (< 0.01 µV here)
    expect(worst).toBeLessThan(0.01);
    const t0 = firstFrame / RATE + GAP.durationS;
    const texts = info.annotations.filter((a) => !/^Recording end/.test(a.text)).map((a) => [a.text, Number(a.onsetS.toFixed(4))]);
    expect(texts).toEqual([
      [formatEvent({ kind: 'set-start', set: 2, tag: 'internal' }), Number((SET2.startS - t0).toFixed(4))],
      [formatEvent({ kind: 'rep', rep: 1, set: 2 }), Number((15.5 - t0).toFixed(4))],
      [formatEvent({ kind: 'set-end', set: 2, tag: 'internal', reps: 1 }), Number((SET2.endS - t0).toFixed(4))],
    ]);
    expect(info.startTime!.getTime()).toBe(Date.UTC(2026, 11, 1, 8, 0, 0) + Math.round(t0 * 1000));
  });

  it('one set as CSV: its rows are the set’s frames on its clock; set 1 before the gap too', async () => {
    const r = await exportSession(store, { sessionId: ID, to: 'csv', set: 1 });
    const lines = fs.readFileSync(path.join(dir(), EXPORTS_FOLDER, r.fileName), 'utf8').trimEnd().split('\n');
    expect(lines[0].startsWith('time_s,"Glute, left')).toBe(true);
    const rows = lines.slice(1);
    expect(rows).toHaveLength((SET1.endS - SET1.startS) * RATE);
    const first = rows[0].split(',');
    expect(Number(first[0])).toBe(0);
    expect(Number(first[1])).toBeCloseTo(valueOf(SET1.startS * RATE, 0), 1);
    expect(rows[0]).toMatch(/Set 1 start/);
    expect(rows.find((l) => /Rep 1/.test(l))!.split(',')[0]).toBe((3 - SET1.startS).toFixed(6));
  });

  it('EDF+ of the whole session keeps the gap; a set that does not exist is a plain error and writes nothing', async () => {
    const r = await exportSession(store, { sessionId: ID, to: 'edf' });
    const info = openEdfRecording(path.join(dir(), EXPORTS_FOLDER, r.fileName));
    expect(info.segments.length).toBe(2);
    expect(info.segments[1].onsetS).toBeCloseTo(GAP.atS + GAP.durationS, 3);
    const before = fs.readdirSync(path.join(dir(), EXPORTS_FOLDER)).sort();
    await expect(exportSession(store, { sessionId: ID, to: 'bdf', set: 3 })).rejects.toThrow('Hip thrust · 2 sets: there is no set 3 (the session has 2 sets)');
    expect(fs.readdirSync(path.join(dir(), EXPORTS_FOLDER)).sort()).toEqual(before);
  });
});
