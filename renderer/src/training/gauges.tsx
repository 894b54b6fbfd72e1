/**
 * The big live read-outs shared by the training panel and the coach view: target-share gauge,
 * %MVC bars, rep count and cue. Text elements carry the stable data-testids e2e tests read.
 */
import type { Normalisation, SetTag } from '../../../src/host/contract';
import { DASH, clamp, isFiniteNumber, pctNumber, pctUnit } from './format';

const R = 80;
const CX = 100;
const CY = 100;

function pointAt(share: number, radius: number): { x: number; y: number } {
  const phi = Math.PI * clamp(share, 0, 1);
  return { x: CX - radius * Math.cos(phi), y: CY - radius * Math.sin(phi) };
}

export interface ShareGaugeProps {
  share: number | null;
  baseline: number | null;
  takeover?: boolean;
  size?: 'normal' | 'huge';
  testId?: string;
}

/** Semicircle 0-100 % with a baseline tick: is the target muscle doing its part of the work? */
export function ShareGauge({ share, baseline, takeover = false, size = 'normal', testId = 'target-share' }: ShareGaugeProps) {
  const has = isFiniteNumber(share);
  const v = has ? clamp(share, 0, 1) : 0;
  const hasBase = isFiniteNumber(baseline);
  const tone = !has ? 'idle' : takeover ? 'bad' : hasBase && v + 1e-9 >= baseline ? 'good' : hasBase ? 'warn' : 'accent';
  const bOuter = hasBase ? pointAt(baseline, R + 15) : null;
  const bInner = hasBase ? pointAt(baseline, R - 15) : null;
  const bLabel = hasBase ? pointAt(baseline, R + 28) : null;
  const label = has ? `Target share ${Math.round(v * 100)} percent` : 'Target share: no activity';
  return (
    <figure className={`mc-gauge mc-gauge--${size} mc-tone--${tone}`} aria-label={label}>
      <svg viewBox="0 -16 200 126" role="img" aria-hidden="true" focusable="false">
        <path className="mc-gauge__track" d={`M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${CX + R} ${CY}`} pathLength={100} />
        <path
          className="mc-gauge__fill"
          d={`M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${CX + R} ${CY}`}
          pathLength={100}
          strokeDasharray={`${v * 100} 200`}
        />
        {bOuter && bInner && bLabel && (
          <g className="mc-gauge__baseline">
            <line x1={bInner.x} y1={bInner.y} x2={bOuter.x} y2={bOuter.y} />
            <text x={bLabel.x} y={bLabel.y} textAnchor="middle" dominantBaseline="middle">
              base
            </text>
          </g>
        )}
      </svg>
      <figcaption className="mc-gauge__caption">
        <span className="mc-gauge__value" data-testid={testId} data-value={has ? v.toFixed(4) : ''}>
          <span className="mc-num">{has ? Math.round(v * 100) : DASH}</span>
          {has ? <span className="mc-gauge__pct"> %</span> : null}
        </span>
        <span className="mc-gauge__label">
          target share{hasBase ? <span className="mc-gauge__base">baseline {Math.round(baseline * 100)} %</span> : null}
        </span>
      </figcaption>
    </figure>
  );
}

export interface MvcBarProps {
  role: 'target' | 'assist';
  /** "Target", "Assisting" */
  title: string;
  muscle: string;
  value: number | null;
  normalisation: Normalisation;
  testId: string;
  size?: 'normal' | 'huge';
  alarm?: boolean;
}

/** A vertical bar 0-100 (%MVC or % of session peak) with the number and unit above it. */
export function MvcBar({ role, title, muscle, value, normalisation, testId, size = 'normal', alarm = false }: MvcBarProps) {
  const has = isFiniteNumber(value);
  const fill = has ? clamp(value, 0, 100) : 0;
  const over = has && value > 100;
  return (
    <div className={`mc-bar mc-bar--${role} mc-bar--${size}${alarm ? ' mc-bar--alarm' : ''}`}>
      <div className="mc-bar__head">
        <span className="mc-bar__title">{title}</span>
        <span className="mc-bar__muscle" title={muscle}>
          {muscle || DASH}
        </span>
      </div>
      <div className="mc-bar__readout" data-testid={testId} data-value={has ? value.toFixed(2) : ''} aria-label={`${title} ${has ? Math.round(value) : 'no value'} ${pctUnit(normalisation)}`}>
        <span className="mc-num">{pctNumber(value)}</span> <span className="mc-unit">{pctUnit(normalisation)}</span>
      </div>
      <div className="mc-bar__track" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={has ? Math.round(fill) : undefined} aria-label={`${title} level`}>
        <div className="mc-bar__fill" style={{ transform: `scaleY(${fill / 100})` }} />
        <div className="mc-bar__tick mc-bar__tick--50" />
        {over && <div className="mc-bar__over">▲</div>}
      </div>
    </div>
  );
}

export function RepCount({ count, inRep, size = 'normal' }: { count: number; inRep: boolean; size?: 'normal' | 'huge' }) {
  return (
    <div className={`mc-reps mc-reps--${size}${inRep ? ' mc-reps--active' : ''}`} aria-live="polite">
      <span className="mc-reps__value mc-num" data-testid="rep-count">
        {count}
      </span>
      <span className="mc-reps__label">{count === 1 ? 'rep' : 'reps'}</span>
    </div>
  );
}

/** What the cue box says when there is no cue: why (no exercise yet, or a baseline set). */
export function noCueText(hasExercise: boolean, tag: SetTag): string {
  if (!hasExercise) return 'Pick an exercise to get cues';
  return tag === 'baseline' ? 'Baseline set: no cue, lift as you usually do' : 'No cue for this exercise';
}

export function CueText({ cue, size = 'normal', emptyText = 'Pick an exercise to get cues' }: { cue: string | null; size?: 'normal' | 'huge'; emptyText?: string }) {
  return (
    <blockquote className={`mc-cue mc-cue--${size}`} aria-live="polite">
      <span data-testid="cue">{cue ?? ''}</span>
      {!cue && <span className="mc-cue__empty">{emptyText}</span>}
    </blockquote>
  );
}

export function TakeoverWarning({ active, muscle, size = 'normal', idleText }: { active: boolean; muscle?: string; size?: 'normal' | 'huge'; idleText?: string }) {
  // the slot keeps its height so nothing below jumps when the warning comes and goes
  return (
    <div className={`mc-takeover-slot mc-takeover-slot--${size}`} aria-live="assertive">
      {!active && idleText && <div className="mc-takeover-idle">{idleText}</div>}
      {active && (
        <div className="mc-takeover" role="alert" data-testid="takeover-warning">
          <span className="mc-takeover__icon" aria-hidden="true">
            ⚠
          </span>
          <span>
            {muscle ? `${muscle} is taking over` : 'Assisting muscle is taking over'} — refocus on the target
          </span>
        </div>
      )}
    </div>
  );
}
