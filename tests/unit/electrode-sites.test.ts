/**
 * The electrode picture's data: every muscle of the built-in exercise library has a site, every
 * electrode and reference point lies on the body outline of its view (on either side), the pair
 * is 20 mm-ish apart along its angle, and names with a side ("… (left)") find their muscle.
 */
import { describe, expect, it } from 'vitest';
import { EXERCISE_LIBRARY } from '../../src/exercises/library';
import { drawX, electrodeSiteFor, insidePolygon, outlinePolygon, pairPoints, PAIR_SPACING, placedSites } from '../../renderer/src/exercises/electrode-sites';

const BODY = outlinePolygon();

describe('electrode sites', () => {
  it('every library muscle has a site on the body, electrodes and reference inside the outline', () => {
    const muscles = new Set(EXERCISE_LIBRARY.flatMap((e) => [...e.target, ...e.assisting].map((m) => m.muscle)));
    expect(muscles.size).toBeGreaterThanOrEqual(14);
    for (const m of muscles) {
      const site = electrodeSiteFor(m);
      expect(site, m).not.toBeNull();
      for (const side of ['right', 'left'] as const) {
        for (const p of pairPoints(site!, side)) expect(insidePolygon(p.x, p.y, BODY), `${m} ${side} electrode at ${p.x.toFixed(1)},${p.y.toFixed(1)}`).toBe(true);
        const r = site!.reference;
        expect(insidePolygon(drawX(r, side), r.y, BODY), `${m} ${side} reference on ${site!.referenceOn}`).toBe(true);
      }
      const [a, b] = pairPoints(site!);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(PAIR_SPACING, 6);
    }
  });

  it('the outline test itself: off the body is outside (between the legs, beside the waist, above the shoulders)', () => {
    expect(insidePolygon(100, 300, BODY)).toBe(false);
    expect(insidePolygon(100 + 40, 200, BODY)).toBe(false);
    expect(insidePolygon(100 + 40, 55, BODY)).toBe(false);
    expect(insidePolygon(100, 150, BODY)).toBe(true);
  });

  it('front and back views mirror the sides: the body\'s right is the viewer\'s left from the front', () => {
    expect(drawX({ view: 'front', dx: 20, y: 0 })).toBe(80);
    expect(drawX({ view: 'back', dx: 20, y: 0 })).toBe(120);
    expect(drawX({ view: 'back', dx: 20, y: 0 }, 'left')).toBe(80);
  });

  it('finds a muscle by a name with a side or a note, and draws the bilateral muscle twice with a pair', () => {
    expect(electrodeSiteFor('Gluteus maximus (left)')).toBe(electrodeSiteFor('Gluteus maximus'));
    expect(electrodeSiteFor('Biceps femoris (hamstrings)')).not.toBe(electrodeSiteFor('Biceps brachii'));
    expect(electrodeSiteFor('Tibialis anterior')).toBeNull();
    const hip = EXERCISE_LIBRARY.find((e) => e.id === 'hip-thrust')!;
    expect(placedSites(hip, false).placed.map((p) => `${p.muscle}/${p.side}`)).toEqual(['Gluteus maximus/right', 'Biceps femoris (hamstrings)/right']);
    expect(placedSites(hip, true).placed.map((p) => `${p.muscle}/${p.side}`)).toEqual(['Gluteus maximus/right', 'Gluteus maximus/left', 'Biceps femoris (hamstrings)/right']);
    const custom = { ...hip, id: 'x', target: [{ muscle: 'Tibialis anterior', placement: '' }], assisting: [] };
    expect(placedSites(custom, false)).toEqual({ placed: [], missing: ['Tibialis anterior'] });
  });
});
