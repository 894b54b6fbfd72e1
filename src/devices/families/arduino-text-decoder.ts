/**
 * A text stream from an Arduino / ESP32 / Teensy sketch (MyoWare 2.0, BioAmp and other analog EMG
 * boards): Serial Plotter lines (plotter-line.ts), no timestamps, often unpaced.
 *
 * - lines end at '\n' ('\r' stripped); the first, possibly partial, line after connect is dropped
 *   (IDE 2.x does the same); lines over 512 bytes are noise
 * - banner and debug lines (no number) are skipped; the channel count is the number of values of
 *   the first 3 consistent lines, later lines with another count are counted corrupt
 * - a value labelled t / ms / us / t_us / time / millis / micros is a timestamp: it paces the rate
 *   estimate and is not a channel
 * - the rate: `rateHz` when the user gives it (--rate), else estimated from arrival times
 *   (arrival-rate.ts): samples are held until the first estimate (≈ 1 s), then the stream
 *   starts; a drift of more than 5 % for 3 s re-announces the rate
 * - units: scale presets (analog-scale.ts); counts by default
 */
import { emptyCounters, type LinkCounters, type StreamInfo } from '../sample-source';
import { FrameCollector, type FamilyDecoder, type FamilyEvent } from './family-decoder';
import { PlotterLineParser } from './plotter-line';
import { ArrivalRateEstimator, type RateEstimate } from './arrival-rate';
import { parseAnalogScale, type AnalogScale } from './analog-scale';

const MAX_LINE_BYTES = 512;
const LOCK_LINES = 3;
/** drift beyond this, for DRIFT_CHECKS estimates in a row, re-announces the rate */
const DRIFT_FRACTION = 0.05;
const DRIFT_CHECKS = 3;
/** below this the stream is too slow for raw EMG (the band-pass needs ≥ 2 × 450 Hz; 500 Hz is a bare minimum) */
export const MIN_RAW_EMG_RATE_HZ = 500;
/** more jitter than this (% of the rate) and the timeline is not trustworthy */
export const MAX_JITTER_PCT = 20;
/** samples held while the first estimate forms (bounded: a fast stream reaches its estimate first) */
const MAX_HELD_FRAMES = 20_000;
const TIMESTAMP_LABEL = /^(t|ms|us|t_us|t_ms|time|millis|micros)$/i;

export interface ArduinoTextDecoderOptions {
  /** samples per second (per channel); undefined: estimate from arrival times */
  rateHz?: number;
  /** `--scale` preset text, or a parsed preset */
  scale?: string | AnalogScale;
  /** drop the first (possibly partial) line, as the plotter does (default true) */
  dropFirstLine?: boolean;
}

export class ArduinoTextDecoder implements FamilyDecoder {
  readonly counters: LinkCounters = emptyCounters();
  readonly scale: AnalogScale;
  private readonly userRateHz: number | undefined;
  private readonly parser = new PlotterLineParser();
  private readonly estimator = new ArrivalRateEstimator();
  private line = '';
  private lineTooLong = false;
  private skipFirst: boolean;
  private readonly dropFirstLine: boolean;
  private channels = 0;
  private labels: string[] = [];
  private timestampIndex = -1;
  private candidate: { count: number; seen: number } | null = null;
  private out: FrameCollector | null = null;
  private announced: { hz: number; jitterPct: number } | null = null;
  private driftRun = 0;
  private lastCheckMs = 0;
  private held: Float64Array[] = [];
  private heldFrames = 0;
  private warned = new Set<string>();

  constructor(o: ArduinoTextDecoderOptions = {}) {
    this.userRateHz = o.rateHz;
    this.scale = typeof o.scale === 'object' ? o.scale : parseAnalogScale(o.scale);
    this.dropFirstLine = o.dropFirstLine ?? true;
    this.skipFirst = this.dropFirstLine;
  }

  get channelCount(): number {
    return this.channels;
  }

  /** The current rate estimate (null before enough arrivals). */
  rateEstimate(): RateEstimate | null {
    return this.estimator.estimate();
  }

  resync(): void {
    this.line = '';
    this.lineTooLong = false;
    this.skipFirst = this.dropFirstLine;
    this.estimator.reset();
  }

