import { describe, it, expect, beforeEach } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXERCISE_LIBRARY, findExercise } from '../../src/exercises/library';
import { loadExercises, saveCustomExercise, validateExercise } from '../../src/exercises/exercise-store';
import type { Exercise } from '../../src/exercises/exercise';
import { useTempDirs } from '../helpers/test-cleanups';

const IDS = ['hip-thrust', 'glute-bridge', 'back-squat', 'romanian-deadlift', 'bench-press', 'push-up', 'lateral-raise', 'seated-row', 'lat-pulldown', 'biceps-curl', 'triceps-pushdown', 'leg-extension'];

describe('exercise library', () => {
  it('has the 12 ids', () => {
    expect(EXERCISE_LIBRARY.map((e) => e.id)).toEqual(IDS);
  });
  it.each(IDS)('%s is complete', (id) => {
    const e = findExercise(EXERCISE_LIBRARY, id)!;
    expect(validateExercise(e)).toEqual([]);
    expect(e.target.length).toBeGreaterThan(0);
    expect(e.assisting.length).toBeGreaterThan(0);
    for (const p of [...e.target, ...e.assisting]) {
      expect(p.placement).toMatch(/20 mm/);
      expect(p.placement).toMatch(/reference/i);
    }
    expect(e.internalCues.length).toBeGreaterThanOrEqual(3);
    expect(e.externalCue.length).toBeGreaterThan(5);
    expect(e.loadPercent1RM.min).toBeGreaterThanOrEqual(20);
    expect(e.loadPercent1RM.max).toBeLessThanOrEqual(70);
    expect(e.tempo).toMatch(/\d s/);
  });
  it('findExercise returns null for unknown ids', () => {
    expect(findExercise(EXERCISE_LIBRARY, 'nope')).toBeNull();
    expect(findExercise(EXERCISE_LIBRARY, null)).toBeNull();
  });
});

describe('exercise store', () => {
  const tmp = useTempDirs('myocue-ex-');
  let dir: string;
  beforeEach(() => {
    dir = tmp();
  });

  const fly: Exercise = {
    id: 'cable-fly', name: 'Cable fly',
    target: [{ muscle: 'Pectoralis major', placement: 'chest belly' }],
    assisting: [{ muscle: 'Anterior deltoid', placement: 'front of shoulder' }],
    internalCues: ['Hug a tree with the chest'], externalCue: 'Bring the handles together',
    loadPercent1RM: { min: 30, max: 60 }, tempo: '2 s in, 3 s out',
  };

  it('no file → library only, no warning', async () => {
    const r = await loadExercises(dir);
    expect(r.exercises.length).toBe(12);
    expect(r.warning).toBeNull();
  });
  it('round trip: save, load, replace', async () => {
    const list = await saveCustomExercise(dir, fly);
    expect(list.length).toBe(13);
    expect(list[12]).toMatchObject({ id: 'cable-fly', custom: true });
    const r = await loadExercises(dir);
    expect(r.exercises.map((e) => e.id)).toContain('cable-fly');
    expect(r.exercises.find((e) => e.id === 'cable-fly')!.custom).toBe(true);
    await saveCustomExercise(dir, { ...fly, name: 'Cable fly (low)' });
    const again = await loadExercises(dir);
    expect(again.exercises.length).toBe(13);
    expect(again.exercises[12].name).toBe('Cable fly (low)');
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
  it('validates: kebab-case id, non-empty name and cues, no built-in ids', async () => {
    await expect(saveCustomExercise(dir, { ...fly, id: 'Cable Fly' })).rejects.toThrow(/kebab-case/);
    await expect(saveCustomExercise(dir, { ...fly, name: ' ' })).rejects.toThrow(/name/);
    await expect(saveCustomExercise(dir, { ...fly, internalCues: [] })).rejects.toThrow(/internalCues needs at least one internal cue/);
    await expect(saveCustomExercise(dir, { ...fly, id: 'hip-thrust' })).rejects.toThrow(/built-in/);
  });
  it('corrupt file → library only + warning; saving keeps the damaged file aside', async () => {
    fs.writeFileSync(path.join(dir, 'exercises.json'), '{"exercises": [');
    const r = await loadExercises(dir);
    expect(r.exercises.length).toBe(12);
    expect(r.warning).toMatch(/damaged/);
    await saveCustomExercise(dir, fly);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('exercises.json.damaged-'))).toBe(true);
    expect((await loadExercises(dir)).exercises.length).toBe(13);
  });
  it('invalid entries are skipped with a warning', async () => {
    fs.writeFileSync(path.join(dir, 'exercises.json'), JSON.stringify({ version: 1, exercises: [fly, { id: 'x' }] }));
    const r = await loadExercises(dir);
    expect(r.exercises.length).toBe(13);
    expect(r.warning).toMatch(/Skipped 1/);
  });
});
