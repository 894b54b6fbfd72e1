/**
 * Replays a recording through the same path as a live band: a SampleSource of kind 'replay'.
 *
 * - Native .bdf/.edf files are streamed from disk (EdfFrameReader: a 1-hour file is never loaded
 *   whole); any other format goes through importRecording and is played from memory.
 * - Pacing: a timer (default every 20 ms) emits the samples that are due at the speed factor
 *   (0.25×–8×), in blocks, with `firstSampleIndex` on the file's clock (gaps count), so the host's
 *   timing and DSP see exactly what they would have seen live.
 * - A recorded gap (disconnect) is replayed as a 'gap' event with reason 'disconnect' and takes
 *   its time; seek() emits a 'gap' with reason 'seek' (missingSamples is the jump in stream index,
 *   negative when seeking backwards) so the host resets its filters.
 * - Annotations (sets, reps, cues) are emitted as 'annotation' events when playback passes them;
 *   marks() lists them all for jump-to-set/rep.
 */
import * as pathMod from 'node:path';
import { SourceEmitter, type SampleSource, type SourceListener, type SourceState, type StreamInfo } from './sample-source';
import { EdfFrameReader, frameToTime, openEdfRecording, timeToFrame, type EdfSegment } from '../recording/bdf-reader';
import { signalScale } from '../recording/edf-header';
import { parseEvent, type RecordingEvent } from '../recording/events';
import { importRecordingAsync } from '../formats/detect-format';
import type { ImportOptions, ImportedRecording } from '../formats/imported-recording';

export const MIN_SPEED = 0.25;
export const MAX_SPEED = 8;

export interface RecordingMark {
  /** seconds since the first sample (file clock, gaps included) */
  timeS: number;
  durationS: number | null;
  text: string;
  event: RecordingEvent;
}

export interface RecordingPlayerOptions extends Pick<ImportOptions, 'format' | 'rateHz' | 'channels' | 'columns' | 'boardId'> {
  /** playback speed factor (default 1) */
  speed?: number;
  /** timer period, ms (default 20) */
  tickMs?: number;
  /** start paused (default false: start() begins playing) */
  startPaused?: boolean;
  /** clock in ms (default performance.now); tests pass a fake one */
  now?: () => number;
  /** 'manual': no timer, the caller drives tick() (tests); default 'timer' */
  pacing?: 'timer' | 'manual';
  /** what the user should know about the file beyond what it says itself (e.g. a converted import's warnings) */
  notes?: string[];
}

/** What the player needs from a recording: random access to interleaved µV frames. */
interface FrameSource {
  sampleRateHz: number;
  channelCount: number;
  channelLabels: string[];
  totalFrames: number;
  segments: EdfSegment[];
  marks: RecordingMark[];
  adcBits: number;
  microvoltsPerCount: number;
  layout: string;
  warnings: string[];
  readFrames(first: number, count: number, out: Float64Array): number;
  close(): void;
}

function edfSource(path: string): FrameSource {
  const info = openEdfRecording(path);
  if (info.totalFrames === 0) throw new Error(`${info.fileName}: the recording contains no samples`);
  const reader = new EdfFrameReader(info);
  const first = info.header.signals[info.dataSignals[0]];
  return {
    sampleRateHz: info.sampleRateHz,
    channelCount: info.channelCount,
    channelLabels: info.channelLabels,
    totalFrames: info.totalFrames,
    segments: info.segments,
    marks: info.annotations.map((a) => ({ timeS: a.onsetS, durationS: a.durationS, text: a.text, event: parseEvent(a.text) })),
    adcBits: info.variant === 'bdf' ? 24 : 16,
    microvoltsPerCount: signalScale(first).gain,
    layout: `${info.variant}${info.plus ? '+' + info.plus : ''}`,
    warnings: [...(info.recoveryMessage ? [info.recoveryMessage] : []), ...info.warnings],
    readFrames: (f, n, out) => reader.readFrames(f, n, out),
    close: () => reader.close(),
  };
}

function memorySource(rec: ImportedRecording): FrameSource {
  const nc = rec.samples.length;
  return {
    sampleRateHz: rec.sampleRateHz,
    channelCount: nc,
    channelLabels: rec.channelLabels,
    totalFrames: rec.frameCount,
    segments: rec.segments.length ? rec.segments : [{ firstFrame: 0, frames: rec.frameCount, onsetS: 0 }],
    marks: rec.annotations.map((a) => ({ timeS: a.onsetS, durationS: a.durationS, text: a.text, event: parseEvent(a.text) })),
    adcBits: 0,
    microvoltsPerCount: 1,
    layout: rec.layout,
    warnings: [...rec.warnings, ...(rec.units.some((u) => u !== 'uV') ? [`channels not in µV are replayed as they are: ${rec.channelLabels.filter((_, k) => rec.units[k] !== 'uV').join(', ')}`] : [])],
    readFrames: (first, count, out) => {
      const n = Math.max(0, Math.min(count, rec.frameCount - first));
      for (let f = 0; f < n; f++) for (let c = 0; c < nc; c++) out[f * nc + c] = rec.samples[c][first + f];
      return n;
    },
    close: () => undefined,
  };
}