  info(hz: number, jitterPct: number | undefined): StreamInfo {
    const s = this.scale;
    const notes: string[] = [];
    if (s.note) notes.push(s.note);
    if (s.unit === 'ADC counts') notes.push('Values are ADC counts as printed, not µV: choose a scale preset (e.g. myoware-raw:10bit-5v) for µV, or calibrate an MVC and read %MVC.');
    return {
      deviceId: 'arduino-text',
      firmware: 'serial-plotter text',
      sampleRateHz: hz,
      channelCount: this.channels,
      adcBits: 24,
      // finer than one printed unit, so printed decimals survive the 24-bit recording
      microvoltsPerCount: s.microvoltsPerCount / 128,
      channelLabels: this.labels.length === this.channels ? this.labels : Array.from({ length: this.channels }, (_, i) => `ch${i + 1}`),
      family: 'arduino',
      scale: s.description,
      unit: s.unit,
      rateSource: this.userRateHz !== undefined ? 'user' : 'estimated',
      ...(jitterPct !== undefined ? { rateJitterPct: Math.round(jitterPct * 10) / 10 } : {}),
      signal: s.signal,
      notes,
    };
  }

  push(bytes: Uint8Array, atMs: number): FamilyEvent[] {
    const events: FamilyEvent[] = [];
    try {
      const lines = this.splitLines(bytes);
      let dataLines = 0;
      for (const l of lines) if (this.onLine(l, events)) dataLines++;
      this.onArrival(atMs, dataLines, events);
    } catch (err) {
      this.counters.linesCorrupt++;
      events.push({ type: 'notice', level: 'warning', text: `Text stream decoder error: ${err instanceof Error ? err.message : String(err)}` });
    }
    this.flushCollected(events);
    return events;
  }

