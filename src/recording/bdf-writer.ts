/**
 * Crash-safe BDF+ (24-bit) / EDF+ (16-bit) writer: the native Myocue recording format.
 *
 * Why BDF+: the band's ADC is 24-bit, so digital values = ADC counts with µV = counts × scale,
 * nothing lost; EDF+/BDF+ is read by EDFbrowser, MNE, EEGLAB, BioSig. Crash safety follows the
 * trusted writers (EDFbrowser, BioSemi ActiView; see ENGINEERING.md "Crash-safe recording"):
 *  - the full header is written at open with "number of data records" = -1 (EDF+ allows -1 only
 *    while recording); close() patches it (offset 236);
 *  - short fixed-size data records (default 0.25 s) are appended with one write() as soon as they
 *    are full, and fsync() runs at least once a second, so kill -9 loses at most one record plus
 *    whatever the caller had not handed over yet (≤ ~0.5 s), power loss at most ~1.25 s;
 *  - the reader (bdf-reader.ts) counts whole records from the file size, drops a partial tail.
 * The reserved field is "BDF+D" (discontinuous) from the start, so a disconnect gap can be stored
 * honestly: each record's first TAL gives its onset, and the gap also gets a "Gap … s" annotation.
 *
 * No allocation per sample: one record buffer is reused; samples are converted in place.
 */
import * as nodeFs from 'node:fs';
import * as pathMod from 'node:path';
import {
  ANNOTATION_LABEL_BDF,
  ANNOTATION_LABEL_EDF,
  DIGITAL_RANGE,
  RECORD_COUNT_OFFSET,
  buildHeader,
  edfDateTime,
  edfPlusStartdate,
  edfPlusToken,
  fitNumber,
  type EdfSignalHeader,
  type EdfVariant,
} from './edf-header';
import { encodeTal, timeKeepingTal } from './tal';
import { formatEvent } from './events';
import { describeFsError, RecordingFsError } from './fs-errors';

export interface RecordingChannel {
  /** up to 16 characters (EDF label field), e.g. "Biceps L" */
  label: string;
  /**
   * stored physical dimension: 'uV' (default) for the band and µV data; an export may store its
   * data's own unit ('counts' for raw ADC values, '' when unknown): the samples are then in it
   */
  unit?: string;
  /** µV per ADC count: set for the band so that digital values equal the ADC counts */
  microvoltsPerCount?: number;
  /** physical range in µV when there is no ADC scale (imports, exports); default ±100 000 µV (BDF) / ±5 000 µV (EDF) */
  physicalMin?: number;
  physicalMax?: number;
  /** EDF prefiltering field, e.g. "HP:20Hz LP:450Hz N:50Hz" or "none" (raw) */
  prefilter?: string;
  /** EDF transducer field, e.g. "sEMG Ag/AgCl" */
  transducer?: string;
}

/** The file-system calls the writer uses; injectable so tests can simulate ENOSPC/EIO. */
export interface WriterFs {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): number;
  fsyncSync(fd: number): void;
  ftruncateSync(fd: number, len: number): void;
  closeSync(fd: number): void;
}

export interface BdfWriterOptions {
  channels: RecordingChannel[];
  sampleRateHz: number;
  /** time of the first sample */
  startTime: Date;
  /** EDF+ patient code (spaces become '_'); default "X" (unknown) */
  patientId?: string;
  /** EDF+ recording code, e.g. the session id */
  recordingId?: string;
  /** EDF+ equipment token; default "Myocue" */
  equipment?: string;
  /** 'bdf' (24-bit, default) or 'edf' (16-bit, for export to tools that only read EDF) */
  format?: EdfVariant;
  /** data record duration, s; default the first of 0.25, 0.5, 1, 2, 5, 10 s with a whole sample count */
  recordDurationS?: number;
  /** bytes reserved per record for annotations (default 240: a few cues per 0.25 s) */
  annotationBytesPerRecord?: number;
  /** fsync at least this often while samples arrive, ms (default 1000) */
  fsyncIntervalMs?: number;
  /** called once with the first write error (the same error is thrown to the caller) */
  onError?: (err: RecordingFsError) => void;
  /** overwrite an existing file (default false: refuse, so a recording is never clobbered) */
  overwrite?: boolean;
  /** injected fs (tests) */
  fs?: WriterFs;
}

