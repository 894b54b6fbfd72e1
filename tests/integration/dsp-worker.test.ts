/**
 * WorkerDspRunner on the built dist/dsp-worker.js equals InlineDspRunner bit for bit on a 10 s,
 * 8-channel block stream; a crashed worker is reported and the runner can be configured again.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InlineDspRunner, WorkerDspRunner, type DspRunner, type ProcessedBlock } from '../../src/dsp/dsp-runner';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import type { SampleBlock } from '../../src/devices/sample-source';

const ROOT = resolve(__dirname, '../..');
const WORKER = resolve(ROOT, 'dist/dsp-worker.js');
const RATE = 2000;
const C = 8;

beforeAll(() => {
  // the full build first; if other parts of the app do not build yet, the worker alone
  try {
    execFileSync('node', ['scripts/build.mjs', '--quiet'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    execFileSync(
      'npx',
      ['esbuild', 'src/dsp/dsp-worker.ts', '--bundle', '--platform=node', '--format=esm', '--outfile=dist/dsp-worker.js', '--packages=external', '--log-level=error'],
      { cwd: ROOT, stdio: 'pipe' },
    );
  }
  expect(existsSync(WORKER)).toBe(true);
}, 120_000);

/** 10 s of 8-channel EMG-like µV in blocks of varying size (like a serial link delivers them). */
function* blocks(seconds: number): Generator<SampleBlock> {
  let s = 2024;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296 - 0.5);
  let index = 0;
  const total = seconds * RATE;
  let size = 17;
  while (index < total) {
    const n = Math.min(size, total - index);
    const samples = new Float64Array(n * C);
    for (let i = 0; i < n; i++) {
      const t = (index + i) / RATE;
      const act = 0.05 + Math.max(0, Math.sin(2 * Math.PI * t / 2)) ** 2;
      for (let c = 0; c < C; c++) samples[i * C + c] = 300 * act * (rnd() + rnd()) + 25 * Math.sin(2 * Math.PI * 50 * t) + 100;
    }
    yield { samples, frameCount: n, channelCount: C, firstSampleIndex: index, receivedAtMs: index / 2 };
    index += n;
    size = (size * 37) % 400 + 1;
  }
}

async function runAll(runner: DspRunner, resetAtBlock: number): Promise<ProcessedBlock[]> {
  const out: ProcessedBlock[] = [];
  runner.onProcessed((b) => out.push(b));
  await runner.configure(DEFAULT_DSP_SETTINGS, RATE, C);
  let expected = 0;
  let i = 0;
  for (const b of blocks(10)) {
    if (i++ === resetAtBlock) runner.reset();
    runner.process(b);
    expected++;
  }
  const t0 = Date.now();
  while (out.length < expected && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
  return out;
}

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('WorkerDspRunner (dist/dsp-worker.js)', () => {
  it('equals InlineDspRunner bit for bit on 10 s × 8 channels, reset included', async () => {
    const inline = new InlineDspRunner();
    const worker = new WorkerDspRunner(WORKER);
    const a = await runAll(inline, 40);
    const b = await runAll(worker, 40);
    expect(b.length).toBe(a.length);
    let frames = 0;
    for (let i = 0; i < a.length; i++) {
      expect(b[i].firstSampleIndex).toBe(a[i].firstSampleIndex);
      expect(b[i].receivedAtMs).toBe(a[i].receivedAtMs);
      expect(b[i].frames).toBe(a[i].frames);
      expect(bytes(b[i].filtered).equals(bytes(a[i].filtered)), `filtered, block ${i}`).toBe(true);
      expect(bytes(b[i].envelope).equals(bytes(a[i].envelope)), `envelope, block ${i}`).toBe(true);
      frames += a[i].frames;
    }
    expect(frames).toBe(10 * RATE);
    await inline.close();
    await worker.close();
  });

  it('runs the WebAssembly SIMD kernel from dist/ (the JS loop only as a fallback)', async () => {
    const worker = new WorkerDspRunner(WORKER);
    const r = await worker.configure(DEFAULT_DSP_SETTINGS, RATE, C);
    expect(r.kernel).toBe('wasm-simd');
    await worker.close();
  });

  it('leaves the caller\'s samples intact by default and transfers them with transferInput', async () => {
    const worker = new WorkerDspRunner(WORKER);
    await worker.configure(DEFAULT_DSP_SETTINGS, RATE, C);
    const block = blocks(1).next().value as SampleBlock;
    worker.process(block);
    expect(block.samples.length).toBe(block.frameCount * C);
    await worker.close();
    const owning = new WorkerDspRunner(WORKER, { transferInput: true });
    await owning.configure(DEFAULT_DSP_SETTINGS, RATE, C);
    const got = new Promise<ProcessedBlock>((r) => owning.onProcessed(r));
    owning.process(block);
    expect(block.samples.length).toBe(0); // detached: it now belongs to the worker
    expect((await got).frames).toBe(block.frameCount);
    await owning.close();
  });

  it('rejects invalid settings with the plain message', async () => {
    const worker = new WorkerDspRunner(WORKER);
    await expect(worker.configure({ ...DEFAULT_DSP_SETTINGS, highpassHz: 500 }, RATE, C)).rejects.toThrow(/must be below the low-pass corner/);
    const ok = await worker.configure(DEFAULT_DSP_SETTINGS, 500, C);
    expect(ok.effectiveLowpassHz).toBe(225);
    expect(ok.warnings.length).toBe(2);
    await worker.close();
  });

  it('reports a crash and works again after configure', async () => {
    const worker = new WorkerDspRunner(WORKER);
    await worker.configure(DEFAULT_DSP_SETTINGS, RATE, C);
    const errors: string[] = [];
    worker.onError((m) => errors.push(m));
    // crash it from inside: terminate the thread behind the runner's back
    const w = (worker as unknown as { worker: { terminate(): Promise<number> } }).worker;
    await w.terminate();
    // the runner hears the thread's exit: waited for, not assumed within 50 ms
    for (let i = 0; i < 1000 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(errors[0]).toMatch(/signal-processing thread stopped/);
    const processed: ProcessedBlock[] = [];
    worker.onProcessed((b) => processed.push(b));
    const block = blocks(1).next().value as SampleBlock;
    worker.process(block); // dropped: no worker
    await worker.configure(DEFAULT_DSP_SETTINGS, RATE, C);
    worker.process(block);
    const t0 = Date.now();
    while (processed.length === 0 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
    expect(processed).toHaveLength(1);
    await worker.close();
  });
});
