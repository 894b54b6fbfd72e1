import { describe, it, expect } from 'vitest';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { importRecording } from '../../src/formats/detect-format';
import { exportCsv } from '../../src/formats/export-csv';
import { exportEdf, physicalRangeFor } from '../../src/formats/export-edf';
import { formatEvent } from '../../src/recording/events';
import type { ImportedAnnotation } from '../../src/formats/imported-recording';
import { frameAtTime } from '../../src/formats/export-source';

const DATA = EMG_DATA_DIR;
const dir = useFileTempDir('myocue-exp-');

const marks: ImportedAnnotation[] = [
  { onsetS: 2.0, durationS: null, text: formatEvent({ kind: 'set-start', set: 1, tag: 'internal' }) },
  { onsetS: 2.5, durationS: 0.75, text: formatEvent({ kind: 'rep', rep: 1, set: 1 }) },
  { onsetS: 3.1, durationS: null, text: formatEvent({ kind: 'cue', text: 'squeeze, then hold "hard"' }) },
  { onsetS: 4.0, durationS: null, text: formatEvent({ kind: 'set-end', set: 1, tag: 'internal' }) },
];

describe('CSV export → import', () => {
  it('gives back the samples (3 decimals), the rate, the labels and the events', () => {
    const src = importRecording(path.join(DATA, 'bsnb-forearm-gestures/1_1.txt'), { channels: [0, 1] });
    const env = src.samples.map((s) => s.map((v) => Math.abs(v)));
    const p = path.join(dir(), 'out.csv');
    const res = exportCsv(p, { ...src, annotations: marks }, { envelope: env });
    expect(res.rows).toBe(6600);
    expect(fs.readFileSync(p, 'utf8').split('\n')[0]).toBe('time_s,CH1 EMG (uV),CH2 EMG (uV),CH1 EMG envelope (uV),CH2 EMG envelope (uV),events');
    const back = importRecording(p);
    expect(back.sampleRateHz).toBe(1000);
    expect(back.channelLabels).toEqual(['CH1 EMG', 'CH2 EMG']);
    expect(back.units).toEqual(['uV', 'uV']);
    expect(back.frameCount).toBe(6600);
    let maxErr = 0;
    for (let c = 0; c < 2; c++) for (let i = 0; i < 6600; i++) maxErr = Math.max(maxErr, Math.abs(back.samples[c][i] - src.samples[c][i]));
    expect(maxErr).toBeLessThanOrEqual(0.0005 + 1e-9);
    expect(back.annotations.map((a) => a.text)).toEqual(marks.map((a) => a.text));
    expect(back.annotations.map((a) => a.onsetS)).toEqual([2.0, 2.5, 3.1, 4.0]);
    expect(back.warnings.join()).toMatch(/envelope column\(s\) skipped/);
  });
});

describe('EDF+/BDF+ export → our reader', () => {
  it('BDF keeps the Vicon µV data within 24-bit resolution, EDF within 16-bit', () => {
    const src = importRecording(path.join(DATA, 'pyomeca-shoulder-lift/analogs.csv'), { channels: [6, 7, 9, 10, 36] });
    for (const format of ['bdf', 'edf'] as const) {
      const p = path.join(dir(), `lift.${format}`);
      exportEdf(p, { ...src, annotations: marks }, { format, prefilter: 'none' });
      const back = importRecording(p);
      expect(back.sampleRateHz).toBe(2000);
      expect(back.frameCount).toBe(src.frameCount);
      expect(back.channelLabels).toEqual(src.channelLabels);
      const bits = format === 'bdf' ? 24 : 16;
      for (let c = 0; c < src.samples.length; c++) {
        const { physicalMin, physicalMax } = physicalRangeFor(src.samples[c]);
        const step = (physicalMax - physicalMin) / (2 ** bits - 1);
        let maxErr = 0;
        for (let i = 0; i < src.frameCount; i++) maxErr = Math.max(maxErr, Math.abs(back.samples[c][i] - src.samples[c][i]));
        expect(maxErr).toBeLessThanOrEqual(step / 2 + 1e-9);
      }
      const texts = back.annotations.filter((a) => a.text !== 'Recording end');
      expect(texts.map((a) => a.text)).toEqual(marks.map((m) => m.text));
      expect(texts[1].durationS).toBeCloseTo(0.75, 6);
    }
  });
});

describe('frameAtTime: a time on a sample is that sample', () => {
  it('every sample time of 10 s at 1000 Hz and 2000 Hz gives its own frame, rounded down or up, and a time between samples rounds as asked', () => {
    for (const rate of [1000, 2000]) {
      const frames = 10 * rate;
      const segs = [{ firstFrame: 0, frames, onsetS: 0 }];
      let wrong = 0;
      for (let k = 0; k < frames; k++) {
        const t = k / rate;
        if (frameAtTime(segs, rate, frames, t, 'down') !== k || frameAtTime(segs, rate, frames, t, 'up') !== k) wrong++;
      }
      expect(wrong).toBe(0);
      expect(frameAtTime(segs, rate, frames, 100.4 / rate, 'down')).toBe(100);
      expect(frameAtTime(segs, rate, frames, 100.4 / rate, 'up')).toBe(101);
    }
    // the case seen: 0.291 s × 1000 Hz = 290.99999999999997
    expect(frameAtTime([{ firstFrame: 0, frames: 1000, onsetS: 0 }], 1000, 1000, 0.291, 'down')).toBe(291);
  });
});
