/**
 * Every device family through a real pty pair (socat) and the real serialport bindings: the
 * family's emulator on one end, SerialDevice with `band: 'auto'` on the other. Each is detected
 * without being named, streams at the right rate and channel count, in µV within 2 % of the sEMG
 * the emulator generated (a.u. for the SpikerShield, scaled by its emulated gain), and frames
 * dropped on purpose are counted where the protocol can tell. Random bytes get a plain message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerialDevice } from '../../src/devices/serial-device';
import type { SourceEvent, StreamInfo } from '../../src/devices/sample-source';
import { startFamilyEmulator, type FamilyEmulatorOptions } from '../../src/devices/emulators/start-emulator';
import { SPIKER_EMULATOR_COUNTS_PER_UV } from '../../src/devices/emulators/spiker-emulator';
import { openPtyPair } from '../helpers/pty-pair';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';
import { waitFor } from '../helpers/wait-for';

const cleanups = useCleanups();
const tmp = useTempDirs('myocue-notport-', cleanups);

/**
 * Where the received samples start in what the emulator sent: the offset with the least squared
 * difference over the most active 400 received frames of channel 0 (quantisation makes them
 * nearly, not exactly, equal; a quiet stretch would match anywhere).
 */
function align(sent: number[], rx: number[], ch: number, sentPerRx: number, probe = 400): number {
  const frames = rx.length / ch;
  const n = Math.min(probe, frames);
  let start = 0;
  let bestEnergy = -1;
  for (let p = 0; p + n <= frames; p += n) {
    let e = 0;
    for (let i = 0; i < n; i++) e += rx[(p + i) * ch] ** 2;
    if (e > bestEnergy) {
      bestEnergy = e;
      start = p;
    }
  }
  let best = -1;
  let bestSsd = Infinity;
  for (let k = 0; k + start + n <= sent.length / ch; k++) {
    let d = 0;
    for (let i = 0; i < n && d < bestSsd; i++) d += (rx[(start + i) * ch] * sentPerRx - sent[(k + start + i) * ch]) ** 2;
    if (d < bestSsd) {
      bestSsd = d;
      best = k;
    }
  }
  return best;
}

interface Run {
  info: StreamInfo;
  detectMs: number;
  received: number[];
  lostFrames: number;
  events: SourceEvent[];
  source: SerialDevice;
}

async function runFamily(o: Omit<FamilyEmulatorOptions, 'path'>, seconds: number, sourceSettings: ConstructorParameters<typeof SerialDevice>[0]['settings'] = {}): Promise<Run & { emu: Awaited<ReturnType<typeof startFamilyEmulator>> }> {
  const pty = await openPtyPair();
  cleanups.push(() => pty.close());
  const emu = await startFamilyEmulator({ ...o, path: pty.a, keepHistory: true, options: { seed: 7, leadInS: 0.5, repSeconds: 2, ...(o.options ?? {}) } });
  cleanups.push(() => emu.stop());
  const source = new SerialDevice({ path: pty.b, band: 'auto', settings: sourceSettings });
  cleanups.push(() => source.stop());
  const events: SourceEvent[] = [];
  const received: number[] = [];
  let lostFrames = 0;
  let info: StreamInfo | null = null;
  let infoAt = 0;
  source.on((e) => {
    events.push(e);
    if (e.type === 'info') {
      info = e.info;
      infoAt = Date.now();
    } else if (e.type === 'samples') for (const v of e.block.samples) received.push(v);
    else if (e.type === 'gap' && e.reason === 'lost-lines') lostFrames += e.missingSamples;
  });
  const t0 = Date.now();
  await source.start();
  await waitFor(() => info !== null, 15_000, 'stream info');
  const detectMs = source.lastDetection?.afterMs ?? infoAt - t0;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return { info: info!, detectMs, received, lostFrames, events, source, emu };
}

/**
 * Stops the emulator's pacing and waits until the host has heard every frame it wrote: what was
 * sent and what was counted are then compared at one point of the stream. Read while it still
 * streamed, a loaded machine's catch-up burst (frames and their drops) could still be in the pty,
 * and the host's lost count trailed the emulator's by more than the tolerance.
 */
async function settle(r: Run & { emu: Awaited<ReturnType<typeof startFamilyEmulator>> }, ch: number): Promise<void> {
  (r.emu as unknown as { halt(): void }).halt();
  const k = align(r.emu.history, r.received, ch, 1);
  await waitFor(() => r.received.length / ch >= r.emu.history.length / ch - k, 15_000, 'every frame the emulator wrote');
}

