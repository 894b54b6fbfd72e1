/**
 * The rep and set book of one training context: the set running now, the finished sets with their
 * reps (decimated µV envelopes, so they can be re-expressed when the references move), and their
 * summaries compared with the exercise's first baseline set and the set before. Pure bookkeeping:
 * the context decides when sets start and end; no I/O.
 *
 * Memory over a long session (issue 10: a two-hour session kept ~40 kB per finished set, most of
 * it the reps' envelopes): with `envelopeSetsKept` the envelopes are kept only for that many of
 * the latest finished sets and for each exercise's first baseline set (what every set is compared
 * with). An older set is frozen: its reps keep the metrics of its summary at that moment (what the
 * UI and the sidecar show), its envelopes are dropped, and it is no longer re-expressed when the
 * references move (by then the session peak has mostly settled; its summary says which
 * normalisation its values are in). It still counts as a baseline or previous set, by those metrics.
 */
import type { Normalisation, RepMetrics, SetSummary, SetTag } from '../metrics/types';
import { summariseSet, type SetLike } from '../metrics/set-comparison';
import { computeRepMetrics } from '../metrics/rep-metrics';
import type { BootstrapOptions } from '../metrics/bootstrap';
import { repSymmetry } from '../metrics/symmetry-index';

/** A left/right pair of channels on one muscle (TrainingSetup.symmetryPair). */
export interface ChannelPair {
  left: number;
  right: number;
}

export interface RepRecord {
  metrics: RepMetrics;
  /** stream time of the first envelope value, s */
  t0S: number;
  /** decimated µV envelopes of the rep: target, and each assisting channel */
  target: Float64Array;
  assist: Float64Array[];
  /** decimated µV envelopes of the left/right pair over the rep, when a pair was set */
  pair?: { left: Float64Array; right: Float64Array } | null;
}

export interface SetRecord {
  number: number;
  tag: SetTag;
  exerciseId: string | null;
  startS: number;
  endS: number;
  reps: RepRecord[];
  /** channel roles while the set ran: its reps are re-expressed only while they are unchanged */
  targetChannel: number | null;
  assistingChannels: number[];
  symmetryPair?: ChannelPair | null;
  /** true once its envelopes were dropped: its reps' metrics are final (see envelopeSetsKept) */
  frozen?: boolean;
}

export interface Roles {
  targetChannel: number | null;
  assistingChannels: number[];
  symmetryPair?: ChannelPair | null;
}

/** What the book needs of its context: today's roles, references and decimated rate. */
export interface SetBookContext {
  roles(): Roles;
  /** µV that counts as 100 % on channel c now */
  reference(c: number): number;
  decimatedRateHz(): number;
  /** the exercise whose baseline share is shown */
  exerciseId(): string | null;
  bootstrap?: BootstrapOptions;
  /** how the % values are normalised now (recorded with each set's summary) */
  normalisation?(): Normalisation;
  /**
   * finished sets whose envelopes are kept (the latest ones, plus each exercise's first baseline
   * set); older sets are frozen. Default: all (a replay or an analysis re-expresses every set).
   */
  envelopeSetsKept?: number;
}

const NO_SAMPLES = new Float64Array(0);

export class SetBook {
  active: SetRecord | null = null;
  lastRepEndS: number | null = null;
  /** the tag the user chose for the next set; never assumed */
  nextTag: SetTag = 'untagged';
  readonly records: SetRecord[] = [];
  readonly summaries: SetSummary[] = [];
  /** counts every recomputation of the summaries (a push sends the sets only when it moved) */
  revision = 0;
  /** mean target share of the exercise's baseline set in today's references, null until known */
  baselineShare: number | null = null;

  constructor(private readonly ctx: SetBookContext) {}

  /** number of the current (or next) set, 1-based */
  get setNumber(): number {
    return this.active ? this.active.number : this.records.length + 1;
  }

  /** Starts a set; `number` defaults to the next one (a replay gives the recorded set's number). */
  begin(tag: SetTag, startS: number, exerciseId: string | null, number = this.records.length + 1): SetRecord | null {
    if (this.active) return null;
    const roles = this.ctx.roles();
    this.active = {
      number,
      tag,
      exerciseId,
      startS,
      endS: startS,
      reps: [],
      targetChannel: roles.targetChannel,
      assistingChannels: [...roles.assistingChannels],
      symmetryPair: roles.symmetryPair ? { ...roles.symmetryPair } : null,
    };
    this.lastRepEndS = null;
    return this.active;
  }

