import { describe, it, expect } from 'vitest';
import { TrainingSession, type TrainingEvent } from '../../src/training/training-session';
import { MemoryMvcStore } from '../../src/training/mvc-store';
import { EXERCISE_LIBRARY } from '../../src/exercises/library';
import type { SetSummary } from '../../src/metrics/types';
import { mulberry32 } from '../../src/util/seeded-random';
import { gaussian } from './metrics-helpers';

const RATE = 1000;
const BLOCK = 100;

/** Feeds a 2-channel stream: envelope levels (µV) as functions of time; filtered = a 100 Hz carrier. */
class Feeder {
  index = 0;
  private g = gaussian(mulberry32(2));
  constructor(private readonly s: TrainingSession) {}
  get timeS(): number {
    return this.index / RATE;
  }
  run(seconds: number, level: (tS: number) => [number, number]): void {
    const frames = Math.round(seconds * RATE);
    for (let done = 0; done < frames; done += BLOCK) {
      const n = Math.min(BLOCK, frames - done);
      const env = new Float64Array(n * 2);
      const filt = new Float64Array(n * 2);
      const raw = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const t = (this.index + i) / RATE;
        const [a, b] = level(t);
        env[2 * i] = a;
        env[2 * i + 1] = b;
        filt[2 * i] = a * Math.SQRT2 * Math.sin(2 * Math.PI * 100 * t);
        filt[2 * i + 1] = b * this.g();
        raw[2 * i] = filt[2 * i] + 2 * this.g() + 500;
        raw[2 * i + 1] = filt[2 * i + 1] + 2 * this.g() - 300;
      }
      this.s.pushRaw({ samples: raw, frameCount: n, channelCount: 2, firstSampleIndex: this.index, receivedAtMs: 0 });
      this.s.pushProcessed({ filtered: filt, envelope: env, frames: n, channelCount: 2, firstSampleIndex: this.index });
      this.index += n;
    }
  }
  /** `reps` raised-cosine reps (2 s, 1.5 s apart) of peak t/a above a 3 µV rest, ±3 % scatter. */
  reps(count: number, t: number, a: number): void {
    const start = this.timeS;
    const scatter = (k: number) => 1 + 0.03 * Math.sin(1.7 * k + 0.4);
    this.run(count * 3.5, (time) => {
      const x = time - start;
      const k = Math.floor(x / 3.5);
      const w = x - k * 3.5 < 2 ? 0.5 * (1 - Math.cos((2 * Math.PI * (x - k * 3.5)) / 2)) : 0;
      return [3 + t * scatter(k) * w, 3 + a * scatter(k + 3) * w];
    });
  }
  rest(seconds: number): void {
    this.run(seconds, () => [3, 3]);
  }
}

function make() {
  const store = new MemoryMvcStore();
  const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: store, person: 'ana', now: () => Date.UTC(2025, 0, 2) });
  s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['ch1', 'ch2'], mainsHz: 50, fullScaleUv: 187500 });
  s.setup({ exerciseId: 'hip-thrust' });
  const events: TrainingEvent[] = [];
  const ended: SetSummary[] = [];
  s.onEvent((e) => events.push(e));
  s.onSetEnded((x) => ended.push(x));
  return { s, store, events, ended, feed: new Feeder(s) };
}

