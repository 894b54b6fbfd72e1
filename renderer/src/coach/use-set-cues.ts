/**
 * The cue that was shown during each set, remembered by this screen while it watches (a set
 * summary carries no cue; the live state carries only the current one). A TV that joins after a
 * set ended simply does not know that set's cue.
 */
import { useRef } from 'react';
import type { TrainingState } from '../../../src/host/contract';

export function useSetCues(t: TrainingState | null): ReadonlyMap<number, string> {
  const cues = useRef(new Map<number, string>());
  if (t && t.setActive && t.cue) cues.current.set(t.setNumber, t.cue);
  return cues.current;
}