  /** Adds a rep (envelopes already copied) to the running set; returns its metrics. */
  addRep(
    startS: number,
    endS: number,
    t0S: number,
    target: Float64Array,
    assist: Float64Array[],
    medianFreqHz: number | null,
    pair: RepRecord['pair'] = null,
  ): RepMetrics | null {
    const set = this.active;
    if (!set || this.ctx.roles().targetChannel === null) return null;
    const rec: RepRecord = { metrics: null as unknown as RepMetrics, t0S, target, assist, pair };
    rec.metrics = { ...this.repMetrics(rec, set.reps.length + 1, startS, endS), medianFreqHz };
    set.reps.push(rec);
    set.endS = endS;
    this.lastRepEndS = endS;
    return rec.metrics;
  }

  /**
   * Closes the running set at endS. A set without reps is not kept (returns its record with no
   * summary); a kept set is summarised and every finished set re-expressed.
   */
  finish(endS: number): { set: SetRecord; summary: SetSummary | null } | null {
    const set = this.active;
    if (!set) return null;
    this.active = null;
    if (set.reps.length === 0) return { set, summary: null };
    set.endS = endS;
    this.records.push(set);
    this.summaries.push(this.summarise(this.records.length - 1));
    this.referencesChanged();
    this.freezeOldSets();
    return { set, summary: this.summaries[this.summaries.length - 1] };
  }

  /** finished sets whose envelopes are still held (a test and memory figure) */
  get setsWithEnvelopes(): number {
    return this.records.reduce((n, r) => n + (r.frozen ? 0 : 1), 0);
  }

  /** decimated envelope values held over all finished sets (a test and memory figure) */
  get envelopeValuesHeld(): number {
    let n = 0;
    for (const r of this.records) {
      for (const rep of r.reps) {
        n += rep.target.length + (rep.pair ? rep.pair.left.length + rep.pair.right.length : 0);
        for (const a of rep.assist) n += a.length;
      }
    }
    return n;
  }

  /**
   * Drops the envelopes of finished sets beyond `envelopeSetsKept` (oldest first), keeping each
   * exercise's first baseline set: their reps keep the metrics of their current summary.
   */
  private freezeOldSets(): void {
    const keep = this.ctx.envelopeSetsKept ?? Infinity;
    if (!(this.records.length > keep)) return;
    const anchors = new Set<SetRecord>();
    for (const r of this.records) {
      if (r.tag === 'baseline' && r.reps.length > 0 && ![...anchors].some((a) => a.exerciseId === r.exerciseId)) anchors.add(r);
    }
    for (let i = 0; i < this.records.length - keep; i++) {
      const r = this.records[i];
      if (r.frozen || anchors.has(r)) continue;
      const reps = this.summaries[i].reps;
      r.reps.forEach((rep, k) => {
        rep.metrics = reps[k] ?? rep.metrics;
        rep.target = NO_SAMPLES;
        rep.assist = [];
        rep.pair = null;
      });
      r.frozen = true;
    }
  }

  /**
   * Corrects the tag of finished set `number` (every summary is redone: it may become or stop
   * being the baseline others are compared with). Returns its new summary, null if no such set.
   */
  retag(number: number, tag: SetTag): SetSummary | null {
    const i = this.records.findIndex((r) => r.number === number);
    if (i < 0) return null;
    this.records[i].tag = tag;
    this.summaries[i] = this.summarise(i);
    this.referencesChanged();
    return this.summaries[i];
  }

  /**
   * Forgets the running set and every set that started at or after timeS (a replay jumped back:
   * those sets are rebuilt as playback passes them again).
   */
  truncate(timeS: number): void {
    this.active = null;
    this.lastRepEndS = null;
    let keep = this.records.length;
    while (keep > 0 && this.records[keep - 1].startS >= timeS) keep--;
    this.records.length = keep;
    this.summaries.length = keep;
    this.referencesChanged();
  }

  /** The normalisation references may have moved (a set ended, an MVC arrived, the setup changed). */
  referencesChanged(): void {
    this.revision++;
    this.reexpressSets();
    this.refreshBaselineShare();
  }

