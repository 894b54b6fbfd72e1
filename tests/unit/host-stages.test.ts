/** Unit tests of the host's named stages: the DSP pipeline and the replay controller. */
import { describe, it, expect } from 'vitest';
import { DspPipeline } from '../../src/host/dsp-pipeline';
import { ReplayController } from '../../src/host/replay-controller';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
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
