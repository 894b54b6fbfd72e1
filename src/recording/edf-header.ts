/**
 * EDF / EDF+ / BDF / BDF+ header layout: building and parsing the fixed ASCII header.
 *
 * Sources: EDF (Kemp et al. 1992) and EDF+ (Kemp & Olivan 2003, edfplus.info/specs); BDF is
 * BioSemi's 24-bit variant (first byte 0xFF, then "BIOSEMI"; reserved field "24BIT" or "BDF+C/D").
 * Layout (all ASCII, space padded):
 *   main header 256 bytes: version 8 | patient 80 | recording 80 | startdate dd.mm.yy 8 |
 *   starttime hh.mm.ss 8 | header bytes 8 | reserved 44 | number of data records 8 (offset 236) |
 *   record duration s 8 | number of signals 4
 *   then per field, ns times: label 16 | transducer 80 | physical dimension 8 | physical min 8 |
 *   physical max 8 | digital min 8 | digital max 8 | prefiltering 80 | samples per record 8 | reserved 32
 */

export type EdfVariant = 'edf' | 'bdf';

/** Byte offset of the "number of data records" field (8 ASCII chars); -1 while recording. */
export const RECORD_COUNT_OFFSET = 236;
export const MAIN_HEADER_BYTES = 256;
export const SIGNAL_HEADER_BYTES = 256;
export const ANNOTATION_LABEL_EDF = 'EDF Annotations';
export const ANNOTATION_LABEL_BDF = 'BDF Annotations';

/** Digital limits per variant (two's complement 16 or 24 bit). */
export const DIGITAL_RANGE: Record<EdfVariant, { min: number; max: number; bytesPerSample: number }> = {
  edf: { min: -32768, max: 32767, bytesPerSample: 2 },
  bdf: { min: -8388608, max: 8388607, bytesPerSample: 3 },
};

export interface EdfSignalHeader {
  label: string;
  transducer: string;
  physicalDimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefiltering: string;
  samplesPerRecord: number;
  reserved: string;
}

export interface EdfHeader {
  variant: EdfVariant;
  /** 'C' continuous, 'D' discontinuous (EDF+/BDF+), null for plain EDF/BDF */
  plus: 'C' | 'D' | null;
  patientId: string;
  recordingId: string;
  /** dd.mm.yy as stored */
  startDate: string;
  /** hh.mm.ss as stored */
  startTime: string;
  headerBytes: number;
  reserved: string;
  /** as stored; -1 while a recording is being written */
  recordCount: number;
  recordDurationS: number;
  signals: EdfSignalHeader[];
}

/** Left-aligned ASCII field of exactly `width` bytes; throws if the text does not fit. */
export function asciiField(text: string, width: number, what: string): string {
  // EDF headers are ASCII 32..126 only; replace anything else so the field width holds
  const clean = text.replace(/[^\x20-\x7e]/g, '_');
  if (clean.length > width) throw new Error(`EDF header field "${what}" is longer than ${width} characters: "${clean}"`);
  return clean.padEnd(width, ' ');
}

/**
 * Shortest decimal text of `x` that fits `width` characters (EDF numbers are ASCII, 8 chars).
 * Rounds when needed; callers must use the parsed-back value (see `fitNumber`) for scaling.
 */
export function numberField(x: number, width = 8): string {
  if (!Number.isFinite(x)) throw new Error(`EDF header number is not finite: ${x}`);
  if (Number.isInteger(x) && String(x).length <= width) return String(x);
  for (let digits = width; digits >= 1; digits--) {
    let s = x.toFixed(Math.min(digits, 20));
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    if (s.length <= width) return s;
  }
  const s = String(Math.round(x));
  if (s.length > width) throw new Error(`EDF header number ${x} does not fit in ${width} characters`);
  return s;
}

/** The value a reader will see after `numberField` rounding. */
export function fitNumber(x: number, width = 8): number {
  return Number(numberField(x, width));
}