describe('TrainingSession', () => {
  it('setup fills channels and muscles from the exercise', () => {
    const { s } = make();
    const st = s.state();
    expect(st.setup).toMatchObject({ exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1], person: 'ana' });
    expect(st.setup.muscles).toEqual(['Gluteus maximus', 'Biceps femoris (hamstrings)']);
    expect(st.exercise?.id).toBe('hip-thrust');
    expect(st.normalisation).toBe('session-peak');
    // nothing is assumed: the next set is untagged until the user tags it
    expect(st.setTag).toBe('untagged');
    expect(st.cue).toBeNull();
  });

  it('8 reps start a (baseline-tagged) set by themselves, the set ends after 8 s of rest; internal set +22 % is "working"', () => {
    const { s, events, ended, feed } = make();
    s.tagSet('baseline');
    feed.rest(3);
    feed.reps(8, 100, 80);
    const live = s.state();
    expect(live.setActive).toBe(true);
    expect(live.setTag).toBe('baseline');
    expect(live.repCount).toBe(8);
    feed.rest(9);
    let st = s.state();
    expect(st.setActive).toBe(false);
    expect(st.sets.length).toBe(1);
    expect(ended.length).toBe(1);
    const b = st.sets[0];
    expect(b.reps.length).toBe(8);
    expect(b.tag).toBe('baseline');
    expect(b.comparisons).toEqual([]);
    // rep metrics: TUT ≈ 2 s; share ≈ (100 / 80 with rest) → T/(T+A) > 0.5
    for (const r of b.reps) {
      expect(r.tutS).toBeGreaterThan(1.5);
      expect(r.tutS).toBeLessThan(2.4);
      expect(r.medianFreqHz).not.toBeNull();
      expect(Math.abs(r.medianFreqHz! - 100)).toBeLessThan(5);
    }
    expect(st.baselineShare).not.toBeNull();
    // the next set keeps the tag the user chose (never switched to "internal" by itself)
    expect(st.setTag).toBe('baseline');
    s.tagSet('internal');
    expect(s.state().cue).toBe(EXERCISE_LIBRARY[0].internalCues[0]);

    feed.reps(8, 122, 72);
    feed.rest(9);
    st = s.state();
    expect(st.sets.length).toBe(2);
    const c = st.sets[1].comparisons[0];
    expect(c.against).toBe('baseline');
    expect(c.targetChangePct.value).toBeGreaterThan(15);
    expect(c.targetChangePct.value).toBeLessThan(25);
    expect(c.targetChangePct.low).toBeGreaterThan(0);
    expect(c.significant).toBe(true);
    expect(c.sentence).toMatch(/^Target \+\d+% vs baseline, assisting \u2212\d+%: the cue is working$/);
    // the cue rotated after the internal set
    expect(st.cue).toBe(EXERCISE_LIBRARY[0].internalCues[1]);
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['cue', 'rep', 'set-end', 'set-start', 'tag']);
    expect(events.filter((e) => e.kind === 'rep').length).toBe(16);
    expect(events.find((e) => e.kind === 'set-start')!.timeS).toBeCloseTo(3, 0);
  });

  it('flags the assisting muscle taking over during a rep', () => {
    const { s, feed } = make();
    s.tagSet('baseline');
    feed.rest(3);
    feed.reps(4, 100, 50);
    feed.rest(9);
    // session-peak normalisation scales each muscle to its own peak, so equal shapes give ≈ 0.5
    const base = s.state().baselineShare!;
    expect(base).toBeGreaterThan(0.4);
    expect(base).toBeLessThan(0.6);
    // mid-rep with the assisting muscle doing most of the work (T 40 % of its peak, A ≈ 190 %)
    feed.rest(1);
    feed.run(1, () => [40, 100]);
    const st = s.state();
    expect(st.inRep).toBe(true);
    expect(st.targetShare).toBeLessThan(0.5);
    expect(st.assistTakeover).toBe(true);
  });

  it('startSet / tagSet / endSet / nextCue by hand', () => {
    const { s, events, feed } = make();
    feed.rest(2);
    s.startSet('external');
    expect(s.state()).toMatchObject({ setActive: true, setTag: 'external', setNumber: 1, cue: EXERCISE_LIBRARY[0].externalCue });
    s.tagSet('internal');
    expect(s.state().cue).toBe(EXERCISE_LIBRARY[0].internalCues[0]);
    s.nextCue();
    expect(s.state().cue).toBe(EXERCISE_LIBRARY[0].internalCues[1]);
    feed.reps(3, 80, 40);
    s.endSet();
    const st = s.state();
    expect(st.setActive).toBe(false);
    expect(st.sets[0].reps.length).toBe(3);
    expect(st.sets[0].tag).toBe('internal');
    expect(events.some((e) => e.kind === 'tag')).toBe(true);
    // a set without reps is not kept
    s.startSet();
    s.endSet();
    expect(s.state().sets.length).toBe(1);
  });

  it('signal quality from raw blocks: good noise, flat channel is bad', () => {
    const store = new MemoryMvcStore();
    const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: store });
    s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['a', 'b'], mainsHz: 50, fullScaleUv: 187500 });
    const g = gaussian(mulberry32(1));
    for (let k = 0; k < 25; k++) {
      const raw = new Float64Array(200);
      for (let i = 0; i < 100; i++) {
        raw[2 * i] = 3 * g() + 1000;
        raw[2 * i + 1] = -42;
      }
      s.pushRaw({ samples: raw, frameCount: 100, channelCount: 2, firstSampleIndex: k * 100, receivedAtMs: 0 });
    }
    const q = s.state().quality;
    expect(q.map((x) => x.verdict)).toEqual(['good', 'bad']);
    expect(q[1].reasons[0]).toMatch(/flat line/);
  });

  it('resting noise: continuous reps after a rest do not read as electrode noise', () => {
    const store = new MemoryMvcStore();
    const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: store });
    s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['a', 'b'], mainsHz: 50, fullScaleUv: 187500 });
    const g = gaussian(mulberry32(3));
    // 5 s of rest (3 µV noise), then 20 s of continuous contraction (150 µV, never below 60 µV)
    let index = 0;
    const push = (seconds: number, level: (t: number) => number) => {
      for (let k = 0; k < seconds * 10; k++) {
        const raw = new Float64Array(200);
        for (let i = 0; i < 100; i++) {
          const t = (index + i) / RATE;
          raw[2 * i] = level(t) * g();
          raw[2 * i + 1] = 3 * g();
        }
        s.pushRaw({ samples: raw, frameCount: 100, channelCount: 2, firstSampleIndex: index, receivedAtMs: 0 });
        index += 100;
      }
    };
    push(5, () => 3);
    push(20, (t) => 105 + 45 * Math.sin(2 * Math.PI * t));
    const q = s.state().quality;
    // the segment alone is all contraction (tens of µV in every 250 ms window); the floor seen at rest is 3 µV
    expect(q[0].baselineNoiseUv).toBeGreaterThan(1.5);
    expect(q[0].baselineNoiseUv).toBeLessThan(5);
    expect(q[0].reasons.join(' ')).not.toMatch(/resting noise/);
    expect(q[1].verdict).toBe('good');
  });

  it('calibration: rest 5 s, 3 × (4 s contract / 5 s relax) → MVC saved, normalisation switches to mvc', () => {
    const { s, store, events, feed } = make();
    feed.rest(1);
    s.calibrate('start', 0);
    feed.rest(2);
    expect(s.state().calibration).toMatchObject({ phase: 'rest', channel: 0 });
    expect((s.state().calibration as { remainingS: number }).remainingS).toBeCloseTo(3, 1);
    // trials: contract at 300 µV (with a 0.5 s peak of 320 in trial 2), relax at 3 µV
    const t0 = feed.timeS - 2;
    const level = (t: number): [number, number] => {
      const x = t - t0 - 5;
      const k = Math.floor(x / 9);
      const within = x - k * 9;
      if (x < 0 || within >= 4) return [3, 3];
      return [k === 1 && within > 1 && within < 1.5 ? 320 : 300, 3];
    };
    feed.run(4, level);
    expect(s.state().calibration).toMatchObject({ phase: 'mvc', trial: 1, trials: 3, contract: true });
    feed.run(24, level);
    const cal = s.state().calibration;
    expect(cal.phase).toBe('done');
    if (cal.phase !== 'done') return;
    expect(cal.result.mvcUv).toBeCloseTo(320, 0);
    expect(cal.result.restMeanUv).toBeCloseTo(3, 6);
    expect(cal.result).toMatchObject({ person: 'ana', muscle: 'Gluteus maximus', date: '2025-01-02T00:00:00.000Z' });
    expect(store.get('ana', 'Gluteus maximus')?.mvcUv).toBeCloseTo(320, 0);
    expect(s.state().mvc[0]?.mvcUv).toBeCloseTo(320, 0);
    // one role channel without an MVC → still session-peak; calibrate the other → mvc
    expect(s.state().normalisation).toBe('session-peak');
    s.calibrate('start', 1);
    const t1 = feed.timeS;
    feed.run(28, (t) => {
      const x = t - t1 - 5;
      const within = x - Math.floor(x / 9) * 9;
      return x >= 0 && within < 4 ? [3, 200] : [3, 3];
    });
    expect(s.state().calibration.phase).toBe('done');
    expect(s.state().normalisation).toBe('mvc');
    expect(events.filter((e) => e.kind === 'calibration').length).toBe(4);
    // the calibration contractions did not count as reps or start a set
    expect(s.state().sets.length).toBe(0);
    expect(s.state().setActive).toBe(false);
    // reps are now % of MVC: a 160 µV peak on a 320 µV MVC ≈ 50 %
    feed.rest(2);
    feed.reps(3, 157, 97);
    s.endSet();
    const rep = s.state().sets[0].reps[0];
    expect(rep.targetPeakPct).toBeGreaterThan(45);
    expect(rep.targetPeakPct).toBeLessThan(55);
  });

  it('a failed calibration (no contraction) saves nothing', () => {
    const { s, store, events, feed } = make();
    s.calibrate('start', 0);
    feed.rest(28);
    // it says why, in the state the renderer shows (before: back to 'idle', nothing said)
    const step = s.state().calibration;
    expect(step.phase).toBe('failed');
    expect(step.phase === 'failed' && step.channel).toBe(0);
    expect(step.phase === 'failed' ? step.reason : '').toMatch(/not clearly above the rest .*relax fully/);
    expect(store.list()).toEqual([]);
    expect(events.at(-1)!.text).toMatch(/failed/);
  });

  it('uses a stored MVC for the person at once', () => {
    const store = new MemoryMvcStore([
      { person: 'ana', muscle: 'Gluteus maximus', mvcUv: 400, restMeanUv: 3, restSdUv: 1, date: '2025-01-01' },
      { person: 'ana', muscle: 'Biceps femoris (hamstrings)', mvcUv: 300, restMeanUv: 3, restSdUv: 1, date: '2025-01-01' },
    ]);
    const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: store, person: 'ana' });
    s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['a', 'b'], mainsHz: null, fullScaleUv: 187500 });
    s.setup({ exerciseId: 'hip-thrust' });
    expect(s.state().normalisation).toBe('mvc');
    s.setup({ person: 'bo' });
    expect(s.state().normalisation).toBe('session-peak');
  });
  it('channel roles given before the stream is known (serve --target 0 --assisting 1) are kept, and survive a reconnect with the sets', () => {
    const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: new MemoryMvcStore() });
    s.setup({ exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1] });
    expect(s.state().setup).toMatchObject({ targetChannel: 0, assistingChannels: [1] });
    expect(s.state().setup.muscles).toEqual(['Gluteus maximus', 'Biceps femoris (hamstrings)']);
    const stream = { sampleRateHz: RATE, channelCount: 2, channelLabels: ['ch1', 'ch2'], mainsHz: 50 as const, fullScaleUv: 187500 };
    s.configureStream(stream);
    expect(s.state().setup).toMatchObject({ targetChannel: 0, assistingChannels: [1] });
    const feed = new Feeder(s);
    s.tagSet('baseline');
    feed.rest(2);
    feed.reps(4, 100, 80);
    s.endSet();
    expect(s.state().sets).toHaveLength(1);
    expect(s.state().sets[0].assistMeanPct).toBeGreaterThan(10); // the assisting channel was used
    // the band reconnects (a new stream from sample 0): the finished set and the roles stay
    s.configureStream(stream);
    const st = s.state();
    expect(st.sets).toHaveLength(1);
    expect(st.setNumber).toBe(2);
    expect(st.setTag).toBe('baseline');
    expect(st.setup).toMatchObject({ exerciseId: 'hip-thrust', targetChannel: 0, assistingChannels: [1] });
    // a stream with fewer channels drops the roles it lacks
    s.configureStream({ ...stream, channelCount: 1, channelLabels: ['ch1'] });
    expect(s.state().setup).toMatchObject({ targetChannel: 0, assistingChannels: [] });
  });
  it('finished sets are re-expressed in one reference: an internal set after a reconnect reads higher than the baseline', () => {
    const means: number[][] = [];
    for (const reconnect of [false, true]) {
      const { s, feed } = make();
      s.tagSet('baseline');
      feed.rest(2);
      feed.reps(6, 100, 80);
      s.endSet();
      if (reconnect) s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['ch1', 'ch2'], mainsHz: 50, fullScaleUv: 187500 });
      const f2 = reconnect ? new Feeder(s) : feed;
      f2.rest(2);
      s.tagSet('internal');
      f2.reps(6, 122, 68);
      s.endSet();
      const [b, i] = s.state().sets;
      expect(i.tag).toBe('internal');
      // the summaries agree with the comparison: target +22 %, share up
      expect(i.targetMeanPct / b.targetMeanPct).toBeGreaterThan(1.17);
      expect(i.targetMeanPct / b.targetMeanPct).toBeLessThan(1.27);
      expect(i.targetShare).toBeGreaterThan(b.targetShare + 0.03);
      const c = i.comparisons[0];
      expect(c.targetChangePct.value).toBeCloseTo((100 * i.targetMeanPct) / b.targetMeanPct - 100, 0);
      expect(c.sentence).toMatch(/the cue is working/);
      means.push([b.targetMeanPct, i.targetMeanPct, b.assistMeanPct, i.assistMeanPct]);
    }
    // a reconnect of the same band does not forget the session peak (the assisting peak is the
    // baseline set's): the same numbers either way, up to the feeder's noise
    means[1].forEach((v, k) => expect(Math.abs(v / means[0][k] - 1)).toBeLessThan(0.03));
  });

  it('tags are never assumed: sets nobody tagged are "untagged", compared with nothing, until tagged', () => {
    const { s, feed } = make();
    feed.rest(2);
    for (let k = 0; k < 4; k++) {
      feed.reps(4, 100 + 10 * k, 80);
      feed.rest(9);
    }
    let st = s.state();
    expect(st.sets.map((x) => x.tag)).toEqual(['untagged', 'untagged', 'untagged', 'untagged']);
    expect(st.sets.every((x) => x.comparisons.length === 0)).toBe(true);
    expect(st.baselineShare).toBeNull();
    expect(st.cue).toBeNull();
    // the user corrects set 1 → baseline and set 3 → internal: set 3 is compared with set 1 only
    s.retagSet(1, 'baseline');
    s.retagSet(3, 'internal');
    st = s.state();
    expect(st.sets.map((x) => x.tag)).toEqual(['baseline', 'untagged', 'internal', 'untagged']);
    expect(st.sets[1].comparisons).toEqual([]);
    expect(st.sets[3].comparisons).toEqual([]);
    expect(st.sets[2].comparisons.map((c) => [c.against, c.againstSetNumber])).toEqual([['baseline', 1]]);
    expect(st.sets[2].comparisons[0].targetChangePct.value).toBeGreaterThan(10);
    expect(st.baselineShare).not.toBeNull();
    expect(() => s.retagSet(9, 'internal')).toThrow(/no finished set 9/);
  });

  it('events carry the recording event of the set itself (its number, tag and reps)', () => {
    const { s, events, feed } = make();
    feed.rest(2);
    s.startSet('internal');
    feed.rest(1);
    s.endSet();
    expect(events.map((e) => e.record)).toEqual([
      { kind: 'set-start', set: 1, tag: 'internal' },
      { kind: 'cue', text: EXERCISE_LIBRARY[0].internalCues[0] },
      { kind: 'set-end', set: 1, tag: 'internal', reps: 0 },
    ]);
    events.length = 0;
    s.tagSet('external');
    feed.reps(2, 100, 80);
    s.endSet();
    s.retagSet(1, 'baseline');
    const recs = events.map((e) => e.record);
    expect(recs[0]).toEqual({ kind: 'note', text: 'next set: external' });
    expect(recs).toContainEqual({ kind: 'set-start', set: 1, tag: 'external' });
    expect(recs).toContainEqual({ kind: 'rep', rep: 2, set: 1 });
    expect(recs).toContainEqual({ kind: 'set-end', set: 1, tag: 'external', reps: 2 });
    expect(recs.at(-1)).toEqual({ kind: 'set-tag', set: 1, tag: 'baseline' });
  });

  it('a replay context takes sets, tags, numbers and cues from the recording, and rebuilds them after a seek', () => {
    const s = new TrainingSession({ exercises: [...EXERCISE_LIBRARY], mvcStore: new MemoryMvcStore(), context: 'replay', setsFrom: 'recording' });
    s.configureStream({ sampleRateHz: RATE, channelCount: 2, channelLabels: ['ch1', 'ch2'], mainsHz: 50, fullScaleUv: 187500 });
    s.setup({ exerciseId: 'hip-thrust' });
    const feed = new Feeder(s);
    // reps without a recorded set: measured, but no set is made up
    feed.rest(2);
    feed.reps(3, 100, 80);
    feed.rest(9);
    expect(s.state().sets).toEqual([]);
    expect(s.state().context).toBe('replay');
    s.applyRecorded({ kind: 'set-start', set: 4, tag: 'baseline' }, feed.timeS);
    feed.reps(4, 100, 80);
    feed.rest(12); // a long rest does not end a recorded set
    expect(s.state().setActive).toBe(true);
    s.applyRecorded({ kind: 'set-end', set: 4, tag: 'baseline', reps: 4 }, feed.timeS);
    const t5 = feed.timeS;
    s.applyRecorded({ kind: 'set-start', set: 5, tag: 'internal' }, t5);
    s.applyRecorded({ kind: 'cue', text: 'Squeeze at the top' }, t5);
    expect(s.state()).toMatchObject({ setActive: true, setNumber: 5, setTag: 'internal', cue: 'Squeeze at the top' });
    feed.reps(4, 122, 70);
    s.applyRecorded({ kind: 'set-end', set: 5, tag: 'internal', reps: 4 }, feed.timeS);
    let st = s.state();
    expect(st.sets.map((x) => [x.number, x.tag, x.reps.length])).toEqual([
      [4, 'baseline', 4],
      [5, 'internal', 4],
    ]);
    expect(st.sets[1].comparisons[0]).toMatchObject({ against: 'baseline', againstSetNumber: 4 });
    expect(st.cue).toBeNull();
    // a tag corrected later in the recording
    s.applyRecorded({ kind: 'set-tag', set: 5, tag: 'external' }, feed.timeS);
    expect(s.state().sets[1].tag).toBe('external');
    // seek back to before set 5: it is forgotten until playback passes it again
    s.seekTo(t5 - 0.5);
    st = s.state();
    expect(st.sets.map((x) => x.number)).toEqual([4]);
    expect(st.setActive).toBe(false);
    expect(() => s.calibrate('start', 0)).toThrow(/needs a live band/);
  });
});
