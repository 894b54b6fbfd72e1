/**
 * The packaged app's Electron fuses (electron/fuses.ts). The Electron binary cannot run here, so
 * the test flips a stand-in binary that carries Electron's fuse wire (the sentinel, version 1, one
 * byte per fuse, all at their defaults) with the same @electron/fuses call the packaging hook uses,
 * and reads the wire back.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { applyMyocueFuses, MYOCUE_FUSES } from '../../electron/fuses';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 0x31;
const DISABLE = 0x30;
const dir = useFileTempDir('myocue-fuses-');

/** Electron's shipped defaults: RunAsNode, NODE_OPTIONS, --inspect on; the rest as released */
const DEFAULT_WIRE = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE, ENABLE];

function fakeElectron(wire: number[]): string {
  const file = path.join(dir(), `electron-${Math.random().toString(36).slice(2)}`);
  const filler = Buffer.alloc(64 * 1024, 0x90);
  fs.writeFileSync(file, Buffer.concat([filler, Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire]), filler]));
  return file;
}

describe('Electron fuses of the packaged app', () => {
  it('names every fuse of the wire explicitly (a new one fails packaging instead of inheriting)', () => {
    expect(MYOCUE_FUSES.strictlyRequireAllFuses).toBe(true);
    for (const k of Object.keys(FuseV1Options).filter((k) => /^\d+$/.test(k))) expect(MYOCUE_FUSES).toHaveProperty(k);
  });

  it('turns RunAsNode, NODE_OPTIONS and --inspect off, cookie encryption, ASAR integrity and ASAR-only on', async () => {
    const binary = fakeElectron(DEFAULT_WIRE);
    expect(await applyMyocueFuses(binary)).toBe(1);
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLE);
  });

  it('refuses a binary whose wire has a fuse the configuration does not name', async () => {
    const binary = fakeElectron([...DEFAULT_WIRE, ENABLE]);
    await expect(applyMyocueFuses(binary)).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('is the hook of the packaging configuration', async () => {
    const config = fs.readFileSync(path.resolve(__dirname, '../../electron-builder.config.cjs'), 'utf8');
    expect(config).toMatch(/afterPack[\s\S]*applyMyocueFuses/);
    expect(config).toMatch(/asar: true/);
  });
});
