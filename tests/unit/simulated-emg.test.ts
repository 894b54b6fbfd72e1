/** The EMG simulator and the in-process simulated band. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import FFT from 'fft.js';
import { EmgSimulator, repSchedule, resolveSimulatorOptions } from '../../src/devices/simulated-emg';
import { BAND_MICROVOLTS_PER_COUNT, SimulatedBand } from '../../src/devices/simulated-band';
import { DEFAULT_SIMULATOR_OPTIONS, type SimulatorOptions } from '../../src/devices/simulator-options';
import { SIMULATOR_MAX_CHANNELS } from '../../src/devices/simulator-options-schema';
import type { SampleBlock, SourceEvent } from '../../src/devices/sample-source';

const FS = 2000;

function generate(opts: Partial<SimulatorOptions>, seconds: number): { x: Float64Array; ch: number } {
  const o = { ...DEFAULT_SIMULATOR_OPTIONS, ...opts };
  const sim = new EmgSimulator(o);
  const n = Math.round(seconds * o.sampleRateHz);
  const x = new Float64Array(n * o.channels);
  sim.fill(x, n);
  return { x, ch: o.channels };
}

function rms(sig: { x: Float64Array; ch: number }, c: number, fromS: number, toS: number, fs = FS): number {
  let s = 0;
  let k = 0;
  for (let i = Math.round(fromS * fs); i < Math.round(toS * fs); i++, k++) s += sig.x[i * sig.ch + c] ** 2;
  return Math.sqrt(s / k);
}

/** RMS of channel c over ±0.2 s around the squeeze of each of the first `reps` reps */
function squeezeRms(opts: Partial<SimulatorOptions>, c: number, reps = 8): number {
  const schedule = repSchedule(opts, reps);
  const sig = generate(opts, schedule.at(-1)!.slotEndS + 1);
  let sum = 0;
  for (const r of schedule) sum += rms(sig, c, r.peakS - 0.2, r.peakS + 0.2) ** 2;
  return Math.sqrt(sum / schedule.length);
}

