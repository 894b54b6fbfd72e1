/**
 * Issue 10.1: the pushed training state stays small however long the session. A TrainingSession is
 * driven through ~2 h of sets (compressed: the envelope fed directly at 200 Hz), pushed through the
 * host's TrainingPushPlanner twice per stream second and at every set end, and rebuilt by the
 * renderer's TrainingAssembler: every message ≤ 16 KB, and the rebuilt state equals the full one.
 */
import { describe, it, expect } from 'vitest';
import { TrainingPushPlanner } from '../../src/host/training-push';
import { MAX_PUSHED_MESSAGE_BYTES, type TrainingState } from '../../src/host/contract';
import { TrainingAssembler } from '../../renderer/src/api/training-assembler';
import { idleTrainingState } from '../helpers/training-state';
import { EnvelopeFeed, hipThrustSession } from '../helpers/envelope-feed';

const RATE = 200;
const BLOCK = 20; // 100 ms

describe('pushed training messages', () => {
  it('stay ≤ 16 KB from 1 set to 2 h (160 sets of 8 reps), and the receiver rebuilds the full state', () => {
    const s = hipThrustSession(RATE);
    const planner = new TrainingPushPlanner();
    const assembler = new TrainingAssembler();
    let maxBytes = 0;
    let messages = 0;
    const push = () => {
      const text = JSON.stringify({ type: 'event', event: 'training', payload: planner.plan(s.state(), s.setsRevision, s) });
      maxBytes = Math.max(maxBytes, text.length);
      messages++;
      assembler.push(JSON.parse(text).payload as TrainingState);
    };
    s.onSetEnded(push);
    // the host pushes every 100 ms; every 5th is measured here (the test's own time)
    const stream = new EnvelopeFeed(s, RATE, BLOCK, (index) => {
      if ((index / BLOCK) % 5 === 0) push();
    });
    const feed = stream.feed.bind(stream);
    const SETS = 160;
    const tags = ['baseline', 'internal', 'external', 'untagged'] as const;
    for (let k = 0; k < SETS; k++) {
      s.tagSet(tags[k % 4]);
      const start = stream.timeS;
      // 8 reps of 2 s, 1.2 s apart, slowly growing peaks (the session peak moves: sets are re-expressed)
      feed(8 * 3.2, (t) => {
        const x = t - start;
        const r = Math.floor(x / 3.2);
        const w = x - r * 3.2 < 2 ? 0.5 * (1 - Math.cos((Math.PI * (x - r * 3.2)) / 1)) : 0;
        return [3 + (100 + k * 0.3 + 5 * Math.sin(r)) * w, 3 + 70 * w];
      });
      feed(20, () => [3, 3]);
    }
    const oldBytesAtEnd = JSON.stringify(s.state()).length;
    // let the queue drain (a few pushes after the last set end)
    for (let k = 0; k < 200; k++) push();
    const full = s.state();
    const rebuilt = assembler.push(planner.plan(full, s.setsRevision, s));
    console.log(
      `training pushes: ${messages} messages over ${SETS} sets (${(stream.timeS / 3600).toFixed(2)} h of stream); ` +
        `max ${(maxBytes / 1024).toFixed(1)} KB per message (limit ${MAX_PUSHED_MESSAGE_BYTES / 1024} KB); the full state would be ${(oldBytesAtEnd / 1024).toFixed(0)} KB`,
    );
    expect(full.sets).toHaveLength(SETS);
    expect(stream.timeS / 3600).toBeGreaterThan(1.9);
    expect(oldBytesAtEnd).toBeGreaterThan(200 * 1024); // what every push carried before
    expect(maxBytes).toBeLessThanOrEqual(MAX_PUSHED_MESSAGE_BYTES);
    expect(assembler.incomplete).toBe(false);
    expect(rebuilt.sets).toEqual(full.sets);
    const { setsDelta: _d, repsFrom: _r, ...live } = { ...rebuilt, setsDelta: undefined, repsFrom: undefined };
    expect(live).toEqual(full);
  }, 120_000);

  it('a new training context (a replay opened or closed) makes the receiver forget the sets it held', () => {
    const planner = new TrainingPushPlanner();
    const assembler = new TrainingAssembler();
    const a = { name: 'live' };
    const b = { name: 'replay' };
    const base = idleTrainingState(0, { setNumber: 3 });
    const set = (number: number) => ({ number, tag: 'untagged', exerciseId: null, startS: number, endS: number + 1, reps: [], targetMeanPct: 1, assistMeanPct: 1, targetShare: 0.5, coContractionPct: 0, medianFreqSlopeHzPerRep: null, comparisons: [] }) as TrainingState['sets'][number];
    let got = assembler.push(planner.plan({ ...base, sets: [set(1), set(2)] }, 1, a));
    expect(got.sets.map((x) => x.number)).toEqual([1, 2]);
    got = assembler.push(planner.plan({ ...base, sets: [set(7)] }, 1, b));
    expect(got.sets.map((x) => x.number)).toEqual([7]);
    // an unchanged revision sends no sets at all
    const msg = planner.plan({ ...base, sets: [set(7)] }, 1, b);
    expect(msg.setsDelta).toMatchObject({ total: 1, changed: [], pending: 0, reset: false });
    // a receiver that joined late (missed set 7) knows it must ask for the full state
    const late = new TrainingAssembler();
    late.push(msg);
    expect(late.incomplete).toBe(true);
  });
});
