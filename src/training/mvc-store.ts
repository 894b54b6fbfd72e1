/**
 * MVC calibrations per person and muscle, kept in memory and saved to `<dataDir>/mvc.json`.
 * Loading tolerates a missing or damaged file (starts empty, with a warning); saving is atomic
 * (temp file + rename) and serialised, so the latest calibration always wins on disk.
 * Only the most recent calibration per (person, muscle) is kept; it carries its date.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { MvcCalibration } from '../metrics/types';
import { writeFileAtomic } from '../exercises/exercise-store';
import { mvcCalibrationSchema } from '../metrics/mvc-calibration-schema';
import { checkData } from '../util/schema-kit';

export const MVC_FILE = 'mvc.json';

/** What the training session needs of a store (tests use `MemoryMvcStore`). */
export interface MvcStoreLike {
  get(person: string, muscle: string): MvcCalibration | null;
  /** stores (and persists) a calibration; failures are reported, never thrown */
  put(calibration: MvcCalibration): void;
}

function key(person: string, muscle: string): string {
  return `${person.trim().toLowerCase()}\u0000${muscle.trim().toLowerCase()}`;
}

function isCalibration(v: unknown): v is MvcCalibration {
  return checkData(mvcCalibrationSchema, v).ok;
}

export class MemoryMvcStore implements MvcStoreLike {
  protected readonly map = new Map<string, MvcCalibration>();
  constructor(initial: MvcCalibration[] = []) {
    for (const c of initial) this.map.set(key(c.person, c.muscle), c);
  }
  get(person: string, muscle: string): MvcCalibration | null {
    return this.map.get(key(person, muscle)) ?? null;
  }
  put(calibration: MvcCalibration): void {
    this.map.set(key(calibration.person, calibration.muscle), { ...calibration });
  }
  list(person?: string): MvcCalibration[] {
    const all = [...this.map.values()];
    return person === undefined ? all : all.filter((c) => c.person.trim().toLowerCase() === person.trim().toLowerCase());
  }
}

export class MvcStore extends MemoryMvcStore {
  /** plain problem found while loading, or null */
  readonly warning: string | null;
  /** the last save error (plain text), or null */
  lastError: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly file: string;

  private constructor(private readonly dataDir: string, initial: MvcCalibration[], warning: string | null) {
    super(initial);
    this.file = path.join(dataDir, MVC_FILE);
    this.warning = warning;
  }

  /** Loads `<dataDir>/mvc.json`; never throws. */
  static async open(dataDir: string): Promise<MvcStore> {
    const file = path.join(dataDir, MVC_FILE);
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return new MvcStore(dataDir, [], code === 'ENOENT' ? null : `Saved MVCs in ${file} could not be read (${code ?? String(err)}); calibrate again.`);
    }
    try {
      const parsed = JSON.parse(text) as { calibrations?: unknown };
      if (!Array.isArray(parsed.calibrations)) throw new Error('no list');
      const ok = parsed.calibrations.filter(isCalibration);
      const bad = parsed.calibrations.length - ok.length;
      return new MvcStore(dataDir, ok, bad ? `Skipped ${bad} damaged MVC entr${bad === 1 ? 'y' : 'ies'} in ${file}.` : null);
    } catch {
      return new MvcStore(dataDir, [], `${file} is damaged; saved MVCs are ignored until you calibrate again.`);
    }
  }

  override put(calibration: MvcCalibration): void {
    super.put(calibration);
    const body = JSON.stringify({ version: 1, calibrations: this.list() }, null, 2) + '\n';
    this.chain = this.chain
      .then(async () => {
        await fsp.mkdir(this.dataDir, { recursive: true });
        await writeFileAtomic(this.file, body);
        this.lastError = null;
      })
      .catch((err: unknown) => {
        this.lastError = `Could not save the MVC to ${this.file}: ${(err as Error).message ?? String(err)}`;
      });
  }

  /** Resolves when every pending save has finished (for shutdown and tests). */
  flush(): Promise<void> {
    return this.chain;
  }
}
