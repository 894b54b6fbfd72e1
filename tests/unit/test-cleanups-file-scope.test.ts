/**
 * tests/helpers/test-cleanups.ts, the file-scoped helpers: useFileTempDir's folder is there for the
 * tests of its describe, the same one in each (what one test writes the next reads), and gone once
 * the describe is over; useFileCleanups runs its list once, after the last test, last pushed first.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useFileCleanups, useFileTempDir } from '../helpers/test-cleanups';

let seen: string | undefined;
const order: string[] = [];

describe('a file-scoped temp folder', () => {
  const cleanups = useFileCleanups();
  const dir = useFileTempDir('myocue-file-tmp-', cleanups);
  cleanups.push(() => order.push('pushed first'));

  it('exists during the tests, under the os temp folder with the prefix', () => {
    seen = dir();
    expect(fs.statSync(seen).isDirectory()).toBe(true);
    expect(path.dirname(seen)).toBe(os.tmpdir());
    expect(path.basename(seen)).toMatch(/^myocue-file-tmp-.{6}$/);
    fs.writeFileSync(path.join(seen, 'kept.txt'), 'from the first test');
    cleanups.push(() => order.push(`pushed last, folder still there: ${fs.existsSync(seen!)}`));
  });

  it('is the same folder in the next test, with what the first one wrote', () => {
    expect(dir()).toBe(seen);
    expect(fs.readFileSync(path.join(dir(), 'kept.txt'), 'utf8')).toBe('from the first test');
    expect(order).toEqual([]);
  });
});

describe('after the describe', () => {
  it('the folder is gone and the list ran once, last pushed first', () => {
    expect(seen).toBeDefined();
    expect(fs.existsSync(seen!)).toBe(false);
    // the test's cleanup ran before the folder's removal (pushed after it), the collection-time one after
    expect(order).toEqual(['pushed last, folder still there: true', 'pushed first']);
  });
});

describe('asked for outside a hook or test', () => {
  const dir = useFileTempDir('myocue-file-tmp-unused-');
  const early = (() => {
    try {
      return dir();
    } catch (err) {
      return (err as Error).message;
    }
  })();

  it('says the folder is made in beforeAll', () => {
    expect(early).toMatch(/made in beforeAll/);
    expect(fs.existsSync(dir())).toBe(true);
  });
});
