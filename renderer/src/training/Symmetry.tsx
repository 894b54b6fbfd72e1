/**
 * Left/right symmetry of one muscle on both sides (TrainingSetup.symmetryPair): the pair picker of
 * the channel setup, the live side-by-side bars, and the set's statement. The index is Robinson's
 * SI = (R − L) / (½ (R + L)) × 100 % of each side's rep mean in % of its own MVC (or own session
 * peak), computed by the host (src/metrics/symmetry-index.ts).
 */
import { useState } from 'react';
import type { LiveSymmetry, Normalisation, SetSymmetry, TrainingSetup, TrainingState } from '../../../src/host/contract';
import { DASH, clamp, isFiniteNumber, pctNumber, pctUnit } from './format';
import type { TrainingController } from './use-training-controller';

/** "+12 %", "−4 %" (true minus sign), "—" */
export function formatSi(v: number | null | undefined): string {
  if (!isFiniteNumber(v)) return DASH;
  const r = Math.round(v);
  if (r === 0) return '0 %';
  return `${r > 0 ? '+' : '\u2212'}${Math.abs(r)} %`;
}

/** The muscle of the pair without a side: "Gluteus maximus (left)" → "Gluteus maximus". */
export function baseMuscle(name: string): string {
  return name.replace(/\s*\((left|right|l|r)\)\s*$/i, '').trim();
}

/** The setup change for a new pair: both channels get the side in their muscle name (one MVC per side). */
export function pairChange(t: TrainingState, left: number | null, right: number | null, channelCount: number): Partial<TrainingSetup> {
  if (left === null || right === null || left === right) return { symmetryPair: null };
  const muscles = Array.from({ length: Math.max(channelCount, t.setup.muscles.length) }, (_, i) => t.setup.muscles[i] ?? '');
  const base = t.exercise?.bilateral ?? (baseMuscle(muscles[left] || muscles[right] || '') || 'Muscle');
  for (const [c, side] of [
    [left, 'left'],
    [right, 'right'],
  ] as const) {
    const now = muscles[c].trim();
    // a name without a side, or the exercise's muscle: the side makes it a muscle of its own MVC
    if (!now || baseMuscle(now) === now) muscles[c] = `${now ? baseMuscle(now) : base} (${side})`.slice(0, 100);
  }
  return { symmetryPair: { left, right }, muscles };
}

export function SymmetryPairPicker({ ctl, t, channelCount }: { ctl: TrainingController; t: TrainingState; channelCount: number }) {
  const pair = t.setup.symmetryPair ?? null;
  // the side chosen first, while the other is still empty (the host keeps whole pairs only)
  const [pending, setPending] = useState<{ left: number | null; right: number | null }>({ left: null, right: null });
  const ro = ctl.readOnly;
  const choose = (side: 'left' | 'right', v: string) => {
    const c = v === '' ? null : Number(v);
    const next = { left: pair?.left ?? pending.left, right: pair?.right ?? pending.right, [side]: c };
    if (next.left !== null && next.right !== null && next.left !== next.right) {
      setPending({ left: null, right: null });
      void ctl.run('setupTraining', pairChange(t, next.left, next.right, channelCount));
    } else {
      setPending(next);
      if (pair) void ctl.run('setupTraining', { symmetryPair: null });
    }
  };
  const selected = (side: 'left' | 'right') => {
    const c = pair ? pair[side] : pending[side];
    return c === null ? '' : String(c);
  };
  const suggestion = t.exercise?.bilateral;
  return (
    <div className="mc-pair" data-testid="symmetry-pair">
      <span className="mc-field__label">Left / right</span>
      {(['left', 'right'] as const).map((side) => (
        <label key={side} className="mc-pair__side">
          <span className="mc-muted">{side === 'left' ? 'L' : 'R'}</span>
          <select
            className="mc-select mc-pair__select"
            aria-label={`${side === 'left' ? 'Left' : 'Right'} side channel of the symmetry pair`}
            data-testid={`symmetry-${side}`}
            value={selected(side)}
            disabled={ro || channelCount < 2}
            onChange={(e) => choose(side, e.currentTarget.value)}
          >
            <option value="">—</option>
            {Array.from({ length: channelCount }, (_, c) => (
              <option key={c} value={c}>
                Ch {c + 1}
                {t.setup.muscles[c] ? ` · ${t.setup.muscles[c]}` : ''}
              </option>
            ))}
          </select>
        </label>
      ))}
      <span className="mc-hint mc-pair__hint">
        {pair
          ? `Symmetry index per rep and set: each side in % of its own ${t.normalisation === 'mvc' ? 'MVC' : 'session peak (calibrate both sides for %MVC)'}.`
          : suggestion
            ? `One muscle on both sides (${suggestion} for this exercise): pick its left and right channel.`
            : 'One muscle on both sides: pick its left and right channel for a symmetry index.'}
      </span>
    </div>
  );
}

