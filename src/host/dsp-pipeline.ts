/**
 * The host's DSP pipeline: sample blocks → the DSP runner (worker thread: src/dsp/dsp-worker.ts,
 * or inline) → training and display decimation. It owns the runner, the blocks that wait while the
 * chain is (re)configured, and the configuration generation (results of an older configuration are
 * dropped).
 *
 * A crashed worker is reported, restarted once (with the same settings, for the same stream), and
 * the hole in the processed signal is reported as a gap with its length; a second crash of the same
 * stream stops live processing with a plain message (the recording of raw samples goes on).
 */
import { dspSettingsForSignal } from '../devices/families/envelope-signal';
import type { DspSettings, LiveFrame } from './contract';
import type { SampleBlock, StreamInfo } from '../devices/sample-source';
import { InlineDspRunner, WorkerDspRunner, type DspRunner, type ProcessedBlock } from '../dsp/dsp-runner';
import { DisplayDecimator, DEFAULT_DISPLAY_RATE_HZ } from './display-decimator';

/** At most this much signal waits for the DSP chain to start (it takes milliseconds). */
export const MAX_QUEUED_SECONDS = 5;

export interface DspPipelineOptions {
  /** built worker file, or 'inline' to run DSP on this thread; asked when the first stream starts */
  workerPath: () => string | 'inline';
  displayRateHz?: number;
  /** every processed block, before display decimation (training) */
  onProcessed(block: ProcessedBlock): void;
  /** a display frame is ready */
  onFrame(frame: LiveFrame): void;
  /** settings, warnings or readiness changed: the host re-emits its status */
  onChanged(): void;
  /** live processing missed `durationS` of the stream (a crashed worker restarted) */
  onGap?(durationS: number, message: string): void;
  /** live processing stopped for this stream (the worker crashed again): why */
  onStopped?(message: string): void;
  /** tests: a runner of their own instead of the worker or inline runner */
  createRunner?(workerPath: string | 'inline'): DspRunner;
}

/** crashes of one stream's worker that are answered with a restart */
export const MAX_DSP_RESTARTS = 1;

export class DspPipeline {
  private runner: DspRunner | null = null;
  private decimator: DisplayDecimator | null = null;
  private configuring = false;
  private waiting: SampleBlock[] = [];
  private waitingFrames = 0;
  private info: StreamInfo | null = null;
  private settings: DspSettings | null = null;
  /** restarts done for the current stream */
  private restarts = 0;
  /** sample index one past the last processed block, and whether a crash left a hole after it */
  private processedEnd: number | null = null;
  private holeAfterCrash = false;
  /** why live processing stopped for this stream, null while it runs */
  stopped: string | null = null;
  /** incremented on every (re)configuration; results of an older configuration are dropped */
  private generation = 0;
  effectiveLowpassHz = 0;
  /** what the chain said about the settings (rate too low, corner moved, could not start) */
  private chainWarnings: string[] = [];
  /** what happened to the stream's processing (refused blocks, crashes), until the next stream */
  private notes: string[] = [];

  constructor(private readonly opts: DspPipelineOptions) {}

  /** plain-language warnings about the signal chain, for the status */
  get warnings(): string[] {
    return [...this.chainWarnings, ...this.notes];
  }

  get displayRateHz(): number {
    return this.decimator?.displayRateHz ?? this.opts.displayRateHz ?? DEFAULT_DISPLAY_RATE_HZ;
  }

  /** (Re)builds the chain for this stream; blocks given meanwhile wait and go through in order. */
  async configure(settings: DspSettings, info: StreamInfo): Promise<void> {
    if (info !== this.info) {
      this.restarts = 0;
      this.stopped = null;
      this.notes = [];
      this.processedEnd = null;
      this.holeAfterCrash = false;
    }
    const generation = ++this.generation;
    this.info = info;
    this.settings = settings;
    this.decimator = null;
    this.configuring = true;
    try {
      if (!this.runner) this.runner = this.createRunner();
      const runner = this.runner;
      // an envelope from the sensor (MyoWare ENV) is not band-passed as raw EMG
      const forSignal = dspSettingsForSignal(settings, info.signal);
      const result = await runner.configure(forSignal.settings, info.sampleRateHz, info.channelCount);
      if (generation !== this.generation) return;
      this.effectiveLowpassHz = result.effectiveLowpassHz;
      this.chainWarnings = forSignal.warning ? [forSignal.warning, ...result.warnings] : result.warnings;
      this.decimator = new DisplayDecimator(info.sampleRateHz, info.channelCount, this.opts.displayRateHz ?? DEFAULT_DISPLAY_RATE_HZ);
      for (const b of this.waiting) if (b.channelCount === info.channelCount) runner.process(b);
    } catch (err) {
      this.chainWarnings = [`Signal processing could not start: ${err instanceof Error ? err.message : String(err)}`];
    } finally {
      if (generation === this.generation) {
        this.configuring = false;
        this.waiting = [];
        this.waitingFrames = 0;
      }
    }
    this.opts.onChanged();
  }

