/**
 * The last finished set's verdict for the TV, big: "Target +14% vs baseline, assisting −9%: the
 * cue is working", with the set's rep count, its tag and the cue it was done with. Between sets
 * it is the headline of the screen; during a set it shrinks to one line.
 */
import type { SetComparison, SetSummary } from '../../../src/host/contract';
import { TAG_LABELS } from '../training/format';

/** the comparison a coach cares about: against the baseline, else against the previous set */
export function headlineComparison(set: SetSummary): SetComparison | null {
  return set.comparisons.find((c) => c.against === 'baseline') ?? set.comparisons[0] ?? null;
}

export function LastSetVerdict({ set, cue, compact }: { set: SetSummary; cue: string | undefined; compact: boolean }) {
  const c = headlineComparison(set);
  const tone = !c ? 'none' : c.significant ? (c.targetChangePct.value > 0 ? 'good' : 'bad') : 'neutral';
  const verdict = c ? c.sentence : set.number === 1 ? 'First set done: the next sets are compared with it.' : 'No comparison for this set.';
  return (
    <section
      className={`mc-verdict mc-verdict--${tone}${compact ? ' mc-verdict--compact' : ''}`}
      data-testid="last-set-verdict"
      data-set-number={set.number}
      data-rep-count={set.reps.length}
      data-significant={c ? String(c.significant) : ''}
      aria-label={`Last set: set ${set.number}`}
    >
      <div className="mc-verdict__head">
        <span className="mc-verdict__set">Set {set.number}</span>
        <span className={`mc-tag mc-tag--${set.tag}`}>{TAG_LABELS[set.tag] ?? set.tag}</span>
        <span className="mc-verdict__reps" data-testid="last-set-reps">
          <span className="mc-num">{set.reps.length}</span> {set.reps.length === 1 ? 'rep' : 'reps'}
        </span>
      </div>
      <p className="mc-verdict__sentence" data-testid="last-set-sentence">
        {verdict}
      </p>
      {cue && !compact && (
        <p className="mc-verdict__cue" data-testid="last-set-cue">
          Cue: “{cue}”
        </p>
      )}
    </section>
  );
}
