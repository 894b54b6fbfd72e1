import { describe, it, expect } from 'vitest';
import { formatEvent, parseEvent, type RecordingEvent } from '../../src/recording/events';

describe('recording events: set end with its rep count, set tag corrections', () => {
  it('round-trips every set event through its annotation text', () => {
    const events: RecordingEvent[] = [
      { kind: 'set-start', set: 2, tag: 'internal' },
      { kind: 'set-end', set: 2, tag: 'internal', reps: 0 },
      { kind: 'set-end', set: 3, tag: 'untagged', reps: 8 },
      { kind: 'set-tag', set: 3, tag: 'baseline' },
    ];
    const texts = events.map(formatEvent);
    expect(texts).toEqual(['Set 2 start [tag=internal]', 'Set 2 end [tag=internal; reps=0]', 'Set 3 end [tag=untagged; reps=8]', 'Set 3 tag [tag=baseline]']);
    expect(texts.map(parseEvent)).toEqual(events);
  });
  it('older files (no reps attribute) still parse; a tag line without a tag is a note', () => {
    expect(parseEvent('Set 1 end [tag=baseline]')).toEqual({ kind: 'set-end', set: 1, tag: 'baseline' });
    expect(parseEvent('Set 1 tag')).toEqual({ kind: 'note', text: 'Set 1 tag' });
  });
});
