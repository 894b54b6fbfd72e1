/**
 * The training context of a replay: built from the same stages as the live session, but its own
 * (its sets, tags, cues, set numbers and baseline come from the recording; a file without set marks
 * gets sets detected in this context and is compared only with itself). The recording's channel
 * roles, muscles and person are used; MVCs are read, never written (a replay is not a calibration).
 */
import type { Exercise } from '../exercises/exercise';
import type { MvcStoreLike } from '../training/mvc-store';
import type { SessionMeta } from '../recording/session-meta';
import type { SetTag, TrainingSetup } from './contract';
import { TrainingSession } from '../training/training-session';

export interface ReplayTrainingInput {
  exercises: Exercise[];
  mvcStore: MvcStoreLike;
  /** the session's details when it is one of ours; null for a file of another tool */
  meta: SessionMeta | null;
  /** whose MVCs to use when the recording does not say */
  livePerson: string;
  /** a set's tag saved after it was recorded (replay-corrections.ts), or null */
  storedTag?: (set: number, startS: number) => SetTag | null;
}

export function buildReplayTraining(input: ReplayTrainingInput): TrainingSession {
  const { meta } = input;
  const store = input.mvcStore;
  const readOnly: MvcStoreLike = { get: (person, muscle) => store.get(person, muscle), put: () => undefined };
  const t = new TrainingSession({
    exercises: input.exercises,
    mvcStore: readOnly,
    person: meta?.person ?? input.livePerson,
    context: 'replay',
    // until the file is open: then useRecordedSets() says whether it has set marks
    setsFrom: 'detector',
    ...(input.storedTag ? { storedTag: input.storedTag } : {}),
  });
  if (meta) {
    const target = meta.channels.find((c) => c.role === 'target')?.index ?? null;
    const assisting = meta.channels.filter((c) => c.role === 'assisting').map((c) => c.index);
    const n = Math.max(0, ...meta.channels.map((c) => c.index + 1));
    const muscles = Array.from({ length: n }, (_, i) => meta.channels.find((c) => c.index === i)?.muscle ?? '');
    const patch: Partial<TrainingSetup> = {
      ...(meta.exerciseId ? { exerciseId: meta.exerciseId } : {}),
      ...(target !== null ? { targetChannel: target, assistingChannels: assisting } : {}),
      ...(muscles.some((m) => m) ? { muscles } : {}),
    };
    const left = meta.channels.find((c) => c.side === 'left')?.index;
    const right = meta.channels.find((c) => c.side === 'right')?.index;
    if (left !== undefined && right !== undefined && left !== right) patch.symmetryPair = { left, right };
    t.setup(patch);
  }
  return t;
}
