import { describe, expect, it } from 'vitest';
import { replaceEqualDeep } from '../../renderer/src/training/structural-sharing';

describe('replaceEqualDeep (training state pushed ~10×/s keeps unchanged parts)', () => {
  it('keeps the previous object when the new one is deeply equal', () => {
    const a = { x: 1, y: [1, 2, { z: 'a' }], n: NaN, none: null };
    const b = JSON.parse(JSON.stringify({ ...a, n: null })) as typeof a;
    b.n = NaN;
    expect(replaceEqualDeep(a, b)).toBe(a);
  });

  it('keeps unchanged branches and takes changed ones', () => {
    const a = { live: { pct: 10 }, sets: [{ number: 1, reps: [1, 2] }, { number: 2, reps: [3] }], setup: { muscles: ['glute'] } };
    const b = JSON.parse(JSON.stringify(a)) as typeof a;
    b.live.pct = 11;
    b.sets[1].reps.push(4);
    const r = replaceEqualDeep(a, b);
    expect(r).not.toBe(a);
    expect(r).toEqual(b);
    expect(r.setup).toBe(a.setup);
    expect(r.sets).not.toBe(a.sets);
    expect(r.sets[0]).toBe(a.sets[0]);
    expect(r.sets[1]).not.toBe(a.sets[1]);
    expect(r.live).not.toBe(a.live);
  });

  it('sees added and removed keys and array lengths', () => {
    const a = { k: [1, 2, 3], o: { p: 1 } as Record<string, number> };
    expect(replaceEqualDeep(a, { k: [1, 2], o: { p: 1 } }).k).toEqual([1, 2]);
    const r = replaceEqualDeep(a, { k: [1, 2, 3], o: { p: 1, q: 2 } });
    expect(r.k).toBe(a.k);
    expect(r.o).toEqual({ p: 1, q: 2 });
    const r2 = replaceEqualDeep({ o: { p: 1, q: undefined } }, { o: { p: 1 } });
    expect(Object.keys(r2.o)).toEqual(['p']);
  });

  it('takes the new value when types differ', () => {
    expect(replaceEqualDeep({ a: 1 }, [1])).toEqual([1]);
    expect(replaceEqualDeep([1], { 0: 1 })).toEqual({ 0: 1 });
    expect(replaceEqualDeep(null, { a: 1 })).toEqual({ a: 1 });
    expect(replaceEqualDeep({ a: 1 }, null)).toBe(null);
  });
});
