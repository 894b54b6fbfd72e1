/**
 * Independent check of our EDF+/BDF+ files with MNE-Python (Debian's python3-mne, at
 * /usr/bin/python3; the pyenv python3 on PATH has no MNE). If MNE is missing the test FAILS with a
 * clear message: other tools reading our files is a promise, not an option.
 */
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { importRecording } from '../../src/formats/detect-format';
import { exportEdf, physicalRangeFor } from '../../src/formats/export-edf';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { formatEvent } from '../../src/recording/events';

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const DATA = EMG_DATA_DIR;

const SCRIPT = `
import json, sys
import numpy as np
try:
    import mne
except Exception as e:
    print(json.dumps({"error": "cannot import mne: %s" % e})); sys.exit(0)
mne.set_log_level("ERROR")
p = sys.argv[1]
raw = (mne.io.read_raw_bdf if p.endswith(".bdf") else mne.io.read_raw_edf)(p, preload=True)
data = raw.get_data() * 1e6  # V -> uV
print(json.dumps({
  "sfreq": raw.info["sfreq"],
  "ch_names": raw.ch_names,
  "n_times": int(raw.n_times),
  "data": data.tolist(),
  "onsets": [float(x) for x in raw.annotations.onset],
  "durations": [float(x) for x in raw.annotations.duration],
  "texts": [str(x) for x in raw.annotations.description],
}))
`;

interface MneView {
  error?: string;
  sfreq: number;
  ch_names: string[];
  n_times: number;
  data: number[][];
  onsets: number[];
  durations: number[];
  texts: string[];
}

function readWithMne(file: string): MneView {
  let out: string;
  try {
    out = execFileSync(PYTHON, ['-c', SCRIPT, file], { encoding: 'utf8', maxBuffer: 512 << 20 });
  } catch (err) {
    throw new Error(`running ${PYTHON} failed (is python3-mne installed? apt-get install python3-mne): ${(err as Error).message}`, { cause: err });
  }
  const v = JSON.parse(out) as MneView;
  if (v.error) throw new Error(`MNE is required for this test and is not usable with ${PYTHON}: ${v.error} (apt-get install python3-mne)`);
  return v;
}

const dir = useFileTempDir('myocue-mne-');

const marks = [
  { onsetS: 1.0, durationS: null, text: formatEvent({ kind: 'set-start', set: 1, tag: 'internal' }) },
  { onsetS: 1.5, durationS: 0.8, text: formatEvent({ kind: 'rep', rep: 1, set: 1 }) },
  { onsetS: 2.25, durationS: null, text: formatEvent({ kind: 'cue', text: 'slow on the way down' }) },
  { onsetS: 4.75, durationS: null, text: formatEvent({ kind: 'set-end', set: 1, tag: 'internal' }) },
];

describe('MNE reads our exports', () => {
  for (const format of ['bdf', 'edf'] as const) {
    it(`${format.toUpperCase()}+ export of real forearm EMG: samples within resolution, annotations`, () => {
      const src = importRecording(path.join(DATA, 'bsnb-forearm-gestures/2_1.txt'), { channels: [0, 1] });
      const p = path.join(dir(), `gest.${format}`);
      exportEdf(p, { ...src, annotations: marks }, { format, prefilter: 'none' });
      const m = readWithMne(p);
      expect(m.sfreq).toBe(1000);
      expect(m.ch_names).toEqual(['CH1 EMG', 'CH2 EMG']);
      // the last record is padded to a whole record (and marked "Recording end")
      expect(m.n_times).toBeGreaterThanOrEqual(src.frameCount);
      expect(m.n_times - src.frameCount).toBeLessThan(1000);
      for (let c = 0; c < 2; c++) {
        const { physicalMin, physicalMax } = physicalRangeFor(src.samples[c]);
        const step = (physicalMax - physicalMin) / (2 ** (format === 'bdf' ? 24 : 16) - 1);
        let maxErr = 0;
        for (let i = 0; i < src.frameCount; i++) maxErr = Math.max(maxErr, Math.abs(m.data[c][i] - src.samples[c][i]));
        expect(maxErr).toBeLessThanOrEqual(step / 2 + 1e-6);
      }
      const got = m.texts.map((t, i) => ({ t, o: m.onsets[i], d: m.durations[i] })).filter((a) => a.t !== 'Recording end');
      expect(got.map((a) => a.t)).toEqual(marks.map((a) => a.text));
      got.forEach((a, i) => expect(a.o).toBeCloseTo(marks[i].onsetS, 6));
      expect(got[1].d).toBeCloseTo(0.8, 6);
      const end = m.texts.indexOf('Recording end');
      expect(m.onsets[end]).toBeCloseTo(src.durationS, 6);
    });
  }

  it('a native recording (ADC counts, sub-second start time, records = -1 then patched) reads in MNE', () => {
    const uvpc = 0.0223517;
    const p = path.join(dir(), 'native.bdf');
    const w = BdfPlusWriter.open(p, {
      channels: [{ label: 'Biceps', microvoltsPerCount: uvpc, prefilter: 'none' }, { label: 'Triceps', microvoltsPerCount: uvpc }],
      sampleRateHz: 2000,
      startTime: new Date(2024, 4, 17, 10, 30, 15, 400),
      recordingId: 'test-session',
    });
    const frames = 2000 * 2;
    const data = new Float64Array(frames * 2);
    for (let i = 0; i < frames; i++) {
      data[2 * i] = Math.round(20000 * Math.sin(i / 13)) * uvpc;
      data[2 * i + 1] = Math.round(-7000000 + i) * uvpc; // a large count near the rail
    }
    w.writeSamples(data, frames);
    w.addAnnotation(0.5, null, 'Rep 1');
    w.close();
    const m = readWithMne(p);
    expect(m.sfreq).toBe(2000);
    expect(m.n_times).toBe(frames);
    let maxCountErr = 0;
    for (let i = 0; i < frames; i++) for (let c = 0; c < 2; c++) maxCountErr = Math.max(maxCountErr, Math.abs(m.data[c][i] - data[2 * i + c]) / uvpc);
    expect(maxCountErr).toBeLessThan(0.01);
    expect(m.texts).toEqual(['Rep 1']);
    expect(m.onsets[0]).toBeCloseTo(0.5, 6);
  });
});
