/**
 * The lifters of a data folder, in `<dataDir>/lifters.json` (one small JSON: the list and the
 * lifter training now), written atomically like the session sidecars (temp file, fsync, rename:
 * src/recording/session-meta.ts), so a crash leaves the old or the new list, never half of one.
 *
 * Loading never throws: a missing file is a fresh folder (the default lifter alone), a damaged one
 * is kept aside as `lifters.json.damaged-<time>` and reported once, damaged entries are skipped.
 * The default lifter ("me", lifter.ts) is always there, so MVCs and sessions stored before lifters
 * existed keep their owner.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeJsonAtomic } from '../recording/session-meta';
import { checkData } from '../util/schema-kit';
import { DEFAULT_LIFTER, type Lifter, type LifterList } from './lifter';
import { LIFTERS_FILE_VERSION, lifterNameSchema, lifterSchema, liftersFileSchema } from './lifter-schema';

export const LIFTERS_FILE = 'lifters.json';

/** Names compare like people read them: case, accents' composition and extra spaces ignored. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return norm(a) === norm(b);
}

/** "Anna Berg" → "anna-berg-3f2a": readable in a sidecar, unique by its suffix. */
export function newLifterId(name: string, taken: (id: string) => boolean): string {
  const slug =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/g, '') || 'lifter';
  for (;;) {
    const id = `${slug}-${randomBytes(2).toString('hex')}`;
    if (!taken(id)) return id;
  }
}

export class LifterStore {
  private lifters: Lifter[];
  private currentId: string;
  /** a problem found while loading (plain text), or null */
  readonly warning: string | null;
  readonly file: string;

  private constructor(file: string, lifters: Lifter[], currentId: string, warning: string | null) {
    this.file = file;
    this.lifters = lifters;
    this.currentId = lifters.some((l) => l.id === currentId) ? currentId : DEFAULT_LIFTER.id;
    this.warning = warning;
  }

  /** Reads `<dataDir>/lifters.json`; never throws. */
  static open(dataDir: string): LifterStore {
    const file = pathMod.join(dataDir, LIFTERS_FILE);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return new LifterStore(file, [{ ...DEFAULT_LIFTER }], DEFAULT_LIFTER.id, code === 'ENOENT' ? null : `The lifters in ${file} could not be read (${code ?? String(err)}); only "${DEFAULT_LIFTER.name}" is shown.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const top = checkData(liftersFileSchema, parsed, 'lifters file');
    if (!top.ok) {
      const aside = `${file}.damaged-${Date.now()}`;
      try {
        fs.renameSync(file, aside);
      } catch {
        /* left in place: it is overwritten by the next save */
      }
      return new LifterStore(file, [{ ...DEFAULT_LIFTER }], DEFAULT_LIFTER.id, `${file} is damaged (kept as ${pathMod.basename(aside)}); starting with "${DEFAULT_LIFTER.name}" only.`);
    }
    if (top.value.version > LIFTERS_FILE_VERSION) {
      return new LifterStore(file, [{ ...DEFAULT_LIFTER }], DEFAULT_LIFTER.id, `${file} was written by a newer Myocue; update the app to see its lifters.`);
    }
    const ok: Lifter[] = [];
    let bad = 0;
    for (const v of top.value.lifters) {
      const c = checkData(lifterSchema, v);
      if (c.ok && !ok.some((l) => l.id === c.value.id)) ok.push(c.value);
      else bad++;
    }
    if (!ok.some((l) => l.id === DEFAULT_LIFTER.id)) ok.unshift({ ...DEFAULT_LIFTER });
    return new LifterStore(file, ok, top.value.currentId ?? DEFAULT_LIFTER.id, bad ? `Skipped ${bad} damaged lifter entr${bad === 1 ? 'y' : 'ies'} in ${file}.` : null);
  }

  /** Every lifter (the default one first, then by name) and the current one. */
  list(): LifterList {
    const [first, ...rest] = this.lifters;
    rest.sort((a, b) => a.name.localeCompare(b.name));
    return { lifters: [first, ...rest].map((l) => ({ ...l })), currentId: this.currentId };
  }

  get(id: string): Lifter | null {
    const l = this.lifters.find((x) => x.id === id);
    return l ? { ...l } : null;
  }

  current(): Lifter {
    return this.get(this.currentId) ?? { ...DEFAULT_LIFTER };
  }

  /**
   * Adds a lifter by name and makes them current; a name already there (case and spacing aside)
   * chooses that lifter instead of making a second one. Saved before it returns; throws a plain
   * Error (bad name, unwritable folder), changing nothing.
   */
  add(name: string, now: Date = new Date()): Lifter {
    const checked = checkData(lifterNameSchema, name, 'the name');
    if (!checked.ok) throw new Error(`Cannot add the lifter: ${checked.error}.`);
    const clean = checked.value.trim().replace(/\s+/g, ' ');
    const existing = this.lifters.find((l) => sameName(l.name, clean));
    if (existing) {
      this.select(existing.id);
      return { ...existing };
    }
    const lifter: Lifter = { id: newLifterId(clean, (id) => this.lifters.some((l) => l.id === id)), name: clean, created: now.toISOString() };
    this.save([...this.lifters, lifter], lifter.id);
    return { ...lifter };
  }

  /** Makes a known lifter current (saved). */
  select(id: string): Lifter {
    const l = this.get(id);
    if (!l) throw new Error(`There is no lifter "${id.slice(0, 64)}" in this data folder.`);
    if (id !== this.currentId) this.save(this.lifters, id);
    return l;
  }

  private save(lifters: Lifter[], currentId: string): void {
    fs.mkdirSync(pathMod.dirname(this.file), { recursive: true });
    writeJsonAtomic(this.file, { version: LIFTERS_FILE_VERSION, lifters, currentId }, 'save the lifters');
    // only once it is on disk: a failed save leaves memory and file alike
    this.lifters = lifters;
    this.currentId = currentId;
  }
}