/** Candidate record durations, shortest first: short records = little loss on a crash. */
const RECORD_DURATIONS_S = [0.25, 0.5, 1, 2, 5, 10];

/** Picks a record duration giving a whole number of samples per record at `rateHz`. */
export function chooseRecordDuration(rateHz: number): { durationS: number; samplesPerRecord: number } {
  if (!(rateHz > 0) || !Number.isFinite(rateHz)) throw new Error(`Cannot record: sample rate ${rateHz} Hz is not a positive number`);
  for (const d of RECORD_DURATIONS_S) {
    const n = rateHz * d;
    if (Math.abs(n - Math.round(n)) < 1e-9 && Math.round(n) >= 1) return { durationS: d, samplesPerRecord: Math.round(n) };
  }
  // a non-integer rate (e.g. 200.01 Hz measured): choose ~1 s records with a duration that encodes
  // the rate exactly enough in 8 characters
  const n = Math.max(1, Math.round(rateHz));
  const d = fitNumber(n / rateHz);
  if (Math.abs(n / d - rateHz) / rateHz > 1e-6) {
    throw new Error(`Cannot record at ${rateHz} Hz: no EDF record duration gives a whole number of samples`);
  }
  return { durationS: d, samplesPerRecord: n };
}

/**
 * Digital and physical limits for an ADC with `microvoltsPerCount`, such that the 8-character
 * physical limits give back exactly that scale and zero offset. Then digital value = ADC count,
 * exactly (a plain ±full-scale range would be rounded to 8 characters and shift large counts by
 * up to a few counts). Each limit is searched from full scale down (at most ~12% of the range is
 * given up) for a count whose physical value is a decimal that fits 8 characters.
 */
export function exactAdcRange(microvoltsPerCount: number, digitalMin: number, digitalMax: number): {
  digitalMin: number;
  digitalMax: number;
  physicalMin: number;
  physicalMax: number;
} {
  const best = (fullScale: number, sign: 1 | -1): number => {
    let bestD = fullScale;
    let bestErr = Infinity;
    const maxP = fullScale * microvoltsPerCount;
    const intDigits = Math.max(1, Math.floor(Math.log10(maxP)) + 1);
    const decimals = Math.max(0, 8 - intDigits - 1 - (sign < 0 ? 1 : 0));
    const q = Math.pow(10, -decimals);
    let m = Math.floor(maxP / q);
    const floorD = Math.floor(fullScale * 0.88);
    for (let it = 0; it < 2_000_000 && m > 0; it++, m--) {
      const d = Math.round((m * q) / microvoltsPerCount);
      if (d > fullScale) continue;
      if (d < floorD) break;
      const err = Math.abs(d * microvoltsPerCount - Number((m * q).toFixed(decimals)));
      if (err < bestErr) {
        bestErr = err;
        bestD = d;
        if (err <= 1e-12 * maxP) break;
      }
    }
    return bestD;
  };
  const dMax = best(digitalMax, 1);
  const dMin = best(-digitalMin, -1);
  return {
    digitalMin: -dMin,
    digitalMax: dMax,
    physicalMin: fitNumber(-dMin * microvoltsPerCount),
    physicalMax: fitNumber(dMax * microvoltsPerCount),
  };
}

const DEFAULT_RANGE_UV: Record<EdfVariant, number> = { bdf: 100_000, edf: 5_000 };

export class BdfPlusWriter {
  readonly path: string;
  readonly format: EdfVariant;
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly recordDurationS: number;
  readonly samplesPerRecord: number;
  readonly startTime: Date;

  private readonly fs: WriterFs;
  private fd: number | null;
  private readonly headerBytes: number;
  private readonly recordBytes: number;
  private readonly bps: number;
  private readonly digMin: number;
  private readonly digMax: number;
  /** µV → digital: digital = (µV − offset) / gain, from the header's (8-char-rounded) ranges */
  private readonly gain: Float64Array;
  private readonly offset: Float64Array;
  /** per-channel digital limits (the ADC-exact range may be a little narrower than the format's) */
  private readonly chMin: Int32Array;
  private readonly chMax: Int32Array;
  private readonly record: Buffer;
  private readonly annotationStart: number;
  private readonly annotationBytes: number;
  /** last digital value per channel (padding a record at a gap or at close holds it) */
  private readonly lastDigital: Int32Array;
  private fill = 0;
  private records = 0;
  /** file time (s, EDF+ onset) of the current record's first sample */
  private recordOnsetS: number;
  /** sub-second part of the start time: EDF+ keeps it in the first time-keeping TAL */
  private readonly startFractionS: number;
  private pendingTals: Buffer[] = [];
  /** annotation bytes used in the last record written (close() may add marks into the rest) */
  private lastAnnotationUsed = 0;
  private lastSyncMs = Date.now();
  private readonly fsyncIntervalMs: number;
  private readonly onError?: (err: RecordingFsError) => void;
  private failure: RecordingFsError | null = null;
  private closed = false;
  private clipped = 0;
  private framesWritten_ = 0;
  private gaps = 0;

