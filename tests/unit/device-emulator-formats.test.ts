/**
 * Each emulator's wire format read back by its family's decoder, without a port: the values the
 * emulator encoded (its own account, `sumSquares`) come out of the decoder, frame for frame, and
 * frames it dropped are counted where the protocol can tell.
 */
import { describe, expect, it } from 'vitest';
import { CytonFormat } from '../../src/devices/emulators/cyton-emulator';
import { BitalinoFormat } from '../../src/devices/emulators/bitalino-emulator';
import { SpikerFormat, SPIKER_EMULATOR_COUNTS_PER_UV } from '../../src/devices/emulators/spiker-emulator';
import { PlotterTextFormat } from '../../src/devices/emulators/arduino-emulator';
import type { EmulatorStats, WireFormat } from '../../src/devices/emulators/paced-emulator';
import { CytonDecoder } from '../../src/devices/families/cyton-decoder';
import { BitalinoDecoder } from '../../src/devices/families/bitalino-decoder';
import { SpikerDecoder } from '../../src/devices/families/spiker-decoder';
import { ArduinoTextDecoder } from '../../src/devices/families/arduino-text-decoder';
import { parseAnalogScale } from '../../src/devices/families/analog-scale';
import type { FamilyDecoder } from '../../src/devices/families/family-decoder';
import { EmgSimulator, resolveSimulatorOptions } from '../../src/devices/simulated-emg';

function stats(ch: number): EmulatorStats {
  return { framesGenerated: 0, framesWritten: 0, framesDropped: 0, channelCount: ch, sampleRateHz: 0, sumSquares: new Float64Array(ch) };
}

/** 2 s of simulated sEMG through `format` into `decoder`, in 20 ms chunks; `dropEvery` frames dropped */
function roundTrip(format: WireFormat, decoder: FamilyDecoder, ch: number, rate: number, dropEvery = 0, scaleBack = 1) {
  const sim = new EmgSimulator(resolveSimulatorOptions({ channels: ch, sampleRateHz: Math.max(100, rate), seed: 3, leadInS: 0.2, repSeconds: 1 }));
  const st = stats(ch);
  const chunk = Math.max(1, Math.round(rate / 50));
  const uv = new Float64Array(chunk * ch);
  const keep = new Uint8Array(chunk);
  let received = 0;
  let sumSq = 0;
  let lost = 0;
  let n = 0;
  for (let t = 0; t < 2 * rate; t += chunk) {
    sim.fill(uv, chunk);
    for (let f = 0; f < chunk; f++) keep[f] = dropEvery > 0 && ++n % dropEvery === 0 ? 0 : 1;
    const bytes = format.encode(uv, chunk, keep, st);
    for (const e of decoder.push(bytes, (t / rate) * 1000)) {
      if (e.type === 'samples') {
        received += e.frames;
        for (const v of e.samples) sumSq += (v * scaleBack) ** 2;
      } else if (e.type === 'lost') lost += e.frames;
    }
  }
  const sent = st.sumSquares.reduce((a, b) => a + b, 0);
  return { st, received, lost, ratio: Math.sqrt(sumSq / sent) };
}

describe('emulator formats against their decoders', () => {
  it('Cyton: every frame, the same µV, drops counted', () => {
    const r = roundTrip(new CytonFormat(false, new Array(16).fill(24)), new CytonDecoder(), 8, 250, 23);
    expect(r.received).toBe(r.st.framesWritten);
    expect(r.lost).toBe(r.st.framesDropped);
    expect(r.ratio).toBeCloseTo(1, 9);
  });
  it('Cyton + Daisy: pairs into 16-channel frames (the stale first packet dropped)', () => {
    const r = roundTrip(new CytonFormat(true, new Array(16).fill(24)), new CytonDecoder({ daisy: true }), 16, 125, 30);
    expect(r.received).toBe(r.st.framesWritten);
    expect(r.lost).toBe(r.st.framesDropped);
    expect(r.ratio).toBeCloseTo(1, 9);
  });
  it('BITalino: every frame, the same µV, drops counted', () => {
    const r = roundTrip(new BitalinoFormat(4), new BitalinoDecoder({ channels: [0, 1, 2, 3], rateHz: 1000 }), 4, 1000, 37);
    expect(r.received).toBe(r.st.framesWritten);
    expect(r.lost).toBe(r.st.framesDropped);
    expect(r.ratio).toBeCloseTo(1, 9);
  });
  it('SpikerShield: every frame, values in proportion (a.u.)', () => {
    const r = roundTrip(new SpikerFormat(2), new SpikerDecoder({ channels: 2 }), 2, 5025, 0, 1 / SPIKER_EMULATOR_COUNTS_PER_UV);
    expect(r.received).toBe(r.st.framesWritten);
    expect(r.ratio).toBeCloseTo(1, 9);
  });
  it('Arduino text: every line after the shape is locked, the same µV with the preset', () => {
    const scale = parseAnalogScale('myoware-raw:10bit-5v');
    const r = roundTrip(new PlotterTextFormat(scale.microvoltsPerCount, scale.offsetCounts, 1023, 2, undefined), new ArduinoTextDecoder({ scale, rateHz: 1000, dropFirstLine: false }), 2, 1000);
    // the 2 lines before the shape locks are not samples
    expect(r.received).toBe(r.st.framesWritten - 2);
    expect(r.ratio).toBeGreaterThan(0.999);
    expect(r.ratio).toBeLessThan(1.001);
  });
});
