/**
 * Calibration run: the guided MVC of one channel on the decimated envelope. Rest (the first second
 * skipped while the lifter settles), then `trials` maximal contractions with relaxation between
 * (not waited for after the last); the MVC is the best 500 ms window mean over the contractions
 * (src/metrics/mvc.ts), accepted only when it stands clearly above rest (mean + 3 SD).
 */
import type { CalibrationStep } from '../host/contract';
import { bestWindowMean } from '../metrics/mvc';
import { restStats, type RestStats } from '../metrics/onset';

export const CALIBRATION_DEFAULTS = { restS: 5, trials: 3, contractS: 4, relaxS: 5 } as const;
export type CalibrationTiming = { restS: number; trials: number; contractS: number; relaxS: number };

export type CalibrationOutcome =
  | { ok: true; mvcUv: number; rest: RestStats }
  | { ok: false; reason: string };

export class CalibrationRun {
  private startS: number | null = null;
  private readonly values: Float64Array;
  private n = 0;
  private lastS = 0;

  constructor(
    readonly channel: number,
    private readonly rateHz: number,
    private readonly timing: CalibrationTiming = CALIBRATION_DEFAULTS,
  ) {
    const totalS = timing.restS + timing.trials * (timing.contractS + timing.relaxS);
    this.values = new Float64Array(Math.ceil(totalS * rateHz) + 2);
  }

  /** One decimated envelope value (µV) at stream time tS; returns the outcome once the run is over. */
  push(value: number, tS: number): CalibrationOutcome | null {
    if (this.startS === null) this.startS = tS;
    this.lastS = tS;
    if (this.n < this.values.length) this.values[this.n++] = value;
    const c = this.timing;
    const endS = c.restS + (c.trials - 1) * (c.contractS + c.relaxS) + c.contractS;
    if (tS - this.startS + 1 / this.rateHz < endS) return null;
    const r = this.rateHz;
    const rest = restStats(this.values, Math.min(Math.round(r), Math.round(c.restS * r) - 1), Math.round(c.restS * r));
    let mvcUv = 0;
    for (let t = 0; t < c.trials; t++) {
      const a = Math.round((c.restS + t * (c.contractS + c.relaxS)) * r);
      const b = Math.min(this.n, a + Math.round(c.contractS * r));
      mvcUv = Math.max(mvcUv, bestWindowMean(this.values, r, 500, a, b));
    }
    if (!(mvcUv > rest.mean + 3 * rest.sd) || !(mvcUv > 0)) {
      return {
        ok: false,
        reason:
          `the strongest 500 ms (${mvcUv.toFixed(1)} µV) was not clearly above the rest (${rest.mean.toFixed(1)} ± ${rest.sd.toFixed(1)} µV; it must exceed ` +
          `${(rest.mean + 3 * rest.sd).toFixed(1)} µV): relax fully during the first ${c.restS} s, contract as hard as you can when told, and check that the electrode is on the muscle`,
      };
    }
    return { ok: true, mvcUv, rest };
  }

  /** Where the run is at stream time nowS (the last pushed time when omitted). */
  step(nowS: number = this.lastS): CalibrationStep {
    const c = this.timing;
    const elapsed = this.startS === null ? 0 : nowS - this.startS;
    if (elapsed < c.restS) return { phase: 'rest', channel: this.channel, remainingS: c.restS - elapsed };
    const cycle = c.contractS + c.relaxS;
    const inTrials = elapsed - c.restS;
    const trial = Math.min(c.trials - 1, Math.floor(inTrials / cycle));
    const within = inTrials - trial * cycle;
    const contract = within < c.contractS;
    return {
      phase: 'mvc',
      channel: this.channel,
      trial: trial + 1,
      trials: c.trials,
      contract,
      remainingS: contract ? c.contractS - within : cycle - within,
    };
  }
}
