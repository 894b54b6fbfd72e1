/**
 * The real serial path: the simulated band writes the protocol into one end of a socat pty pair,
 * the host opens the other end with serialport, decodes, filters in the DSP worker thread and
 * emits envelope frames. Also: garbage on the line, the pty closed and reopened mid-stream, and a
 * device that never sends a header.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { createHost, type HostHandle } from '../../src/host/host';
import type { HostStatus, LiveFrame } from '../../src/host/contract';
import { startBandEmulator } from '../../src/devices/band-emulator';
import { EmgSimulator } from '../../src/devices/simulated-emg';
import { DEFAULT_SIMULATOR_OPTIONS, type SimulatorOptions } from '../../src/devices/simulator-options';
import { EmgChain } from '../../src/dsp/emg-chain';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { DisplayDecimator } from '../../src/host/display-decimator';
import { encodeDataLine, encodeHeaderLine, type BandHeader } from '../../firmware-protocol/codec';
import { openPtyPair, type PtyPair } from '../helpers/pty-pair';
import { assertBuilt, REPO_ROOT } from '../helpers/cli-process';
import { useCleanups } from '../helpers/test-cleanups';
import { waitFor } from '../helpers/wait-for';

const WORKER = resolve(REPO_ROOT, 'dist/dsp-worker.js');
const cleanups = useCleanups();
beforeAll(() => assertBuilt());

function collect(host: HostHandle) {
  const frames: LiveFrame[] = [];
  const statuses: HostStatus[] = [];
  host.subscribe('frame', (f) => frames.push(f));
  host.subscribe('status', (s) => statuses.push(s));
  return { frames, statuses };
}

async function hostOn(pty: PtyPair, extra: Partial<Parameters<typeof createHost>[0]> = {}): Promise<HostHandle> {
  const host = await createHost({ dataDir: '/tmp/myocue-test-data', dspWorkerPath: WORKER, ...extra });
  cleanups.push(() => host.close());
  return host;
}

describe('serial band over a pty pair', () => {
  it('delivers envelopes equal to the same signal filtered offline (8 ch × 2000 Hz)', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const simOptions: Partial<SimulatorOptions> = { channels: 8, sampleRateHz: 2000, seed: 42, repSeconds: 2, assistingChannels: [1, 2] };
    const band = await startBandEmulator({ path: pty.a, options: simOptions });
    cleanups.push(() => band.stop());
    const host = await hostOn(pty);
    const { frames } = collect(host);
    await host.invoke('connect', { kind: 'serial', path: pty.b });
    await waitFor(() => frames.length > 0 && frames.at(-1)!.t0 > 3, 15_000, '3 s of frames');

    const status = host.status();
    expect(status.device.state).toBe('streaming');
    expect(status.device.info?.sampleRateHz).toBe(2000);
    expect(status.device.info?.channelCount).toBe(8);
    expect(status.counters.linesLost).toBe(0);
    expect(status.counters.linesCorrupt).toBe(0);

    // offline: same generator, same quantisation to 24-bit counts, same chain, same decimation
    const info = status.device.info!;
    const sim = new EmgSimulator({ ...DEFAULT_SIMULATOR_OPTIONS, ...simOptions });
    const n = 4 * 2000;
    const raw = new Float64Array(n * 8);
    sim.fill(raw, n);
    for (let i = 0; i < raw.length; i++) raw[i] = Math.round(raw[i] / info.microvoltsPerCount) * info.microvoltsPerCount;
    const chain = new EmgChain(DEFAULT_DSP_SETTINGS, 2000, 8);
    const filtered = new Float64Array(raw.length);
    const envelope = new Float64Array(raw.length);
    chain.process(raw, n, filtered, envelope);
    const [offline] = new DisplayDecimator(2000, 8, undefined, Infinity).push(filtered, envelope, n, 0, 0);

    let compared = 0;
    let maxRelErr = 0;
    const scale = Math.max(...offline.envelope[0]);
    for (const f of frames) {
      for (let p = 0; p < f.pointCount; p++) {
        const idx = Math.round(f.t0 * f.displayRateHz) + p;
        if (idx >= offline.pointCount) continue;
        for (let c = 0; c < 8; c++) {
          maxRelErr = Math.max(maxRelErr, Math.abs(f.envelope[c][p] - offline.envelope[c][idx]) / scale);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(8 * 500);
    expect(maxRelErr).toBeLessThan(1e-6);
    // the target channel really moves with the reps: a rep peak well above the rest level
    expect(scale).toBeGreaterThan(100);
  });

  it('counts garbage and corrupt lines, keeps every valid sample, and never crashes', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const header: BandHeader = {
      protocolVersion: 1,
      deviceId: 'test-band',
      firmware: 'test',
      sampleRateHz: 1000,
      channelCount: 2,
      adcBits: 24,
      microvoltsPerCount: 0.5,
      samplesPerLine: 10,
    };
    const fake = new SerialPort({ path: pty.a, baudRate: 921600 });
    cleanups.push(() => new Promise((r) => fake.close(() => r(null))));
    const lines = fake.pipe(new ReadlineParser({ delimiter: '\n' }));
    const totalLines = 200;
    lines.on('data', (cmd: string) => {
      if (!cmd.trim().startsWith('START')) return;
      const out: string[] = [encodeHeaderLine(header)];
      const counts = new Int32Array(20);
      for (let seq = 0; seq < totalLines; seq++) {
        for (let i = 0; i < 20; i++) counts[i] = (seq * 20 + i) % 1000;
        let line = encodeDataLine(seq, counts, 2, 10);
        if (seq % 25 === 5) out.push('\x00\xff garbage \x13 ' + '\n'); // a line of garbage
        if (seq % 40 === 7) line = line.slice(0, 12) + (line[12] === 'A' ? 'B' : 'A') + line.slice(13); // flipped char
        out.push(line);
      }
      fake.write(out.join(''), 'latin1');
    });
    const host = await hostOn(pty);
    await host.invoke('connect', { kind: 'serial', path: pty.b });
    await waitFor(() => host.status().counters.linesOk + host.status().counters.linesCorrupt >= totalLines, 10_000, 'all lines');
    await new Promise((r) => setTimeout(r, 300));
    const c = host.status().counters;
    const corrupted = Array.from({ length: totalLines }, (_, s) => s).filter((s) => s % 40 === 7).length;
    const garbageLines = Array.from({ length: totalLines }, (_, s) => s).filter((s) => s % 25 === 5).length;
    expect(c.linesOk).toBe(totalLines - corrupted);
    expect(c.linesCorrupt).toBeGreaterThanOrEqual(corrupted);
    expect(c.linesCorrupt + (c.bytesDiscarded > 0 ? 0 : 0)).toBeLessThanOrEqual(corrupted + garbageLines);
    // a corrupted line is a hole of 10 samples: marked as a gap, not silently skipped
    expect(c.samplesMissing).toBe(corrupted * 10);
    expect(host.status().device.state).toBe('streaming');
  });

  it('reports an unplug, reconnects when the port returns, and marks the gap with its length', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    let band = await startBandEmulator({ path: pty.a, options: { channels: 2, sampleRateHz: 2000 } });
    cleanups.push(() => band.stop());
    const host = await hostOn(pty);
    const { statuses, frames } = collect(host);
    const gaps: number[] = [];
    await host.invoke('connect', { kind: 'serial', path: pty.b });
    await waitFor(() => host.status().device.state === 'streaming' && frames.length > 20, 10_000, 'streaming');

    await band.stop();
    const downAt = Date.now();
    await pty.close(); // the pty pair disappears: like pulling the USB cable
    await waitFor(() => statuses.some((s) => s.device.state === 'reconnecting'), 8_000, 'reconnecting state');
    expect(statuses.find((s) => s.device.state === 'reconnecting')!.device.message).toMatch(/disconnected/i);
    await new Promise((r) => setTimeout(r, 1000));

    await pty.reopen(); // same paths again: the band is plugged back in
    band = await startBandEmulator({ path: pty.a, options: { channels: 2, sampleRateHz: 2000 } });
    const upAt = Date.now();
    const framesBefore = frames.length;
    await waitFor(() => host.status().counters.gaps >= 1 && frames.length > framesBefore + 20, 15_000, 'resumed stream');
    const c = host.status().counters;
    expect(host.status().device.state).toBe('streaming');
    expect(c.gaps).toBe(1);
    // the gap covers the time we were away: at least the downtime we caused, at most until resumed + retry slack
    const missingS = c.samplesMissing / 2000;
    expect(missingS).toBeGreaterThan((upAt - downAt) / 1000 - 0.5);
    expect(missingS).toBeLessThan((Date.now() - downAt) / 1000 + 0.5);
    void gaps;
  });

  it('says clearly when a device never sends a header', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const silent = new SerialPort({ path: pty.a, baudRate: 921600 }); // opened, but never answers
    cleanups.push(() => new Promise((r) => silent.close(() => r(null))));
    const host = await hostOn(pty);
    const { statuses } = collect(host);
    await host.invoke('connect', { kind: 'serial', path: pty.b, baudRate: 921600 });
    await waitFor(() => statuses.some((s) => s.device.state === 'error'), 10_000, 'an error state');
    const err = statuses.find((s) => s.device.state === 'error')!;
    expect(err.device.message).toMatch(/No header/);
    expect(err.device.message).toContain(pty.b);
  });

  it('says clearly when the port does not exist, and keeps retrying without crashing', async () => {
    const host = await createHost({ dataDir: '/tmp/myocue-test-data', dspWorkerPath: WORKER });
    cleanups.push(() => host.close());
    const { statuses } = collect(host);
    await host.invoke('connect', { kind: 'serial', path: '/dev/does-not-exist-myocue' });
    await waitFor(() => statuses.some((s) => s.device.state === 'error'), 5_000, 'an error state');
    expect(statuses.find((s) => s.device.state === 'error')!.device.message).toMatch(/no such port/i);
  });
});