export class RecordingPlayer implements SampleSource {
  readonly kind = 'replay' as const;
  readonly path: string;
  private readonly emitter = new SourceEmitter();
  private readonly opts: RecordingPlayerOptions;
  private readonly imported: ImportedRecording | null;
  private src: FrameSource | null = null;
  private stateValue: SourceState = 'idle';
  private speedValue: number;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private lastTickMs = 0;
  /** frames due but not yet emitted (fractional accumulator) */
  private due = 0;
  /** next frame to emit (gapless index) */
  private frame = 0;
  /** frames of a recorded gap still to be "played" (time passes, nothing is emitted) */
  private gapLeft = 0;
  /** index of the next annotation to emit */
  private nextMark = 0;
  private block: Float64Array = new Float64Array(0);
  private maxBlockFrames = 0;

  constructor(pathOrRecording: string | ImportedRecording, opts: RecordingPlayerOptions = {}) {
    this.opts = opts;
    this.imported = typeof pathOrRecording === 'string' ? null : pathOrRecording;
    this.path = typeof pathOrRecording === 'string' ? pathOrRecording : pathOrRecording.path;
    this.speedValue = RecordingPlayer.checkSpeed(opts.speed ?? 1);
    this.now = opts.now ?? (() => performance.now());
  }

  private static checkSpeed(x: number): number {
    if (!(x >= MIN_SPEED && x <= MAX_SPEED)) throw new Error(`Playback speed ${x}× is outside ${MIN_SPEED}× to ${MAX_SPEED}×`);
    return x;
  }

  on(listener: SourceListener): () => void {
    return this.emitter.on(listener);
  }

  get state(): SourceState {
    return this.stateValue;
  }

  /** Seconds from the first sample to the end, including recorded gaps. */
  get durationS(): number {
    const s = this.src;
    if (!s || !s.segments.length) return 0;
    const last = s.segments[s.segments.length - 1];
    return last.onsetS + last.frames / s.sampleRateHz;
  }

  get speed(): number {
    return this.speedValue;
  }

  /** Current playback position, seconds on the file clock. */
  position(): number {
    const s = this.src;
    if (!s) return 0;
    if (this.frame >= s.totalFrames) return this.durationS;
    return frameToTime(s.segments, s.sampleRateHz, this.frame) - this.gapLeft / s.sampleRateHz;
  }

  /** All annotations of the recording, in time order (sets, reps, cues, gaps, notes). */
  marks(): RecordingMark[] {
    return this.src ? [...this.src.marks] : [];
  }

  async start(): Promise<void> {
    if (this.src) return;
    this.setState('connecting', `Opening ${pathMod.basename(this.path)}`);
    try {
      const isEdf = !this.imported && /\.(bdf|edf)$/i.test(this.path) && (this.opts.format ?? 'auto') !== 'csv';
      this.src = isEdf
        ? edfSource(this.path)
        : memorySource(this.imported ?? (await importRecordingAsync(this.path, { ...this.opts, format: this.opts.format ?? 'auto' })));
    } catch (err) {
      this.setState('error', (err as Error).message);
      throw err;
    }
    const s = this.src;
    s.marks.sort((a, b) => a.timeS - b.timeS);
    // blocks of at most 50 ms of signal, like a live band's packets
    this.maxBlockFrames = Math.max(1, Math.ceil(s.sampleRateHz * 0.05));
    this.block = new Float64Array(this.maxBlockFrames * s.channelCount);
    const info: StreamInfo = {
      deviceId: `replay:${pathMod.basename(this.path)}`,
      firmware: `recording (${s.layout})`,
      sampleRateHz: s.sampleRateHz,
      channelCount: s.channelCount,
      adcBits: s.adcBits,
      microvoltsPerCount: s.microvoltsPerCount,
      channelLabels: s.channelLabels,
    };
    this.emitter.emit({ type: 'info', info });
    const note = [...s.warnings, ...(this.opts.notes ?? [])].join('; ') || undefined;
    if (this.opts.startPaused) this.setState('paused', note);
    else this.play(note);
  }

  async stop(): Promise<void> {
    this.clearTimer();
    if (this.src) {
      this.src.close();
      this.src = null;
      this.setState('idle', 'Replay stopped');
    }
  }

