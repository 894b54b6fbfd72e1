/**
 * The host's recorder when the disk fills up mid-session: the recording stops with a plain
 * message saying what is saved, later samples are ignored without throwing (the live view goes on),
 * and the recording is finished so its sidecar says so. Real files; the disk fills through the
 * writer's injectable fs.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionRecorder } from '../../src/host/session-recorder';
import { SessionStore, type CreateRecordingOptions } from '../../src/recording/session-store';
import { openEdfRecording } from '../../src/recording/bdf-reader';
import type { StreamInfo } from '../../src/devices/sample-source';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { importRecording } from '../../src/formats/detect-format';
import type { RepMetrics, SetSummary } from '../../src/host/contract';
import { useTempDirs } from '../helpers/test-cleanups';
import { fullDiskAfter } from '../helpers/full-disk';

const tmp = useTempDirs('myocue-rec-');

const INFO: StreamInfo = {
  deviceId: 'test-band',
  firmware: 't',
  sampleRateHz: 1000,
  channelCount: 2,
  adcBits: 24,
  microvoltsPerCount: 0.5,
  channelLabels: ['ch1', 'ch2'],
};

/** a store whose recordings' disk is "full" after `budget` writes */
class FillingStore extends SessionStore {
  constructor(dir: string, private budget: number) {
    super(dir);
  }
  override createRecording(opts: CreateRecordingOptions) {
    return super.createRecording({ ...opts, writer: { fs: fullDiskAfter(this.budget) } });
  }
}

describe('SessionRecorder on a full disk', () => {
  it('stops recording with a plain message, keeps what was written, and never throws at the live path', () => {
    const dir = tmp();
    const rec = new SessionRecorder(new FillingStore(dir, 6));
    rec.start(INFO, { setup: null, dsp: DEFAULT_DSP_SETTINGS });
    const started = rec.status();
    expect(started.active).toBe(true);
    const block = new Float64Array(250 * 2).map((_, i) => (i % 7) * 0.5);
    // 10 s of blocks: the disk fills after a few records; none of these calls may throw
    for (let i = 0; i < 40; i++) rec.writeSamples(block, 250);
    rec.addEvent({ kind: 'note', text: 'after the disk filled' });
    const st = rec.status();
    expect(st.active).toBe(false);
    expect(st.error).toMatch(/Recording stopped: .*the disk is full \(ENOSPC\)/);
    expect(st.error).toMatch(/Everything up to \d+\.\d s is saved in .*\.bdf/);
    expect(st.error).toMatch(/The live view goes on/);
    // what reached the disk opens (recovered) with whole records of the right samples
    const info = openEdfRecording(started.path!);
    expect(info.totalFrames).toBeGreaterThan(0);
    expect(info.durationS).toBeLessThan(10);
  });

  it('reports an unwritable data folder at the start, without throwing', () => {
    const dir = tmp();
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const rec = new SessionRecorder(new SessionStore(file));
    rec.start(INFO, { setup: null, dsp: DEFAULT_DSP_SETTINGS });
    rec.writeSamples(new Float64Array(10), 5);
    expect(rec.status().active).toBe(false);
    expect(rec.status().error).toMatch(/Recording stopped: .*not-a-folder/);
  });
});

describe('SessionRecorder annotations after a disconnect gap', () => {
  it('are placed on the recording timeline, gaps included (a note 1 s after a 5 s gap is at 7 s, not at 2 s)', () => {
    const dir = tmp();
    const rec = new SessionRecorder(new SessionStore(dir));
    rec.start(INFO, { setup: null, dsp: DEFAULT_DSP_SETTINGS });
    const second = new Float64Array(1000 * 2).map((_, i) => (i % 5) * 0.5);
    rec.writeSamples(second, 1000, 0);
    rec.addEvent({ kind: 'note', text: 'before the gap' });
    rec.markGap(5, 'disconnect');
    rec.writeSamples(second.subarray(0, 500 * 2), 500, 6000);
    rec.addEvent({ kind: 'note', text: 'just after the gap' });
    rec.writeSamples(second.subarray(0, 500 * 2), 500, 6500);
    rec.addEvent({ kind: 'note', text: 'after the gap' });
    expect(rec.status().durationS).toBeCloseTo(7, 6);
    const file = rec.status().path!;
    rec.finish();
    const r = importRecording(file, { format: 'auto' });
    const at = (text: string) => r.annotations.find((a) => a.text === text)?.onsetS;
    expect(at('before the gap')).toBeCloseTo(1, 3);
    expect(at('just after the gap')).toBeCloseTo(6.5, 3);
    expect(at('after the gap')).toBeCloseTo(7, 3);
    // and each lies in the segment of the samples it was made with
    const second2 = r.segments[1];
    expect(second2.onsetS).toBeCloseTo(6, 3);
    expect(at('after the gap')!).toBeGreaterThan(second2.onsetS);
  });
});

