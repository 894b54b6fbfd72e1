/**
 * EDF+ Time-stamped Annotation Lists (TALs), EDF+ spec section 2.2.2:
 *   +onset[\x15duration]\x14text\x14[text\x14…]\x00
 * Every data record's annotation signal starts with a time-keeping TAL `+onset\x14\x14\x00` that
 * gives the record's start time (seconds since the file's start date/time); the rest is \x00.
 */

export interface TalAnnotation {
  /** seconds since the start of the file */
  onsetS: number;
  /** seconds, or null when none was given */
  durationS: number | null;
  text: string;
}

/** Onset/duration as EDF+ wants: plain decimal, no exponent, at most 6 decimals (µs). */
export function formatTalSeconds(s: number): string {
  if (!Number.isFinite(s)) throw new Error(`annotation time is not finite: ${s}`);
  let t = Math.abs(s).toFixed(6);
  t = t.replace(/0+$/, '').replace(/\.$/, '');
  return t;
}

function talOnset(onsetS: number): string {
  return (onsetS < 0 ? '-' : '+') + formatTalSeconds(onsetS);
}

/** Annotation text may not contain the TAL separators; they become spaces. */
export function sanitizeTalText(text: string): string {
  return text.replace(/[\x00\x14\x15]/g, ' ');
}

/** The time-keeping TAL that starts a data record. */
export function timeKeepingTal(recordOnsetS: number): Buffer {
  return Buffer.from(`${talOnset(recordOnsetS)}\x14\x14\x00`, 'latin1');
}

/** One annotation as a TAL (UTF-8 text, as EDF+ allows). */
export function encodeTal(a: TalAnnotation): Buffer {
  const dur = a.durationS === null ? '' : `\x15${formatTalSeconds(a.durationS)}`;
  return Buffer.from(`${talOnset(a.onsetS)}${dur}\x14${sanitizeTalText(a.text)}\x14\x00`, 'utf8');
}

/**
 * Decodes the annotation bytes of one data record. Returns the record onset (from the first,
 * time-keeping TAL; null if the record has none) and the annotations. Malformed TALs are skipped
 * and counted, never thrown: a damaged annotation must not make the signal unreadable.
 */
export function decodeRecordTals(bytes: Buffer): { recordOnsetS: number | null; annotations: TalAnnotation[]; malformed: number } {
  const annotations: TalAnnotation[] = [];
  let recordOnsetS: number | null = null;
  let malformed = 0;
  let start = 0;
  let first = true;
  while (start < bytes.length) {
    let end = bytes.indexOf(0, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      const tal = bytes.toString('utf8', start, end);
      const parsed = parseTal(tal);
      if (!parsed) malformed++;
      else {
        const texts = parsed.texts;
        if (first && texts.length > 0 && texts[0] === '') {
          recordOnsetS = parsed.onsetS;
          for (const t of texts.slice(1)) if (t !== '') annotations.push({ onsetS: parsed.onsetS, durationS: parsed.durationS, text: t });
        } else {
          for (const t of texts) if (t !== '') annotations.push({ onsetS: parsed.onsetS, durationS: parsed.durationS, text: t });
        }
      }
      first = false;
    }
    start = end + 1;
  }
  return { recordOnsetS, annotations, malformed };
}

const TAL_HEAD = /^([+-]\d+(?:\.\d*)?)(?:\x15(\d+(?:\.\d*)?))?\x14/;

function parseTal(tal: string): { onsetS: number; durationS: number | null; texts: string[] } | null {
  const m = TAL_HEAD.exec(tal);
  if (!m) return null;
  const rest = tal.slice(m[0].length);
  // texts are \x14-terminated; the last piece after the final \x14 is empty
  const parts = rest.split('\x14');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return { onsetS: Number(m[1]), durationS: m[2] !== undefined ? Number(m[2]) : null, texts: parts.length ? parts : [''] };
}