  process(block: SampleBlock): void {
    if (this.runner && this.decimator) this.runner.process(block);
    else if (this.configuring) this.queueWhileConfiguring(block);
  }

  /** Clears the filter state (after a disconnect or a seek: the signal before is unrelated). */
  reset(): void {
    this.runner?.reset();
  }

  /** The stream went away: pending configuration results and queued blocks are dropped. */
  stop(): void {
    this.generation++;
    this.configuring = false;
    this.waiting = [];
    this.waitingFrames = 0;
    this.info = null;
    this.processedEnd = null;
    this.holeAfterCrash = false;
  }

  async close(): Promise<void> {
    this.stop();
    await this.runner?.close();
    this.runner = null;
  }

  /**
   * Blocks that arrive while the DSP chain is being (re)configured wait here and are processed
   * in order once it is ready: no sample is skipped, so live, replayed and offline envelopes of
   * the same stream are identical from its first sample.
   */
  private queueWhileConfiguring(block: SampleBlock): void {
    this.waiting.push(block);
    this.waitingFrames += block.frameCount;
    const max = (this.info?.sampleRateHz ?? 2000) * MAX_QUEUED_SECONDS;
    while (this.waitingFrames > max && this.waiting.length > 1) this.waitingFrames -= this.waiting.shift()!.frameCount;
  }

  private createRunner(): DspRunner {
    const path = this.opts.workerPath();
    const runner: DspRunner = this.opts.createRunner ? this.opts.createRunner(path) : path === 'inline' ? new InlineDspRunner() : new WorkerDspRunner(path);
    runner.onProcessed((block) => this.onProcessed(block));
    runner.onError((message) => this.onRunnerError(message));
    runner.onCrash?.((message) => this.onCrash(runner, message));
    return runner;
  }

  /** A block the chain refused (not a crash): shown with the DSP warnings, once per message. */
  private onRunnerError(message: string): void {
    if (this.notes.includes(message)) return;
    this.notes = [...this.notes, message].slice(-5);
    this.opts.onChanged();
  }

  private onCrash(runner: DspRunner, message: string): void {
    if (runner !== this.runner || !this.info || !this.settings) return;
    // the blocks in flight in the dead worker are lost: the next processed block shows how many
    this.decimator = null;
    this.holeAfterCrash = true;
    if (this.restarts >= MAX_DSP_RESTARTS) {
      this.stopped = `Live signal processing stopped: the processing thread crashed again (${message}). The recording goes on; reconnect the band to restart the live view.`;
      this.notes = [...this.notes.filter((w) => w !== message), this.stopped];
      this.opts.onStopped?.(this.stopped);
      this.opts.onChanged();
      return;
    }
    this.restarts++;
    this.notes = [...this.notes.filter((w) => w !== message), `The processing thread crashed and was restarted (${message}).`];
    void this.configure(this.settings, this.info);
  }

  private onProcessed(block: ProcessedBlock): void {
    const decimator = this.decimator;
    if (!decimator || decimator.channelCount * block.frames !== block.filtered.length) return;
    if (this.holeAfterCrash) {
      this.holeAfterCrash = false;
      const from = this.processedEnd ?? block.firstSampleIndex;
      const missing = Math.max(0, block.firstSampleIndex - from);
      const durationS = missing / decimator.sampleRateHz;
      this.opts.onGap?.(durationS, `Live processing missed ${durationS.toFixed(2)} s after the processing thread crashed and was restarted.`);
    }
    this.processedEnd = block.firstSampleIndex + block.frames;
    this.opts.onProcessed(block);
    for (const frame of decimator.push(block.filtered, block.envelope, block.frames, block.firstSampleIndex, block.receivedAtMs)) this.opts.onFrame(frame);
  }
}