describe('SessionRecorder: training events at their own stream time', () => {
  function setSummary(startS: number, endS: number, repStartS: number): SetSummary {
    const rep: RepMetrics = {
      index: 1, startS: repStartS, endS: repStartS + 0.5, tutS: 0.5, concentricS: 0.25, eccentricS: 0.25, targetPeakPct: 60, targetMeanPct: 40,
      assistPeakPct: 30, assistMeanPct: 20, targetShare: 0.66, coContractionPct: 30, medianFreqHz: 80,
    };
    return {
      number: 1, tag: 'internal', exerciseId: 'hip-thrust', startS, endS, reps: [rep],
      targetMeanPct: 40, assistMeanPct: 20, targetShare: 0.66, coContractionPct: 30, medianFreqSlopeHzPerRep: null, comparisons: [],
    } as SetSummary;
  }
  /** a block whose channel 0 holds each sample's stream index (0.5 µV per count: exact) */
  function stamped(firstIndex: number, frames: number): Float64Array {
    const b = new Float64Array(frames * 2);
    for (let f = 0; f < frames; f++) b[f * 2] = (firstIndex + f) * 0.5;
    return b;
  }
  /** the stream index stored at `onsetS` on the file's timeline (read from the sample there) */
  function indexAt(r: ReturnType<typeof importRecording>, onsetS: number): number {
    const seg = r.segments.find((s) => onsetS >= s.onsetS - 1e-9 && onsetS < s.onsetS + s.frames / r.sampleRateHz);
    if (!seg) throw new Error(`no sample at ${onsetS} s`);
    return r.samples[0][seg.firstFrame + Math.round((onsetS - seg.onsetS) * r.sampleRateHz)] / 0.5;
  }

  it('a mark points at the sample it refers to, in a session started mid-stream and after a hole shorter than its record', () => {
    const dir = tmp();
    const rec = new SessionRecorder(new SessionStore(dir));
    rec.start(INFO, { setup: null, dsp: DEFAULT_DSP_SETTINGS });
    // the session starts 3 s into the stream; 100 samples, then 10 lost lines: a hole shorter than
    // the padding of the 0.25 s record it ends, so the file's clock moves on by the rest of the record
    rec.writeSamples(stamped(3000, 100), 100, 3000);
    rec.markGap(0.01, 'lost lines');
    for (let i = 3110; i < 5360; i += 250) rec.writeSamples(stamped(i, 250), 250, i);
    const nowS = rec.timeS;
    // what training reports lags the samples written (the DSP latency)
    rec.addEventAt({ kind: 'set-start', set: 1, tag: 'internal' }, 3.05);
    rec.addEventAt({ kind: 'rep', set: 1, rep: 1 }, 3.5);
    rec.addEventAt({ kind: 'set-end', set: 1, tag: 'internal', reps: 1 }, 5.0);
    // out of range: before the recording began, and ahead of the data written
    rec.addEventAt({ kind: 'note', text: 'before' }, 2.0);
    rec.addEventAt({ kind: 'note', text: 'ahead' }, 9.0);
    rec.setEnded(setSummary(3.05, 5.0, 3.5));
    const id = rec.status().sessionId!;
    const file = rec.status().path!;
    rec.finish();
    const r = importRecording(file, { format: 'auto' });
    const at = (re: RegExp) => r.annotations.find((a) => re.test(a.text))!.onsetS;
    expect(r.segments.length).toBe(2);
    // the padding moved the file's clock past stream time (0.11 s): "stream time − start" would be wrong
    expect(r.segments[1].onsetS).toBeCloseTo(0.25, 6);
    expect(indexAt(r, at(/^Set 1 start/))).toBe(3050);
    expect(indexAt(r, at(/^Rep 1/))).toBe(3500);
    expect(indexAt(r, at(/^Set 1 end/))).toBe(5000);
    expect(at(/^before$/)).toBe(0);
    expect(at(/^ahead$/)).toBeCloseTo(nowS, 6);
    expect(nowS).toBeCloseTo(2.5, 6);
    // the sidecar's set times are the marks' times
    const meta = new SessionStore(dir).openRecording(id).meta;
    expect(meta.sets[0].startS).toBeCloseTo(at(/^Set 1 start/), 6);
    expect(meta.sets[0].endS).toBeCloseTo(at(/^Set 1 end/), 6);
    expect(meta.setDetails![0].reps[0].startS).toBeCloseTo(at(/^Rep 1/), 6);
  });
});