/** Side-by-side live bars of the pair: left grows to the left, right to the right, SI in the middle. */
export function SymmetryBars({ live, muscle, normalisation, size = 'normal' }: { live: LiveSymmetry; muscle: string; normalisation: Normalisation; size?: 'normal' | 'huge' }) {
  const unit = pctUnit(normalisation);
  const w = (v: number) => `${clamp(isFiniteNumber(v) ? v : 0, 0, 100)}%`;
  return (
    <div className={`mc-sym mc-sym--${size}`} data-testid="symmetry-bars" data-si={isFiniteNumber(live.symmetryPct) ? live.symmetryPct.toFixed(2) : ''} aria-label={`Left ${Math.round(live.leftPct)} ${unit}, right ${Math.round(live.rightPct)} ${unit}`}>
      <div className="mc-sym__head">
        <span className="mc-sym__title">Left / right{muscle ? ` · ${muscle}` : ''}</span>
        <span className="mc-sym__si mc-num" title="symmetry index (Robinson 1987): (R − L) / mean × 100 %; + means the right works more">
          SI {formatSi(live.symmetryPct)}
        </span>
      </div>
      <div className="mc-sym__bars">
        <span className="mc-sym__val mc-num" data-testid="symmetry-left">
          L {pctNumber(live.leftPct)}
        </span>
        <div className="mc-sym__track mc-sym__track--left">
          <div className="mc-sym__fill" style={{ width: w(live.leftPct) }} />
        </div>
        <div className="mc-sym__track mc-sym__track--right">
          <div className="mc-sym__fill" style={{ width: w(live.rightPct) }} />
        </div>
        <span className="mc-sym__val mc-num" data-testid="symmetry-right">
          {pctNumber(live.rightPct)} R
        </span>
      </div>
    </div>
  );
}

/** The set's symmetry: its SI with the interval and the plain sentence. */
export function SetSymmetryLine({ s, normalisation }: { s: SetSymmetry; normalisation: Normalisation }) {
  return (
    <div className={`mc-compare mc-compare--sym${s.significant ? ' mc-compare--clear' : ''}`} data-testid="set-symmetry" data-si={s.symmetryPct.value.toFixed(2)} data-less-active={s.lessActive ?? ''}>
      <p className="mc-compare__sentence">{s.sentence}</p>
      <div className="mc-compare__chips">
        <span className="mc-chip mc-num" title="mean rep symmetry index with its 95 % t interval; + means the right works more">
          SI {formatSi(s.symmetryPct.value)} [{formatSi(s.symmetryPct.low)}, {formatSi(s.symmetryPct.high)}]
        </span>
        <span className="mc-chip mc-chip--muted mc-num">
          L {pctNumber(s.leftMeanPct)} · R {pctNumber(s.rightMeanPct)} {pctUnit(normalisation)}
        </span>
        {normalisation !== 'mvc' && <span className="mc-chip mc-chip--muted">each side vs its own session peak</span>}
      </div>
    </div>
  );
}
