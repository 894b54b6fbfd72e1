/**
 * Runs the EMG chain for the host, either on the calling thread (InlineDspRunner: tests, batch
 * analysis) or on a worker thread (WorkerDspRunner: the live app, so a slow frame never stalls I/O).
 * Both give bit-identical output: the same EmgChain code runs in both places (its WebAssembly SIMD
 * kernel when dist/emg-kernel.wasm loads, beside dist/dsp-worker.js; else its JS loop).
 *
 * Ordering: blocks are processed in the order given; configure/reset take effect between blocks in
 * call order. Blocks given before the first successful configure (or after a failed one) are
 * DROPPED: there is no chain to run them through, and the host drops them too until configure
 * resolves (it rebuilds its display for the new stream). Blocks given after configure() was called
 * but before it resolved are processed with the new chain (the worker handles messages in order).
 */
import { Worker } from 'node:worker_threads';
import type { DspSettings } from '../host/contract';
import type { SampleBlock } from '../devices/sample-source';
import { EmgChain } from './emg-chain';
import { Listeners } from '../util/listeners';

export interface ProcessedBlock {
  /** band-passed, notched signal, channel-interleaved µV, length frames × channelCount */
  filtered: Float64Array;
  /** RMS envelope, channel-interleaved µV */
  envelope: Float64Array;
  frames: number;
  channelCount: number;
  firstSampleIndex: number;
  receivedAtMs: number;
}

export interface DspConfigureResult {
  effectiveLowpassHz: number;
  warnings: string[];
  /** which loop runs the chain: the WebAssembly SIMD kernel or the JS fallback (same numbers) */
  kernel: 'wasm-simd' | 'js';
}

export interface DspRunner {
  /** (Re)builds the chain; rejects with a plain message on invalid settings. */
  configure(settings: DspSettings, sampleRateHz: number, channelCount: number): Promise<DspConfigureResult>;
  /** Queues one block; results arrive through onProcessed, in order. */
  process(block: SampleBlock): void;
  /** Clears the filter state (after a disconnect or a seek). */
  reset(): void;
  /** Returns the unsubscribe function. */
  onProcessed(listener: (b: ProcessedBlock) => void): () => void;
  /** Problems that are not answers to a call: a crashed worker, a block that does not fit the chain. */
  onError(listener: (message: string) => void): () => void;
  /**
   * The chain itself is gone (the worker thread died): also reported through onError; blocks are
   * dropped until configure() is called again. Only runners that can crash have it.
   */
  onCrash?(listener: (message: string) => void): () => void;
  close(): Promise<void>;
}

// ---- messages between WorkerDspRunner and dsp-worker.ts ---------------------------------------

export type ToWorker =
  | { type: 'configure'; id: number; settings: DspSettings; sampleRateHz: number; channelCount: number }
  | { type: 'process'; samples: Float64Array; frames: number; channelCount: number; firstSampleIndex: number; receivedAtMs: number }
  | { type: 'reset' };

export type FromWorker =
  | { type: 'configured'; id: number; effectiveLowpassHz: number; warnings: string[]; kernel: 'wasm-simd' | 'js' }
  | { type: 'processed'; block: ProcessedBlock }
  /** id set: the answer to that configure; no id: a problem with a block */
  | { type: 'error'; id?: number; message: string };

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The chain plus the block bookkeeping shared by the inline runner and the worker:
 * checks a block against the chain and allocates the two output arrays (they are handed to
 * listeners, who may keep them). `inPlace` reuses the input array for the filtered output
 * (the worker does: the input buffer was transferred to it and is otherwise garbage).
 */
export class ChainHost {
  private chain: EmgChain | null = null;

  configure(settings: DspSettings, sampleRateHz: number, channelCount: number): DspConfigureResult {
    this.chain = null; // a failed configure leaves no chain: blocks are dropped until a good one
    const chain = new EmgChain(settings, sampleRateHz, channelCount);
    this.chain = chain;
    return { effectiveLowpassHz: chain.effectiveLowpassHz, warnings: [...chain.warnings], kernel: chain.kernel };
  }

  /** null: no chain yet (block dropped). Throws when the block does not fit the chain. */
  process(samples: Float64Array, frames: number, channelCount: number, inPlace: boolean): { filtered: Float64Array; envelope: Float64Array } | null {
    const chain = this.chain;
    if (!chain) return null;
    if (channelCount !== chain.channelCount) {
      throw new Error(`A block with ${channelCount} channels reached a chain set up for ${chain.channelCount}; it was dropped.`);
    }
    const n = frames * channelCount;
    if (samples.length < n) throw new Error(`A block claims ${frames} frames but holds only ${samples.length / channelCount}; it was dropped.`);
    const filtered = inPlace && samples.length === n ? samples : new Float64Array(n);
    const envelope = new Float64Array(n);
    chain.process(samples, frames, filtered, envelope);
    return { filtered, envelope };
  }

  reset(): void {
    this.chain?.reset();
  }
}