  private constructor(path: string, opts: BdfWriterOptions) {
    this.path = path;
    this.fs = opts.fs ?? nodeFs;
    this.format = opts.format ?? 'bdf';
    this.fsyncIntervalMs = opts.fsyncIntervalMs ?? 1000;
    this.onError = opts.onError;
    if (!opts.channels.length) throw new Error('Cannot record: no channels given');
    this.channelCount = opts.channels.length;
    this.sampleRateHz = opts.sampleRateHz;
    const rec = opts.recordDurationS
      ? { durationS: opts.recordDurationS, samplesPerRecord: Math.round(opts.sampleRateHz * opts.recordDurationS) }
      : chooseRecordDuration(opts.sampleRateHz);
    if (Math.abs(rec.samplesPerRecord - opts.sampleRateHz * rec.durationS) > 1e-6 || rec.samplesPerRecord < 1) {
      throw new Error(`Cannot record: ${opts.sampleRateHz} Hz × ${rec.durationS} s records is not a whole number of samples`);
    }
    this.recordDurationS = rec.durationS;
    this.samplesPerRecord = rec.samplesPerRecord;
    const range = DIGITAL_RANGE[this.format];
    this.bps = range.bytesPerSample;
    this.digMin = range.min;
    this.digMax = range.max;

    const ms = opts.startTime.getTime();
    this.startTime = new Date(ms);
    const wholeSecond = new Date(Math.floor(ms / 1000) * 1000);
    this.startFractionS = (ms - wholeSecond.getTime()) / 1000;
    this.recordOnsetS = this.startFractionS;

    const signals: EdfSignalHeader[] = opts.channels.map((c) => this.signalHeader(c));
    const annSamples = Math.ceil((opts.annotationBytesPerRecord ?? 240) / this.bps);
    this.annotationBytes = annSamples * this.bps;
    signals.push({
      label: this.format === 'bdf' ? ANNOTATION_LABEL_BDF : ANNOTATION_LABEL_EDF,
      transducer: '',
      physicalDimension: '',
      physicalMin: -1,
      physicalMax: 1,
      digitalMin: this.digMin,
      digitalMax: this.digMax,
      prefiltering: '',
      samplesPerRecord: annSamples,
      reserved: '',
    });
    this.gain = new Float64Array(this.channelCount);
    this.offset = new Float64Array(this.channelCount);
    this.chMin = new Int32Array(this.channelCount);
    this.chMax = new Int32Array(this.channelCount);
    for (let c = 0; c < this.channelCount; c++) {
      const s = signals[c];
      this.chMin[c] = s.digitalMin;
      this.chMax[c] = s.digitalMax;
      this.gain[c] = (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin);
      this.offset[c] = s.physicalMin - s.digitalMin * this.gain[c];
    }
    this.lastDigital = new Int32Array(this.channelCount);
    for (let c = 0; c < this.channelCount; c++) this.lastDigital[c] = this.toDigital(c, 0);
    this.annotationStart = this.channelCount * this.samplesPerRecord * this.bps;
    this.recordBytes = this.annotationStart + this.annotationBytes;
    this.record = Buffer.alloc(this.recordBytes);

    const dt = edfDateTime(wholeSecond);
    const header = buildHeader({
      variant: this.format,
      plus: 'D',
      patientId: `${edfPlusToken(opts.patientId)} X X X`,
      recordingId: `Startdate ${edfPlusStartdate(wholeSecond)} ${edfPlusToken(opts.recordingId)} X ${edfPlusToken(opts.equipment ?? 'Myocue')}`,
      startDate: dt.date,
      startTime: dt.time,
      reserved: this.format === 'bdf' ? 'BDF+D' : 'EDF+D',
      recordCount: -1,
      recordDurationS: this.recordDurationS,
      signals,
    });
    this.headerBytes = header.length;

    try {
      this.fd = this.fs.openSync(path, opts.overwrite ? 'w' : 'wx', 0o644);
    } catch (err) {
      throw describeFsError(err, 'create the recording file', path, 'Nothing was recorded.');
    }
    try {
      this.writeFully(header, 0);
      this.fs.fsyncSync(this.fd);
    } catch (err) {
      const e = describeFsError(err, 'write the header of', path, 'Nothing was recorded.');
      try {
        this.fs.closeSync(this.fd);
      } catch {
        /* already failing */
      }
      this.fd = null;
      throw e;
    }
  }

