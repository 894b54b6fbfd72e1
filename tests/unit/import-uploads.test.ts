import { beforeEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImportUploads, safeImportName } from '../../src/host/import-uploads';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-uploads-');
let dir: string;
beforeEach(() => {
  dir = tmp();
});

function send(u: ImportUploads, id: string, name: string, bytes: Buffer, chunk: number) {
  let last = { receivedBytes: 0, path: null as string | null };
  for (let off = 0; off < bytes.length; off += chunk) {
    last = u.receive({ uploadId: id, fileName: name, totalBytes: bytes.length, offset: off, dataBase64: bytes.subarray(off, off + chunk).toString('base64') });
  }
  return last;
}

describe('ImportUploads', () => {
  it('assembles chunks in order into <dataDir>/imports, byte for byte, and never overwrites an earlier import', () => {
    const u = new ImportUploads(dir);
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256));
    const a = send(u, 'a1', 'emg.csv', bytes, 999);
    expect(a.path).toBe(path.join(dir, 'imports', 'emg.csv'));
    expect(fs.readFileSync(a.path!).equals(bytes)).toBe(true);
    const b = send(u, 'b2', 'emg.csv', bytes.subarray(0, 10), 4);
    expect(b.path).toBe(path.join(dir, 'imports', 'emg (2).csv'));
    expect(fs.readFileSync(a.path!).equals(bytes)).toBe(true);
    // no part files left
    expect(fs.readdirSync(path.join(dir, 'imports')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('reports progress until the last chunk', () => {
    const u = new ImportUploads(dir);
    const r = u.receive({ uploadId: 'p', fileName: 'x.txt', totalBytes: 6, offset: 0, dataBase64: Buffer.from('abc').toString('base64') });
    expect(r).toEqual({ receivedBytes: 3, path: null });
  });

  it('refuses a chunk out of order, and more data than announced, and removes the part file', () => {
    const u = new ImportUploads(dir);
    u.receive({ uploadId: 'o', fileName: 'x.txt', totalBytes: 6, offset: 0, dataBase64: Buffer.from('abc').toString('base64') });
    expect(() => u.receive({ uploadId: 'o', fileName: 'x.txt', totalBytes: 6, offset: 5, dataBase64: 'YQ==' })).toThrow(/out of order/);
    expect(fs.readdirSync(path.join(dir, 'imports'))).toEqual([]);
    expect(() => u.receive({ uploadId: 'n', fileName: 'x.txt', totalBytes: 2, offset: 0, dataBase64: Buffer.from('abc').toString('base64') })).toThrow(/more data/);
    expect(() => u.receive({ uploadId: 'm', fileName: 'x.txt', totalBytes: 6, offset: 3, dataBase64: 'YQ==' })).toThrow(/interrupted/);
  });

  it('keeps only a safe base name', () => {
    expect(safeImportName('../../etc/passwd')).toBe('passwd');
    expect(safeImportName('C:\\Users\\me\\a?b*.csv')).toBe('a_b_.csv');
    expect(safeImportName('.hidden')).toBe('hidden');
    expect(safeImportName('..')).toBe('import');
  });
});
