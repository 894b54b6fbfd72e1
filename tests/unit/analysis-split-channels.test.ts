/**
 * How `myocue analyze` splits an EDF/BDF file's channels between the main thread and the worker
 * (analysis-source.ts splitChannels): half each, the worker taking the half with the kept
 * (target) channel, every channel exactly once. (That the split gives the same numbers as one
 * thread is tests/integration/analysis-parallel.test.ts, target in either half.)
 */
import { describe, expect, it } from 'vitest';
import { splitChannels } from '../../src/analysis/analysis-source';

describe('splitChannels', () => {
  it('8 channels, target 0: the worker takes 0-3 (the target and its spill), this thread 4-7', () => {
    expect(splitChannels(8, [0])).toEqual({ mine: [4, 5, 6, 7], theirs: [0, 1, 2, 3] });
  });

  it('8 channels, target 5: already in the second half, the worker keeps 4-7', () => {
    expect(splitChannels(8, [5])).toEqual({ mine: [0, 1, 2, 3], theirs: [4, 5, 6, 7] });
  });

  it('no kept channel: first half here, second in the worker', () => {
    expect(splitChannels(8, [])).toEqual({ mine: [0, 1, 2, 3], theirs: [4, 5, 6, 7] });
  });

  it('an odd count: the worker takes the larger first half when it holds the target', () => {
    expect(splitChannels(5, [1])).toEqual({ mine: [3, 4], theirs: [0, 1, 2] });
    expect(splitChannels(5, [4])).toEqual({ mine: [0, 1, 2], theirs: [3, 4] });
  });

  it('one channel: nothing for the worker, whatever is kept', () => {
    expect(splitChannels(1, [0])).toEqual({ mine: [0], theirs: [] });
  });

  it('kept channels in both halves: the plain split', () => {
    expect(splitChannels(6, [0, 4])).toEqual({ mine: [0, 1, 2], theirs: [3, 4, 5] });
  });

  it('every channel exactly once, for 1-16 channels and any one kept', () => {
    for (let nc = 1; nc <= 16; nc++) {
      for (let k = -1; k < nc; k++) {
        const { mine, theirs } = splitChannels(nc, k < 0 ? [] : [k]);
        expect([...mine, ...theirs].sort((a, b) => a - b)).toEqual(Array.from({ length: nc }, (_, c) => c));
        expect(Math.abs(mine.length - theirs.length)).toBeLessThanOrEqual(1);
        if (k >= 0 && nc > 1) expect(theirs).toContain(k);
      }
    }
  });
});