  /** Creates the file and writes the header (records = -1). Throws a RecordingFsError if it cannot. */
  static open(path: string, opts: BdfWriterOptions): BdfPlusWriter {
    return new BdfPlusWriter(path, opts);
  }

  private signalHeader(c: RecordingChannel): EdfSignalHeader {
    let pmin: number;
    let pmax: number;
    let dmin = this.digMin;
    let dmax = this.digMax;
    if (c.microvoltsPerCount !== undefined) {
      if (!(c.microvoltsPerCount > 0)) throw new Error(`Cannot record channel "${c.label}": µV per count must be positive`);
      // digital = ADC counts: physical range = digital range × scale, exactly
      const r = exactAdcRange(c.microvoltsPerCount, this.digMin, this.digMax);
      ({ physicalMin: pmin, physicalMax: pmax, digitalMin: dmin, digitalMax: dmax } = r);
    } else {
      const r = DEFAULT_RANGE_UV[this.format];
      pmin = fitNumber(c.physicalMin ?? -r);
      pmax = fitNumber(c.physicalMax ?? r);
    }
    if (!(pmax > pmin)) throw new Error(`Cannot record channel "${c.label}": physical maximum must be above the minimum`);
    return {
      label: c.label.slice(0, 16),
      transducer: c.transducer ?? 'sEMG electrode',
      physicalDimension: c.unit ?? 'uV',
      physicalMin: pmin,
      physicalMax: pmax,
      digitalMin: dmin,
      digitalMax: dmax,
      prefiltering: c.prefilter ?? 'none',
      samplesPerRecord: this.samplesPerRecord,
      reserved: '',
    };
  }

  /** µV → clipped digital value of channel c. */
  private toDigital(c: number, microvolts: number): number {
    let d = Math.round((microvolts - this.offset[c]) / this.gain[c]);
    if (d > this.chMax[c]) d = this.chMax[c];
    else if (d < this.chMin[c]) d = this.chMin[c];
    else if (d !== d) d = 0; // NaN: store 0 rather than garbage
    return d;
  }

  /** Header bytes, record bytes, records written so far (for tests and the recovery check). */
  get layout(): { headerBytes: number; recordBytes: number; recordsWritten: number } {
    return { headerBytes: this.headerBytes, recordBytes: this.recordBytes, recordsWritten: this.records };
  }

  /** Frames handed over so far (real samples, not padding). */
  get framesWritten(): number {
    return this.framesWritten_;
  }

  /** Samples that were outside the physical range and were clipped. */
  get clippedSamples(): number {
    return this.clipped;
  }

  /** Seconds of signal handed over (excluding gaps). */
  get durationS(): number {
    return this.framesWritten_ / this.sampleRateHz;
  }

  /**
   * Where the next sample falls on the file's timeline, s since the first sample: the signal
   * handed over plus every gap marked. An annotation of "now" belongs here (`addAnnotation`'s
   * onsets are on this timeline), not at `durationS`, which leaves the gaps out.
   */
  get timelineS(): number {
    return this.recordOnsetS - this.startFractionS + this.fill / this.sampleRateHz;
  }

  /** The first write error, if any (the writer stops writing after it). */
  get error(): RecordingFsError | null {
    return this.failure;
  }

