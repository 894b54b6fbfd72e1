/**
 * The numbers after the live view: reps of the current set, and the finished sets (newest first)
 * with their comparisons in plain sentences and 95 % intervals, plus a fatigue note.
 *
 * A two-hour session has ~160 sets: only a page of set cards is in the DOM at a time (the newest
 * first, older pages on request), so the page stays as light at hour 2 as at minute 1.
 */

/** set cards rendered at once */
export const SET_CARDS_PER_PAGE = 8;
import { memo, useState } from 'react';
import type { Normalisation, RepMetrics, SetComparison, SetSummary, SetTag } from '../../../src/host/contract';
import { NoteField } from '../sessions/NoteField';
import { formatSi, SetSymmetryLine } from './Symmetry';
import { DASH, TAG_CHOICES, TAG_LABELS, fatigueNote, formatEstimate, formatHz, formatSeconds, formatShare, pctNumber, pctUnit } from './format';

/**
 * The rep table and the set cards re-render only when their props change: the training state's
 * structural sharing keeps `reps`, `sets` and `setNotes` the same objects on a push that moved
 * only the live numbers (issue 10.8), and the panel passes stable callbacks.
 */
export const RepTableMemo = memo(RepTable);

export function RepTable({ reps, normalisation, inRep, setActive }: { reps: RepMetrics[]; normalisation: Normalisation; inRep: boolean; setActive: boolean }) {
  const unit = pctUnit(normalisation);
  const withSi = reps.some((r) => r.symmetryPct !== undefined);
  return (
    <section className="mc-card mc-reps-card" aria-labelledby="mc-reps-title">
      <div className="mc-card__head">
        <h2 id="mc-reps-title" className="mc-card__title">
          Reps this set
        </h2>
        <span className="mc-muted">values in {unit}</span>
      </div>
      {reps.length === 0 ? (
        <p className="mc-hint">{setActive ? (inRep ? 'First rep in progress…' : 'Lift: reps appear here as they finish.') : 'Start a set to record reps.'}</p>
      ) : (
        <div className="mc-table-wrap">
          <table className="mc-table mc-table--nums" data-testid="rep-table">
            <thead>
              <tr>
                <th scope="col">Rep</th>
                <th scope="col" className="mc-th-target">Target peak</th>
                <th scope="col" className="mc-th-target">Target mean</th>
                <th scope="col" className="mc-th-assist">Assist peak</th>
                <th scope="col" className="mc-th-assist">Assist mean</th>
                <th scope="col">Share</th>
                <th scope="col" title="co-contraction index (Winter)">%COCON</th>
                <th scope="col" title="time under tension">TUT</th>
                <th scope="col">Conc.</th>
                <th scope="col">Ecc.</th>
                <th scope="col" title="median frequency of the target">MDF</th>
                {withSi && (
                  <th scope="col" title="left/right symmetry index (Robinson 1987): (R − L) / mean × 100 %; + means the right works more">
                    L/R SI
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {reps.map((r, i) => (
                <tr key={r.index} data-testid="rep-row" className={i === reps.length - 1 ? 'mc-row--latest' : undefined}>
                  <th scope="row">{r.index}</th>
                  <td>{pctNumber(r.targetPeakPct)}</td>
                  <td>{pctNumber(r.targetMeanPct)}</td>
                  <td>{pctNumber(r.assistPeakPct)}</td>
                  <td>{pctNumber(r.assistMeanPct)}</td>
                  <td>{formatShare(r.targetShare)}</td>
                  <td>{pctNumber(r.coContractionPct)} %</td>
                  <td>{formatSeconds(r.tutS)}</td>
                  <td>{formatSeconds(r.concentricS)}</td>
                  <td>{formatSeconds(r.eccentricS)}</td>
                  <td>{formatHz(r.medianFreqHz)}</td>
                  {withSi && <td data-testid="rep-si">{formatSi(r.symmetryPct)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mc-hint mc-reps-note" data-testid="live-onset-note">
            Live timing: a rep starts when the 100 ms envelope leaves rest, about 50-100 ms after the muscle does (it cannot
            look ahead). The file analysis (`myocue analyze`) looks back and places onsets within about 50 ms.
          </p>
        </div>
      )}
    </section>
  );
}

function Comparison({ c }: { c: SetComparison }) {
  return (
    <div className={`mc-compare${c.significant ? ' mc-compare--clear' : ''}`}>
      <p className="mc-compare__sentence">{c.sentence}</p>
      <div className="mc-compare__chips">
        <span className="mc-chip mc-chip--muted">
          vs {c.against === 'baseline' ? 'baseline' : 'previous'} set {c.againstSetNumber}
        </span>
        <span className="mc-chip mc-chip--target mc-num" title="relative change of target activation, 95 % interval">
          Target {formatEstimate(c.targetChangePct, '%')}
        </span>
        <span className="mc-chip mc-chip--assist mc-num" title="relative change of assisting activation, 95 % interval">
          Assisting {formatEstimate(c.assistChangePct, '%')}
        </span>
        <span className="mc-chip mc-num" title="change of target share, percentage points, 95 % interval">
          Share {formatEstimate(c.shareChangePts, 'pts')}
        </span>
        <span className={`mc-chip ${c.significant ? 'mc-chip--good' : 'mc-chip--muted'}`}>{c.significant ? 'beyond noise' : 'within noise'}</span>
      </div>
    </div>
  );
}

export const SetSummariesMemo = memo(SetSummaries);

export function SetSummaries({
  sets,
  normalisation,
  onRetag,
  notes,
  onNote,
}: {
  sets: SetSummary[];
  normalisation: Normalisation;
  /** corrects a finished set's tag; absent for read-only viewers */
  onRetag?: (set: number, tag: SetTag) => void;
  /** the sets' notes by set number */
  notes?: Record<string, string>;
  /** saves a finished set's note (while the session is recorded); absent: notes are not editable here */
  onNote?: (set: number, note: string) => Promise<void>;
}) {
  const unit = pctUnit(normalisation);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(sets.length / SET_CARDS_PER_PAGE));
  const shownPage = Math.min(page, pages - 1);
  // newest first: page 0 holds the last SET_CARDS_PER_PAGE sets
  const end = sets.length - shownPage * SET_CARDS_PER_PAGE;
  const newestFirst = sets.slice(Math.max(0, end - SET_CARDS_PER_PAGE), end).reverse();
  return (
    <section className="mc-card mc-sets" aria-labelledby="mc-sets-title">
      <div className="mc-card__head">
        <h2 id="mc-sets-title" className="mc-card__title">
          Sets
        </h2>
        <span className="mc-muted">{sets.length === 0 ? 'none yet' : `${sets.length} finished`}</span>
      </div>
      {sets.length === 0 && (
        <p className="mc-hint">Tag a set as baseline (1), then one as internal focus (2): each tagged set is compared here. Untagged sets are not compared.</p>
      )}
      <ol className="mc-sets__list">
        {newestFirst.map((s) => {
          const fatigue = fatigueNote(s.medianFreqSlopeHzPerRep);
          return (
            <li
              key={s.number}
              className={`mc-set mc-set--${s.tag}`}
              data-testid="set-summary"
              data-set-number={s.number}
              data-tag={s.tag}
              data-target-share={s.targetShare.toFixed(4)}
              data-rep-count={s.reps.length}
            >
              <div className="mc-set__head">
                <span className="mc-set__number">Set {s.number}</span>
                {onRetag ? (
                  <select
                    className={`mc-select mc-tag mc-tag--${s.tag}`}
                    data-testid="set-retag"
                    aria-label={`Tag of set ${s.number}`}
                    value={s.tag}
                    onChange={(e) => {
                      const tag = e.currentTarget.value as SetTag;
                      e.currentTarget.blur();
                      onRetag(s.number, tag);
                    }}
                  >
                    {TAG_CHOICES.map((tag) => (
                      <option key={tag} value={tag}>
                        {TAG_LABELS[tag]}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className={`mc-tag mc-tag--${s.tag}`}>{TAG_LABELS[s.tag]}</span>
                )}
                <span className="mc-set__reps mc-num">
                  {s.reps.length} {s.reps.length === 1 ? 'rep' : 'reps'}
                </span>
                <span className="mc-set__dur mc-num mc-muted">{formatSeconds(s.endS - s.startS, 0)}</span>
              </div>
              <dl className="mc-set__stats">
                <div>
                  <dt>Target</dt>
                  <dd className="mc-num mc-c-target">
                    {pctNumber(s.targetMeanPct)} <small>{unit}</small>
                  </dd>
                </div>
                <div>
                  <dt>Assisting</dt>
                  <dd className="mc-num mc-c-assist">
                    {pctNumber(s.assistMeanPct)} <small>{unit}</small>
                  </dd>
                </div>
                <div>
                  <dt>Share</dt>
                  <dd className="mc-num">{formatShare(s.targetShare)}</dd>
                </div>
                <div>
                  <dt>%COCON</dt>
                  <dd className="mc-num">{Number.isFinite(s.coContractionPct) ? `${s.coContractionPct.toFixed(0)} %` : DASH}</dd>
                </div>
              </dl>
              {s.comparisons.map((c) => (
                <Comparison key={`${c.against}-${c.againstSetNumber}`} c={c} />
              ))}
              {s.symmetry && <SetSymmetryLine s={s.symmetry} normalisation={s.normalisation ?? normalisation} />}
              {s.tag === 'untagged' && <p className="mc-hint">Untagged: tag it to compare it with your baseline.</p>}
              <p className={`mc-fatigue mc-fatigue--${fatigue.level}`}>{fatigue.text}</p>
              {(onNote || notes?.[String(s.number)]) && (
                <NoteField value={notes?.[String(s.number)] ?? ''} label={`set ${s.number}`} testId="set-note" readOnly={!onNote} onSave={(note) => onNote?.(s.number, note)} />
              )}
            </li>
          );
        })}
      </ol>
      {pages > 1 && (
        <div className="mc-sets__pager" data-testid="set-pager">
          <button type="button" className="mc-btn" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
            Newer sets
          </button>
          <span className="mc-muted mc-num">
            sets {end - newestFirst.length + 1}–{end} of {sets.length}
          </span>
          <button type="button" className="mc-btn" data-testid="set-pager-older" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>
            Older sets
          </button>
        </div>
      )}
    </section>
  );
}
