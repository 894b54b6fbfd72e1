/**
 * What the session was, shown when the lifter ends it: its name, length, sets (tag, reps,
 * headline numbers, the comparison sentences the sets already have), reps, where it was saved,
 * and a way to start the next one.
 */
import type { Normalisation, SessionSummary } from '../../../src/host/contract';
import { TAG_LABELS, formatDuration, formatShare, pctNumber, pctUnit } from '../training/format';

export function SessionSummaryCard({
  summary,
  onStartNew,
  onClose,
  busy = false,
}: {
  summary: SessionSummary;
  onStartNew?: () => void;
  onClose?: () => void;
  busy?: boolean;
}) {
  const units = new Set(summary.sets.map((s) => s.normalisation).filter((n): n is Normalisation => n !== undefined));
  const unit = units.size === 1 ? pctUnit([...units][0]) : '%';
  return (
    <section className="mc-card mc-session-summary" data-testid="session-summary" aria-labelledby="mc-session-summary-title" data-set-count={summary.sets.length} data-rep-count={summary.reps}>
      <div className="mc-card__head">
        <h2 id="mc-session-summary-title" className="mc-card__title" data-testid="session-summary-name">
          {summary.name}
        </h2>
        {summary.demo && (
          <span className="mc-chip mc-chip--muted" data-testid="session-summary-demo" title="Recorded from the simulated band: kept, but left out of progress">
            demo
          </span>
        )}
      </div>
      <p className="mc-session-summary__facts">
        <span data-testid="session-summary-duration">{formatDuration(summary.durationS)}</span>
        <span>
          {summary.sets.length} {summary.sets.length === 1 ? 'set' : 'sets'}
        </span>
        <span>
          {summary.reps} {summary.reps === 1 ? 'rep' : 'reps'}
        </span>
        {summary.recordings.length > 0 ? (
          <span data-testid="session-summary-file" title={summary.recordings.map((r) => r.path).join('\n')}>
            saved as {summary.recordings.map((r) => r.fileName).join(', ')}
          </span>
        ) : null}
      </p>
      {summary.saveProblem && (
        <p className="mc-error-text" data-testid="session-summary-problem">
          {summary.saveProblem}
        </p>
      )}
      {summary.sets.length === 0 ? (
        <p className="mc-hint">No set was kept in this session (a set needs at least one rep).</p>
      ) : (
        <ol className="mc-session-summary__sets">
          {summary.sets.map((s) => (
            <li key={s.number} data-testid="session-summary-set" data-tag={s.tag} data-rep-count={s.reps}>
              <span className="mc-num">Set {s.number}</span>
              {s.exerciseName && summary.exerciseNames.length > 1 ? <span>{s.exerciseName}</span> : null}
              <span className={`mc-tag mc-tag--${s.tag}`}>{TAG_LABELS[s.tag]}</span>
              <span className="mc-num">
                {s.reps} {s.reps === 1 ? 'rep' : 'reps'}
              </span>
              <span className="mc-num mc-c-target">
                target {pctNumber(s.targetMeanPct)} {unit}
              </span>
              {s.targetShare !== null && <span className="mc-num">share {formatShare(s.targetShare)}</span>}
              {s.sentences.map((line) => (
                <span key={line} className="mc-session-summary__sentence" data-testid="session-summary-sentence">
                  {line}
                </span>
              ))}
            </li>
          ))}
        </ol>
      )}
      <div className="mc-session-summary__actions">
        {onStartNew && (
          <button type="button" className="mc-btn mc-btn--primary" data-testid="session-start-new" disabled={busy} onClick={onStartNew}>
            Start a new session
          </button>
        )}
        <a className="mc-btn" href="#/sessions" data-testid="session-summary-open-sessions">
          Sessions
        </a>
        {onClose && (
          <button type="button" className="mc-btn mc-btn--ghost" data-testid="session-summary-close" onClick={onClose}>
            Close
          </button>
        )}
      </div>
    </section>
  );
}
