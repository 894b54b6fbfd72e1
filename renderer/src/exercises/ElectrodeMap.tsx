/**
 * The electrode picture of an exercise, SENIAM-style: a front and a back body outline with each
 * target and assisting muscle's electrode pair (along the fibres) and its reference electrode on
 * bone. With a left/right pair the bilateral muscle is drawn on both sides. Hand-written SVG
 * (electrode-sites.ts), drawn next to the placement text of the exercise card.
 */
import type { Exercise } from '../../../src/host/contract';
import './electrode-map.css';
import { HEAD, drawX, outlinePath, pairPoints, placedSites, type BodyView } from './electrode-sites';

const OUTLINE = outlinePath();
const VIEW_W = 200;
const GAP = 20;

function offsetX(view: BodyView): number {
  return view === 'front' ? 0 : VIEW_W + GAP;
}

export function ElectrodeMap({ exercise, bilateral = false }: { exercise: Exercise; bilateral?: boolean }) {
  const { placed, missing } = placedSites(exercise, bilateral);
  if (placed.length === 0) {
    return <p className="mc-hint" data-testid="electrode-map-missing">No electrode picture for {missing.join(', ') || 'these muscles'}: follow the placement text.</p>;
  }
  const refs = new Map<string, { x: number; y: number; on: string }>();
  for (const p of placed) {
    const r = p.site.reference;
    const x = offsetX(r.view) + drawX(r, p.side);
    refs.set(`${x.toFixed(1)},${r.y}`, { x, y: r.y, on: p.site.referenceOn });
  }
  const label = `Electrode placement for ${exercise.name}: ${placed.map((p) => `${p.muscle}${p.side === 'left' ? ' (left)' : ''} on the ${p.site.at.view}`).join(', ')}; reference on ${[...new Set([...refs.values()].map((r) => r.on))].join(', ')}`;
  return (
    <figure className="mc-electrodes" data-testid="electrode-map" data-sites={placed.length}>
      <svg viewBox={`-4 -4 ${2 * VIEW_W + GAP + 8} 436`} role="img" aria-label={label}>
        <title>{label}</title>
        {(['front', 'back'] as const).map((view) => (
          <g key={view} transform={`translate(${offsetX(view)} 0)`} className="mc-electrodes__body">
            <ellipse cx={HEAD.cx} cy={HEAD.cy} rx={HEAD.rx} ry={HEAD.ry} />
            <path d={OUTLINE} />
            {view === 'back' && <line className="mc-electrodes__spine" x1={100} y1={58} x2={100} y2={222} />}
            <text x={100} y={432} textAnchor="middle" className="mc-electrodes__view">
              {view}
            </text>
          </g>
        ))}
        {placed.map((p) => {
          const [a, b] = pairPoints(p.site, p.side);
          const dx = offsetX(p.site.at.view);
          return (
            <g key={`${p.muscle}-${p.side}`} className={`mc-electrodes__pair mc-electrodes__pair--${p.role}`} data-muscle={p.muscle} data-side={p.side} data-view={p.site.at.view}>
              <title>{`${p.muscle}${p.side === 'left' ? ' (left)' : p.side === 'right' && bilateral && exercise.bilateral ? ' (right)' : ''}`}</title>
              <line x1={dx + a.x} y1={a.y} x2={dx + b.x} y2={b.y} />
              <circle cx={dx + a.x} cy={a.y} r={3.4} />
              <circle cx={dx + b.x} cy={b.y} r={3.4} />
            </g>
          );
        })}
        {[...refs.values()].map((r) => (
          <g key={`${r.x},${r.y}`} className="mc-electrodes__ref" data-reference={r.on}>
            <title>{`reference: ${r.on}`}</title>
            <circle cx={r.x} cy={r.y} r={4.2} />
            <text x={r.x} y={r.y + 2.6} textAnchor="middle">
              R
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="mc-electrodes__key">
        <span>
          <i className="mc-electrodes__dot mc-electrodes__dot--target" /> target
        </span>
        {placed.some((p) => p.role === 'assist') && (
          <span>
            <i className="mc-electrodes__dot mc-electrodes__dot--assist" /> assisting
          </span>
        )}
        <span>
          <i className="mc-electrodes__dot mc-electrodes__dot--ref" /> reference (bone)
        </span>
        <span className="mc-muted">pairs 20 mm apart, along the fibres (SENIAM)</span>
      </figcaption>
      {missing.length > 0 && <p className="mc-hint">No picture for {missing.join(', ')}: see the text.</p>}
    </figure>
  );
}
