/**
 * What the import form is told about a file before it opens (inspect-import.ts): channels, the rate
 * when the file says it, and whether the rate and the roles must be asked; from the header only.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectImport } from '../../src/formats/inspect-import';
import { EMG_DATA_DIR } from '../helpers/shared-data';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-inspect-');

const FIX = path.resolve(__dirname, '../fixtures/formats');
function file(name: string, text: string): string {
  const d = tmp();
  const p = path.join(d, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('inspectImport', () => {
  it('a CSV without a time column: its channels, and the rate and roles to ask', async () => {
    const p = file('three.csv', 'a,b,c\n1,2,3\n4,5,6\n');
    await expect(inspectImport(p)).resolves.toMatchObject({ format: 'csv', channelLabels: ['a', 'b', 'c'], rateHz: null, roles: null, needs: { rate: true, roles: true } });
  });
  it('a CSV with a time column: the rate from it; one channel needs no roles', async () => {
    const rows = ['time (ms),emg (uV)'];
    for (let k = 0; k < 50; k++) rows.push(`${k * 2},${k % 5}`);
    const p = file('t.csv', rows.join('\n') + '\n');
    await expect(inspectImport(p)).resolves.toMatchObject({ rateHz: 500, channelLabels: ['emg'], needs: { rate: false, roles: false } });
  });
  it('an OpenBCI GUI file: the rate from its header; a BrainFlow file without a board: the rate to ask', async () => {
    const obci = await inspectImport(path.join(FIX, 'openbci-v6-cyton.txt'));
    expect(obci.format).toBe('openbci');
    expect(obci.rateHz).toBeGreaterThan(0);
    expect(obci.needs.rate).toBe(false);
    const bf = await inspectImport(path.join(FIX, 'brainflow-ganglion.csv'), { format: 'brainflow' });
    expect(bf).toMatchObject({ format: 'brainflow', rateHz: null, needs: { rate: true } });
  });
  it('Vicon, OpenSignals text and HDF5 (real files): from their headers, the whole file never read', async () => {
    const vicon = await inspectImport(path.join(EMG_DATA_DIR, 'pyomeca-shoulder-lift/analogs.csv'));
    expect(vicon).toMatchObject({ format: 'csv', layout: 'vicon-csv', rateHz: 2000, needs: { rate: false, roles: true } });
    expect(vicon.channelLabels.length).toBe(38);
    const os = await inspectImport(path.join(EMG_DATA_DIR, 'bsnb-forearm-gestures/1_1.txt'));
    expect(os).toMatchObject({ format: 'csv', layout: 'opensignals-txt', rateHz: 1000, channelLabels: ['CH1 EMG', 'CH2 EMG', 'CH3 XYZ'] });
    const h5 = await inspectImport(path.join(EMG_DATA_DIR, 'bsnb-biceps/emg_bursts.h5'));
    expect(h5).toMatchObject({ format: 'hdf5', layout: 'opensignals-h5', rateHz: 1000, channelLabels: ['PORT3_CHN1 EMG'], needs: { rate: false, roles: false } });
  });
  it('a format that does not fit the content is refused in plain words', async () => {
    const p = file('x.csv', 'a,b\n1,2\n');
    await expect(inspectImport(p, { format: 'openbci' })).rejects.toThrow(/is not an OPENBCI file/);
  });
});