/** exact equality of two sample arrays (vitest's deep toEqual is slow on long typed arrays) */
function identical(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const QUIET: Partial<SimulatorOptions> = { mainsAmplitudeUv: 0, baselineNoiseUv: 0 };

describe('EmgSimulator', () => {
  it('is deterministic for a seed, different across seeds, and independent of block sizes', () => {
    const a = generate({ channels: 4, assistingChannels: [1], seed: 7 }, 3).x;
    const b = generate({ channels: 4, assistingChannels: [1], seed: 7 }, 3).x;
    const c = generate({ channels: 4, assistingChannels: [1], seed: 8 }, 3).x;
    expect(identical(b, a)).toBe(true);
    expect(identical(c, a)).toBe(false);
    const sim = new EmgSimulator({ ...DEFAULT_SIMULATOR_OPTIONS, channels: 4, assistingChannels: [1], seed: 7 });
    const pieces = new Float64Array(a.length);
    let frame = 0;
    for (const size of [1, 7, 333, 40, 2000, 1]) {
      const block = new Float64Array(size * 4);
      sim.fill(block, size);
      pieces.set(block, frame * 4);
      frame += size;
    }
    const rest = new Float64Array((6000 - frame) * 4);
    sim.fill(rest, 6000 - frame);
    pieces.set(rest, frame * 4);
    expect(identical(pieces, a)).toBe(true);
    expect(sim.position).toBe(6000);
  });

  it('target RMS at the squeeze is ≈ targetPeakUv, assisting ≈ assistingPeakUv, rest ≈ baseline', () => {
    expect(squeezeRms({}, 0)).toBeGreaterThan(300 * 0.9);
    expect(squeezeRms({}, 0)).toBeLessThan(300 * 1.1);
    expect(squeezeRms({}, 1)).toBeGreaterThan(180 * 0.85);
    expect(squeezeRms({}, 1)).toBeLessThan(180 * 1.1);
    const lead = generate({ mainsAmplitudeUv: 0 }, 2);
    expect(rms(lead, 0, 0.1, 2)).toBeCloseTo(3, 0); // baseline noise only during the lead-in
    const withHum = generate({ mainsAmplitudeUv: 20 }, 2);
    // 20 µV sine + 10 % third harmonic: 20·√(1.01/2) ≈ 14.2 µV RMS, with 3 µV noise ≈ 14.5
    expect(rms(withHum, 0, 0.1, 2)).toBeCloseTo(Math.sqrt(20 ** 2 * 1.01 / 2 + 9), 0);
  });

  it('internal focus raises the target by ~22 % and lowers the assisting muscle; external the reverse, a little', () => {
    const none = { target: squeezeRms(QUIET, 0), assisting: squeezeRms(QUIET, 1) };
    const internal = { target: squeezeRms({ ...QUIET, focus: 'internal' }, 0), assisting: squeezeRms({ ...QUIET, focus: 'internal' }, 1) };
    const external = { target: squeezeRms({ ...QUIET, focus: 'external' }, 0), assisting: squeezeRms({ ...QUIET, focus: 'external' }, 1) };
    // same seed, same noise: the ratio is the focus gain itself
    expect(internal.target / none.target).toBeCloseTo(1.22, 2);
    expect(internal.assisting / none.assisting).toBeCloseTo(0.85, 2);
    expect(external.target / none.target).toBeCloseTo(0.95, 2);
    expect(external.assisting / none.assisting).toBeCloseTo(1.05, 2);
  });

  it('puts most of the muscle power in 20-250 Hz, plus the mains line', () => {
    const sig = generate({ mainsHz: 60, mainsAmplitudeUv: 20, seed: 3 }, 14);
    const N = 4096;
    const fft = new FFT(N);
    const frame = new Float64Array(N);
    const spectrum = fft.createComplexArray() as number[];
    const power = new Float64Array(N / 2);
    const start = Math.round(2 * FS); // during the first set
    for (let w = 0; w < 10; w++) {
      for (let i = 0; i < N; i++) frame[i] = sig.x[(start + (w * N) / 2 + i) * sig.ch] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N));
      fft.realTransform(spectrum, frame);
      for (let k = 1; k < N / 2; k++) power[k] += spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
    }
    let total = 0;
    let band = 0;
    for (let k = 1; k < N / 2; k++) {
      const f = (k * FS) / N;
      total += power[k];
      if (f >= 20 && f <= 250) band += power[k];
    }
    expect(band / total).toBeGreaterThan(0.95);
    // at rest (lead-in) the mains line and its 3rd harmonic are most of what is left
    const M = 2048;
    const restFft = new FFT(M);
    const restFrame = new Float64Array(M);
    const restSpectrum = restFft.createComplexArray() as number[];
    for (let i = 0; i < M; i++) restFrame[i] = sig.x[i * sig.ch] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / M));
    restFft.realTransform(restSpectrum, restFrame);
    const bandPower = (lo: number, hi: number) => {
      let p = 0;
      for (let k = 1; k < M / 2; k++) if ((k * FS) / M >= lo && (k * FS) / M <= hi) p += restSpectrum[2 * k] ** 2 + restSpectrum[2 * k + 1] ** 2;
      return p;
    };
    const all = bandPower(0, FS / 2);
    expect(bandPower(57, 63) / all).toBeGreaterThan(0.85);
    expect(bandPower(177, 183) / all).toBeGreaterThan(0.005);
  });

  it('reps: 3 gives exactly 3 activation bursts, then rest', () => {
    const opts: Partial<SimulatorOptions> = { reps: 3, repSeconds: 2, leadInS: 1, seed: 5 };
    const schedule = repSchedule(opts, 10);
    expect(schedule).toHaveLength(3);
    const seconds = schedule[2].slotEndS + 6;
    const sig = generate(opts, seconds);
    // 50 ms RMS envelope, bursts = upward crossings of a threshold between rest and peak
    const win = 100;
    let bursts = 0;
    let above = false;
    const onsets: number[] = [];
    for (let i = 0; i + win <= sig.x.length / sig.ch; i += win) {
      let s = 0;
      for (let j = i; j < i + win; j++) s += sig.x[j * sig.ch] ** 2;
      const level = Math.sqrt(s / win);
      if (!above && level > 100) {
        bursts++;
        onsets.push(i / FS);
      }
      if (above && level < 40) above = false;
      else if (level > 100) above = true;
    }
    expect(bursts).toBe(3);
    onsets.forEach((t, i) => expect(Math.abs(t - schedule[i].startS)).toBeLessThan(0.6));
    expect(rms(sig, 0, schedule[2].slotEndS + 0.5, seconds)).toBeLessThan(20);
  });

  it('schedules sets of repsPerSet separated by the rest, after the lead-in', () => {
    const s = repSchedule({ repsPerSet: 4, repSeconds: 3, restBetweenSetsS: 20, leadInS: 2 }, 9);
    expect(s.map((r) => [r.set, r.repInSet])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3], [2, 0]]);
    expect(s[0].startS).toBe(2);
    expect(s[4].startS - s[3].slotEndS).toBeCloseTo(20, 9);
    for (const r of s) {
      expect(r.slotEndS - r.startS).toBeGreaterThan(3 * 0.93);
      expect(r.slotEndS - r.startS).toBeLessThan(3 * 1.07);
      expect(r.startS < r.peakS && r.peakS < r.endS && r.endS < r.slotEndS).toBe(true);
    }
  });

  it('reports the activation envelope it is applying', () => {
    const opts = { ...DEFAULT_SIMULATOR_OPTIONS, reps: 1, leadInS: 1 };
    const [rep] = repSchedule(opts, 1);
    const sim = new EmgSimulator(opts);
    const buf = new Float64Array(2 * 2);
    sim.fill(new Float64Array(Math.round(rep.peakS * FS) * 2), Math.round(rep.peakS * FS));
    sim.fill(buf, 1);
    expect(sim.activation(0)).toBeGreaterThan(0.9);
    expect(sim.activation(1)).toBeGreaterThan(0.5);
  });

  it('makes up to 32 channels (SIMULATOR_MAX_CHANNELS), every one with its own signal', () => {
    expect(SIMULATOR_MAX_CHANNELS).toBe(32);
    const opts = resolveSimulatorOptions({ channels: 32, targetChannel: 31, assistingChannels: [0, 16] });
    expect(opts.channels).toBe(32);
    const sim = new EmgSimulator(opts);
    const n = 2000;
    const buf = new Float64Array(n * 32);
    sim.fill(buf, n);
    const rms = Array.from({ length: 32 }, (_, c) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += buf[i * 32 + c] ** 2;
      return Math.sqrt(s / n);
    });
    // every channel carries at least the baseline noise, none is a copy of another
    for (const r of rms) expect(r).toBeGreaterThan(0.5);
    expect(buf[5 * 32 + 30]).not.toBe(buf[5 * 32 + 29]);
    // the largest index is a valid target, one past it is not
    expect(() => resolveSimulatorOptions({ channels: 32, targetChannel: 32 })).toThrow(/targetChannel must be an integer from 0 to 31/);
  });

  it('rejects bad options with a plain message', () => {
    expect(() => resolveSimulatorOptions({ channels: 0 })).toThrow(/channels must be an integer from 1 to 32/);
    expect(() => resolveSimulatorOptions({ channels: 33 })).toThrow(/1 to 32/);
    expect(() => resolveSimulatorOptions({ sampleRateHz: 50 })).toThrow(/sampleRateHz must be a number from 100 to 20000/);
    expect(() => resolveSimulatorOptions({ targetChannel: 3 })).toThrow(/target channel/);
    expect(() => resolveSimulatorOptions({ assistingChannels: [0] })).toThrow(/both target and assisting/);
    expect(() => new SimulatedBand({ mainsHz: 55 as 50 })).toThrow(/mains/);
    // one channel: the default assisting channel 1 does not exist and is quietly not used
    expect(resolveSimulatorOptions({ channels: 1 }).assistingChannels).toEqual([]);
  });
});