  /** Rep metrics of a stored rep with the current normalisation references. */
  private repMetrics(rec: RepRecord, index: number, startS: number, endS: number, mdf: number | null = null): RepMetrics {
    const { targetChannel, assistingChannels: assisting } = this.ctx.roles();
    const target = targetChannel!;
    const tPct = new Float64Array(rec.target.length);
    const kt = 100 / this.ctx.reference(target);
    for (let i = 0; i < tPct.length; i++) tPct[i] = rec.target[i] * kt;
    let aPct: Float64Array | null = null;
    if (rec.assist.length && rec.assist.length === assisting.length) {
      aPct = new Float64Array(tPct.length);
      rec.assist.forEach((arr, j) => {
        const ka = 100 / this.ctx.reference(assisting[j]) / rec.assist.length;
        for (let i = 0; i < Math.min(arr.length, aPct!.length); i++) aPct![i] += arr[i] * ka;
      });
    }
    const m = computeRepMetrics({ index, startS, endS, rateHz: this.ctx.decimatedRateHz(), t0S: rec.t0S, targetPct: tPct, assistPct: aPct });
    const pair = this.ctx.roles().symmetryPair;
    if (rec.pair && pair) {
      // each side in % of its own reference (symmetry-index.ts: raw µV of two sites are not comparable)
      const side = (env: Float64Array, c: number) => {
        const k = 100 / this.ctx.reference(c);
        const out = new Float64Array(env.length);
        for (let i = 0; i < env.length; i++) out[i] = env[i] * k;
        return out;
      };
      const s = repSymmetry(side(rec.pair.left, pair.left), side(rec.pair.right, pair.right), 0, Math.min(rec.pair.left.length, rec.pair.right.length));
      return { ...m, medianFreqHz: mdf, leftMeanPct: s.leftMeanPct, rightMeanPct: s.rightMeanPct, symmetryPct: s.symmetryPct };
    }
    return { ...m, medianFreqHz: mdf };
  }

  /** A set's reps re-expressed with today's references (session peak grows; an MVC may arrive); a frozen set's as they were. */
  private renormalised(rec: SetRecord): SetLike {
    if (rec.frozen) return { number: rec.number, tag: rec.tag, reps: rec.reps.map((r) => r.metrics) };
    return {
      number: rec.number,
      tag: rec.tag,
      reps: rec.reps.map((r) => this.repMetrics(r, r.metrics.index, r.metrics.startS, r.metrics.endS, r.metrics.medianFreqHz)),
    };
  }

  private baselineRecord(exerciseId: string | null): SetRecord | null {
    return this.records.find((r) => r.tag === 'baseline' && r.exerciseId === exerciseId && r.reps.length > 0) ?? null;
  }

  /**
   * Summary of records[i]: compared with the exercise's first baseline set and the tagged set before
   * it, in today's references. An untagged set is compared with nothing and is nobody's "previous":
   * what its focus was is unknown.
   */
  private summarise(i: number): SetSummary {
    const set = this.records[i];
    const tagged = set.tag !== 'untagged';
    const earlier = this.records.slice(0, i + 1).filter((r) => r.exerciseId === set.exerciseId && r.reps.length > 0 && r.tag !== 'untagged');
    const baseline = tagged ? earlier.find((r) => r.tag === 'baseline') ?? null : null;
    const previous = tagged && earlier.length > 1 ? earlier[earlier.length - 2] : null;
    return summariseSet({
      number: set.number,
      tag: set.tag,
      exerciseId: set.exerciseId,
      startS: set.startS,
      endS: set.endS,
      reps: this.renormalised(set).reps as RepMetrics[],
      baseline: baseline ? this.renormalised(baseline) : null,
      previous: previous ? this.renormalised(previous) : null,
      bootstrap: this.ctx.bootstrap,
      ...(this.ctx.normalisation ? { normalisation: this.ctx.normalisation() } : {}),
    });
  }

  private hasCurrentRoles(r: SetRecord): boolean {
    const { targetChannel, assistingChannels: a, symmetryPair: p } = this.ctx.roles();
    const q = r.symmetryPair ?? null;
    const samePair = (p ?? null) === null ? q === null : q !== null && q.left === p!.left && q.right === p!.right;
    return r.targetChannel === targetChannel && r.assistingChannels.length === a.length && r.assistingChannels.every((c, k) => c === a[k]) && samePair;
  }

  /**
   * Finished sets in today's references. A summary frozen at its set's end would be in that
   * moment's references (the session peak grows, an MVC may arrive), so set 1 and set 2 could both
   * read "63 %" while their comparison says +22 %: every finished set is re-expressed together.
   */
  private reexpressSets(): void {
    for (let i = 0; i < this.records.length; i++) {
      if (!this.records[i].frozen && this.hasCurrentRoles(this.records[i])) this.summaries[i] = this.summarise(i);
    }
  }

  private refreshBaselineShare(): void {
    const roles = this.ctx.roles();
    const exerciseId = this.ctx.exerciseId();
    const b = roles.targetChannel !== null ? this.baselineRecord(exerciseId) : null;
    const assistCount = b ? (b.frozen ? b.assistingChannels.length : b.reps[0].assist.length) : 0;
    if (!b || assistCount !== roles.assistingChannels.length || assistCount === 0) {
      this.baselineShare = null;
      return;
    }
    const reps = this.renormalised(b).reps;
    this.baselineShare = reps.reduce((s, r) => s + r.targetShare, 0) / reps.length;
  }
}