  private splitLines(bytes: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 10) continue;
      this.appendText(bytes, start, i);
      start = i + 1;
      if (this.skipFirst) this.skipFirst = false;
      else if (!this.lineTooLong) lines.push(this.line);
      else this.counters.bytesDiscarded += this.line.length;
      this.line = '';
      this.lineTooLong = false;
    }
    this.appendText(bytes, start, bytes.length);
    return lines;
  }

  private appendText(bytes: Uint8Array, from: number, to: number): void {
    if (to <= from || this.lineTooLong) return;
    if (this.line.length + (to - from) > MAX_LINE_BYTES) {
      this.lineTooLong = true;
      this.counters.bytesDiscarded += to - from;
      return;
    }
    // latin1: every byte is one char; non-ASCII bytes simply make the line non-numeric
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
    this.line += s;
  }

  /** One line; returns true if it carried a sample. */
  private onLine(text: string, events: FamilyEvent[]): boolean {
    const c = this.counters;
    const parsed = this.parser.parse(text);
    if (!parsed) {
      // banner or debug text: skipped, not an error
      c.bytesDiscarded += text.length + 1;
      return false;
    }
    if (this.channels === 0) {
      // lock the shape on a few consistent lines (a half line after reset must not decide it)
      const tsIndex = parsed.labels.findIndex((l) => TIMESTAMP_LABEL.test(l));
      const count = parsed.values.length - (tsIndex >= 0 ? 1 : 0);
      if (count < 1 || count > 16) {
        c.linesCorrupt++;
        return false;
      }
      if (this.candidate && this.candidate.count === count) this.candidate.seen++;
      else this.candidate = { count, seen: 1 };
      if (this.candidate.seen < LOCK_LINES) return false;
      this.channels = count;
      this.timestampIndex = tsIndex;
      this.labels = parsed.labels.filter((_, i) => i !== tsIndex).map((l, i) => (/^value \d+$/.test(l) ? `ch${i + 1}` : l.slice(0, 16)));
      this.out = new FrameCollector(count);
      if (this.userRateHz !== undefined) this.announce(this.userRateHz, undefined, events);
    }
    const expected = this.channels + (this.timestampIndex >= 0 ? 1 : 0);
    if (parsed.values.length !== expected) {
      c.linesCorrupt++;
      return false;
    }
    c.linesOk++;
    const out = this.out!;
    const o = out.reserveFrame();
    const d = out.data;
    const s = this.scale;
    let k = 0;
    for (let i = 0; i < parsed.values.length; i++) {
      if (i === this.timestampIndex) continue;
      d[o + k++] = (parsed.values[i] - s.offsetCounts) * s.microvoltsPerCount;
    }
    return true;
  }

  /** Frames of this push go out, or, before the rate is known, wait (bounded) for it. */
  private flushCollected(events: FamilyEvent[]): void {
    const out = this.out;
    if (!out) return;
    if (this.announced) {
      out.flush(events);
      return;
    }
    const tmp: FamilyEvent[] = [];
    out.flush(tmp);
    for (const e of tmp) {
      if (e.type !== 'samples') continue;
      this.held.push(e.samples);
      this.heldFrames += e.frames;
    }
    while (this.heldFrames > MAX_HELD_FRAMES && this.held.length > 1) this.heldFrames -= this.held.shift()!.length / this.channels;
  }

  private onArrival(atMs: number, dataLines: number, events: FamilyEvent[]): void {
    if (dataLines > 0) this.estimator.add(atMs, dataLines);
    if (this.userRateHz !== undefined || this.channels === 0) return;
    if (atMs - this.lastCheckMs < 1000 && this.announced) return;
    const est = this.estimator.estimate();
    if (!est) return;
    this.lastCheckMs = atMs;
    if (!this.announced) {
      if (est.spanS < 0.8) return;
      this.announce(est.hz, est.jitterPct, events);
      return;
    }
    const drift = Math.abs(est.hz - this.announced.hz) / this.announced.hz;
    if (drift > DRIFT_FRACTION) this.driftRun++;
    else this.driftRun = 0;
    if (this.driftRun >= DRIFT_CHECKS) {
      this.driftRun = 0;
      events.push({ type: 'notice', level: 'warning', text: `The text stream's rate changed from ${fmtHz(this.announced.hz)} to ${fmtHz(est.hz)}: following it.` });
      this.out?.flush(events);
      this.announce(est.hz, est.jitterPct, events);
    }
  }

  private announce(hz: number, jitterPct: number | undefined, events: FamilyEvent[]): void {
    const rounded = roundRate(hz);
    this.announced = { hz: rounded, jitterPct: jitterPct ?? 0 };
    events.push({ type: 'info', info: this.info(rounded, jitterPct) });
    if (rounded < MIN_RAW_EMG_RATE_HZ && this.scale.signal === 'raw') {
      this.warnOnce(
        events,
        'slow',
        `The text stream comes at about ${fmtHz(rounded)}: too slow for raw EMG (muscle signals reach 450 Hz and need at least ${MIN_RAW_EMG_RATE_HZ}, better 1000 samples/s). ` +
          'The sketch probably waits between samples (delay()): remove the delay and print at 1000 Hz on a timer, or stream the sensor\'s ENV output and choose --scale myoware-env.',
      );
    }
    if (jitterPct !== undefined && jitterPct > MAX_JITTER_PCT) {
      this.warnOnce(
        events,
        'jitter',
        `The text stream is irregular (its rate varies by about ${jitterPct.toFixed(0)} %): times and frequencies may be off. Pace the sketch on a timer, or give the rate with --rate.`,
      );
    }
    this.flushHeld(events);
  }

  private flushHeld(events: FamilyEvent[]): void {
    if (this.held.length === 0) return;
    for (const h of this.held) events.push({ type: 'samples', samples: h, frames: h.length / this.channels });
    this.held = [];
    this.heldFrames = 0;
  }

  private warnOnce(events: FamilyEvent[], key: string, text: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    events.push({ type: 'notice', level: 'warning', text });
  }
}

function roundRate(hz: number): number {
  // 3 significant digits: an estimate is not more precise than that, and a stable number reads better
  if (hz <= 0 || !Number.isFinite(hz)) return 1;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(hz)));
  const f = 10 ** digits;
  return Math.round(hz * f) / f;
}

function fmtHz(hz: number): string {
  return `${hz >= 100 ? hz.toFixed(0) : hz.toFixed(1)} Hz`;
}

