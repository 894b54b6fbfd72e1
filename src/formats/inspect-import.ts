/**
 * What the import form needs to know about a file before opening it (issue 11: "a small form when
 * the format, rate or channel roles cannot be inferred"): its format and layout, its channels, its
 * rate when the file says it, and which of format / rate / roles the user must give. Reads the
 * header only (a text table's plan and, for a time column, its first rows; an EDF/BDF header),
 * never the whole file, so a 1 GB file is inspected at once (every text layout has a plan; an
 * OpenSignals HDF5 file is opened by h5wasm, which reads what it needs from the file).
 */
import * as fs from 'node:fs';
import { openEdfRecording } from '../recording/bdf-reader';
import { readSessionMeta, sessionMetaPath } from '../recording/session-meta';
import { detectLayout, importRecordingAsync } from './detect-format';
import { ImportError, type ImportFormat, type ImportOptions } from './imported-recording';
import { numericRowStream } from './numeric-rows';
import { TextSource } from './text-source';
import { medianStep, niceRate } from './text-table';
import { streamableLayout, textTablePlan } from './text-stream';
import { describeOpenSignalsH5 } from './opensignals-h5';

export interface ImportInspection {
  fileName: string;
  /** the reader family that reads it (given or detected) */
  format: ImportFormat;
  /** the exact layout, e.g. 'csv-with-header', 'openbci-gui-v5', 'vicon-csv' */
  layout: string;
  channelLabels: string[];
  /** Hz when the file says it (header, time column, device), null when it does not */
  rateHz: number | null;
  /** channel roles the file states (a Myocue session's sidecar), null for files of other tools */
  roles: { target: number; assisting: number[] } | null;
  /** what the user must give before the file can be opened as meant */
  needs: { rate: boolean; roles: boolean };
}

/** Rows of a time column looked at for the rate shown in the form. */
const RATE_PROBE_ROWS = 2001;
/** A placeholder rate for learning a table's columns when the file does not say its rate. */
const PLACEHOLDER_HZ = 1000;

export async function inspectImport(path: string, opts: Pick<ImportOptions, 'format'> = {}): Promise<ImportInspection> {
  const fileName = path.split(/[\\/]/).pop() ?? path;
  const layout = detectLayout(path);
  const kind = streamableLayout(path, opts);
  if (kind) {
    return TextSource.with(path, (src) => {
      let plan;
      try {
        plan = textTablePlan(kind, src, opts);
      } catch (err) {
        if (!(err instanceof ImportError) || !/sample rate/i.test(err.message)) throw err;
        // the header does not say the rate: learn the columns with a placeholder, ask the rate
        return TextSource.with(path, (again) => describe(textTablePlan(kind, again, { ...opts, rateHz: PLACEHOLDER_HZ }), null, true));
      }
      let rate = plan.rateHz;
      if (rate === null && plan.time) {
        const head = new Float64Array(RATE_PROBE_ROWS);
        let n = 0;
        for (const row of numericRowStream(src, plan.records, plan.keep, plan.expectedFields, [])) {
          head[n++] = row[plan.channelLabels.length];
          if (n === RATE_PROBE_ROWS) break;
        }
        const step = n > 1 ? medianStep(head.subarray(0, n)) * plan.time.secondsPerUnit : NaN;
        rate = step > 0 ? niceRate(1 / step) : null;
      }
      return describe(plan, rate, rate === null);
    });
  }
  if (layout === 'edf') {
    const info = openEdfRecording(path);
    const roles = sidecarRoles(path);
    return {
      fileName,
      format: roles ? 'myocue' : 'edf',
      layout: `${info.variant}${info.plus ? '+' + info.plus : ''}`,
      channelLabels: info.channelLabels,
      rateHz: info.sampleRateHz,
      roles,
      needs: { rate: false, roles: roles === null && info.channelCount >= 2 },
    };
  }
  if (layout === 'hdf5' && ((opts.format ?? 'auto') === 'auto' || opts.format === 'hdf5')) {
    // the attributes and dataset shapes only (h5wasm reads them from the file, no sample is read)
    let d;
    let needsRate = false;
    try {
      d = await describeOpenSignalsH5(path, opts);
    } catch (err) {
      if (!(err instanceof ImportError) || !/sample rate/i.test(err.message)) throw err;
      d = await describeOpenSignalsH5(path, { ...opts, rateHz: PLACEHOLDER_HZ });
      needsRate = true;
    }
    return { fileName, format: 'hdf5', layout: d.layout, channelLabels: d.channelLabels, rateHz: needsRate ? null : d.rateHz, roles: null, needs: { rate: needsRate, roles: d.channelLabels.length >= 2 } };
  }
  try {
    const rec = await importRecordingAsync(path, opts);
    return { fileName, format: rec.format, layout: rec.layout, channelLabels: rec.channelLabels, rateHz: rec.sampleRateHz, roles: null, needs: { rate: false, roles: rec.channelLabels.length >= 2 } };
  } catch (err) {
    if (!(err instanceof ImportError) || !/sample rate/i.test(err.message)) throw err;
    const rec = await importRecordingAsync(path, { ...opts, rateHz: PLACEHOLDER_HZ });
    return { fileName, format: rec.format, layout: rec.layout, channelLabels: rec.channelLabels, rateHz: null, roles: null, needs: { rate: true, roles: rec.channelLabels.length >= 2 } };
  }

  function describe(plan: ReturnType<typeof textTablePlan>, rateHz: number | null, needsRate: boolean): ImportInspection {
    return {
      fileName,
      format: plan.format,
      layout: plan.layout,
      channelLabels: plan.channelLabels,
      rateHz: needsRate ? null : rateHz,
      roles: null,
      needs: { rate: needsRate, roles: plan.channelLabels.length >= 2 },
    };
  }
}

/** target and assisting channels a Myocue session's sidecar states, or null */
function sidecarRoles(path: string): { target: number; assisting: number[] } | null {
  const metaPath = sessionMetaPath(path);
  if (!fs.existsSync(metaPath)) return null;
  try {
    const meta = readSessionMeta(metaPath);
    const target = meta.channels.find((c) => c.role === 'target')?.index;
    return target === undefined ? null : { target, assisting: meta.channels.filter((c) => c.role === 'assisting').map((c) => c.index) };
  } catch {
    return null;
  }
}