/** Runs the chain on the calling thread; onProcessed fires synchronously inside process(). */
export class InlineDspRunner implements DspRunner {
  private readonly host = new ChainHost();
  private readonly processed = new Listeners<ProcessedBlock>('DSP listener');
  private readonly errors = new Listeners<string>('DSP listener');

  async configure(settings: DspSettings, sampleRateHz: number, channelCount: number): Promise<DspConfigureResult> {
    return this.host.configure(settings, sampleRateHz, channelCount);
  }

  process(block: SampleBlock): void {
    let out;
    try {
      out = this.host.process(block.samples, block.frameCount, block.channelCount, false);
    } catch (err) {
      this.errors.emit(message(err));
      return;
    }
    if (!out) return;
    this.processed.emit({
      ...out,
      frames: block.frameCount,
      channelCount: block.channelCount,
      firstSampleIndex: block.firstSampleIndex,
      receivedAtMs: block.receivedAtMs,
    });
  }

  reset(): void {
    this.host.reset();
  }

  onProcessed(listener: (b: ProcessedBlock) => void): () => void {
    return this.processed.add(listener);
  }

  onError(listener: (message: string) => void): () => void {
    return this.errors.add(listener);
  }

  async close(): Promise<void> {}
}

export interface WorkerDspRunnerOptions {
  /**
   * true: process() transfers the caller's sample buffer to the worker (zero copy; the caller's
   * block.samples becomes unusable, detached). Only for callers that own their blocks outright.
   * false (default): the samples are copied once into a fresh buffer, which is transferred; the
   * caller's block stays intact for other listeners (e.g. the recorder). Either way the results
   * come back transferred, never cloned.
   */
  transferInput?: boolean;
}

/**
 * Runs the chain in a node:worker_threads Worker on the BUILT worker file (dist/dsp-worker.js,
 * ESM). A crash of the worker is reported through onError, pending configures reject, blocks
 * are dropped until configure() is called again, which starts a fresh worker.
 */
export class WorkerDspRunner implements DspRunner {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: DspConfigureResult) => void; reject: (e: Error) => void }>();
  private readonly processed = new Listeners<ProcessedBlock>('DSP listener');
  private readonly errors = new Listeners<string>('DSP listener');
  private readonly crashes = new Listeners<string>('DSP listener');
  private closed = false;

  constructor(
    private readonly workerPath: string,
    private readonly options: WorkerDspRunnerOptions = {},
  ) {}

  configure(settings: DspSettings, sampleRateHz: number, channelCount: number): Promise<DspConfigureResult> {
    if (this.closed) return Promise.reject(new Error('The signal processing was closed.'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'configure', id, settings, sampleRateHz, channelCount } satisfies ToWorker);
    });
  }

  process(block: SampleBlock): void {
    const worker = this.worker;
    if (!worker) return; // not configured, or crashed: dropped (see the file comment)
    const n = block.frameCount * block.channelCount;
    const src = block.samples;
    const own = this.options.transferInput && src.byteOffset === 0 && src.buffer.byteLength === n * 8 && src.buffer instanceof ArrayBuffer;
    const samples = own ? src : src.slice(0, n);
    const msg: ToWorker = {
      type: 'process',
      samples,
      frames: block.frameCount,
      channelCount: block.channelCount,
      firstSampleIndex: block.firstSampleIndex,
      receivedAtMs: block.receivedAtMs,
    };
    worker.postMessage(msg, [samples.buffer as ArrayBuffer]);
  }

  reset(): void {
    this.worker?.postMessage({ type: 'reset' } satisfies ToWorker);
  }

  onProcessed(listener: (b: ProcessedBlock) => void): () => void {
    return this.processed.add(listener);
  }

  onError(listener: (message: string) => void): () => void {
    return this.errors.add(listener);
  }

  onCrash(listener: (message: string) => void): () => void {
    return this.crashes.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failPending('The signal processing was closed.');
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.workerPath);
    this.worker = worker;
    worker.on('message', (m: FromWorker) => {
      if (this.worker !== worker) return; // a late message from a replaced worker
      switch (m.type) {
        case 'processed':
          this.processed.emit(m.block);
          break;
        case 'configured': {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          p?.resolve({ effectiveLowpassHz: m.effectiveLowpassHz, warnings: m.warnings, kernel: m.kernel });
          break;
        }
        case 'error': {
          const p = m.id === undefined ? undefined : this.pending.get(m.id);
          if (p) {
            this.pending.delete(m.id!);
            p.reject(new Error(m.message));
          } else this.errors.emit(m.message);
          break;
        }
      }
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null; // next configure() starts a fresh worker
      const text = `The signal-processing thread stopped (${why}); the live view is paused until the stream is set up again.`;
      this.failPending(text);
      this.errors.emit(text);
      this.crashes.emit(text);
    };
    worker.on('error', (err) => died(message(err)));
    worker.on('messageerror', (err) => died(`a message could not be read: ${message(err)}`));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return worker;
  }

  private failPending(text: string): void {
    for (const p of this.pending.values()) p.reject(new Error(text));
    this.pending.clear();
  }
}
