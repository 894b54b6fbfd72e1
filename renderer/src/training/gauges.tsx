/**
 * The big live read-outs shared by the training panel and the coach view: target-share gauge,
 * %MVC bars, rep count and cue. Text elements carry the stable data-testids e2e tests read.
 *
 * The gauge and the bars take their number either as a prop or as a `LiveNumber`
 * (live-readout.ts): then React renders them once and every push's value is written straight to
 * the DOM (text, data-value, aria, bar height) at the end of an animation frame, after the charts;
 * the number boxes are CSS-contained (training.css) so those writes lay out only themselves.
 */
import { useLayoutEffect, useRef } from 'react';
import type { Normalisation, SetTag } from '../../../src/host/contract';
import { DASH, clamp, isFiniteNumber, pctUnit } from './format';
import type { LiveNumber } from './live-readout';
import { mvcBarView, shareGaugeView } from './readout-view';

/** writes `live`'s value into the DOM now and after each change (no React render); none without a source */
function useLiveWrite(live: LiveNumber | undefined, write: (v: number | null) => void): void {
  const writeRef = useRef(write);
  writeRef.current = write;
  useLayoutEffect(() => {
    if (!live) return;
    let last: number | null | undefined;
    const apply = () => {
      const v = live.read();
      if (Object.is(v, last)) return;
      last = v;
      writeRef.current(v);
    };
    apply();
    return live.subscribe(apply);
  }, [live]);
}

function setAttr(el: Element | null, name: string, value: string | null): void {
  if (!el) return;
  if (value === null) el.removeAttribute(name);
  else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function setText(el: Element | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

const R = 80;
const CX = 100;
const CY = 100;

function pointAt(share: number, radius: number): { x: number; y: number } {
  const phi = Math.PI * clamp(share, 0, 1);
  return { x: CX - radius * Math.cos(phi), y: CY - radius * Math.sin(phi) };
}

export interface ShareGaugeProps {
  /** the share shown (ignored when `live` is given) */
  share: number | null;
  /** the share as a live number, written to the DOM on every change without a React render */
  live?: LiveNumber;
  baseline: number | null;
  takeover?: boolean;
  size?: 'normal' | 'huge';
  testId?: string;
}

/** Semicircle 0-100 % with a baseline tick: is the target muscle doing its part of the work? */
export function ShareGauge({ share: shareProp, live, baseline, takeover = false, size = 'normal', testId = 'target-share' }: ShareGaugeProps) {
  const view = shareGaugeView(live ? live.read() : shareProp, baseline, takeover);
  const hasBase = isFiniteNumber(baseline);
  const bOuter = hasBase ? pointAt(baseline, R + 15) : null;
  const bInner = hasBase ? pointAt(baseline, R - 15) : null;
  const bLabel = hasBase ? pointAt(baseline, R + 28) : null;
  const figRef = useRef<HTMLElement>(null);
  const fillRef = useRef<SVGPathElement>(null);
  const valueRef = useRef<HTMLSpanElement>(null);
  useLiveWrite(live, (s) => {
    const fig = figRef.current;
    const val = valueRef.current;
    if (!fig || !val) return;
    const now = shareGaugeView(s, baseline, takeover);
    setAttr(fig, 'class', `mc-gauge mc-gauge--${size} mc-tone--${now.tone}`);
    setAttr(fig, 'aria-label', now.ariaLabel);
    setAttr(fillRef.current, 'stroke-dasharray', now.dashArray);
    setAttr(val, 'data-value', now.dataValue);
    setText(val.firstElementChild, now.text);
    const pct = val.lastElementChild as HTMLElement | null;
    if (pct && pct !== val.firstElementChild) pct.style.display = now.has ? '' : 'none';
  });
  return (
    <figure ref={figRef} className={`mc-gauge mc-gauge--${size} mc-tone--${view.tone}`} aria-label={view.ariaLabel}>
      <svg viewBox="0 -16 200 126" role="img" aria-hidden="true" focusable="false">
        <path className="mc-gauge__track" d={`M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${CX + R} ${CY}`} pathLength={100} />
        <path
          ref={fillRef}
          className="mc-gauge__fill"
          d={`M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${CX + R} ${CY}`}
          pathLength={100}
          strokeDasharray={view.dashArray}
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
        <span ref={valueRef} className="mc-gauge__value" data-testid={testId} data-value={view.dataValue}>
          <span className="mc-num">{view.text}</span>
          {/* always there when live (shown or hidden by the writer), so the text node is never re-made */}
          {view.has || live ? (
            <span className="mc-gauge__pct" style={view.has ? undefined : { display: 'none' }}>
              {' '}
              %
            </span>
          ) : null}
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
  /** the value shown (ignored when `live` is given) */
  value: number | null;
  /** the value as a live number, written to the DOM on every change without a React render */
  live?: LiveNumber;
  normalisation: Normalisation;
  testId: string;
  size?: 'normal' | 'huge';
  alarm?: boolean;
}

/** A vertical bar 0-100 (%MVC or % of session peak) with the number and unit above it. */
export function MvcBar({ role, title, muscle, value: valueProp, live, normalisation, testId, size = 'normal', alarm = false }: MvcBarProps) {
  const view = mvcBarView(live ? live.read() : valueProp, title, normalisation);
  const readoutRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  useLiveWrite(live, (v) => {
    const readout = readoutRef.current;
    const track = trackRef.current;
    if (!readout || !track) return;
    const now = mvcBarView(v, title, normalisation);
    setAttr(readout, 'data-value', now.dataValue);
    setAttr(readout, 'aria-label', now.ariaLabel);
    setText(readout.firstElementChild, now.text);
    setAttr(track, 'aria-valuenow', now.ariaValueNow === null ? null : String(now.ariaValueNow));
    const bar = track.firstElementChild as HTMLElement | null;
    if (bar) bar.style.transform = `scaleY(${now.fill / 100})`;
    const overMark = track.lastElementChild as HTMLElement | null;
    if (overMark?.classList.contains('mc-bar__over')) overMark.style.display = now.over ? '' : 'none';
  });
  return (
    <div className={`mc-bar mc-bar--${role} mc-bar--${size}${alarm ? ' mc-bar--alarm' : ''}`}>
      <div className="mc-bar__head">
        <span className="mc-bar__title">{title}</span>
        <span className="mc-bar__muscle" title={muscle}>
          {muscle || DASH}
        </span>
      </div>
      <div ref={readoutRef} className="mc-bar__readout" data-testid={testId} data-value={view.dataValue} aria-label={view.ariaLabel}>
        <span className="mc-num">{view.text}</span> <span className="mc-unit">{pctUnit(normalisation)}</span>
      </div>
      <div ref={trackRef} className="mc-bar__track" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={view.ariaValueNow ?? undefined} aria-label={`${title} level`}>
        <div className="mc-bar__fill" style={{ transform: `scaleY(${view.fill / 100})` }} />
        <div className="mc-bar__tick mc-bar__tick--50" />
        {/* always there when live (shown or hidden by the writer) */}
        {(view.over || live) && (
          <div className="mc-bar__over" style={view.over ? undefined : { display: 'none' }}>
            ▲
          </div>
        )}
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
