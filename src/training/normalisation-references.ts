/**
 * What counts as 100 % on each channel: the person's stored MVC when every role channel has one,
 * otherwise the session's own peak (the best 500 ms window mean seen so far, src/metrics/mvc.ts).
 * The session peak grows, so finished sets are re-expressed against today's references
 * (set-book.ts).
 */
import type { MvcCalibration, Normalisation } from '../metrics/types';
import { RunningBestWindowMean } from '../metrics/mvc';

export class NormalisationReferences {
  /** per channel: the MVC in use, or null */
  mvc: (MvcCalibration | null)[] = [];
  private peaks: RunningBestWindowMean[] = [];
  private peakRateHz = 0;
  private roles: number[] = [];

  /**
   * A new stream: session peaks restart unless it is the same band reconnected (same channel count
   * and decimated rate), so the sets before and after a reconnect share one reference.
   */
  configure(channelCount: number, decimatedRateHz: number): void {
    const same = this.peaks.length === channelCount && this.peakRateHz === decimatedRateHz;
    if (!same) this.peaks = Array.from({ length: channelCount }, () => new RunningBestWindowMean(decimatedRateHz));
    this.peakRateHz = decimatedRateHz;
  }

  /** Forgets the session peaks (another lifter: their own peak counts from now). */
  resetPeaks(): void {
    this.peaks = this.peaks.map(() => new RunningBestWindowMean(this.peakRateHz));
  }

  /** One decimated envelope value per channel, µV. */
  push(values: Float64Array): void {
    for (let c = 0; c < this.peaks.length; c++) this.peaks[c].push(values[c]);
  }

  setRoles(roleChannels: number[]): void {
    this.roles = [...roleChannels];
  }

  get normalisation(): Normalisation {
    const roles = this.roles;
    return roles.length > 0 && roles.every((c) => (this.mvc[c]?.mvcUv ?? 0) > 0) ? 'mvc' : 'session-peak';
  }

  /** µV that counts as 100 % on channel c now. */
  reference(c: number): number {
    const r = this.normalisation === 'mvc' ? this.mvc[c]?.mvcUv ?? 0 : this.peaks[c]?.value ?? 0;
    // before any activity the session peak is 0: dividing by Infinity shows 0 % instead of NaN
    return r > 0 ? r : Infinity;
  }
}
