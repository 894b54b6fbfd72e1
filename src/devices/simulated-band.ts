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

/**
 * Speed of every simulated band's clock in this process (1 = real time). Only benchmarks change
 * it: bench/long-session-bench.ts feeds a two-hour session through the real host in minutes.
 */
let timeScale = 1;

/** Sets the simulated bands' clock speed (1 = real time); a running band continues from where it is. */
export function setSimulatedTimeScale(x: number): void {
  if (!(x > 0 && x <= 1000)) throw new Error(`a simulated clock speed must be in (0, 1000] (got ${x})`);
  timeScale = x;
}

export class SimulatedBand implements SampleSource {
  readonly kind = 'simulated' as const;
  readonly options: SimulatorOptions;
  private readonly emitter = new SourceEmitter();
  private simulator: EmgSimulator | null = null;
  private timer: NodeJS.Timeout | null = null;
  private startedAtMs = 0;
  private framesSent = 0;
  /** stream time (ms) at startedAtMs and the clock speed since then (setSimulatedTimeScale) */
  private offsetMs = 0;
  private scale = 1;

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
    this.offsetMs = 0;
    this.scale = timeScale;
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
    if (this.scale !== timeScale) {
      // the clock's speed changed: continue from the stream time reached so far
      this.offsetMs += (now - this.startedAtMs) * this.scale;
      this.startedAtMs = now;
      this.scale = timeScale;
    }
    const due = Math.floor(((this.offsetMs + (now - this.startedAtMs) * this.scale) / 1000) * this.options.sampleRateHz) - this.framesSent;
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
