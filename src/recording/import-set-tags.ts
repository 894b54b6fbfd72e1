/**
 * Set tags corrected on an imported file of another tool (a CSV, an OpenBCI or BrainFlow text, an
 * EDF of another app): the file is the user's and has no Myocue sidecar, so the corrections live in
 * a small JSON beside the host's copy in `<data>/imports/` (`<file>.myocue-sets.json`), never
 * beside the original (which may be read-only, or not ours to change).
 *
 * The sets of such a file are found by the detector in the replay's own context, so a stored tag
 * is matched by set number AND start time (within START_TOLERANCE_S): if the detection ever finds
 * different sets (another version, other settings), an old correction is not put on the wrong set.
 *
 * Written atomically (session-meta.ts writeJsonAtomic); a damaged file reads as no corrections.
 */
import * as fs from 'node:fs';
import { writeJsonAtomic } from './session-meta';

export const IMPORT_SET_TAGS_SUFFIX = '.myocue-sets.json';
const VERSION = 1;
/** a stored set and a detected one are the same set when their starts differ by at most this, s */
export const START_TOLERANCE_S = 0.5;

export interface StoredSetTag {
  /** 1-based set number in the replay */
  set: number;
  /** seconds since the first sample */
  startS: number;
  tag: string;
}

export function importSetTagsPath(importedFile: string): string {
  return importedFile + IMPORT_SET_TAGS_SUFFIX;
}

/** The corrections stored beside an imported file ([] when none, or the file is damaged). */
export function readImportSetTags(importedFile: string): StoredSetTag[] {
  let v: unknown;
  try {
    v = JSON.parse(fs.readFileSync(importSetTagsPath(importedFile), 'utf8'));
  } catch {
    return [];
  }
  const sets = (v as { sets?: unknown } | null)?.sets;
  if (!Array.isArray(sets)) return [];
  return sets.filter(
    (s): s is StoredSetTag =>
      typeof s === 'object' && s !== null && Number.isInteger(s.set) && Number.isFinite(s.startS) && typeof s.tag === 'string',
  );
}

/** Stores (or replaces) the tag of one set; returns every stored correction. */
export function saveImportSetTag(importedFile: string, entry: StoredSetTag): StoredSetTag[] {
  const sets = readImportSetTags(importedFile).filter((s) => s.set !== entry.set);
  sets.push({ set: entry.set, startS: entry.startS, tag: entry.tag });
  sets.sort((a, b) => a.set - b.set);
  writeJsonAtomic(importSetTagsPath(importedFile), { version: VERSION, file: importedFile.split(/[\\/]/).pop(), sets });
  return sets;
}

/** The stored tag of set `set` starting at `startS`, or null. */
export function storedTagOf(stored: readonly StoredSetTag[], set: number, startS: number): string | null {
  const s = stored.find((x) => x.set === set && Math.abs(x.startS - startS) <= START_TOLERANCE_S);
  return s ? s.tag : null;
}