describe('SimulatedBand', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('announces itself, then emits contiguous blocks at the sample rate of the wall clock', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
    const band = new SimulatedBand({ channels: 3, sampleRateHz: 1000, assistingChannels: [1], seed: 9 });
    expect(band.kind).toBe('simulated');
    const events: SourceEvent[] = [];
    band.on((e) => events.push(e));
    await band.start();
    expect(events.slice(0, 2).map((e) => e.type)).toEqual(['state', 'info']);
    expect(events[0]).toMatchObject({ type: 'state', state: 'connecting' });
    expect(events[1]).toMatchObject({
      type: 'info',
      info: { deviceId: 'sim', firmware: 'myocue-sim 1', sampleRateHz: 1000, channelCount: 3, adcBits: 24, channelLabels: ['ch1', 'ch2', 'ch3'] },
    });
    expect(events.some((e) => e.type === 'state' && e.state === 'streaming')).toBe(true);

    vi.advanceTimersByTime(2000);
    vi.advanceTimersByTime(500); // includes one long stall-like jump
    const blocks = events.filter((e): e is { type: 'samples'; block: SampleBlock } => e.type === 'samples').map((e) => e.block);
    let next = 0;
    for (const b of blocks) {
      expect(b.firstSampleIndex).toBe(next);
      expect(b.channelCount).toBe(3);
      expect(b.samples.length).toBe(b.frameCount * 3);
      next += b.frameCount;
    }
    expect(next).toBeGreaterThanOrEqual(2480);
    expect(next).toBeLessThanOrEqual(2500);
    // the same samples as the generator offline, quantised to whole ADC counts like a real band
    const offline = generate({ channels: 3, sampleRateHz: 1000, assistingChannels: [1], seed: 9 }, next / 1000).x;
    for (let i = 0; i < offline.length; i++) offline[i] = Math.round(offline[i] / BAND_MICROVOLTS_PER_COUNT) * BAND_MICROVOLTS_PER_COUNT;
    const joined = new Float64Array(next * 3);
    for (const b of blocks) joined.set(b.samples, b.firstSampleIndex * 3);
    expect(identical(joined, offline)).toBe(true);

    await band.stop();
    const count = events.length;
    vi.advanceTimersByTime(1000);
    expect(events.length).toBe(count);
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'idle' });
    await band.stop(); // twice is fine
  });

  it('does not drift against the wall clock over a short real run', async () => {
    const band = new SimulatedBand({ channels: 2, sampleRateHz: 2000 });
    let frames = 0;
    band.on((e) => {
      if (e.type === 'samples') frames += e.block.frameCount;
    });
    const t0 = performance.now();
    await band.start();
    await new Promise((r) => setTimeout(r, 500));
    const elapsed = performance.now() - t0;
    await band.stop();
    expect(frames).toBeLessThanOrEqual((elapsed / 1000) * 2000);
    // lower bound with room for a busy machine's late timers: it must keep up, not be punctual
    expect(frames).toBeGreaterThan(((elapsed - 300) / 1000) * 2000);
  });
});
