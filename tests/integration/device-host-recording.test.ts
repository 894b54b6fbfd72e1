/**
 * A real device family through the whole host: an emulated Arduino text stream on a pty, found by
 * `band: 'auto'`, recorded; the session file says which family, scale and rate source it was.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFamilyEmulator } from '../../src/devices/emulators/start-emulator';
import { openPtyPair } from '../helpers/pty-pair';
import { useHostTest, waitFor } from '../helpers/host-test';

const { cleanups, tmpDir: tempDir, host: hostOn } = useHostTest();


describe('host on a detected device family', () => {
  it('records an Arduino text stream with its family, scale and rate source', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const emu = await startFamilyEmulator({ band: 'arduino', path: pty.a, rateHz: 1000, channels: 2, scale: 'myoware-raw:10bit-5v' });
    cleanups.push(() => emu.stop());
    const dataDir = tempDir('myocue-device-rec-');
    const host = await hostOn(dataDir);
    let frames = 0;
    host.subscribe('frame', () => frames++);
    await host.invoke('connect', { kind: 'serial', path: pty.b, band: 'auto', scale: 'myoware-raw:10bit-5v' });
    // the session starts before the band is detected: its recording opens with the stream
    await host.invoke('startSession', null);
    await waitFor(() => host.status().device.state === 'streaming' && frames > 20 && host.status().recording.active, 15_000, 'streaming and recording');
    const info = host.status().device.info!;
    expect(info.family).toBe('arduino');
    expect(info.unit).toBe('µV');
    expect(Math.abs(info.sampleRateHz - 1000)).toBeLessThan(20);
    await host.invoke('disconnect', null);
    const sidecar = readdirSync(dataDir, { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.session.json'));
    expect(sidecar).toBeDefined();
    const meta = JSON.parse(readFileSync(join(dataDir, sidecar!), 'utf8'));
    expect(meta.device).toMatchObject({ family: 'arduino', unit: 'µV', rateSource: 'estimated' });
    expect(meta.device.scale).toMatch(/MyoWare 2\.0 RAW/);
    expect(Math.abs(meta.device.sampleRateHz - 1000)).toBeLessThan(20);
  });
});
