/**
 * The exporters (export-edf.ts, export-csv.ts) are written once, as generators that yield after
 * each block they wrote, and run two ways:
 *  - runSteps: straight through (the CLI: nothing else to do meanwhile);
 *  - runStepsYielding: giving the event loop back every `sliceMs` (the host: a Sessions page
 *    export of a two-hour session takes seconds, and meanwhile the band's lines must still be read
 *    off the serial port and recorded, and the page served; a serial driver's buffer holds well
 *    under a second of an 8 ch × 2 kHz stream).
 */

/** One exporter run: yields between blocks, returns its result. */
export type ExportSteps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: ExportSteps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Work at most this long before giving the event loop a turn, ms (a live frame is 20-50 ms). */
export const EXPORT_SLICE_MS = 15;

export async function runStepsYielding<T>(steps: ExportSteps<T>, sliceMs = EXPORT_SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
