import { describe, expect, it } from 'vitest';
import { setMarks } from '../../src/analysis/session-marks';
import type { SetTag } from '../../src/metrics/types';
import { formatEvent, type RecordingEvent } from '../../src/recording/events';

const at = (onsetS: number, e: RecordingEvent) => ({ onsetS, durationS: 0, text: formatEvent(e) });

describe('setMarks: the sets a recording says it had', () => {
  it('a set carries the tag it ended with (tagged after it started), and a later correction wins', () => {
    const marks = setMarks({
      durationS: 60,
      annotations: [
        at(1, { kind: 'set-start', set: 1, tag: 'baseline' }),
        at(10, { kind: 'set-end', set: 1, tag: 'baseline', reps: 4 }),
        // set 2 starts with the previous tag, the lifter tags it internal while it runs
        at(12, { kind: 'set-start', set: 2, tag: 'baseline' }),
        at(20, { kind: 'set-end', set: 2, tag: 'internal', reps: 4 }),
        at(22, { kind: 'set-start', set: 3 }),
        at(30, { kind: 'set-end', set: 3, reps: 4 }),
        // set 3 corrected after it ended
        at(31, { kind: 'set-tag', set: 3, tag: 'external' }),
        // set 4 still running when the recording stopped
        at(40, { kind: 'set-start', set: 4, tag: 'internal' }),
      ],
    });
    expect(marks.map((m) => [m.startS, m.endS, m.tag])).toEqual([
      [1, 10, 'baseline'],
      [12, 20, 'internal'],
      [22, 30, 'external'],
      [40, 60, 'internal'],
    ]);
  });

  it('a tag saved in the sidecar after the recording (a set retagged in its replay) wins over every annotation', () => {
    const annotations = [
      at(1, { kind: 'set-start', set: 1, tag: 'baseline' }),
      at(10, { kind: 'set-end', set: 1, tag: 'baseline', reps: 4 }),
      at(12, { kind: 'set-start', set: 2, tag: 'internal' }),
      at(20, { kind: 'set-end', set: 2, tag: 'internal', reps: 4 }),
      at(21, { kind: 'set-tag', set: 2, tag: 'internal' }),
    ];
    const saved = new Map<number, SetTag>([[2, 'external']]);
    expect(setMarks({ durationS: 30, annotations }, saved).map((m) => m.tag)).toEqual(['baseline', 'external']);
    expect(setMarks({ durationS: 30, annotations }).map((m) => m.tag)).toEqual(['baseline', 'internal']);
  });
});
