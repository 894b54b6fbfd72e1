/**
 * The host's DSP pipeline: sample blocks → the DSP runner (worker thread: src/dsp/dsp-worker.ts,
 * or inline) → training and display decimation. It owns the runner, the blocks that wait while the
 * chain is (re)configured, and the configuration generation (results of an older configuration are
 * dropped).
 */
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
}

export class DspPipeline {
  private runner: DspRunner | null = null;
  private decimator: DisplayDecimator | null = null;
  private configuring = false;
  private waiting: SampleBlock[] = [];
  private waitingFrames = 0;
  private info: StreamInfo | null = null;
  /** incremented on every (re)configuration; results of an older configuration are dropped */
  private generation = 0;
  effectiveLowpassHz = 0;
  warnings: string[] = [];

  constructor(private readonly opts: DspPipelineOptions) {}

  get displayRateHz(): number {
    return this.decimator?.displayRateHz ?? this.opts.displayRateHz ?? DEFAULT_DISPLAY_RATE_HZ;
  }

  /** (Re)builds the chain for this stream; blocks given meanwhile wait and go through in order. */
  async configure(settings: DspSettings, info: StreamInfo): Promise<void> {
    const generation = ++this.generation;
    this.info = info;
    this.decimator = null;
    this.configuring = true;
    try {
      if (!this.runner) this.runner = this.createRunner();
      const runner = this.runner;
      const result = await runner.configure(settings, info.sampleRateHz, info.channelCount);
      if (generation !== this.generation) return;
      this.effectiveLowpassHz = result.effectiveLowpassHz;
      this.warnings = result.warnings;
      this.decimator = new DisplayDecimator(info.sampleRateHz, info.channelCount, this.opts.displayRateHz ?? DEFAULT_DISPLAY_RATE_HZ);
      for (const b of this.waiting) if (b.channelCount === info.channelCount) runner.process(b);
    } catch (err) {
      this.warnings = [`Signal processing could not start: ${err instanceof Error ? err.message : String(err)}`];
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
    const runner = path === 'inline' ? new InlineDspRunner() : new WorkerDspRunner(path);
    runner.onProcessed((block) => this.onProcessed(block));
    return runner;
  }

  private onProcessed(block: ProcessedBlock): void {
    const decimator = this.decimator;
    if (!decimator || decimator.channelCount * block.frames !== block.filtered.length) return;
    this.opts.onProcessed(block);
    const frame = decimator.push(block.filtered, block.envelope, block.frames, block.firstSampleIndex, block.receivedAtMs);
    if (frame) this.opts.onFrame(frame);
  }
}