/** "dd.mm.yy" and "hh.mm.ss" of a Date in local time, as EDF wants (years 1985-2084). */
export function edfDateTime(d: Date): { date: string; time: string } {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${p2(d.getDate())}.${p2(d.getMonth() + 1)}.${p2(d.getFullYear() % 100)}`,
    time: `${p2(d.getHours())}.${p2(d.getMinutes())}.${p2(d.getSeconds())}`,
  };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** EDF+ "Startdate dd-MMM-yyyy" token. */
export function edfPlusStartdate(d: Date): string {
  return `${String(d.getDate()).padStart(2, '0')}-${MONTHS[d.getMonth()]}-${d.getFullYear()}`;
}

/** EDF+ subfields may not contain spaces: they are replaced by '_' (EDF+ spec 2.1.3.2). */
export function edfPlusToken(s: string | undefined): string {
  const t = (s ?? '').trim().replace(/\s+/g, '_');
  return t === '' ? 'X' : t;
}

/** Builds the complete header bytes (256 × (ns + 1)). */
export function buildHeader(h: Omit<EdfHeader, 'headerBytes'>): Buffer {
  const ns = h.signals.length;
  const headerBytes = MAIN_HEADER_BYTES + SIGNAL_HEADER_BYTES * ns;
  const buf = Buffer.alloc(headerBytes, 0x20);
  let off = 0;
  const put = (s: string) => {
    buf.write(s, off, 'latin1');
    off += s.length;
  };
  if (h.variant === 'bdf') {
    buf[0] = 0xff;
    buf.write('BIOSEMI', 1, 'latin1');
    off = 8;
  } else {
    put(asciiField('0', 8, 'version'));
  }
  put(asciiField(h.patientId, 80, 'patient'));
  put(asciiField(h.recordingId, 80, 'recording'));
  put(asciiField(h.startDate, 8, 'startdate'));
  put(asciiField(h.startTime, 8, 'starttime'));
  put(asciiField(String(headerBytes), 8, 'header bytes'));
  put(asciiField(h.reserved, 44, 'reserved'));
  put(asciiField(String(h.recordCount), 8, 'number of data records'));
  put(asciiField(numberField(h.recordDurationS), 8, 'record duration'));
  put(asciiField(String(ns), 4, 'number of signals'));
  const each = (f: (s: EdfSignalHeader) => string) => h.signals.forEach((s) => put(f(s)));
  each((s) => asciiField(s.label, 16, 'label'));
  each((s) => asciiField(s.transducer, 80, 'transducer'));
  each((s) => asciiField(s.physicalDimension, 8, 'physical dimension'));
  each((s) => asciiField(numberField(s.physicalMin), 8, 'physical minimum'));
  each((s) => asciiField(numberField(s.physicalMax), 8, 'physical maximum'));
  each((s) => asciiField(String(s.digitalMin), 8, 'digital minimum'));
  each((s) => asciiField(String(s.digitalMax), 8, 'digital maximum'));
  each((s) => asciiField(s.prefiltering, 80, 'prefiltering'));
  each((s) => asciiField(String(s.samplesPerRecord), 8, 'samples per record'));
  each((s) => asciiField(s.reserved, 32, 'signal reserved'));
  return buf;
}

/**
 * Limits a header must keep to be read (EDF spec: Kemp et al. 1992, EDF+ spec 2003; BDF: BioSemi).
 * The spec's own ranges: physical minimum ≠ maximum, digital minimum < maximum within the sample
 * width, a positive record duration, at least one sample per record. The bounds on duration,
 * record size and rate are Myocue's: far above any real recording (EDF recommends records under
 * 61 440 bytes; a 256-channel 16 kHz BDF with 1 s records is 12 MB), low enough that a damaged
 * header cannot make the reader allocate gigabytes or compute nonsense.
 */
export const HEADER_LIMITS = {
  /** longest data record duration accepted (s): one day */
  maxRecordDurationS: 86400,
  /** largest data record accepted (bytes) */
  maxRecordBytes: 64 * 1024 * 1024,
  /** highest sample rate accepted (Hz) */
  maxRateHz: 1_000_000,
} as const;

/** Thrown for anything that is not a readable EDF/BDF header. `file` is the base name. */
export class EdfFormatError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'EdfFormatError';
  }
}

function parseNumber(file: string, text: string, what: string, integer: boolean): number {
  const t = text.trim();
  const x = Number(t);
  if (t === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
    // the field's text is not shown: an error must never echo a file's content
    throw new EdfFormatError(file, `not an EDF/BDF file: header field "${what}" is not a number`);
  }
  return x;
}

/** Parses the main header (first 256 bytes); returns the number of signals and header size too. */
export function parseMainHeader(file: string, b: Buffer): { main: Omit<EdfHeader, 'signals'>; signalCount: number } {
  if (b.length < MAIN_HEADER_BYTES) {
    throw new EdfFormatError(file, `file is too short for an EDF/BDF header (${b.length} bytes, need at least 256): it is empty or truncated`);
  }
  const s = (o: number, n: number) => b.toString('latin1', o, o + n);
  let variant: EdfVariant;
  if (b[0] === 0xff && s(1, 7) === 'BIOSEMI') variant = 'bdf';
  else if (s(0, 8).trim() === '0') variant = 'edf';
  else throw new EdfFormatError(file, 'not an EDF or BDF file (the header does not start with "0" or 0xFF "BIOSEMI")');
  const reserved = s(192, 44).trim();
  const plus = /^(EDF|BDF)\+C/.test(reserved) ? 'C' : /^(EDF|BDF)\+D/.test(reserved) ? 'D' : null;
  const headerBytes = parseNumber(file, s(184, 8), 'number of bytes in header', true);
  const signalCount = parseNumber(file, s(252, 4), 'number of signals', true);
  if (signalCount < 1 || headerBytes !== MAIN_HEADER_BYTES + SIGNAL_HEADER_BYTES * signalCount) {
    throw new EdfFormatError(file, `corrupt header: ${signalCount} signals but header size ${headerBytes} bytes (should be 256 × (signals + 1))`);
  }
  const recordCount = parseNumber(file, s(236, 8), 'number of data records', true);
  if (recordCount < -1) throw new EdfFormatError(file, `corrupt header: number of data records is ${recordCount}`);
  const recordDurationS = parseNumber(file, s(244, 8), 'duration of a data record', false);
  if (!(recordDurationS > 0) || recordDurationS > HEADER_LIMITS.maxRecordDurationS) {
    throw new EdfFormatError(
      file,
      `corrupt header: a data record lasts ${recordDurationS} s; EDF/BDF needs more than 0 s (and Myocue reads up to ${HEADER_LIMITS.maxRecordDurationS} s)`,
    );
  }
  return {
    signalCount,
    main: {
      variant,
      plus,
      patientId: s(8, 80).trim(),
      recordingId: s(88, 80).trim(),
      startDate: s(168, 8).trim(),
      startTime: s(176, 8).trim(),
      headerBytes,
      reserved,
      recordCount,
      recordDurationS,
    },
  };
}

/** Parses the signal headers (bytes 256 .. headerBytes). */
export function parseSignalHeaders(file: string, b: Buffer, signalCount: number): EdfSignalHeader[] {
  const need = MAIN_HEADER_BYTES + SIGNAL_HEADER_BYTES * signalCount;
  if (b.length < need) throw new EdfFormatError(file, `file is truncated inside the header (${b.length} of ${need} header bytes)`);
  let off = MAIN_HEADER_BYTES;
  const column = (width: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < signalCount; i++) {
      out.push(b.toString('latin1', off, off + width).trim());
      off += width;
    }
    return out;
  };
  const label = column(16);
  const transducer = column(80);
  const dim = column(8);
  const pmin = column(8);
  const pmax = column(8);
  const dmin = column(8);
  const dmax = column(8);
  const pre = column(80);
  const spr = column(8);
  const res = column(32);
  const out: EdfSignalHeader[] = [];
  for (let i = 0; i < signalCount; i++) {
    const sig: EdfSignalHeader = {
      label: label[i],
      transducer: transducer[i],
      physicalDimension: dim[i],
      physicalMin: parseNumber(file, pmin[i], `physical minimum of signal ${i + 1}`, false),
      physicalMax: parseNumber(file, pmax[i], `physical maximum of signal ${i + 1}`, false),
      digitalMin: parseNumber(file, dmin[i], `digital minimum of signal ${i + 1}`, true),
      digitalMax: parseNumber(file, dmax[i], `digital maximum of signal ${i + 1}`, true),
      prefiltering: pre[i],
      samplesPerRecord: parseNumber(file, spr[i], `samples per record of signal ${i + 1}`, true),
      reserved: res[i],
    };
    validateSignal(file, i, sig);
    out.push(sig);
  }
  return out;
}

/** The spec's ranges for one signal header (see HEADER_LIMITS); a plain message naming the signal. */
function validateSignal(file: string, i: number, sig: EdfSignalHeader): void {
  // (the label is not shown: an error never echoes a file's text)
  const name = `signal ${i + 1}`;
  if (sig.samplesPerRecord < 1) throw new EdfFormatError(file, `corrupt header: ${name} has ${sig.samplesPerRecord} samples per record`);
  if (sig.digitalMax <= sig.digitalMin) throw new EdfFormatError(file, `corrupt header: ${name} digital maximum (${sig.digitalMax}) is not above its minimum (${sig.digitalMin})`);
  // (an annotation signal's ranges carry no meaning; some writers leave them equal)
  if (isAnnotationSignal(sig)) return;
  if (sig.physicalMax === sig.physicalMin) {
    throw new EdfFormatError(file, `corrupt header: ${name} has physical minimum = maximum (${sig.physicalMin}), so its values cannot be scaled`);
  }
  const gain = (sig.physicalMax - sig.physicalMin) / (sig.digitalMax - sig.digitalMin);
  if (!Number.isFinite(gain) || gain === 0) throw new EdfFormatError(file, `corrupt header: ${name} physical range ${sig.physicalMin}..${sig.physicalMax} gives no usable scale`);
}

/** Checks the digital range against the sample width of the variant (16-bit EDF, 24-bit BDF). */
export function validateDigitalRanges(file: string, h: EdfHeader): void {
  const { min, max } = DIGITAL_RANGE[h.variant];
  h.signals.forEach((sig, i) => {
    if (sig.digitalMin < min || sig.digitalMax > max) {
      throw new EdfFormatError(
        file,
        `corrupt header: signal ${i + 1} digital range ${sig.digitalMin}..${sig.digitalMax} does not fit ${h.variant === 'bdf' ? '24-bit BDF' : '16-bit EDF'} samples (${min}..${max})`,
      );
    }
  });
}

/** µV = digital × gain + offset, from the header's physical and digital ranges. */
export function signalScale(s: EdfSignalHeader): { gain: number; offset: number } {
  const gain = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
  return { gain, offset: s.physicalMin - s.digitalMin * gain };
}

/** Factor that turns a physical dimension into µV (null when it is not a voltage). */
export function microvoltsPerUnit(dimension: string): number | null {
  const d = dimension.trim().replace('µ', 'u').replace('μ', 'u');
  switch (d) {
    case 'uV':
      return 1;
    case 'mV':
      return 1e3;
    case 'V':
      return 1e6;
    case 'nV':
      return 1e-3;
    default:
      return null;
  }
}

export function isAnnotationSignal(s: EdfSignalHeader): boolean {
  return s.label === ANNOTATION_LABEL_EDF || s.label === ANNOTATION_LABEL_BDF;
}