function scaleError(sent: number[], rx: number[], ch: number, sentPerRx = 1): number {
  const k = align(sent, rx, ch, sentPerRx);
  expect(k).toBeGreaterThanOrEqual(0);
  const frames = Math.min(rx.length / ch, sent.length / ch - k);
  let ss = 0;
  let sr = 0;
  for (let i = 0; i < frames * ch; i++) {
    ss += sent[k * ch + i] ** 2;
    sr += (rx[i] * sentPerRx) ** 2;
  }
  return Math.sqrt(sr / ss) - 1;
}

/** per-family figures for the report: printed once at the end */
const figures: string[] = [];
afterAll(() => console.log(`device families over a pty:\n  ${figures.join('\n  ')}`));

describe('device families over a pty, detected automatically', () => {
  it('OpenBCI Cyton: 8 ch at 250 Hz, µV within 2 %, dropped packets counted', async () => {
    const r = await runFamily({ band: 'cyton', dropEvery: 50 }, 3);
    await settle(r, 8);
    expect(r.source.detectedFamily).toBe('cyton');
    expect([r.info.channelCount, r.info.sampleRateHz]).toEqual([8, 250]);
    const err = scaleError(r.emu.history, r.received, 8);
    expect(Math.abs(err)).toBeLessThan(0.02);
    // every 50th packet dropped: the counter shows each one
    const c = r.source.counters();
    expect(c.linesLost).toBeGreaterThan(5);
    expect(Math.abs(c.linesLost - r.emu.stats.framesDropped)).toBeLessThanOrEqual(1);
    figures.push(`cyton: detect ${r.detectMs} ms, rate 250 (exact), scale error ${(err * 100).toFixed(3)} %, lost ${c.linesLost}/${r.emu.stats.framesDropped}`);
  });

  it('OpenBCI Cyton + Daisy: 16 ch at 125 Hz from the banner', async () => {
    const r = await runFamily({ band: 'cyton', daisy: true }, 2);
    expect([r.info.channelCount, r.info.sampleRateHz]).toEqual([16, 125]);
    const err = scaleError(r.emu.history, r.received, 16);
    expect(Math.abs(err)).toBeLessThan(0.02);
    expect(r.source.counters().linesLost).toBe(0);
  });

  it('OpenBCI Cyton with channel settings: per-channel gains (8, 1) followed, µV within 2 %', async () => {
    const r = await runFamily({ band: 'cyton' }, 2, { cytonCommands: 'x1040100Xx2000100X' });
    expect(r.info.scale).toMatch(/8/);
    const err = scaleError(r.emu.history, r.received, 8);
    expect(Math.abs(err)).toBeLessThan(0.02);
    // channel 2 at gain 1 alone (its quantisation is 24× coarser, still far below the signal)
    const ch2 = scaleError(
      r.emu.history.filter((_, i) => i % 8 === 1),
      r.received.filter((_, i) => i % 8 === 1),
      1,
    );
    expect(Math.abs(ch2)).toBeLessThan(0.02);
  });

  it('Arduino text stream (MyoWare RAW, Uno): rate estimated within 2 %, µV within 2 % with the preset', async () => {
    const r = await runFamily({ band: 'arduino', rateHz: 1000, channels: 2, scale: 'myoware-raw:10bit-5v' }, 3, { scale: 'myoware-raw:10bit-5v' });
    expect(r.source.detectedFamily).toBe('arduino');
    expect(r.info.channelCount).toBe(2);
    expect(r.info.rateSource).toBe('estimated');
    const rateErr = (r.info.sampleRateHz - 1000) / 1000;
    expect(Math.abs(rateErr)).toBeLessThan(0.02);
    const err = scaleError(r.emu.history, r.received, 2);
    expect(Math.abs(err)).toBeLessThan(0.02);
    figures.push(`arduino: detect ${r.detectMs} ms, rate ${r.info.sampleRateHz} Hz (${(rateErr * 100).toFixed(2)} %), scale error ${(err * 100).toFixed(3)} %`);
  });

  it('BITalino: found by its version reply, 1000 Hz, A1+A2, µV within 2 %, lost frames counted', async () => {
    const r = await runFamily({ band: 'bitalino', dropEvery: 97 }, 3);
    await settle(r, 2);
    expect(r.source.detectedFamily).toBe('bitalino');
    expect([r.info.channelCount, r.info.sampleRateHz]).toEqual([2, 1000]);
    const err = scaleError(r.emu.history, r.received, 2);
    expect(Math.abs(err)).toBeLessThan(0.02);
    const c = r.source.counters();
    expect(c.linesLost).toBeGreaterThan(10);
    expect(Math.abs(c.linesLost - r.emu.stats.framesDropped)).toBeLessThanOrEqual(2);
    figures.push(`bitalino: detect ${r.detectMs} ms, rate 1000 (exact), scale error ${(err * 100).toFixed(3)} %, lost ${c.linesLost}/${r.emu.stats.framesDropped}`);
  });

  it('SpikerShield: heard streaming, 10 050 Hz, a.u. in proportion to what was sent', async () => {
    const r = await runFamily({ band: 'spiker' }, 2);
    expect(r.source.detectedFamily).toBe('spiker');
    expect(r.info.channelCount).toBe(1);
    expect(r.info.sampleRateHz).toBeCloseTo(10050.25, 1);
    expect(r.info.unit).toBe('a.u.');
    const err = scaleError(r.emu.history, r.received, 1, 1 / SPIKER_EMULATOR_COUNTS_PER_UV);
    expect(Math.abs(err)).toBeLessThan(0.02);
    figures.push(`spiker: detect ${r.detectMs} ms, rate 10050.25 (firmware timer), scale error ${(err * 100).toFixed(3)} %`);
  });

  it('Myocue band: found by its header (answer to ID), 2000 Hz', async () => {
    const r = await runFamily({ band: 'myocue', options: { channels: 4, sampleRateHz: 2000 } }, 1);
    expect(r.source.detectedFamily).toBe('myocue');
    expect([r.info.channelCount, r.info.sampleRateHz]).toEqual([4, 2000]);
    expect(r.source.counters().linesLost).toBe(0);
    figures.push(`myocue: detect ${r.detectMs} ms`);
  });

  it('a Cyton dongle whose board is off: detected, and told plainly', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const emu = await startFamilyEmulator({ band: 'cyton', boardOff: true, path: pty.a });
    cleanups.push(() => emu.stop());
    const source = new SerialDevice({ path: pty.b, band: 'auto' });
    cleanups.push(() => source.stop());
    const states: string[] = [];
    source.on((e) => e.type === 'state' && states.push(`${e.state}: ${e.message ?? ''}`));
    await source.start();
    await waitFor(() => states.some((s) => s.startsWith('error')), 15_000, 'an error state');
    expect(source.detectedFamily).toBe('cyton');
    expect(states.find((s) => s.startsWith('error'))).toMatch(/board does not: switch the board on/);
  });

  it('random bytes: a plain "no EMG device recognised" message, no crash', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const noise = new SerialPort({ path: pty.a, baudRate: 115200 });
    cleanups.push(() => new Promise((r) => noise.close(() => r(null))));
    let x = 3;
    const timer = setInterval(() => noise.write(Buffer.from(new Uint8Array(200).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24)))), 20);
    cleanups.push(() => clearInterval(timer));
    const source = new SerialDevice({ path: pty.b, band: 'auto' });
    cleanups.push(() => source.stop());
    const states: string[] = [];
    source.on((e) => e.type === 'state' && states.push(`${e.state}: ${e.message ?? ''}`));
    await source.start();
    await waitFor(() => states.some((s) => s.startsWith('error')), 15_000, 'an error state');
    const err = states.find((s) => s.startsWith('error'))!;
    expect(err).toMatch(/No EMG device recognised on .*got \d+ bytes that look like binary data/);
    expect(source.detectedFamily).toBeNull();
  });

  it('a plain file given as the port gets a plain message', async () => {
    const dir = tmp();
    const file = join(dir, 'session.bdf');
    writeFileSync(file, 'not a port');
    const source = new SerialDevice({ path: file, band: 'cyton' });
    cleanups.push(() => source.stop());
    const states: string[] = [];
    source.on((e) => e.type === 'state' && states.push(`${e.state}: ${e.message ?? ''}`));
    await source.start();
    expect(states.at(-1)).toMatch(/is a file, not a serial port/);
    expect(states.join()).not.toMatch(/ioctl|custom baud/);
  });
});
