/**
 * Maps stream time (a sample's stream index / rate, s: what training's events and set times are
 * in) onto a recording's timeline (s since its first sample, gaps included: what the BDF+
 * annotations and the sidecar are in).
 *
 * Why not "stream time − the first sample's stream time": the writer's timeline does not follow the
 * stream's exactly across a gap. A gap completes the partial data record by holding the last value,
 * so a hole shorter than that padding moves everything after it later on the file by the rest of
 * the record; a disconnect's duration is also measured, not a whole number of samples. Each block
 * says where its first sample fell on the file, and the map keeps one anchor per stretch where the
 * two clocks run together, so a time before a gap is placed with the anchor before it.
 *
 * Cost: one comparison per block; one anchor (two numbers) per gap that moved the file's clock,
 * never per sample. A lookup is a binary search over the anchors.
 */
export class StreamTimeline {
  private readonly streamS: number[] = [];
  private readonly timelineS: number[] = [];

  /**
   * @param toleranceS a block whose first sample lands within this of where the last anchor puts
   *   it continues that anchor (default: half a sample period, given by the caller's rate)
   */
  constructor(private readonly toleranceS: number) {}

  /** A block whose first sample is at stream time `streamS` is written at `timelineS` on the recording. */
  note(streamS: number, timelineS: number): void {
    const n = this.streamS.length;
    if (n > 0 && Math.abs(this.timelineS[n - 1] + (streamS - this.streamS[n - 1]) - timelineS) <= this.toleranceS) return;
    this.streamS.push(streamS);
    this.timelineS.push(timelineS);
  }

  /** Anchors kept (one per gap that moved the file's clock, plus the first). */
  get anchorCount(): number {
    return this.streamS.length;
  }

  /**
   * Where stream time `streamS` falls on the recording (null before any block was written). A time
   * before the first block is placed by the first anchor (negative: before the recording).
   */
  at(streamS: number): number | null {
    const n = this.streamS.length;
    if (n === 0) return null;
    // the last anchor at or before streamS (the first one when streamS is before all)
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.streamS[mid] <= streamS) lo = mid;
      else hi = mid - 1;
    }
    return this.timelineS[lo] + (streamS - this.streamS[lo]);
  }
}
