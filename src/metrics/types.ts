/**
 * Result types of the training metrics (src/metrics/*) shared by the live engine, the batch
 * analyser (`myocue analyze`), the session store and the renderer (through src/host/contract.ts).
 * Units in every name: Pct = % of MVC (or of session peak when no MVC exists), S = seconds,
 * Hz, Uv = µV. Shares are 0..1.
 */

/**
 * The focus of a set as the user tagged it. 'untagged': nobody said (never assumed); such a set
 * stays out of the focus comparison and the progress view until it is tagged.
 */
export type SetTag = 'baseline' | 'internal' | 'external' | 'untagged';

/** How envelopes are normalised: to a stored MVC, or (no MVC) to the session's own peak. */
export type Normalisation = 'mvc' | 'session-peak';

export interface RepMetrics {
  /** 1-based within its set */
  index: number;
  /** stream time of onset and offset, seconds */
  startS: number;
  endS: number;
  /** time under tension = end − start, seconds */
  tutS: number;
  /** concentric / eccentric split (time to the target envelope peak / after it), seconds; null if not clear */
  concentricS: number | null;
  eccentricS: number | null;
  targetPeakPct: number;
  targetMeanPct: number;
  assistPeakPct: number;
  assistMeanPct: number;
  /** mean over the rep of T / (T + A) on normalised envelopes, 0..1 */
  targetShare: number;
  /** co-contraction index, % (Winter: 2 × common area / total area) between target and assisting */
  coContractionPct: number;
  /** median frequency of the filtered target signal over the rep, Hz (fatigue: falls over a set) */
  medianFreqHz: number | null;
  /**
   * left/right symmetry of the bilateral pair (symmetry-index.ts), when a pair is set: each side's
   * rep mean in % of its own reference, and Robinson's SI = (R − L) / (½ (R + L)) × 100 %
   * (> 0: the right side works more; null when both sides rest)
   */
  leftMeanPct?: number;
  rightMeanPct?: number;
  symmetryPct?: number | null;
}

/** A value with a 95 % interval over the reps (Welch t, welch-interval.ts). */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/** A set's left/right symmetry (symmetry-index.ts): the mean rep SI with its 95 % t interval. */
export interface SetSymmetry {
  /** mean of the reps' Robinson SI, % (> 0: right works more), with a one-sample t interval */
  symmetryPct: Estimate;
  /** reps with an SI (both sides active) */
  reps: number;
  /** means over reps, % of each side's own reference */
  leftMeanPct: number;
  rightMeanPct: number;
  /** true when the interval excludes 0 (from MIN_REPS_FOR_SYMMETRY reps) */
  significant: boolean;
  /** the side that works less, only when significant */
  lessActive: 'left' | 'right' | null;
  /** plain sentence: "Left works less: SI +12 % (95 % interval +4 % to +20 %)" */
  sentence: string;
}

export interface SetComparison {
  /** what it is compared with: the person's baseline set, or the previous set */
  against: 'baseline' | 'previous';
  againstSetNumber: number;
  /** relative change, % (e.g. +14 = 14 % higher: ratio of geometric means of the rep means), with interval */
  targetChangePct: Estimate;
  assistChangePct: Estimate;
  /** change in target share, percentage points */
  shareChangePts: Estimate;
  /** true when the target interval excludes 0 (more than noise) */
  significant: boolean;
  /** plain sentence: "Target +14% vs baseline, assisting −9%: the cue is working" */
  sentence: string;
}

export interface SetSummary {
  /** 1-based within the session */
  number: number;
  tag: SetTag;
  exerciseId: string | null;
  startS: number;
  endS: number;
  reps: RepMetrics[];
  /** means over reps */
  targetMeanPct: number;
  assistMeanPct: number;
  /** NaN when no assisting channel was active (a one-channel recording has no share: shown "—") */
  targetShare: number;
  /** NaN when no assisting channel was active */
  coContractionPct: number;
  /**
   * slope of median frequency over the reps, Hz per rep (negative: fatigue); null with fewer than
   * MIN_REPS_FOR_FATIGUE_SLOPE reps with a median frequency
   */
  medianFreqSlopeHzPerRep: number | null;
  /** what the % values are of (absent in sets summarised before this was recorded) */
  normalisation?: Normalisation;
  comparisons: SetComparison[];
  /** left/right symmetry, when a bilateral pair was set */
  symmetry?: SetSymmetry;
}

export type QualityVerdict = 'good' | 'check' | 'bad';

export interface ChannelQuality {
  channel: number;
  verdict: QualityVerdict;
  /** plain reason: "flat line: electrode off?", "clipping 2.1 % of samples", "mains 50 Hz is 38 % of power" */
  reasons: string[];
  baselineNoiseUv: number;
  /** fraction of power within ±2 Hz of the mains frequency and its harmonics, 0..1 */
  mainsPowerRatio: number;
  /**
   * fraction of the power left after the fundamental's notch that lies within ±2 Hz of the mains
   * harmonics (2nd, 3rd, …), 0..1 (harmonic hum the 50/60 Hz notch alone leaves in the signal)
   */
  harmonicPowerRatio?: number;
  /** fraction of samples at the ADC rails, 0..1 */
  clippingRatio: number;
  sampleRateHz: number;
}

export interface MvcCalibration {
  person: string;
  muscle: string;
  /** best 500 ms mean of the RMS envelope over the MVC trials, µV */
  mvcUv: number;
  /** rest noise floor of the envelope: mean and SD, µV (used by onset detection) */
  restMeanUv: number;
  restSdUv: number;
  /** ISO date of the calibration */
  date: string;
}
