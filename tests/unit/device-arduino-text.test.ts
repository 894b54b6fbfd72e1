/**
 * Arduino Serial Plotter text streams: the plotter's parsing rules (IDE 1.x superset, test cases
 * after arduino-serial-plotter-webapp msgAggregatorWorker.test.ts), unit presets (DEVICES.md §3.1
 * conversion values) and the arrival-time rate estimate.
 */
import { describe, expect, it } from 'vitest';
import { PlotterLineParser } from '../../src/devices/families/plotter-line';
import { parseAnalogScale } from '../../src/devices/families/analog-scale';
import { ArrivalRateEstimator } from '../../src/devices/families/arrival-rate';
import { ArduinoTextDecoder } from '../../src/devices/families/arduino-text-decoder';
import type { FamilyEvent } from '../../src/devices/families/family-decoder';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('Serial Plotter lines', () => {
  const p = () => new PlotterLineParser();
  it.each([
    ['512', ['value 1'], [512]],
    ['1,2,3', ['value 1', 'value 2', 'value 3'], [1, 2, 3]],
    ['1 2\t3', ['value 1', 'value 2', 'value 3'], [1, 2, 3]],
    ['1,  2,,3,', ['value 1', 'value 2', 'value 3'], [1, 2, 3]],
    ['12.34,0.56,-0.78\r', ['value 1', 'value 2', 'value 3'], [12.34, 0.56, -0.78]],
    ['env:12,raw:-3.5', ['env', 'raw'], [12, -3.5]],
    ['a:1 b:2', ['a', 'b'], [1, 2]],
  ])('%j', (line, labels, values) => {
    expect(p().parse(line)).toEqual({ labels, values });
  });

  it('banner and debug lines carry no values', () => {
    const parser = p();
    expect(parser.parse('MyoWare Example_01_analogRead_SINGLE')).toBeNull();
    expect(parser.parse('')).toBeNull();
    expect(parser.parse('x:abc')).toBeNull();
    // a banner of two words must not name a one-value stream
    expect(parser.parse('512')).toEqual({ labels: ['value 1'], values: [512] });
  });

  it('a header line names later value-only lines (IDE 1.x), labels persist', () => {
    const parser = p();
    expect(parser.parse('biceps triceps')).toBeNull();
    expect(parser.parse('1,2')).toEqual({ labels: ['biceps', 'triceps'], values: [1, 2] });
    expect(parser.parse('3,4')).toEqual({ labels: ['biceps', 'triceps'], values: [3, 4] });
    expect(parser.parse('Label1: Label2:')).toBeNull();
    expect(parser.parse('5 6')).toEqual({ labels: ['Label1', 'Label2'], values: [5, 6] });
  });
});

describe('unit presets', () => {
  it('MyoWare RAW on an Uno (10-bit, 5 V): RAW 700 around 512 = 4.59433 mV', () => {
    const s = parseAnalogScale('myoware-raw:10bit-5v');
    expect(((700 - s.offsetCounts) * s.microvoltsPerCount) / 1000).toBeCloseTo(4.59433, 5);
    expect(s.signal).toBe('raw');
  });
  it('MyoWare ENV on an ESP32 (12-bit, 3.3 V, pot 50 kΩ): ENV 2000 = 0.158012 mV, an envelope', () => {
    const s = parseAnalogScale('myoware-env:12bit-3.3v');
    expect(((2000 - s.offsetCounts) * s.microvoltsPerCount) / 1000).toBeCloseTo(0.158012, 6);
    expect(s.signal).toBe('envelope');
    expect(s.note).toMatch(/not band-pass/);
  });
  it('custom gain and counts; a wrong preset says what exists', () => {
    expect(parseAnalogScale('gain=2420:10bit-5v').microvoltsPerCount).toBeCloseTo((5 / 1023 / 2420) * 1e6, 9);
    expect(parseAnalogScale(undefined).unit).toBe('ADC counts');
    expect(() => parseAnalogScale('myowhere')).toThrow(/one of counts, myoware-raw/);
    expect(() => parseAnalogScale('myoware-raw:9bit')).toThrow(/unknown ADC/);
  });
});

