/**
 * "Add your own exercise": a lifter or coach writes the target and assisting muscles, where the
 * electrodes go, their own internal-focus cues and one external cue. Saved by the host in the data
 * folder (`saveExercise`), listed next to the built-in library from then on.
 */
import { useState } from 'react';
import type { Exercise } from '../../../src/host/contract';
import { useApi } from '../api/api-context';
import './custom-exercise.css';

function kebab(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** "Gluteus medius: upper outer quadrant, along the fibres" → { muscle, placement } */
function placements(s: string) {
  return lines(s).map((l) => {
    const i = l.indexOf(':');
    return i < 0 ? { muscle: l, placement: '' } : { muscle: l.slice(0, i).trim(), placement: l.slice(i + 1).trim() };
  });
}

export function CustomExerciseForm({ onSaved, onCancel }: { onSaved: (id: string) => void; onCancel: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [assisting, setAssisting] = useState('');
  const [cues, setCues] = useState('');
  const [externalCue, setExternalCue] = useState('');
  const [loadMin, setLoadMin] = useState(30);
  const [loadMax, setLoadMax] = useState(65);
  const [tempo, setTempo] = useState('2 s up, 1 s squeeze, 3 s down');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const exercise: Exercise = {
      id: kebab(name),
      name: name.trim(),
      target: placements(target),
      assisting: placements(assisting),
      internalCues: lines(cues),
      externalCue: externalCue.trim(),
      loadPercent1RM: { min: loadMin, max: loadMax },
      tempo: tempo.trim(),
    };
    setSaving(true);
    setError(null);
    try {
      await api.invoke('saveExercise', exercise);
      onSaved(exercise.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="mc-card mc-custom-exercise"
      data-testid="custom-exercise-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 className="mc-card__title">Add your own exercise</h2>
      <label className="mc-field">
        <span className="mc-field__label">Name</span>
        <input className="mc-input" data-testid="custom-exercise-name" value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Cable kickback" required />
      </label>
      <label className="mc-field">
        <span className="mc-field__label">Target muscle(s) — one per line, "muscle: where the electrodes go"</span>
        <textarea className="mc-input" rows={2} value={target} onChange={(e) => setTarget(e.currentTarget.value)} placeholder="Gluteus maximus: half way between sacrum and greater trochanter, along the fibres" />
      </label>
      <label className="mc-field">
        <span className="mc-field__label">Assisting muscle(s)</span>
        <textarea className="mc-input" rows={2} value={assisting} onChange={(e) => setAssisting(e.currentTarget.value)} placeholder="Biceps femoris: mid-thigh, back, along the muscle" />
      </label>
      <label className="mc-field">
        <span className="mc-field__label">Internal-focus cues — one per line</span>
        <textarea className="mc-input" rows={3} value={cues} onChange={(e) => setCues(e.currentTarget.value)} placeholder="Squeeze the glute to move the leg back" />
      </label>
      <label className="mc-field">
        <span className="mc-field__label">External-focus cue (for contrast sets)</span>
        <input className="mc-input" value={externalCue} onChange={(e) => setExternalCue(e.currentTarget.value)} placeholder="Kick the cable towards the wall" />
      </label>
      <div className="mc-custom-exercise__row">
        <label className="mc-field">
          <span className="mc-field__label">Load from (% 1RM)</span>
          <input className="mc-input mc-num" type="number" min={0} max={100} value={loadMin} onChange={(e) => setLoadMin(Number(e.currentTarget.value))} />
        </label>
        <label className="mc-field">
          <span className="mc-field__label">to (% 1RM)</span>
          <input className="mc-input mc-num" type="number" min={0} max={100} value={loadMax} onChange={(e) => setLoadMax(Number(e.currentTarget.value))} />
        </label>
        <label className="mc-field">
          <span className="mc-field__label">Tempo</span>
          <input className="mc-input" value={tempo} onChange={(e) => setTempo(e.currentTarget.value)} />
        </label>
      </div>
      {error && (
        <p className="mc-error-text" role="alert" data-testid="custom-exercise-error">
          {error}
        </p>
      )}
      <div className="mc-custom-exercise__row">
        <button type="submit" className="mc-btn mc-btn--primary" disabled={saving} data-testid="custom-exercise-save">
          Save exercise
        </button>
        <button type="button" className="mc-btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
