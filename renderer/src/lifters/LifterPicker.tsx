/**
 * Who trains now: the current lifter shown, chosen from the folder's lifters, or added by name.
 * Choosing another lifter switches the MVCs in use and starts their own session (the host ends
 * the previous lifter's; renderer/src/lifters/use-lifters.ts, src/host/host.ts selectLifter).
 */
import { useState } from 'react';
import { useLifters } from './use-lifters';

const ADD = '__add__';

export function LifterPicker({ readOnly = false, onChanged }: { readOnly?: boolean; onChanged?: () => void }) {
  const lifters = useLifters();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const list = lifters.list;

  const add = async () => {
    const v = name.trim();
    if (!v) return;
    if (await lifters.add(v)) {
      setAdding(false);
      setName('');
      onChanged?.();
    }
  };

  return (
    <div className="mc-lifter" data-testid="lifter-picker-box">
      <label className="mc-field mc-field--inline mc-lifter__field">
        <span className="mc-field__label">Lifter</span>
        <select
          className="mc-select mc-lifter__select"
          data-testid="lifter-picker"
          data-current-lifter={lifters.current?.name ?? ''}
          value={adding ? ADD : (list?.currentId ?? '')}
          disabled={readOnly || !list}
          aria-label="Lifter who trains now (whose MVCs are used)"
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (v === ADD) {
              setAdding(true);
              return;
            }
            setAdding(false);
            void lifters.select(v).then((ok) => ok && onChanged?.());
          }}
        >
          {!list && <option value="">loading…</option>}
          {list?.lifters.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
          {!readOnly && <option value={ADD}>+ Add lifter…</option>}
        </select>
      </label>
      {adding && (
        <form
          className="mc-lifter__add"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <input
            className="mc-input mc-input--short"
            data-testid="lifter-add-name"
            value={name}
            maxLength={60}
            autoFocus
            placeholder="name"
            aria-label="Name of the new lifter"
            onChange={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Escape' && setAdding(false)}
          />
          <button type="submit" className="mc-btn mc-btn--small mc-btn--primary" data-testid="lifter-add" disabled={!name.trim()}>
            Add
          </button>
          <button type="button" className="mc-btn mc-btn--small" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </form>
      )}
      {lifters.error && (
        <p className="mc-error-text" role="alert" data-testid="lifter-error">
          {lifters.error}
        </p>
      )}
    </div>
  );
}
