/**
 * Reader for EDF, EDF+, BDF and BDF+ files: our own recordings and imports from other tools.
 *
 * - Header and annotations are read at open; samples are read on demand, record by record, so a
 *   1-hour 8-channel 2000 Hz file (~173 MB) never needs to be in memory whole.
 * - Recovery (ENGINEERING.md "Crash-safe recording"): when "number of data records" is -1 (the
 *   writer did not close: crash, kill -9, power loss) or disagrees with the file size, whole
 *   records are counted from the size, a partial tail is dropped, and `recovered` is set with a
 *   plain message. `repairRecordingFile` writes the count back (offset 236).
 * - EDF+D/BDF+D: each record's time-keeping TAL gives its onset; records that do not follow on
 *   form separate segments (gaps). Frames are numbered without the gaps; `segments` maps
 *   frames ↔ file time.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import {
  DIGITAL_RANGE,
  EdfFormatError,
  HEADER_LIMITS,
  MAIN_HEADER_BYTES,
  RECORD_COUNT_OFFSET,
  isAnnotationSignal,
  microvoltsPerUnit,
  parseMainHeader,
  parseSignalHeaders,
  signalScale,
  validateDigitalRanges,
  type EdfHeader,
  type EdfVariant,
} from './edf-header';
import { describeOpenError, openRegularFile, readFully } from './input-file';
import { decodeRecordTals, type TalAnnotation } from './tal';
import { parseEvent } from './events';

/** A run of records that follow each other without a gap. */
export interface EdfSegment {
  firstFrame: number;
  frames: number;
  /** seconds since the first sample of the file */
  onsetS: number;
  /**
   * EDF/BDF only: index of the segment's first frame among all the frames stored in the data
   * records (record × samples per record + offset). It differs from firstFrame after a record
   * that was padded at a gap: the padding is stored but is not signal. Absent: = firstFrame.
   */
  fileFrame?: number;
}

export interface EdfRecordingInfo {
  path: string;
  fileName: string;
  header: EdfHeader;
  variant: EdfVariant;
  /** 'C' / 'D' for EDF+/BDF+, null for plain EDF/BDF */
  plus: 'C' | 'D' | null;
  /** indexes (into header.signals) of the signals read as channels */
  dataSignals: number[];
  /** indexes of the annotation signals */
  annotationSignals: number[];
  sampleRateHz: number;
  channelCount: number;
  channelLabels: string[];
  /** unit of the values returned: 'uV' when the file's dimension is a voltage, else the file's own */
  channelUnits: string[];
  prefiltering: string[];
  samplesPerRecord: number;
  recordBytes: number;
  /** whole records that are read */
  recordCount: number;
  /** frames (samples per channel) of real signal, without gaps and padding */
  totalFrames: number;
  /** seconds of signal (totalFrames / rate) */
  durationS: number;
  /** seconds from the first sample to the end, including gaps */
  spanS: number;
  /** start of the first sample (local time as stored), null if the header date is unreadable */
  startTime: Date | null;
  /** annotations, onsets in seconds since the first sample, without the time-keeping TALs */
  annotations: TalAnnotation[];
  segments: EdfSegment[];
  /** true when the record count had to be worked out from the file size */
  recovered: boolean;
  recoveryMessage?: string;
  warnings: string[];
}