  /**
   * Appends `frames` frames of channel-interleaved µV. Full records are written at once.
   * Throws the RecordingFsError if the disk refuses; nothing already on disk is touched.
   */
  writeSamples(interleavedMicrovolts: Float64Array, frames: number): void {
    this.ensureWritable();
    const nc = this.channelCount;
    if (interleavedMicrovolts.length < frames * nc) {
      throw new Error(`writeSamples: ${frames} frames × ${nc} channels need ${frames * nc} values, got ${interleavedMicrovolts.length}`);
    }
    const bps = this.bps;
    const spr = this.samplesPerRecord;
    const rec = this.record;
    let i = 0;
    for (let f = 0; f < frames; f++) {
      const slot = this.fill;
      for (let c = 0; c < nc; c++) {
        const v = interleavedMicrovolts[i++];
        let d = Math.round((v - this.offset[c]) / this.gain[c]);
        if (d > this.chMax[c]) {
          d = this.chMax[c];
          this.clipped++;
        } else if (d < this.chMin[c]) {
          d = this.chMin[c];
          this.clipped++;
        } else if (d !== d) d = 0;
        this.lastDigital[c] = d;
        const o = (c * spr + slot) * bps;
        rec[o] = d & 0xff;
        rec[o + 1] = (d >> 8) & 0xff;
        if (bps === 3) rec[o + 2] = (d >> 16) & 0xff;
      }
      this.framesWritten_++;
      if (++this.fill === spr) this.flushRecord();
    }
    if (Date.now() - this.lastSyncMs >= this.fsyncIntervalMs) this.sync();
  }

  /** Adds an annotation; `onsetS` is seconds since the first sample. Written with the next record. */
  addAnnotation(onsetS: number, durationS: number | null, text: string): void {
    this.ensureWritable();
    let tal = encodeTal({ onsetS: onsetS + this.startFractionS, durationS, text });
    const room = this.annotationBytes - 24; // leave room for the time-keeping TAL (+onset\x14\x14\x00)
    if (tal.length > room) {
      // cut the text so the TAL fits in one record rather than dropping it
      let t = text;
      while (tal.length > room && t.length > 0) {
        t = t.slice(0, Math.max(0, t.length - Math.max(1, tal.length - room)));
        tal = encodeTal({ onsetS: onsetS + this.startFractionS, durationS, text: t + '…' });
      }
    }
    this.pendingTals.push(tal);
  }

  /**
   * Marks a gap (e.g. a disconnect) of `durationS` after the samples written so far. The current
   * partial record is completed by holding the last value (flagged by the "Gap" annotation, which
   * starts at the true end of the real samples), and the next record's onset jumps past the gap.
   */
  markGap(durationS: number, reason = 'disconnect'): void {
    this.ensureWritable();
    if (!(durationS >= 0)) throw new Error(`markGap: duration ${durationS} s is not a non-negative number`);
    const realEndS = this.recordOnsetS + this.fill / this.sampleRateHz;
    this.pendingTals.push(encodeTal({ onsetS: realEndS, durationS, text: formatEvent({ kind: 'gap', durationS, reason }) }));
    this.gaps++;
    if (this.fill > 0) {
      this.padRecord();
      this.flushRecord();
      // resume at the true time unless the padding already covered it
      this.recordOnsetS = Math.max(this.recordOnsetS, realEndS + durationS);
    } else {
      this.recordOnsetS = realEndS + durationS;
    }
  }