  /** Starts or resumes playback (from the start again after 'ended'). */
  play(message?: string): void {
    const s = this.src;
    if (!s) throw new Error('The recording is not open yet: call start() first');
    if (this.stateValue === 'ended') this.seek(0);
    if (this.stateValue === 'streaming') return;
    this.lastTickMs = this.now();
    this.due = 0;
    this.setState('streaming', message);
    if ((this.opts.pacing ?? 'timer') === 'timer') {
      this.clearTimer();
      this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 20);
    }
  }

  pause(): void {
    if (this.stateValue !== 'streaming') return;
    this.tick(); // emit what is due up to now
    this.clearTimer();
    this.setState('paused');
  }

  setSpeed(x: number): void {
    RecordingPlayer.checkSpeed(x);
    if (this.stateValue === 'streaming') this.tick(); // samples due at the old speed go out first
    this.speedValue = x;
  }

  /** Jumps to `seconds` on the file clock (clamped to the recording). */
  seek(seconds: number): void {
    const s = this.src;
    if (!s) throw new Error('The recording is not open yet: call start() first');
    if (!Number.isFinite(seconds)) throw new Error(`Cannot seek to ${seconds} s`);
    const rate = s.sampleRateHz;
    const t = Math.min(Math.max(0, seconds), this.durationS);
    const oldIndex = Math.round(this.position() * rate);
    this.frame = Math.min(timeToFrame(s.segments, rate, t), s.totalFrames);
    this.gapLeft = 0;
    this.due = 0;
    this.lastTickMs = this.now();
    const pos = this.position();
    this.nextMark = s.marks.findIndex((m) => m.timeS >= pos - 1e-9);
    if (this.nextMark < 0) this.nextMark = s.marks.length;
    const newIndex = Math.round(pos * rate);
    this.emitter.emit({ type: 'gap', firstSampleIndex: newIndex, missingSamples: newIndex - oldIndex, durationMs: ((newIndex - oldIndex) / rate) * 1000, reason: 'seek' });
    if (this.stateValue === 'ended') this.setState('paused');
  }

  /** Emits everything due by now. Called by the timer; tests with pacing 'manual' call it directly. */
  tick(): void {
    const s = this.src;
    if (!s || this.stateValue !== 'streaming') return;
    const nowMs = this.now();
    const dtS = Math.max(0, (nowMs - this.lastTickMs) / 1000);
    this.lastTickMs = nowMs;
    const rate = s.sampleRateHz;
    this.due += dtS * this.speedValue * rate;
    // never more than ~2 s of file time per tick (a suspended laptop must not flood the host)
    if (this.due > rate * 2 * this.speedValue) this.due = rate * 2 * this.speedValue;
    const nc = s.channelCount;
    while (this.due >= 1 && this.frame < s.totalFrames) {
      if (this.gapLeft > 0) {
        const k = Math.min(this.gapLeft, Math.floor(this.due));
        this.gapLeft -= k;
        this.due -= k;
        this.emitMarksUpTo(this.position());
        continue;
      }
      const seg = this.segmentOf(this.frame);
      const left = seg.firstFrame + seg.frames - this.frame;
      const k = Math.min(Math.floor(this.due), left, this.maxBlockFrames);
      const startTime = seg.onsetS + (this.frame - seg.firstFrame) / rate;
      const n = s.readFrames(this.frame, k, this.block);
      if (n <= 0) break;
      this.emitter.emit({
        type: 'samples',
        block: {
          samples: this.block.slice(0, n * nc),
          frameCount: n,
          channelCount: nc,
          firstSampleIndex: Math.round(startTime * rate),
          receivedAtMs: nowMs,
        },
      });
      this.frame += n;
      this.due -= n;
      // marks inside the block go out right after it (the host has the samples up to the mark)
      this.emitMarksUpTo(startTime + (n - 0.5) / rate);
      if (this.frame === seg.firstFrame + seg.frames && this.frame < s.totalFrames) {
        // a recorded gap: report it and let its time pass
        const next = this.segmentOf(this.frame);
        const endS = seg.onsetS + seg.frames / rate;
        const missing = Math.max(0, Math.round((next.onsetS - endS) * rate));
        this.emitter.emit({ type: 'gap', firstSampleIndex: Math.round(endS * rate), missingSamples: missing, durationMs: (next.onsetS - endS) * 1000, reason: 'disconnect' });
        this.gapLeft = missing;
      }
    }
    if (this.frame >= s.totalFrames) {
      this.emitMarksUpTo(Infinity);
      this.clearTimer();
      this.setState('ended', `End of ${pathMod.basename(this.path)}`);
    }
  }

  private segmentOf(frame: number): EdfSegment {
    const segs = (this.src as FrameSource).segments;
    for (const sg of segs) if (frame < sg.firstFrame + sg.frames) return sg;
    return segs[segs.length - 1];
  }

  /** Emits the annotations whose onset is before `timeS`. */
  private emitMarksUpTo(timeS: number): void {
    const s = this.src as FrameSource;
    while (this.nextMark < s.marks.length && s.marks[this.nextMark].timeS <= timeS + 1e-9) {
      const m = s.marks[this.nextMark++];
      this.emitter.emit({ type: 'annotation', sampleIndex: Math.round(m.timeS * s.sampleRateHz), text: m.text });
    }
  }

  private clearTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private setState(state: SourceState, message?: string): void {
    this.stateValue = state;
    this.emitter.emit({ type: 'state', state, ...(message ? { message } : {}) });
  }
}
