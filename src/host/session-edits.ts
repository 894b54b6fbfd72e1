/**
 * The host's `updateSession` command: a note on a session or a set, a finished set's tag, from
 * the Sessions page or the training view. The session recording now is changed through its
 * journal (the recorder) and the live training context (a retag recomputes the comparisons and
 * is saved by the recorder as any set change); a stored session through its sidecar, written
 * whole and atomically (SessionStore.updateStored).
 */
import type { SessionUpdate } from './contract';
import type { SessionStore } from '../recording/session-store';
import type { SessionRecorder } from './session-recorder';
import type { TrainingSession } from '../training/training-session';
import type { SessionMetaPatch } from '../recording/session-meta';

export function applySessionUpdate(store: SessionStore, recorder: SessionRecorder, live: TrainingSession, arg: SessionUpdate): void {
  const patch: SessionMetaPatch = {
    ...(arg.notes !== undefined ? { notes: arg.notes.trim() } : {}),
    ...(arg.setNote ? { setNotes: { [String(arg.setNote.set)]: arg.setNote.note.trim() } } : {}),
  };
  if (recorder.status().sessionId === arg.id) {
    if (arg.retag) live.retagSet(arg.retag.set, arg.retag.tag);
    if (Object.keys(patch).length) recorder.updateNotes(patch);
    return;
  }
  store.updateStored(arg.id, { patch, ...(arg.retag ? { retag: arg.retag } : {}) });
}
