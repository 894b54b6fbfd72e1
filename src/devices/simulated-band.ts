/**
 * The simulated band as an in-process SampleSource: the EmgSimulator paced by the wall clock.
 * Every tick works out how many frames are due from the elapsed time since start (never from tick
 * counts), so timer jitter and event-loop stalls never make the stream drift: a late tick simply
 * delivers a bigger block. Blocks are contiguous, starting at sample index 0.
 */
import { EmgSimulator, resolveSimulatorOptions } from './simulated-emg';
import { emptyCounters, SourceEmitter, type SampleSource, type SourceListener, type StreamInfo } from './sample-source';
import type { SimulatorOptions } from './simulator-options';

/** µV per count of an ADS1299-class 24-bit ADC at gain 24 (4.5 V reference): the real band's scale */
export const BAND_MICROVOLTS_PER_COUNT = (4.5 / (2 ** 23 - 1) / 24) * 1e6;
/** how often blocks are delivered, ms (50 blocks/s: smooth enough for a 60 Hz display) */
const TICK_MS = 20;

export class SimulatedBand implements SampleSource {
  readonly kind = 'simulated' as const;
  readonly options: SimulatorOptions;
  private readonly emitter = new SourceEmitter();
  private simulator: EmgSimulator | null = null;
  private timer: NodeJS.Timeout | null = null;
  private startedAtMs = 0;
  private framesSent = 0;

  /** Throws an Error with a plain message when an option is out of range. */
  constructor(options: Partial<SimulatorOptions> = {}) {
    this.options = resolveSimulatorOptions(options);
  }

  on(listener: SourceListener): () => void {
    return this.emitter.on(listener);
  }

  async start(): Promise<void> {
    if (this.timer) return;
    const o = this.options;
    this.emitter.emit({ type: 'state', state: 'connecting', message: 'Starting the simulated band' });
    const info: StreamInfo = {
      deviceId: 'sim',
      firmware: 'myocue-sim 1',
      sampleRateHz: o.sampleRateHz,
      channelCount: o.channels,
      adcBits: 24,
      microvoltsPerCount: BAND_MICROVOLTS_PER_COUNT,
      channelLabels: Array.from({ length: o.channels }, (_, i) => `ch${i + 1}`),
    };
    this.emitter.emit({ type: 'info', info });
    this.emitter.emit({ type: 'counters', counters: emptyCounters() });
    this.emitter.emit({
      type: 'state',
      state: 'streaming',
      message: `Simulated band: ${o.channels} ch at ${o.sampleRateHz} Hz, focus ${o.focus}`,
    });
    this.simulator = new EmgSimulator(o);
    this.framesSent = 0;
    this.startedAtMs = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.simulator = null;
    this.emitter.emit({ type: 'state', state: 'idle', message: 'Simulated band stopped' });
  }

  /** Emits every frame due by now as one block. */
  private tick(): void {
    const sim = this.simulator;
    if (!sim) return;
    const now = performance.now();
    const due = Math.floor(((now - this.startedAtMs) / 1000) * this.options.sampleRateHz) - this.framesSent;
    if (due <= 0) return;
    const ch = this.options.channels;
    // a fresh array per block: subscribers keep blocks (recording, display), so no reuse here
    const samples = new Float64Array(due * ch);
    sim.fill(samples, due);
    // what a real band delivers: whole ADC counts × the scale (so a recording stores it exactly)
    const k = BAND_MICROVOLTS_PER_COUNT;
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(samples[i] / k) * k;
    const firstSampleIndex = this.framesSent;
    this.framesSent += due;
    this.emitter.emit({ type: 'samples', block: { samples, frameCount: due, channelCount: ch, firstSampleIndex, receivedAtMs: now } });
  }
}
