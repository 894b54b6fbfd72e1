/**
 * The one interface every source of EMG samples implements: the serial band, the in-process
 * simulated band and the recording player plug into the host the same way (the OpenBCI GUI
 * `DataSource` idea; node-serialport's binding idea).
 *
 * Units are explicit: samples are microvolts (µV), channel-interleaved, at `sampleRateHz`.
 */
import { Listeners } from '../util/listeners';

/** What a source tells the host about its stream once it knows (for a band: from its header line). */
export interface StreamInfo {
  /** e.g. "myocue-band-0001", "sim", "replay:session.bdf" */
  deviceId: string;
  /** firmware or generator version, free text */
  firmware: string;
  /** samples per second per channel; never assumed, always reported by the source */
  sampleRateHz: number;
  channelCount: number;
  /** ADC resolution in bits (24 for the Myocue band) */
  adcBits: number;
  /** physical scale: µV per ADC count */
  microvoltsPerCount: number;
  /** one label per channel ("ch1".. or muscle names from a recording) */
  channelLabels: string[];
  /** the device family that produced the stream ('myocue', 'cyton', 'arduino', 'bitalino', 'spiker'); absent for sim/replay */
  family?: string;
  /** how counts became the unit: e.g. "ADS1299 gain 24", "MyoWare 2.0 ENV, 12-bit 3.3 V ADC, gain 10200" */
  scale?: string;
  /** the unit of the samples: 'µV' at the electrodes (default), or 'a.u.' / 'ADC counts' where the device gives no physical scale */
  unit?: 'µV' | 'a.u.' | 'ADC counts';
  /** where sampleRateHz comes from: the device says so, estimated from arrival times, or set by the user (--rate) */
  rateSource?: 'device' | 'estimated' | 'user';
  /** estimated rates only: the spread of the estimate, % of the rate */
  rateJitterPct?: number;
  /** what the signal already is: raw EMG (default) or an envelope the sensor made (MyoWare ENV): no band-pass for those */
  signal?: 'raw' | 'rectified' | 'envelope';
  /** plain sentences about the stream's limits the user should know (said once, shown next to the device) */
  notes?: string[];
}

/** A block of consecutive samples, all channels. */
export interface SampleBlock {
  /** channel-interleaved µV: [s0c0, s0c1, …, s0c(n-1), s1c0, …]; length = frameCount × channelCount */
  samples: Float64Array;
  /** number of sample frames (one frame = one sample of every channel) */
  frameCount: number;
  channelCount: number;
  /** index of the first frame since the stream started, counting frames lost in gaps */
  firstSampleIndex: number;
  /** performance.now()-style ms timestamp when the bytes arrived (for latency measurement) */
  receivedAtMs: number;
}

/** Counters a source keeps about the link (all cumulative since connect). */
export interface LinkCounters {
  linesOk: number;
  /** lines missing according to the sequence counter */
  linesLost: number;
  /** lines that arrived but failed the checksum or did not parse */
  linesCorrupt: number;
  /** bytes thrown away while resynchronising (garbage between lines) */
  bytesDiscarded: number;
  /** gaps marked in the stream (lost lines or disconnects) */
  gaps: number;
  /** total sample frames missing in those gaps */
  samplesMissing: number;
  /** lines that arrived twice (a repeated sequence number): dropped, not data */
  linesDuplicate?: number;
}

export function emptyCounters(): LinkCounters {
  return { linesOk: 0, linesLost: 0, linesCorrupt: 0, bytesDiscarded: 0, gaps: 0, samplesMissing: 0, linesDuplicate: 0 };
}

export type SourceState = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'paused' | 'ended' | 'error';

export type SourceEvent =
  | { type: 'info'; info: StreamInfo }
  | { type: 'samples'; block: SampleBlock }
  /** samples that should have come but did not; the stream index jumps by `missingSamples` */
  | { type: 'gap'; firstSampleIndex: number; missingSamples: number; durationMs: number; reason: 'lost-lines' | 'disconnect' | 'seek' }
  | { type: 'state'; state: SourceState; message?: string }
  | { type: 'counters'; counters: LinkCounters }
  /** a marker carried by the source itself (a replayed recording's set/rep annotations) */
  | { type: 'annotation'; sampleIndex: number; text: string };

export type SourceListener = (event: SourceEvent) => void;

export interface SampleSource {
  readonly kind: 'serial' | 'simulated' | 'replay';
  /** Opens and starts streaming. Resolves once started; failures are reported as 'state' events too. */
  start(): Promise<void>;
  /** Stops and releases the device. Safe to call twice. */
  stop(): Promise<void>;
  /** Subscribes to events; returns the unsubscribe function. */
  on(listener: SourceListener): () => void;
}

/** The listeners of a source (util/listeners.ts): a subscriber's bug never stops the stream for the others. */
export class SourceEmitter {
  private readonly listeners = new Listeners<SourceEvent>('source listener');
  on(listener: SourceListener): () => void {
    return this.listeners.add(listener);
  }
  emit(event: SourceEvent): void {
    this.listeners.emit(event);
  }
}
