/**
 * The exporters (export-edf.ts, export-csv.ts) are written once, as generators that yield after
 * each block they wrote, and run two ways:
 *  - runSteps: straight through (the CLI: nothing else to do meanwhile);
 *  - runStepsYielding: giving the event loop back every `sliceMs` (the host: a Sessions page
 *    export of a two-hour session takes seconds, and meanwhile the band's lines must still be read
 *    off the serial port and recorded, and the page served; a serial driver's buffer holds well
 *    under a second of an 8 ch × 2 kHz stream).
 * Both write their file through `runExport` (a temporary file, renamed when complete).
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';

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

/**
 * Where an exporter writes before the file is complete: `.<name>.tmp-<pid>` next to `path` (a
 * leading dot: hidden, and never an export's name, so nothing serves or lists it).
 */
export function exportTempPath(path: string): string {
  return pathMod.join(pathMod.dirname(path), `.${pathMod.basename(path)}.tmp-${process.pid}`);
}

/** How one exporter writes its file (export-csv.ts: a file descriptor; export-edf.ts: the BDF+ writer). */
export interface ExportFileWriting<H, T> {
  /** opens the temporary file `tmp` for writing */
  open(tmp: string): H;
  /** the exporter's steps, writing through the handle; returns the export's result */
  write(handle: H): ExportSteps<T>;
  /** completes the file (flush, fsync, close); an error here fails the export too */
  finish(handle: H): void;
  /** closes after a failure (its own errors are ignored: the export is failing already) */
  abandon(handle: H): void;
  /** the error thrown for a failure, `opened`: whether `open` had succeeded (default: as it is) */
  describe?(err: unknown, opened: boolean): unknown;
}

/**
 * Runs an export into `path` through a temporary file next to it, renamed to `path` once complete:
 * a failed or cut-short export never leaves half a file under the name asked for, and removes
 * its temporary file. The one runner of the CSV and EDF/BDF exporters.
 */
export function* runExport<H, T>(path: string, writing: ExportFileWriting<H, T>): ExportSteps<T> {
  const tmp = exportTempPath(path);
  const fail = (err: unknown, opened: boolean): unknown => {
    fs.rmSync(tmp, { force: true });
    return writing.describe ? writing.describe(err, opened) : err;
  };
  fs.rmSync(tmp, { force: true });
  let handle: H;
  try {
    handle = writing.open(tmp);
  } catch (err) {
    throw fail(err, false);
  }
  try {
    const result = yield* writing.write(handle);
    writing.finish(handle);
    fs.renameSync(tmp, path);
    return result;
  } catch (err) {
    try {
      writing.abandon(handle);
    } catch {
      /* already failing */
    }
    throw fail(err, true);
  }
}
