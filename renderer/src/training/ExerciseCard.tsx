/**
 * Exercise picker with what the lifter needs before the first set: target and assisting muscles
 * with SENIAM-style placement hints and their picture (ElectrodeMap: body outlines with the sites), the load range where an internal focus helps, and the tempo.
 */
import type { Exercise } from '../../../src/host/contract';
import { sameCommands, sameParts, type TrainingController } from './use-training-controller';
import { memo, useState } from 'react';
import { useApi } from '../api/api-context';
import { CustomExerciseForm } from '../exercises/CustomExerciseForm';
import { ElectrodeMap } from '../exercises/ElectrodeMap';

/** the parts of the training state the card shows */
const EXERCISE_CARD_PARTS = ['setup', 'exercise'] as const;

/**
 * Re-rendered only when what it shows changes, not on every training push (~10/s, issue 10.8).
 * Its props are compared here, so a new read of `ctl.state` in ExerciseCard needs its part listed.
 */
export const ExerciseCardMemo = memo(
  ExerciseCard,
  (a, b) =>
    a.exercises === b.exercises &&
    a.loadError === b.loadError &&
    a.onExercisesChanged === b.onExercisesChanged &&
    sameCommands(a.ctl, b.ctl) &&
    sameParts(a.ctl.state, b.ctl.state, EXERCISE_CARD_PARTS),
);

export function ExerciseCard({
  ctl,
  exercises,
  loadError,
  onExercisesChanged,
}: {
  ctl: TrainingController;
  exercises: Exercise[] | null;
  loadError: string | null;
  onExercisesChanged?: (list: Exercise[]) => void;
}) {
  const api = useApi();
  const [adding, setAdding] = useState(false);
  const s = ctl.state;
  const selectedId = s?.setup.exerciseId ?? '';
  const ex = s?.exercise ?? exercises?.find((e) => e.id === selectedId) ?? null;
  return (
    <section className="mc-card mc-exercise" aria-labelledby="mc-exercise-title">
      <h2 id="mc-exercise-title" className="mc-card__title">
        Exercise
      </h2>
      <label className="mc-field">
        <span className="mc-field__label">Exercise</span>
        <select
          data-testid="exercise"
          className="mc-select mc-select--big"
          value={selectedId}
          disabled={ctl.readOnly || !s || !exercises}
          onChange={(e) => {
            const id = e.currentTarget.value;
            void ctl.run('setupTraining', { exerciseId: id === '' ? null : id });
          }}
        >
          <option value="">{exercises ? 'Choose an exercise…' : 'Loading exercises…'}</option>
          {exercises?.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
              {x.custom ? ' (custom)' : ''}
            </option>
          ))}
          {/* the host may know an exercise this list does not (saved by another client) */}
          {ex && exercises && !exercises.some((x) => x.id === ex.id) && <option value={ex.id}>{ex.name}</option>}
        </select>
      </label>
      {loadError && <p className="mc-error-text">Could not load exercises: {loadError}</p>}
      {!ctl.readOnly &&
        (adding ? (
          <CustomExerciseForm
            onCancel={() => setAdding(false)}
            onSaved={(id) => {
              setAdding(false);
              void api.invoke('listExercises', null).then((list) => onExercisesChanged?.(list));
              void ctl.run('setupTraining', { exerciseId: id });
            }}
          />
        ) : (
          <button type="button" className="mc-btn mc-btn--ghost mc-btn--small" data-testid="custom-exercise-add" onClick={() => setAdding(true)}>
            + Add your own exercise
          </button>
        ))}
      {ex ? (
        <div className="mc-exercise__details">
          <dl className="mc-facts">
            <div>
              <dt>Load</dt>
              <dd className="mc-num">
                {ex.loadPercent1RM.min}–{ex.loadPercent1RM.max} % 1RM
              </dd>
            </div>
            <div>
              <dt>Tempo</dt>
              <dd>{ex.tempo || '—'}</dd>
            </div>
          </dl>
          <ElectrodeMap exercise={ex} bilateral={!!s?.setup.symmetryPair} />
          <MuscleList title="Target" role="target" muscles={ex.target} />
          <MuscleList title="Assisting" role="assist" muscles={ex.assisting} />
        </div>
      ) : (
        <p className="mc-hint">The exercise sets the target and assisting muscles, electrode placement and cues.</p>
      )}
    </section>
  );
}

function MuscleList({ title, role, muscles }: { title: string; role: 'target' | 'assist'; muscles: Exercise['target'] }) {
  if (muscles.length === 0) return null;
  return (
    <div className={`mc-muscles mc-muscles--${role}`}>
      <h3 className="mc-muscles__title">{title}</h3>
      <ul>
        {muscles.map((m) => (
          <li key={m.muscle}>
            <span className="mc-muscles__name">{m.muscle}</span>
            {m.placement && <span className="mc-muscles__placement">{m.placement}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
