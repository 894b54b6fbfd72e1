/**
 * `myocue serve --exports-max-age-min / --exports-cap-mib / --exports-grace-min` (issue 9, the
 * exports/ staging limits as settings): a wrong value stops serve at once with one line naming
 * the option (exit 2, nothing served); values given are the limits the host cleans exports/ by
 * at start, not the defaults (1 h, 2 GiB, 5 min).
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, startServe } from '../helpers/cli-process';
import { useCleanups, useTempDirs } from '../helpers/test-cleanups';
import { putAgedFile } from '../helpers/aged-file';

const cleanups = useCleanups();
const tmpDir = useTempDirs('myocue-serve-staging-', cleanups);

/** a data folder whose exports/ holds `files` ([name, bytes, age in minutes]) */
function dataDirWithExports(files: [string, number, number][]): { dir: string; exportsDir: string } {
  const dir = tmpDir();
  const exportsDir = path.join(dir, 'exports');
  fs.mkdirSync(exportsDir);
  for (const [name, bytes, ageMin] of files) putAgedFile(exportsDir, name, bytes, ageMin);
  return { dir, exportsDir };
}

async function serveOn(dir: string, args: string[]): Promise<void> {
  const serve = await startServe(['--device', 'sim', '--no-record', '--data-dir', dir, ...args]);
  cleanups.push(() => serve.stop());
}

describe('serve: the exports/ cleaning limits', () => {
  it.each([
    [['--exports-max-age-min', 'an hour'], /--exports-max-age-min: expected a number, got "an hour"/],
    [['--exports-max-age-min', '0'], /--exports-max-age-min: must be at least 1/],
    [['--exports-cap-mib=-1'], /--exports-cap-mib: must be at least 1/],
    [['--exports-cap-mib', '0.25'], /--exports-cap-mib: must be at least 1, got 0.25/],
    [['--exports-grace-min', 'x'], /--exports-grace-min: expected a number/],
  ])('%j: exit 2 with one line naming the option, serves nothing', async (args, message) => {
    const { dir, exportsDir } = dataDirWithExports([['Old.bdf', 4096, 600]]);
    const r = await runCli(['serve', '--port', '0', '--no-record', '--data-dir', dir, ...args], 15_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).not.toMatch(/^http:/m);
    // refused before the host started: nothing was cleaned either
    expect(fs.readdirSync(exportsDir)).toEqual(['Old.bdf']);
  });

  it('--exports-max-age-min 30: an export 45 min old is removed at start, one 10 min old kept (the default 60 would keep both)', async () => {
    const { dir, exportsDir } = dataDirWithExports([['Forty-five.bdf', 4096, 45], ['Ten.csv', 4096, 10]]);
    await serveOn(dir, ['--exports-max-age-min', '30']);
    expect(fs.readdirSync(exportsDir)).toEqual(['Ten.csv']);
  });

  it('--exports-cap-mib 1: of two 768 KiB exports the older goes; with --exports-grace-min 30 both are young enough to stay', async () => {
    const KIB_768 = 768 * 1024;
    const files: [string, number, number][] = [['Older.bdf', KIB_768, 20], ['Newer.bdf', KIB_768, 10]];
    const capped = dataDirWithExports(files);
    await serveOn(capped.dir, ['--exports-cap-mib', '1']);
    expect(fs.readdirSync(capped.exportsDir)).toEqual(['Newer.bdf']);
    const graced = dataDirWithExports(files);
    await serveOn(graced.dir, ['--exports-cap-mib', '1', '--exports-grace-min', '30']);
    expect(fs.readdirSync(graced.exportsDir).sort()).toEqual(['Newer.bdf', 'Older.bdf']);
  });
});