/** deterministic normal noise */
function gauss(seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 4294967296;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

describe('rate from arrival times', () => {
  it('is within 1 % over many simulated bursty streams (USB bursts, jitter, stalls)', () => {
    let worst = 0;
    let trials = 0;
    for (const rate of [20, 100, 250, 500, 1000, 2000]) {
      for (let seed = 1; seed <= 20; seed++) {
        const g = gauss(seed * 31 + rate);
        const est = new ArrivalRateEstimator();
        // lines produced at `rate`, delivered in bursts every ~1-16 ms with 1 ms jitter, and a 300 ms stall every 2 s
        let t = 0;
        let delivered = 0;
        const burstMs = 1 + (seed % 16);
        for (let k = 0; k < 5000; k++) {
          t += burstMs + Math.abs(g()) * 1;
          if (k % Math.round(2000 / burstMs) === 0) t += 300;
          const produced = Math.floor((t / 1000) * rate);
          if (produced > delivered) {
            est.add(t, produced - delivered);
            delivered = produced;
          }
          if (t > 4000) break;
        }
        const e = est.estimate();
        expect(e).not.toBeNull();
        const err = Math.abs(e!.hz - rate) / rate;
        worst = Math.max(worst, err);
        trials++;
      }
    }
    expect(trials).toBe(120);
    expect(worst).toBeLessThan(0.01);
  });

  it('is not pulled off by a host stall at either end of the first second (1046 Hz was announced for 1000 Hz)', () => {
    // The case seen in CI under load: the host's event loop stalls 40 ms just as the estimate forms,
    // so the last arrival is late; a pooled lines/time over 0.8 s is then off by 40/800 = 5 %.
    let worst = 0;
    for (const stallAt of ['start', 'end', 'both'] as const) {
      for (const burstMs of [1, 4, 10, 16]) {
        const est = new ArrivalRateEstimator();
        const rate = 1000;
        let delivered = 0;
        const endMs = 900;
        const at: number[] = [];
        for (let t = burstMs; t <= endMs; t += burstMs) at.push(t);
        for (const t0 of at) {
          // a stall delays an arrival (the lines were produced on time, they reach us late)
          let t = t0;
          if ((stallAt === 'start' || stallAt === 'both') && t0 <= 40 + burstMs && t0 > burstMs) continue;
          if ((stallAt === 'end' || stallAt === 'both') && t0 > endMs - 40) t = endMs + 1;
          const produced = Math.floor((t0 / 1000) * rate);
          if (produced > delivered) {
            est.add(t, produced - delivered);
            delivered = produced;
          }
        }
        const e = est.estimate();
        expect(e).not.toBeNull();
        worst = Math.max(worst, Math.abs(e!.hz - rate) / rate);
      }
    }
    expect(worst).toBeLessThan(0.01);
  });

  it('is not pulled off by a backlog read at once when the port opens (11571 Hz was announced for 1000 Hz)', () => {
    // The port opens on a stream that has been running: the first reads bring seconds of buffered
    // lines within a few ms, then the stream goes on at its pace.
    let worst = 0;
    for (const backlogS of [0.5, 1, 3, 10]) {
      for (const burstMs of [1, 4, 16]) {
        const est = new ArrivalRateEstimator();
        const rate = 1000;
        est.add(0, 100); // starts the clock
        // the backlog in 4 KB reads (≈ 500 lines each), 1 ms apart
        let backlog = Math.round(backlogS * rate);
        let t = 0;
        while (backlog > 0) {
          t += 1;
          const n = Math.min(500, backlog);
          est.add(t, n);
          backlog -= n;
        }
        const t0 = t;
        let delivered = 0;
        for (let tt = t0 + burstMs; tt <= t0 + 900; tt += burstMs) {
          const produced = Math.floor(((tt - t0) / 1000) * rate);
          if (produced > delivered) {
            est.add(tt, produced - delivered);
            delivered = produced;
          }
        }
        const e = est.estimate();
        expect(e).not.toBeNull();
        worst = Math.max(worst, Math.abs(e!.hz - rate) / rate);
      }
    }
    expect(worst).toBeLessThan(0.02);
  });

  it('reports jitter: a steady stream low, one whose rate wanders (600-1400 Hz) high', () => {
    const steady = new ArrivalRateEstimator();
    const irregular = new ArrivalRateEstimator();
    const g = gauss(3);
    let t = 0;
    let rate = 1000;
    for (let i = 0; i < 400; i++) {
      t += 10;
      if (i % 20 === 0) rate = 1000 + 400 * Math.max(-1, Math.min(1, g()));
      steady.add(t, 10);
      irregular.add(t, Math.round(rate / 100));
    }
    expect(steady.estimate()!.jitterPct).toBeLessThan(1);
    expect(irregular.estimate()!.jitterPct).toBeGreaterThan(20);
  });
});

describe('text stream decoder', () => {
  /** lines of `channels` values produced at `rate`, delivered every 5 ms */
  function run(d: ArduinoTextDecoder, rate: number, seconds: number, line: (i: number) => string, prefix = 'MyoWare Example\r\n'): FamilyEvent[] {
    const ev: FamilyEvent[] = [];
    ev.push(...d.push(enc('23\r\n' + prefix), 0));
    let sent = 0;
    for (let t = 5; t <= seconds * 1000; t += 5) {
      const due = Math.floor((t / 1000) * rate);
      let text = '';
      for (; sent < due; sent++) text += line(sent) + '\r\n';
      if (text) ev.push(...d.push(enc(text), t));
    }
    return ev;
  }
  const samples = (ev: FamilyEvent[]) => ev.flatMap((e) => (e.type === 'samples' ? Array.from(e.samples) : []));

  it('estimates 1000 Hz, holds no sample back, skips the banner and the partial first line', () => {
    const d = new ArduinoTextDecoder({ scale: 'myoware-raw:10bit-5v' });
    const ev = run(d, 1000, 3, (i) => `${512 + (i % 100)},${512 - (i % 50)}`);
    const info = ev.find((e) => e.type === 'info');
    if (info?.type !== 'info') throw new Error('no info');
    expect(Math.abs(info.info.sampleRateHz - 1000)).toBeLessThan(10);
    expect(info.info.rateSource).toBe('estimated');
    expect(info.info.channelCount).toBe(2);
    expect(info.info.unit).toBe('µV');
    const s = samples(ev);
    // all lines but the 2 before the one that locked the shape (3 consistent lines)
    expect(s.length / 2).toBe(3000 - 2);
    const upc = (5 / 1023 / 200) * 1e6;
    expect(s[0] / upc).toBeCloseTo(2, 9); // line 2: 512 + 2 − 512
    expect(ev.some((e) => e.type === 'notice' && /too slow/.test(e.text))).toBe(false);
  });

  it('warns plainly about a delay(50) sketch at 20 Hz', () => {
    const d = new ArduinoTextDecoder();
    const ev = run(d, 20, 3, (i) => String(500 + i));
    const info = ev.find((e) => e.type === 'info');
    expect(info?.type === 'info' && Math.round(info.info.sampleRateHz)).toBe(20);
    const n = ev.find((e) => e.type === 'notice');
    expect(n?.type === 'notice' && n.text).toMatch(/too slow for raw EMG.*delay\(\)/s);
  });

  it('--rate is taken as given, labels name the channels, a timestamp column is not a channel', () => {
    const d = new ArduinoTextDecoder({ rateHz: 500 });
    const ev = run(d, 500, 1, (i) => `t_us:${i * 2000},emg:${i % 7}`);
    const info = ev.find((e) => e.type === 'info');
    if (info?.type !== 'info') throw new Error('no info');
    expect(info.info.sampleRateHz).toBe(500);
    expect(info.info.rateSource).toBe('user');
    expect(info.info.channelLabels).toEqual(['emg']);
    expect(samples(ev).slice(0, 3)).toEqual([2, 3, 4]);
  });

  it('follows a rate that changes (re-estimated on drift)', () => {
    const d = new ArduinoTextDecoder();
    const a = run(d, 1000, 4, (i) => String(i % 10));
    const ev: FamilyEvent[] = [...a];
    let sent = 0;
    for (let t = 4005; t <= 12000; t += 5) {
      const due = Math.floor(((t - 4000) / 1000) * 800);
      let text = '';
      for (; sent < due; sent++) text += '5\n';
      if (text) ev.push(...d.push(enc(text), t));
    }
    const infos = ev.filter((e) => e.type === 'info').map((e) => (e.type === 'info' ? e.info.sampleRateHz : 0));
    expect(infos.length).toBeGreaterThanOrEqual(2);
    expect(Math.abs(infos.at(-1)! - 800)).toBeLessThan(16);
  });

  it('never throws on random bytes and finds no channels in them', () => {
    const d = new ArduinoTextDecoder();
    let x = 1;
    const rnd = new Uint8Array(100_000).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    expect(() => d.push(rnd, 0)).not.toThrow();
  });
});
