/**
 * What Myocue knows about an exercise: which muscle should do the work (target), which tend to
 * take it over (assisting), where the electrodes go, and the cues that move the work onto the
 * target. Stored as data (src/exercises/library.ts); users add their own (saved in the data dir).
 */

/** One muscle an electrode pair sits on, with a SENIAM-style placement hint. */
export interface MusclePlacement {
  /** e.g. "Gluteus maximus" */
  muscle: string;
  /** where on the muscle, orientation of the pair, where the reference goes */
  placement: string;
}

export interface Exercise {
  /** kebab-case id, stable: "hip-thrust" */
  id: string;
  /** display name: "Hip thrust" */
  name: string;
  target: MusclePlacement[];
  assisting: MusclePlacement[];
  /** internal-focus cues ("squeeze ..."), shown large and rotated between sets; at least 3 */
  internalCues: string[];
  /** one external-focus cue for contrast sets */
  externalCue: string;
  /** load range where an internal focus raises target EMG, % of 1RM (Calatayud 2016: 20-60 %) */
  loadPercent1RM: { min: number; max: number };
  /** tempo suggestion, e.g. "2 s up, 1 s squeeze, 3 s down" */
  tempo: string;
  /**
   * the muscle worth measuring on both sides for left/right symmetry (e.g. "Gluteus maximus" on a
   * hip thrust: a question on return from injury); absent: no suggestion
   */
  bilateral?: string;
  /** true for exercises the user added */
  custom?: boolean;
}
