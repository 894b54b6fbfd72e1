/** Unit tests of the host's named stages: the DSP pipeline and the replay controller. */
import { describe, it, expect } from 'vitest';
import { DspPipeline } from '../../src/host/dsp-pipeline';
import { ReplayController } from '../../src/host/replay-controller';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { InlineDspRunner } from '../../src/dsp/dsp-runner';
import type { LiveFrame } from '../../src/host/contract';
import type { StreamInfo } from '../../src/devices/sample-source';

const INFO: StreamInfo = { deviceId: 't', firmware: 't', sampleRateHz: 1000, channelCount: 2, adcBits: 24, microvoltsPerCount: 0.02, channelLabels: ['a', 'b'] };
const blockAt = (first: number, frames = 100) => ({ samples: new Float64Array(frames * 2).fill(1), frameCount: frames, channelCount: 2, firstSampleIndex: first, receivedAtMs: 0 });

describe('DspPipeline', () => {
  it('blocks given while the chain is configured wait and go through in order; stop() drops them', async () => {
    const processed: number[] = [];
    const frames: LiveFrame[] = [];
    let changed = 0;
    const p = new DspPipeline({
      workerPath: () => 'inline',
      displayRateHz: 200,
      onProcessed: (b) => processed.push(b.firstSampleIndex),
      onFrame: (f) => frames.push(f),
      onChanged: () => changed++,
    });
    const ready = p.configure(DEFAULT_DSP_SETTINGS, INFO);
    p.process(blockAt(0));
    p.process(blockAt(100));
    await ready;
    p.process(blockAt(200));
    expect(processed).toEqual([0, 100, 200]);
    expect(frames.reduce((n, f) => n + f.pointCount, 0)).toBe(60);
    expect(p.displayRateHz).toBe(200);
    expect(changed).toBe(1);
    // a reconfiguration that is overtaken by stop(): its queued blocks never reach training
    const again = p.configure(DEFAULT_DSP_SETTINGS, INFO);
    p.process(blockAt(300));
    p.stop();
    await again;
    expect(processed).toEqual([0, 100, 200]);
    await p.close();
  });

  it('a worker file that is missing is a warning, not a crash', async () => {
    const p = new DspPipeline({
      workerPath: () => {
        throw new Error('dist/dsp-worker.js is missing');
      },
      onProcessed: () => undefined,
      onFrame: () => undefined,
      onChanged: () => undefined,
    });
    await p.configure(DEFAULT_DSP_SETTINGS, INFO);
    expect(p.warnings.join(' ')).toMatch(/could not start: dist\/dsp-worker.js is missing/);
  });
});

describe('ReplayController', () => {
  it('says plainly that nothing is replayed; no status without a player', () => {
    const r = new ReplayController(() => undefined);
    expect(r.active).toBe(false);
    expect(r.status()).toBeNull();
    expect(() => r.control({ action: 'play' })).toThrow(/Nothing is being replayed/);
  });
});

/** A runner whose "worker" can be crashed by the test; otherwise the inline chain. */
class CrashableRunner extends InlineDspRunner {
  configures = 0;
  dead = false;
  private readonly crashListeners = new Set<(m: string) => void>();
  override async configure(...a: Parameters<InlineDspRunner['configure']>) {
    this.configures++;
    this.dead = false;
    return super.configure(...a);
  }
  override process(block: Parameters<InlineDspRunner['process']>[0]): void {
    if (!this.dead) super.process(block);
  }
  onCrash(l: (m: string) => void): () => void {
    this.crashListeners.add(l);
    return () => this.crashListeners.delete(l);
  }
  crash(): void {
    this.dead = true;
    for (const l of this.crashListeners) l('exit code 1');
  }
}

describe('DspPipeline: a crashed worker', () => {
  it('is reported, restarted once, and the hole is reported with its length; a second crash stops with a message', async () => {
    const runner = new CrashableRunner();
    const processed: number[] = [];
    const gaps: number[] = [];
    const stopped: string[] = [];
    let changed = 0;
    const p = new DspPipeline({
      workerPath: () => 'inline',
      createRunner: () => runner,
      onProcessed: (b) => processed.push(b.firstSampleIndex),
      onFrame: () => undefined,
      onChanged: () => changed++,
      onGap: (d) => gaps.push(d),
      onStopped: (m) => stopped.push(m),
    });
    await p.configure(DEFAULT_DSP_SETTINGS, INFO);
    p.process(blockAt(0));
    runner.dead = true; // the worker died with block 100 in flight; its exit is noticed after
    p.process(blockAt(100));
    runner.crash();
    p.process(blockAt(200)); // waits for the restarted worker
    await new Promise((r) => setTimeout(r, 0));
    expect(runner.configures).toBe(2);
    expect(p.warnings.join(' ')).toMatch(/crashed and was restarted \(exit code 1\)/);
    p.process(blockAt(300));
    expect(processed).toEqual([0, 200, 300]);
    expect(gaps).toEqual([0.1]);
    expect(p.stopped).toBeNull();
    runner.crash();
    await new Promise((r) => setTimeout(r, 0));
    expect(runner.configures).toBe(2);
    expect(stopped).toHaveLength(1);
    expect(p.stopped).toMatch(/stopped: the processing thread crashed again .* recording goes on/);
    expect(changed).toBeGreaterThanOrEqual(3);
    // a new stream gets its one restart again
    await p.configure(DEFAULT_DSP_SETTINGS, { ...INFO });
    expect(p.stopped).toBeNull();
  });
});