  /** Writes any partial record (padded, with a "Recording end" mark), patches the record count, closes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd === null) return;
    let firstError: RecordingFsError | null = this.failure;
    if (!this.failure) {
      try {
        // marks added after the last full record go into its free annotation space when they fit
        if (this.fill === 0) this.appendToLastRecord();
        if (this.fill > 0 || this.pendingTals.length > 0) {
          // a padded record: "Recording end" tells readers where the real samples stop
          const endS = this.recordOnsetS + this.fill / this.sampleRateHz;
          this.pendingTals.unshift(encodeTal({ onsetS: endS, durationS: null, text: formatEvent({ kind: 'recording-end' }) }));
          this.padRecord();
          this.flushRecord();
        }
        // annotations still queued get records of their own (rare: only after a burst of marks)
        while (this.pendingTals.length > 0) {
          this.padRecord();
          this.flushRecord();
        }
      } catch (err) {
        firstError = err instanceof RecordingFsError ? err : describeFsError(err, 'finish', this.path);
      }
    }
    try {
      // the record count is patched even after a write error: what is on disk stays readable
      const count = Buffer.from(String(this.records).padEnd(8, ' '), 'latin1');
      this.fs.writeSync(this.fd, count, 0, 8, RECORD_COUNT_OFFSET);
      this.fs.fsyncSync(this.fd);
    } catch (err) {
      firstError ??= describeFsError(err, 'finish', this.path, 'The data records are saved; the file will be repaired when it is opened.');
    }
    try {
      this.fs.closeSync(this.fd);
    } catch {
      /* nothing more to do */
    }
    this.fd = null;
    if (firstError && firstError !== this.failure) this.fail(firstError);
    if (firstError) throw firstError;
  }

  /** Number of gaps marked. */
  get gapCount(): number {
    return this.gaps;
  }

  private ensureWritable(): void {
    if (this.failure) throw this.failure;
    if (this.closed || this.fd === null) throw new Error(`Recording ${pathMod.basename(this.path)} is already closed`);
  }

  /** Fills the rest of the current record by holding each channel's last value. */
  private padRecord(): void {
    const spr = this.samplesPerRecord;
    const bps = this.bps;
    for (let slot = this.fill; slot < spr; slot++) {
      for (let c = 0; c < this.channelCount; c++) {
        const d = this.lastDigital[c];
        const o = (c * spr + slot) * bps;
        this.record[o] = d & 0xff;
        this.record[o + 1] = (d >> 8) & 0xff;
        if (bps === 3) this.record[o + 2] = (d >> 16) & 0xff;
      }
    }
    this.fill = spr;
  }

  /** Completes the annotation area and appends the record with one positional write. */
  private flushRecord(): void {
    const rec = this.record;
    rec.fill(0, this.annotationStart);
    let o = this.annotationStart;
    const tk = timeKeepingTal(this.recordOnsetS);
    tk.copy(rec, o);
    o += tk.length;
    while (this.pendingTals.length > 0 && o + this.pendingTals[0].length <= this.recordBytes) {
      const t = this.pendingTals.shift() as Buffer;
      t.copy(rec, o);
      o += t.length;
    }
    this.lastAnnotationUsed = o - this.annotationStart;
    const position = this.headerBytes + this.records * this.recordBytes;
    try {
      this.writeFully(rec, position);
    } catch (err) {
      const e = describeFsError(err, 'write to', this.path, `The recording up to ${this.durationSavedS().toFixed(2)} s is saved.`);
      // drop a partly written record so the file stays a whole number of records
      try {
        if (this.fd !== null) this.fs.ftruncateSync(this.fd, position);
      } catch {
        /* the reader drops a partial tail anyway */
      }
      this.fail(e);
      throw e;
    }
    this.records++;
    this.fill = 0;
    this.recordOnsetS += this.recordDurationS;
  }

  /** Writes queued TALs into the unused annotation bytes of the last record already on disk. */
  private appendToLastRecord(): void {
    if (this.records === 0 || this.pendingTals.length === 0) return;
    const parts: Buffer[] = [];
    let used = this.lastAnnotationUsed;
    while (this.pendingTals.length > 0 && used + this.pendingTals[0].length <= this.annotationBytes) {
      const t = this.pendingTals.shift() as Buffer;
      parts.push(t);
      used += t.length;
    }
    if (!parts.length) return;
    const position = this.headerBytes + (this.records - 1) * this.recordBytes + this.annotationStart + this.lastAnnotationUsed;
    this.writeFully(Buffer.concat(parts), position);
    this.lastAnnotationUsed = used;
  }

  /** Seconds of real signal in the whole records on disk (approximate with gaps). */
  private durationSavedS(): number {
    return this.records * this.recordDurationS;
  }

  private writeFully(buf: Buffer, position: number): void {
    let done = 0;
    while (done < buf.length) {
      const n = this.fs.writeSync(this.fd as number, buf, done, buf.length - done, position + done);
      if (n <= 0) throw Object.assign(new Error('write returned 0 bytes'), { code: 'EIO' });
      done += n;
    }
  }

  private sync(): void {
    this.lastSyncMs = Date.now();
    try {
      this.fs.fsyncSync(this.fd as number);
    } catch (err) {
      const e = describeFsError(err, 'flush', this.path, `The recording up to ${this.durationSavedS().toFixed(2)} s is saved.`);
      this.fail(e);
      throw e;
    }
  }

  private fail(e: RecordingFsError): void {
    if (this.failure) return;
    this.failure = e;
    try {
      this.onError?.(e);
    } catch (cbErr) {
      console.error('myocue: recording onError callback failed:', cbErr);
    }
  }
}