function parseStartTime(h: EdfHeader): Date | null {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(h.startDate);
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(h.startTime);
  if (!d || !t) return null;
  let year = Number(d[3]);
  year += year >= 85 ? 1900 : 2000;
  // EDF+ keeps the 4-digit year in the recording field ("Startdate 02-MAR-2002 …")
  const m = /^Startdate \d\d-[A-Z]{3}-(\d{4})\b/.exec(h.recordingId);
  if (m) year = Number(m[1]);
  const date = new Date(year, Number(d[2]) - 1, Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Opens a file, parses the header, works out the usable records, reads all annotations. */
export function openEdfRecording(path: string): EdfRecordingInfo {
  const fileName = pathMod.basename(path);
  return withOpenFile(path, fileName, (fd) => scanAnnotations(fd, readEdfHead(fd, path, fileName)));
}

/** Runs `use` on the file opened for reading (a regular file only), closing it afterwards; a plain message if it cannot be opened. */
function withOpenFile<T>(path: string, fileName: string, use: (fd: number) => T): T {
  const { fd } = openRegularFile(path, fileName);
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** readFully, or a plain message when the file cannot be read or became shorter. */
function readRange(fd: number, fileName: string, buf: Buffer, length: number, position: number, what: string): void {
  let got: number;
  try {
    got = readFully(fd, buf, 0, length, position);
  } catch (err) {
    throw new EdfFormatError(fileName, `cannot read ${what} (${describeOpenError(err)})`);
  }
  if (got < length) throw new EdfFormatError(fileName, `the file became shorter while reading ${what}`);
}

function scanAnnotations(fd: number, head: EdfHead): EdfRecordingInfo {
  const scan = new EdfAnnotationScan(head);
  if (scan.needsRecords) {
    // ~512 kB per read: faster than multi-MB reads (the copy stays in cache)
    const perChunk = Math.max(1, Math.floor((512 << 10) / head.recordBytes));
    const chunk = Buffer.alloc(perChunk * head.recordBytes);
    for (let r0 = 0; r0 < head.recordCount; r0 += perChunk) {
      const n = Math.min(perChunk, head.recordCount - r0);
      readRange(fd, head.fileName, chunk, n * head.recordBytes, head.header.headerBytes + r0 * head.recordBytes, `data record ${r0 + 1}`);
      scan.addRecords(chunk, n);
    }
  }
  return scan.finish();
}

/** openEdfRecording's second part (the annotation pass) for a head from openEdfHead. */
export function finishEdfRecording(head: EdfHead): EdfRecordingInfo {
  return withOpenFile(head.path, head.fileName, (fd) => scanAnnotations(fd, head));
}

/**
 * What openEdfRecording knows before the annotation pass: the header, the usable records and
 * their layout. `totalFrames` here is every frame of the whole records (an upper bound: a
 * "Recording end" annotation may cut it); annotations and segments are still empty.
 */
export interface EdfHead extends EdfRecordingInfo {
  /** byte offset of each signal (header.signals) inside a record */
  signalOffsets: number[];
}

/** openEdfRecording's first part: header and record count, without reading the data records. */
export function openEdfHead(path: string): EdfHead {
  const fileName = pathMod.basename(path);
  return withOpenFile(path, fileName, (fd) => readEdfHead(fd, path, fileName));
}

function readEdfHead(fd: number, path: string, fileName: string): EdfHead {
  const size = fs.fstatSync(fd).size;
  if (size === 0) throw new EdfFormatError(fileName, 'the file is empty');
  const mainBuf = Buffer.alloc(Math.min(size, MAIN_HEADER_BYTES));
  readRange(fd, fileName, mainBuf, mainBuf.length, 0, 'the header');
  const { main, signalCount } = parseMainHeader(fileName, mainBuf);
  // (bounded: the header size is 256 × (signals + 1) and "number of signals" has 4 digits)
  const headerBuf = Buffer.alloc(Math.min(size, main.headerBytes));
  readRange(fd, fileName, headerBuf, headerBuf.length, 0, 'the header');
  const signals = parseSignalHeaders(fileName, headerBuf, signalCount);
  const header: EdfHeader = { ...main, signals };
  validateDigitalRanges(fileName, header);
  const warnings: string[] = [];

  const bps = DIGITAL_RANGE[header.variant].bytesPerSample;
  const annotationSignals = signals.map((s, i) => (isAnnotationSignal(s) ? i : -1)).filter((i) => i >= 0);
  const candidates = signals.map((_, i) => i).filter((i) => !annotationSignals.includes(i));
  if (candidates.length === 0) throw new EdfFormatError(fileName, 'the file has no signals, only annotations');
  // channels must share one rate to be interleaved; keep the highest-rate group
  const maxSpr = Math.max(...candidates.map((i) => signals[i].samplesPerRecord));
  const dataSignals = candidates.filter((i) => signals[i].samplesPerRecord === maxSpr);
  const skipped = candidates.filter((i) => signals[i].samplesPerRecord !== maxSpr);
  if (skipped.length) {
    warnings.push(`skipped ${skipped.length} signal(s) recorded at a lower rate: ${skipped.map((i) => signals[i].label).join(', ')}`);
  }
  const recordBytes = signals.reduce((a, s) => a + s.samplesPerRecord * bps, 0);
  if (recordBytes > HEADER_LIMITS.maxRecordBytes) {
    throw new EdfFormatError(fileName, `corrupt header: a data record would be ${(recordBytes / 1048576).toFixed(0)} MB (Myocue reads records up to ${HEADER_LIMITS.maxRecordBytes / 1048576} MB)`);
  }
  const rateOf = (i: number) => signals[i].samplesPerRecord / header.recordDurationS;
  const tooFast = candidates.find((i) => rateOf(i) > HEADER_LIMITS.maxRateHz);
  if (tooFast !== undefined) {
    throw new EdfFormatError(fileName, `corrupt header: signal ${tooFast + 1} would be sampled at ${rateOf(tooFast).toPrecision(3)} Hz (${signals[tooFast].samplesPerRecord} samples per ${header.recordDurationS} s record)`);
  }

  // --- how many whole records are really there
  const dataBytes = size - header.headerBytes;
  if (dataBytes < 0) throw new EdfFormatError(fileName, `file is truncated inside the header (${size} of ${header.headerBytes} bytes)`);
  const wholeRecords = Math.floor(dataBytes / recordBytes);
  const tailBytes = dataBytes - wholeRecords * recordBytes;
  let recordCount = header.recordCount;
  let recovered = false;
  let recoveryMessage: string | undefined;
  const tailNote = tailBytes > 0 ? `; dropped an incomplete last record (${tailBytes} of ${recordBytes} bytes)` : '';
  if (header.recordCount === -1) {
    recovered = true;
    recordCount = wholeRecords;
    recoveryMessage = `${fileName}: the recording was not closed properly (app crash or power loss); recovered ${wholeRecords} whole data records (${(wholeRecords * header.recordDurationS).toFixed(2)} s)${tailNote}`;
  } else if (header.recordCount > wholeRecords) {
    recovered = true;
    recordCount = wholeRecords;
    recoveryMessage = `${fileName}: the file is truncated: the header says ${header.recordCount} data records, only ${wholeRecords} are complete (${(wholeRecords * header.recordDurationS).toFixed(2)} s kept)${tailNote}`;
  } else if (header.recordCount < wholeRecords || tailBytes > 0) {
    warnings.push(`${fileName}: ${dataBytes - header.recordCount * recordBytes} bytes after the last data record were ignored`);
  }

  const spr = signals[dataSignals[0]].samplesPerRecord;
  const rate = spr / header.recordDurationS;
  const signalOffsets: number[] = [];
  let o = 0;
  for (let i = 0; i < signals.length; i++) {
    signalOffsets.push(o);
    o += signals[i].samplesPerRecord * bps;
  }
  const totalFrames = recordCount * spr;
  return {
    path,
    fileName,
    header,
    variant: header.variant,
    plus: header.plus,
    dataSignals,
    annotationSignals,
    sampleRateHz: rate,
    channelCount: dataSignals.length,
    channelLabels: dataSignals.map((i) => signals[i].label),
    channelUnits: dataSignals.map((i) => (microvoltsPerUnit(signals[i].physicalDimension) === null ? signals[i].physicalDimension : 'uV')),
    prefiltering: dataSignals.map((i) => signals[i].prefiltering),
    samplesPerRecord: spr,
    recordBytes,
    recordCount,
    totalFrames,
    durationS: totalFrames / rate,
    spanS: 0,
    startTime: null,
    annotations: [],
    segments: [],
    recovered,
    recoveryMessage,
    warnings,
    signalOffsets,
  };
}

/**
 * The onset of bytes [start, stop) when they are one time-keeping TAL and nothing else
 * ("+12.25\x14\x14", then at most one \0): what decodeRecordTals gives for them (recordOnsetS, no
 * annotation, nothing malformed), without building strings. null for anything else.
 */
function timeKeepingOnly(b: Buffer, start: number, stop: number): number | null {
  let p = start;
  if (p >= stop || (b[p] !== 0x2b && b[p] !== 0x2d)) return null;
  p++;
  const d0 = p;
  while (p < stop && b[p] >= 0x30 && b[p] <= 0x39) p++;
  if (p === d0) return null;
  if (p < stop && b[p] === 0x2e) {
    p++;
    while (p < stop && b[p] >= 0x30 && b[p] <= 0x39) p++;
  }
  const numEnd = p;
  if (p + 2 > stop) return null;
  if (b[p] !== 0x14 || b[p + 1] !== 0x14) return null;
  p += 2;
  if (!(p === stop || (p === stop - 1 && b[p] === 0))) return null;
  return Number(b.toString('latin1', start, numEnd));
}

/**
 * openEdfRecording's annotation pass, fed whole records in file order (by scanAnnotations, or by a
 * streaming reader that reads the records anyway), then `finish()` gives the recording's info.
 * The same result as openEdfRecording whichever way the records arrive.
 */
export class EdfAnnotationScan {
  private readonly head: EdfHead;
  private readonly recordOnsets: Float64Array;
  private readonly annotations: TalAnnotation[] = [];
  private next = 0;
  private malformed = 0;
  private missingTk = 0;
  private finished = false;

  constructor(head: EdfHead) {
    this.head = head;
    this.recordOnsets = new Float64Array(head.recordCount);
  }

  /** false when there is nothing to read (no annotation signal or no records): call finish() */
  get needsRecords(): boolean {
    return this.head.annotationSignals.length > 0 && this.head.recordCount > 0;
  }

  /** records done so far */
  get recordsDone(): number {
    return this.next;
  }

  /** The next `n` records (whole, in file order), from the start of `chunk`. */
  addRecords(chunk: Buffer, n: number): void {
    if (!this.needsRecords) return;
    const { header, annotationSignals, signalOffsets, recordBytes } = this.head;
    const signals = header.signals;
    const bps = DIGITAL_RANGE[header.variant].bytesPerSample;
    const recordOnsets = this.recordOnsets;
    const annotations = this.annotations;
    const count = Math.min(n, this.head.recordCount - this.next);
    for (let k = 0; k < count; k++) {
      const r = this.next + k;
      let tk: number | null = null;
      for (let j = 0; j < annotationSignals.length; j++) {
        const si = annotationSignals[j];
        const start = k * recordBytes + signalOffsets[si];
        // the annotation signal is mostly \0 padding: decode only up to the first \0 after the
        // last non-zero byte (decodeRecordTals skips empty pieces, so the result is the same)
        let stop = start + signals[si].samplesPerRecord * bps;
        while (stop > start && chunk[stop - 1] === 0) stop--;
        if (stop < start + signals[si].samplesPerRecord * bps) stop++;
        // most records hold only their time-keeping TAL ("+onset\x14\x14"): read it directly
        const onset = timeKeepingOnly(chunk, start, stop);
        if (onset !== null) {
          if (j === 0) tk = onset;
          continue;
        }
        const dec = decodeRecordTals(chunk.subarray(start, stop));
        this.malformed += dec.malformed;
        if (j === 0) tk = dec.recordOnsetS;
        for (const a of dec.annotations) annotations.push(a);
      }
      if (tk === null) this.missingTk++;
      recordOnsets[r] = tk ?? (r === 0 ? 0 : recordOnsets[r - 1] + header.recordDurationS);
    }
    this.next += count;
  }

  finish(): EdfRecordingInfo {
    if (this.finished) throw new Error('EdfAnnotationScan.finish called twice');
    this.finished = true;
    const { header, fileName, samplesPerRecord: spr, sampleRateHz: rate, recordCount, dataSignals } = this.head;
    const signals = header.signals;
    const warnings = [...this.head.warnings];
    const recordOnsets = this.recordOnsets;
    const annotations = this.annotations;
    const plus = header.plus;
    let firstOnset = 0;
    if (this.needsRecords) {
      if (this.next < recordCount) throw new Error(`${fileName}: annotation scan stopped at record ${this.next} of ${recordCount}`);
      if (this.malformed) warnings.push(`${fileName}: ${this.malformed} malformed annotation(s) were skipped`);
      if (this.missingTk && plus) warnings.push(`${fileName}: ${this.missingTk} data record(s) had no time-keeping annotation; assumed contiguous`);
      firstOnset = recordOnsets[0];
      for (let r = 0; r < recordCount; r++) recordOnsets[r] -= firstOnset;
      for (const a of annotations) a.onsetS -= firstOnset;
      annotations.sort((a, b) => a.onsetS - b.onsetS);
    } else {
      for (let r = 0; r < recordCount; r++) recordOnsets[r] = r * header.recordDurationS;
    }
    if (plus !== 'D') {
      // EDF+C: records are contiguous by definition; time-keeping TALs only confirm it
      for (let r = 0; r < recordCount; r++) recordOnsets[r] = r * header.recordDurationS;
    }

    // --- real frames per record: our writer completes the record cut by a disconnect by holding
    // the last value, and its "Gap" mark starts where the real samples stop (bdf-writer markGap).
    // That padding is no signal: it ends the segment (issue 9.9). Only for EDF+D/BDF+D, where
    // record onsets are stored; in EDF+C the records are contiguous by definition.
    const realFrames = new Int32Array(recordCount).fill(spr);
    let paddedFrames = 0;
    if (plus === 'D') {
      for (const a of annotations) {
        if (parseEvent(a.text).kind !== 'gap') continue;
        const r = recordAt(recordOnsets, a.onsetS);
        if (r < 0) continue;
        const inRecord = Math.round((a.onsetS - recordOnsets[r]) * rate);
        if (inRecord > 0 && inRecord < realFrames[r]) {
          paddedFrames += realFrames[r] - inRecord;
          realFrames[r] = inRecord;
        }
      }
    }

    // --- segments (runs of contiguous real frames)
    const segments: EdfSegment[] = [];
    const tolS = 0.5 / rate;
    let frame = 0;
    let openEnded = false;
    for (let r = 0; r < recordCount; r++) {
      const last = segments[segments.length - 1];
      const n = realFrames[r];
      if (last && !openEnded && Math.abs(recordOnsets[r] - (last.onsetS + last.frames / rate)) <= tolS) last.frames += n;
      else segments.push({ firstFrame: frame, frames: n, onsetS: recordOnsets[r], fileFrame: r * spr });
      frame += n;
      openEnded = n < spr; // padding follows: the next record starts a new segment
    }
    if (paddedFrames) warnings.push(`${fileName}: ${(paddedFrames / rate).toFixed(2)} s of padding written at disconnect gaps is read as gap, not signal`);

    // --- our writer pads the last record and marks the true end with "Recording end"
    let totalFrames = frame;
    const end = [...annotations].reverse().find((a) => parseEvent(a.text).kind === 'recording-end');
    if (end) {
      const endFrame = timeToFrame(segments, rate, end.onsetS);
      if (endFrame < totalFrames) {
        totalFrames = endFrame;
        trimSegments(segments, totalFrames);
      }
    }

    const startBase = parseStartTime(header);
    const startTime = startBase ? new Date(startBase.getTime() + Math.round(firstOnset * 1000)) : null;
    if (!startBase) warnings.push(`${fileName}: start date/time "${header.startDate} ${header.startTime}" is unreadable`);

    const channelUnits: string[] = [];
    for (const i of dataSignals) {
      const f = microvoltsPerUnit(signals[i].physicalDimension);
      channelUnits.push(f === null ? signals[i].physicalDimension : 'uV');
    }
    const nonVoltage = dataSignals.filter((_, k) => channelUnits[k] !== 'uV');
    if (nonVoltage.length) {
      warnings.push(`${fileName}: ${nonVoltage.map((i) => `"${signals[i].label}" (${signals[i].physicalDimension || 'no unit'})`).join(', ')} not in volts: values kept as stored`);
    }
    const lastSeg = segments[segments.length - 1];
    const h = this.head;
    return {
      path: h.path,
      fileName,
      header,
      variant: header.variant,
      plus,
      dataSignals,
      annotationSignals: h.annotationSignals,
      sampleRateHz: rate,
      channelCount: dataSignals.length,
      channelLabels: h.channelLabels,
      channelUnits,
      prefiltering: h.prefiltering,
      samplesPerRecord: spr,
      recordBytes: h.recordBytes,
      recordCount,
      totalFrames,
      durationS: totalFrames / rate,
      spanS: lastSeg ? lastSeg.onsetS + lastSeg.frames / rate : 0,
      startTime,
      annotations,
      segments,
      recovered: h.recovered,
      recoveryMessage: h.recoveryMessage,
      warnings,
    };
  }
}

/** The record whose time span holds `tS` (onsets ascending), -1 before the first. */
function recordAt(onsets: Float64Array, tS: number): number {
  let lo = 0;
  let hi = onsets.length - 1;
  if (hi < 0 || tS < onsets[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (onsets[mid] <= tS) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Runs of stored frames that are signal, in order: [fileFrame, frames] per segment. From the
 * segments when the annotation pass has run; before it (an EdfHead), all frames of whole records.
 */
export function storedFrameRuns(info: EdfRecordingInfo): { fileFrame: number; frames: number }[] {
  if (!info.segments.length) return [{ fileFrame: 0, frames: info.totalFrames }];
  return info.segments.map((s) => ({ fileFrame: s.fileFrame ?? s.firstFrame, frames: s.frames }));
}

/** Frame index of file time `tS` (a time inside a gap maps to the first frame after it). */
export function timeToFrame(segments: EdfSegment[], rateHz: number, tS: number): number {
  let frame = 0;
  for (const s of segments) {
    if (tS < s.onsetS) return s.firstFrame;
    const f = Math.round((tS - s.onsetS) * rateHz);
    if (f <= s.frames) return s.firstFrame + f;
    frame = s.firstFrame + s.frames;
  }
  return frame;
}

/** File time (s) of frame `frame`. */
export function frameToTime(segments: EdfSegment[], rateHz: number, frame: number): number {
  for (const s of segments) {
    if (frame < s.firstFrame + s.frames) return s.onsetS + (frame - s.firstFrame) / rateHz;
  }
  const last = segments[segments.length - 1];
  return last ? last.onsetS + (frame - last.firstFrame) / rateHz : frame / rateHz;
}

function trimSegments(segments: EdfSegment[], totalFrames: number): void {
  while (segments.length && segments[segments.length - 1].firstFrame >= totalFrames) segments.pop();
  const last = segments[segments.length - 1];
  if (last) last.frames = totalFrames - last.firstFrame;
}

/**
 * Random access to the samples of an opened file: channel-interleaved µV, reading only the records
 * needed (plus a small cache of consecutive records for sequential playback).
 */
export class EdfFrameReader {
  readonly info: EdfRecordingInfo;
  private fd: number | null;
  private readonly gains: Float64Array;
  private readonly offsets: Float64Array;
  private readonly signalByteOffset: Int32Array;
  private readonly bps: number;
  private readonly cache: Buffer;
  private readonly cacheRecords: number;
  private cacheFirst = -1;
  private cacheCount = 0;
  /** logical frames → stored frames, one run per segment */
  private readonly runs: { firstFrame: number; frames: number; fileFrame: number }[];
  private lastRun = 0;

  constructor(info: EdfRecordingInfo, cacheBytes = 1 << 20) {
    this.info = info;
    this.fd = openRegularFile(info.path, info.fileName).fd;
    const sigs = info.header.signals;
    this.bps = DIGITAL_RANGE[info.variant].bytesPerSample;
    const nc = info.channelCount;
    this.gains = new Float64Array(nc);
    this.offsets = new Float64Array(nc);
    this.signalByteOffset = new Int32Array(nc);
    const starts: number[] = [];
    let o = 0;
    for (const s of sigs) {
      starts.push(o);
      o += s.samplesPerRecord * this.bps;
    }
    info.dataSignals.forEach((si, c) => {
      const { gain, offset } = signalScale(sigs[si]);
      const f = microvoltsPerUnit(sigs[si].physicalDimension) ?? 1;
      this.gains[c] = gain * f;
      this.offsets[c] = offset * f;
      this.signalByteOffset[c] = starts[si];
    });
    this.runs = info.segments.length
      ? info.segments.map((s) => ({ firstFrame: s.firstFrame, frames: s.frames, fileFrame: s.fileFrame ?? s.firstFrame }))
      : [{ firstFrame: 0, frames: info.totalFrames, fileFrame: 0 }];
    this.cacheRecords = Math.max(1, Math.floor(cacheBytes / info.recordBytes));
    this.cache = Buffer.alloc(this.cacheRecords * info.recordBytes);
  }

  /**
   * Copies frames [first, first+count) into `out` (interleaved µV, length ≥ count × channels).
   * Returns the number of frames copied (fewer at the end of the file).
   */
  readFrames(first: number, count: number, out: Float64Array): number {
    if (this.fd === null) throw new EdfFormatError(this.info.fileName, 'the reader is closed');
    const n = Math.max(0, Math.min(count, this.info.totalFrames - first));
    // frames are numbered without gaps and padding: copy segment by segment from the stored frames
    let f = 0;
    while (f < n) {
      const frame = first + f;
      const seg = this.segmentOf(frame);
      const inSeg = frame - seg.firstFrame;
      const take = Math.min(seg.frames - inSeg, n - f);
      this.copyStored(seg.fileFrame + inSeg, take, out, f);
      f += take;
    }
    return n;
  }

  /** The run of stored frames holding logical frame `frame` (segments are few: a linear search from the last one used). */
  private segmentOf(frame: number): { firstFrame: number; frames: number; fileFrame: number } {
    const runs = this.runs;
    let i = this.lastRun;
    if (!(i < runs.length && frame >= runs[i].firstFrame && frame < runs[i].firstFrame + runs[i].frames)) {
      i = 0;
      while (i < runs.length - 1 && frame >= runs[i].firstFrame + runs[i].frames) i++;
      this.lastRun = i;
    }
    return runs[i];
  }

  /** Copies `n` stored frames from stored frame `stored` into out[at…] (interleaved µV). */
  private copyStored(stored: number, n: number, out: Float64Array, at: number): void {
    const { samplesPerRecord: spr, channelCount: nc, recordBytes } = this.info;
    const bps = this.bps;
    let f = 0;
    while (f < n) {
      const frame = stored + f;
      const r = Math.floor(frame / spr);
      if (r < this.cacheFirst || r >= this.cacheFirst + this.cacheCount) this.fill(r);
      const base = (r - this.cacheFirst) * recordBytes;
      const inRec = frame - r * spr;
      const take = Math.min(spr - inRec, n - f);
      const cache = this.cache;
      for (let c = 0; c < nc; c++) {
        const g = this.gains[c];
        const off = this.offsets[c];
        const p0 = base + this.signalByteOffset[c] + inRec * bps;
        const w0 = (at + f) * nc + c;
        // one tight loop per sample width (sign-extended by shifts: the same integers as before)
        if (bps === 3) {
          for (let k = 0, p = p0, w = w0; k < take; k++, p += 3, w += nc) out[w] = (((cache[p] | (cache[p + 1] << 8) | (cache[p + 2] << 16)) << 8) >> 8) * g + off;
        } else {
          for (let k = 0, p = p0, w = w0; k < take; k++, p += 2, w += nc) out[w] = (((cache[p] | (cache[p + 1] << 8)) << 16) >> 16) * g + off;
        }
      }
      f += take;
    }
  }

  private fill(record: number): void {
    const count = Math.min(this.cacheRecords, this.info.recordCount - record);
    const bytes = count * this.info.recordBytes;
    readRange(this.fd as number, this.info.fileName, this.cache, bytes, this.info.header.headerBytes + record * this.info.recordBytes, `data record ${record + 1}`);
    this.cacheFirst = record;
    this.cacheCount = count;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Streams the whole file as interleaved µV blocks of `framesPerBlock` frames (the last may be
 * shorter). The block array is reused between calls: copy it if you keep it.
 */
export function readBlocks(
  pathOrInfo: string | EdfRecordingInfo,
  framesPerBlock: number,
  cb: (block: Float64Array, frames: number, firstFrame: number) => void,
): EdfRecordingInfo {
  const info = typeof pathOrInfo === 'string' ? openEdfRecording(pathOrInfo) : pathOrInfo;
  const reader = new EdfFrameReader(info);
  const block = new Float64Array(framesPerBlock * info.channelCount);
  try {
    for (let first = 0; first < info.totalFrames; first += framesPerBlock) {
      const n = reader.readFrames(first, framesPerBlock, block);
      cb(block, n, first);
    }
  } finally {
    reader.close();
  }
  return info;
}

/** Iterator form of readBlocks (the yielded array is reused, copy it if you keep it). */
export function* iterateBlocks(info: EdfRecordingInfo, framesPerBlock: number): Generator<{ samples: Float64Array; frames: number; firstFrame: number }> {
  const reader = new EdfFrameReader(info);
  const block = new Float64Array(framesPerBlock * info.channelCount);
  try {
    for (let first = 0; first < info.totalFrames; first += framesPerBlock) {
      const n = reader.readFrames(first, framesPerBlock, block);
      yield { samples: block, frames: n, firstFrame: first };
    }
  } finally {
    reader.close();
  }
}

/** Reads all samples, one Float64Array per channel (for imports and exports of short files). */
export function readAllChannels(info: EdfRecordingInfo): Float64Array[] {
  const nc = info.channelCount;
  const out = Array.from({ length: nc }, () => new Float64Array(info.totalFrames));
  const blockFrames = 4096;
  readBlocks(info, blockFrames, (block, frames, first) => {
    for (let f = 0; f < frames; f++) for (let c = 0; c < nc; c++) out[c][first + f] = block[f * nc + c];
  });
  return out;
}

export interface RepairResult {
  repaired: boolean;
  recordCount: number;
  droppedTailBytes: number;
  message: string;
}

/**
 * Makes a crashed or truncated recording a valid file again: writes the number of whole records
 * at offset 236 and cuts an incomplete last record. Whole records are never touched.
 */
export function repairRecordingFile(path: string): RepairResult {
  const info = openEdfRecording(path);
  const fileName = info.fileName;
  const size = fs.statSync(path).size;
  const keep = info.header.headerBytes + info.recordCount * info.recordBytes;
  // only an incomplete last record is cut; extra whole records after a declared count are left alone
  const dropped = size - keep < info.recordBytes ? size - keep : 0;
  if (!info.recovered && dropped === 0) {
    return { repaired: false, recordCount: info.recordCount, droppedTailBytes: 0, message: `${fileName}: nothing to repair` };
  }
  let fd: number;
  try {
    fd = fs.openSync(path, 'r+');
  } catch (err) {
    throw new Error(`${fileName}: cannot repair, the file is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  try {
    fs.writeSync(fd, Buffer.from(String(info.recordCount).padEnd(8, ' '), 'latin1'), 0, 8, RECORD_COUNT_OFFSET);
    if (dropped > 0) fs.ftruncateSync(fd, keep);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return {
    repaired: true,
    recordCount: info.recordCount,
    droppedTailBytes: Math.max(0, dropped),
    message: info.recoveryMessage ?? `${fileName}: removed ${dropped} bytes after the last whole record`,
  };
}
