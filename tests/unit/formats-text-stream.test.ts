/**
 * Issue 9.13 for imports: a text recording converted to BDF+ streamed (text-stream.ts,
 * text-to-bdf.ts) reads back as the in-memory import does: the same rate, channels, units,
 * gaps, events and warnings, and the same samples within the 24-bit step. Real fixture files
 * (OpenBCI GUI v6, BrainFlow Ganglion, a semicolon CSV with a time column in ms) and a generated
 * CSV in Myocue's own export layout with a gap and an events column.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importRecording } from '../../src/formats/detect-format';
import { convertTextImport } from '../../src/formats/text-to-bdf';
import { openTextStream } from '../../src/formats/text-stream';
import type { ImportOptions } from '../../src/formats/imported-recording';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { useTempDirs } from '../helpers/test-cleanups';
import { sampleRange, worstDifference } from '../helpers/sample-compare';

const FIX = path.resolve(__dirname, '../fixtures/formats');
const tmp = useTempDirs('myocue-textstream-');

function generatedCsv(dir: string): string {
  // 1000 Hz, two channels in mV, a 0.5 s gap after row 3000, events on two rows, no final newline problems
  const lines = ['time_s,Glute (mV),"Hamstring, left (mV)",events'];
  let t = 0;
  for (let k = 0; k < 6000; k++) {
    if (k === 3000) t += 0.5;
    const ev = k === 100 ? 'Set 1 start [tag=baseline]' : k === 4000 ? 'Set 1 end [tag=baseline; reps=2] | Cue: squeeze' : '';
    lines.push(`${t.toFixed(3)},${(Math.sin(k / 7) * 0.2).toFixed(5)},${(Math.cos(k / 11) * 0.05).toFixed(5)},${ev}`);
    t += 0.001;
  }
  const p = path.join(dir, 'export.csv');
  fs.writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

async function compare(file: string, opts: ImportOptions = {}): Promise<void> {
  const whole = importRecording(file, opts);
  const dir = tmp();
  const conv = convertTextImport(file, dir, opts);
  expect(conv.warnings).toEqual(whole.warnings);
  const back = importRecording(conv.bdfPath);
  expect(back.sampleRateHz).toBe(whole.sampleRateHz);
  expect(back.frameCount).toBe(whole.frameCount);
  expect(back.channelLabels).toEqual(whole.channelLabels.map((l) => l.slice(0, 16)));
  expect(back.segments.map((s) => [s.firstFrame, s.frames, Number(s.onsetS.toFixed(3))])).toEqual(whole.segments.map((s) => [s.firstFrame, s.frames, Number(s.onsetS.toFixed(3))]));
  const texts = (a: { text: string }[]) => a.map((x) => x.text).filter((t) => !/^(Gap |Recording end)/.test(t));
  expect(texts(back.annotations)).toEqual(texts(whole.annotations));
  for (let c = 0; c < whole.samples.length; c++) {
    const a = whole.samples[c];
    const { lo, hi } = sampleRange(a);
    const step = (hi - lo || 1) / 2 ** 23; // 24-bit: at most one step of the range (plus rounding)
    expect(worstDifference(a, back.samples[c])).toBeLessThanOrEqual(step);
  }
  // a second conversion of the same file is the cached one
  expect(convertTextImport(file, dir, opts)).toMatchObject({ bdfPath: conv.bdfPath, cached: true, warnings: whole.warnings });
}

describe('a text import converted to BDF+ as a stream reads back like the in-memory import', () => {
  it('OpenBCI GUI text', async () => compare(path.join(FIX, 'openbci-v6-cyton.txt')));
  it('BrainFlow CSV (board given)', async () => compare(path.join(FIX, 'brainflow-ganglion.csv'), { boardId: 1 }));
  it('a semicolon CSV with a time column in ms', async () => compare(path.join(FIX, 'time-ms-semicolon.csv')));
  // the real exports of other tools (shared data, see each folder's README)
  it('Vicon Nexus CSV (pyomeca shoulder lift: 2000 Hz, 38 channels, V and mV to µV, a Trajectories section after)', async () => {
    const file = path.join(EMG_DATA_DIR, 'pyomeca-shoulder-lift/analogs.csv');
    await compare(file);
    const s = openTextStream(file);
    expect(s.layout).toBe('vicon-csv');
    expect(s.sampleRateHz).toBe(2000);
  });
  it('OpenSignals text (bsnb forearm gestures: EMG counts → µV with the PLUX transfer function, an accelerometer in counts)', async () => {
    const file = path.join(EMG_DATA_DIR, 'bsnb-forearm-gestures/1_1.txt');
    await compare(file);
    const s = openTextStream(file);
    expect(s.layout).toBe('opensignals-txt');
    expect(s.units).toEqual(['uV', 'uV', 'counts']);
  });
  it('BioSPPy text', async () => compare(path.join(EMG_DATA_DIR, 'biosppy-examples/emg.txt')));
  it("Myocue's own CSV layout: mV scaled to µV, a quoted label with a comma, a gap, events", async () => {
    const file = generatedCsv(tmp());
    await compare(file);
    const s = openTextStream(file);
    expect(s.units).toEqual(['uV', 'uV']);
    expect(s.segments.length).toBe(2);
    expect(s.annotations.map((a) => a.text)).toEqual(['Set 1 start [tag=baseline]', 'Set 1 end [tag=baseline; reps=2]', 'Cue: squeeze']);
  });
  it('the same refusals as the importer: no rate, a time column that goes back, a bad row inside', () => {
    const d = tmp();
    const noRate = path.join(d, 'norate.csv');
    fs.writeFileSync(noRate, 'a,b\n1,2\n3,4\n');
    expect(() => openTextStream(noRate)).toThrow(/cannot infer the sample rate/);
    expect(openTextStream(noRate, { rateHz: 500 }).frameCount).toBe(2);
    const back = path.join(d, 'back.csv');
    fs.writeFileSync(back, 'time,a\n0,1\n0.001,2\n0.0005,3\n0.002,4\n');
    expect(() => openTextStream(back)).toThrow(/does not increase at line 4/);
    const bad = path.join(d, 'bad.csv');
    fs.writeFileSync(bad, 'time,a\n0,1\n0.001,x\n0.002,4\n');
    expect(() => openTextStream(bad)).toThrow(/line 3 field 2 is not a number/);
    const cut = path.join(d, 'cut.csv');
    fs.writeFileSync(cut, 'time,a\n0,1\n0.001,2\n0.002,4\n0.003,5');
    const s = openTextStream(cut);
    expect(s.frameCount).toBe(3);
    expect(s.warnings.join(' ')).toMatch(/ends mid-row/);
    expect([...s.blocks(2)].reduce((n, b) => n + b.frames, 0)).toBe(3);
  });
  it('Vicon: a missing sample is refused while streaming, with its line; a cut file ends mid-row', () => {
    const d = tmp();
    const head = ['Devices,,', '1000,,', ',,EMG', 'Frame,Sub Frame,Biceps', ',,V'];
    const rows = (n: number, skip = -1) => {
      const out: string[] = [];
      for (let k = 0; k < n; k++) if (k !== skip) out.push(`${Math.floor(k / 10) + 1},${k % 10},${(Math.sin(k) * 1e-4).toExponential(4)}`);
      return out;
    };
    const gap = path.join(d, 'gap.csv');
    fs.writeFileSync(gap, [...head, ...rows(200, 57)].join('\n') + '\n');
    expect(() => openTextStream(gap)).toThrow(/gap\.csv: rows are not consecutive at line 63 \(Frame 6, Sub Frame 8\): missing samples/);
    expect(() => importRecording(gap)).toThrow(/rows are not consecutive at line 63/);
    const cut = path.join(d, 'cut.csv');
    fs.writeFileSync(cut, [...head, ...rows(200)].join('\n').slice(0, -3));
    const s = openTextStream(cut);
    expect(s.frameCount).toBe(199);
    expect(s.warnings.join(' ')).toMatch(/ends mid-row.*may be truncated/);
    expect(importRecording(cut).warnings).toEqual(s.warnings);
  });
  it('OpenSignals text: an nSeq jump is counted while streaming, a garbage row inside is refused with its line', () => {
    const d = tmp();
    const head = ['# OpenSignals Text File Format', '# {"00:07:80:4D:2E:AD": {"sensor": ["EMG"], "column": ["nSeq", "DI", "A1"], "label": ["A1"], "resolution": [16], "device": "biosignalsplux", "sampling rate": 1000}}', '# EndOfHeader'];
    const rows: string[] = [];
    for (let k = 0; k < 300; k++) if (k !== 120) rows.push(`${k % 16}\t0\t${32768 + Math.round(Math.sin(k) * 300)}\t`);
    const jump = path.join(d, 'jump.txt');
    fs.writeFileSync(jump, [...head, ...rows].join('\n') + '\n');
    const s = openTextStream(jump);
    expect(s.frameCount).toBe(299);
    expect(s.warnings).toContain('the nSeq counter jumps 1 time(s): samples may be missing');
    expect(importRecording(jump).warnings).toEqual(s.warnings);
    const garbage = path.join(d, 'garbage.txt');
    rows[50] = 'x\ty\tz\t';
    fs.writeFileSync(garbage, [...head, ...rows].join('\n') + '\n');
    expect(() => openTextStream(garbage)).toThrow(/garbage\.txt: line 54 field 3 is not a number/);
  });
  it('a huge line in a Vicon or OpenSignals file is refused at once for its length, streamed or whole; a cut OpenSignals file ends mid-row', () => {
    const d = tmp();
    const vicon = path.join(d, 'huge-vicon.csv');
    fs.writeFileSync(vicon, ['Devices,,', '1000,,', ',,EMG', 'Frame,Sub Frame,Biceps', ',,V', '1,0,0.1', '1,1,' + '9'.repeat(300 * 1024), '1,2,0.3'].join('\n') + '\n');
    expect(() => openTextStream(vicon)).toThrow(/huge-vicon\.csv: line 7 is longer than 256 kB: this is not a recording table/);
    expect(() => importRecording(vicon)).toThrow(/line 7 is longer than 256 kB/);
    const os1 = path.join(d, 'huge-header.txt');
    fs.writeFileSync(os1, '# OpenSignals Text File Format\n# {"a": "' + 'x'.repeat(300 * 1024) + '"}\n# EndOfHeader\n0\t0\t1\n');
    expect(() => openTextStream(os1)).toThrow(/huge-header\.txt: line 2 is longer than 256 kB/);
    const head = '# OpenSignals Text File Format\n# {"00:07:80:4D:2E:AD": {"sensor": ["EMG"], "column": ["nSeq", "DI", "A1"], "label": ["A1"], "resolution": [16], "device": "biosignalsplux", "sampling rate": 1000}}\n# EndOfHeader\n';
    const rows = Array.from({ length: 100 }, (_, k) => `${k % 16}\t0\t${32768 + k}\t`).join('\n');
    const cut = path.join(d, 'cut.txt');
    fs.writeFileSync(cut, head + rows.slice(0, -4));
    const s = openTextStream(cut);
    expect(s.frameCount).toBe(99);
    expect(s.warnings.join(' ')).toMatch(/the file ends mid-row.*may be truncated/);
    expect(importRecording(cut).frameCount).toBe(99);
  });
});
