/**
 * The lifter store (src/lifters/lifter-store.ts): a fresh folder has the default lifter "me";
 * adding by name makes the lifter current and survives a reopen; a name already there chooses
 * that lifter; bad names are refused with a plain message and change nothing; a damaged file is
 * kept aside and never crashes; the write is atomic (no temp file left, the old list intact when
 * the folder refuses the write).
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LIFTERS_FILE, LifterStore, newLifterId, sameName } from '../../src/lifters/lifter-store';
import { DEFAULT_LIFTER } from '../../src/lifters/lifter';
import { useTempDirs } from '../helpers/test-cleanups';

const tmp = useTempDirs('myocue-lifters-');

describe('lifter store', () => {
  it('starts with the default lifter "me" (whose MVCs and sessions came before lifters)', () => {
    const s = LifterStore.open(tmp());
    expect(s.warning).toBeNull();
    expect(s.list()).toEqual({ lifters: [DEFAULT_LIFTER], currentId: 'me' });
    expect(s.current().id).toBe('me');
  });

  it('adds by name, makes the lifter current, and keeps both across a reopen', () => {
    const dir = tmp();
    const s = LifterStore.open(dir);
    const anna = s.add('  Anna   Berg ', new Date('2026-12-01T10:00:00Z'));
    expect(anna.name).toBe('Anna Berg');
    expect(anna.id).toMatch(/^anna-berg-[0-9a-f]{4}$/);
    expect(anna.created).toBe('2026-12-01T10:00:00.000Z');
    expect(s.current().id).toBe(anna.id);
    const bo = s.add('Bo');
    const again = LifterStore.open(dir);
    expect(again.list().lifters.map((l) => l.name)).toEqual(['Me', 'Anna Berg', 'Bo']);
    expect(again.current().id).toBe(bo.id);
    again.select(anna.id);
    expect(LifterStore.open(dir).current().id).toBe(anna.id);
    // nothing left over from the atomic writes
    expect(fs.readdirSync(dir)).toEqual([LIFTERS_FILE]);
  });

  it('a name already there (case and spaces aside) chooses that lifter: no second one', () => {
    const s = LifterStore.open(tmp());
    const a = s.add('Anna');
    s.add('Bo');
    expect(s.add('  aNNa ').id).toBe(a.id);
    expect(s.current().id).toBe(a.id);
    expect(s.list().lifters).toHaveLength(3);
    expect(sameName('Zoë', 'zoë')).toBe(true);
  });

  it('refuses an empty, multi-line or overlong name, and an unknown id, changing nothing', () => {
    const dir = tmp();
    const s = LifterStore.open(dir);
    expect(() => s.add('   ')).toThrow(/must not be empty/);
    expect(() => s.add('a\nb')).toThrow(/on one line/);
    expect(() => s.add('x'.repeat(61))).toThrow(/at most 60/);
    expect(() => s.select('nobody')).toThrow(/no lifter "nobody"/);
    expect(s.list().lifters).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, LIFTERS_FILE))).toBe(false);
  });

  it('ids are kebab-case and unique even for names with no letters', () => {
    const taken = new Set(['lifter-0000']);
    const id = newLifterId('!!!', (x) => taken.has(x));
    expect(id).toMatch(/^lifter-[0-9a-f]{4}$/);
    expect(newLifterId('Åsa Öberg', () => false)).toMatch(/^asa-oberg-[0-9a-f]{4}$/);
  });

  it('a damaged file is kept aside with a warning; damaged entries are skipped; never throws', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, LIFTERS_FILE), '{"version":1,"lifters":[');
    const s = LifterStore.open(dir);
    expect(s.warning).toMatch(/damaged \(kept as lifters\.json\.damaged-\d+\)/);
    expect(s.list().lifters).toEqual([DEFAULT_LIFTER]);
    expect(fs.readdirSync(dir).some((n) => n.startsWith('lifters.json.damaged-'))).toBe(true);

    fs.writeFileSync(
      path.join(dir, LIFTERS_FILE),
      JSON.stringify({ version: 1, currentId: 'ghost', lifters: [{ id: 'ana-1234', name: 'Ana', created: '' }, { id: '../x', name: 'Evil', created: '' }, { id: 'b', name: '', created: '' }, 7] }),
    );
    const t = LifterStore.open(dir);
    expect(t.warning).toMatch(/Skipped 3 damaged lifter entries/);
    expect(t.list().lifters.map((l) => l.id)).toEqual(['me', 'ana-1234']);
    // the current id named no lifter: the default one trains
    expect(t.current().id).toBe('me');

    fs.writeFileSync(path.join(dir, LIFTERS_FILE), JSON.stringify({ version: 99, lifters: [] }));
    expect(LifterStore.open(dir).warning).toMatch(/newer Myocue/);
  });

  it('a write the disk refuses: a plain error, the old list intact in memory, no temp file left', () => {
    const dir = tmp();
    const s = LifterStore.open(dir);
    s.add('Anna');
    // the rename over lifters.json fails (a non-empty folder took its place): works as root too
    fs.rmSync(path.join(dir, LIFTERS_FILE));
    fs.mkdirSync(path.join(dir, LIFTERS_FILE, 'x'), { recursive: true });
    expect(() => s.add('Bo')).toThrow(/Cannot save the lifters .*lifters\.json/);
    expect(s.list().lifters.map((l) => l.name)).toEqual(['Me', 'Anna']);
    expect(s.current().name).toBe('Anna');
    expect(fs.readdirSync(dir)).toEqual([LIFTERS_FILE]);
    // and reading that folder as the file is a warning, not a crash
    expect(LifterStore.open(dir).warning).toMatch(/could not be read \(EISDIR\)/);
  });
});
