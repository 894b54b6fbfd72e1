/**
 * Where the electrodes go, as points on a front and a back body outline (ElectrodeMap.tsx draws
 * them). One site per muscle of the exercise library: the centre of the bipolar pair, the
 * direction of the pair (along the fibres) and the reference electrode on electrically quiet bone,
 * following the placement text of src/exercises/library.ts (SENIAM, Hermens et al. 2000; common
 * practice where SENIAM has no recommendation). Hand-placed on our own outline, not a download.
 *
 * Coordinates: one view is 200 × 420 units, the midline at x = 100, the head at the top; `dx` is
 * the distance from the midline toward the body's RIGHT side. In the front view the body's right
 * is on the viewer's left (x = 100 − dx), in the back view on the viewer's right (x = 100 + dx).
 * A lifter of ~1.75 m spans ~410 units, so the 20 mm between the two electrodes is ~5 units.
 */
import type { Exercise } from '../../../src/host/contract';

export type BodyView = 'front' | 'back';

export interface BodyPoint {
  view: BodyView;
  /** from the midline toward the body's right, units (0: on the midline) */
  dx: number;
  y: number;
}

export interface ElectrodeSite {
  /** the centre of the pair */
  at: BodyPoint;
  /** direction of the pair on the drawing, degrees from vertical (positive: the lower electrode further out) */
  angleDeg: number;
  /** the reference electrode */
  reference: BodyPoint;
  /** the landmark the reference sits on, for the picture's legend */
  referenceOn: string;
}

/** Half of the body outline (the body's right side), from the neck down to the crotch, as [x, y] on the front view. */
export const OUTLINE_RIGHT_HALF: readonly (readonly [number, number])[] = [
  [108, 50], [110, 63], [122, 66], [136, 69], [146, 76], [151, 92], [152, 118], [155, 160], [158, 200], [161, 232], [164, 250],
  [158, 258], [151, 250], [148, 232], [143, 202], [139, 164], [134, 122], [131, 104], [128, 142], [122, 190], [128, 222],
  [131, 262], [125, 318], [127, 352], [117, 398], [123, 410], [103, 411], [104, 398], [104, 342], [104, 318], [103, 262], [100, 240],
];

/** The head: an ellipse centred on the midline. */
export const HEAD = { cx: 100, cy: 30, rx: 17, ry: 21 } as const;

/** The closed outline of the body (both halves, the head apart) as [x, y] points. */
export function outlinePolygon(): [number, number][] {
  const right = OUTLINE_RIGHT_HALF.map(([x, y]) => [x, y] as [number, number]);
  const left = [...OUTLINE_RIGHT_HALF].reverse().map(([x, y]) => [200 - x, y] as [number, number]);
  return [...right, ...left];
}

/** SVG path of the outline. */
export function outlinePath(): string {
  return outlinePolygon()
    .map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`)
    .join(' ') + ' Z';
}

/** x on the drawing of a point, for the body's right side or (mirrored) its left side. */
export function drawX(p: BodyPoint, side: 'right' | 'left' = 'right'): number {
  const dx = side === 'right' ? p.dx : -p.dx;
  return p.view === 'front' ? 100 - dx : 100 + dx;
}

const ILIAC_CREST: BodyPoint = { view: 'back', dx: 19, y: 196 };
const KNEECAP: BodyPoint = { view: 'front', dx: 14, y: 322 };
const CLAVICLE: BodyPoint = { view: 'front', dx: 20, y: 73 };
const C7: BodyPoint = { view: 'back', dx: 0, y: 60 };
const OLECRANON: BodyPoint = { view: 'back', dx: 47, y: 163 };
const WRIST: BodyPoint = { view: 'front', dx: 52, y: 236 };

/** Sites by a key found in the muscle's name (lower case); the first key that matches wins. */
export const ELECTRODE_SITES: readonly { key: string; site: ElectrodeSite }[] = [
  // SENIAM: halfway sacrum – greater trochanter, down and out along the fibres; reference on the iliac crest
  { key: 'gluteus maximus', site: { at: { view: 'back', dx: 15, y: 226 }, angleDeg: 55, reference: ILIAC_CREST, referenceOn: 'iliac crest' } },
  // SENIAM: halfway ischial tuberosity – lateral tibial condyle; reference on the fibular head
  { key: 'biceps femoris', site: { at: { view: 'back', dx: 17, y: 280 }, angleDeg: 6, reference: { view: 'back', dx: 21, y: 326 }, referenceOn: 'head of the fibula' } },
  { key: 'hamstring', site: { at: { view: 'back', dx: 17, y: 280 }, angleDeg: 6, reference: { view: 'back', dx: 21, y: 326 }, referenceOn: 'head of the fibula' } },
  // SENIAM: 2/3 of the way ASIS – lateral patella
  { key: 'vastus lateralis', site: { at: { view: 'front', dx: 24, y: 288 }, angleDeg: -8, reference: KNEECAP, referenceOn: 'kneecap' } },
  // SENIAM: 80 % of the way ASIS – medial knee joint line, oblique fibres
  { key: 'vastus medialis', site: { at: { view: 'front', dx: 7, y: 304 }, angleDeg: 50, reference: KNEECAP, referenceOn: 'kneecap' } },
  // SENIAM: halfway ASIS – superior patella
  { key: 'rectus femoris', site: { at: { view: 'front', dx: 16, y: 268 }, angleDeg: 0, reference: KNEECAP, referenceOn: 'kneecap' } },
  { key: 'quadriceps', site: { at: { view: 'front', dx: 16, y: 268 }, angleDeg: 0, reference: KNEECAP, referenceOn: 'kneecap' } },
  // SENIAM (longissimus): two finger widths beside the L1 spinous process, vertical
  { key: 'erector spinae', site: { at: { view: 'back', dx: 7, y: 178 }, angleDeg: 0, reference: ILIAC_CREST, referenceOn: 'iliac crest' } },
  // common practice: chest belly inside the armpit fold, toward the shoulder
  { key: 'pectoralis', site: { at: { view: 'front', dx: 21, y: 96 }, angleDeg: -60, reference: CLAVICLE, referenceOn: 'collarbone' } },
  // SENIAM (long head): halfway acromion – olecranon, two finger widths inward
  { key: 'triceps', site: { at: { view: 'back', dx: 38, y: 120 }, angleDeg: 0, reference: OLECRANON, referenceOn: 'elbow tip (olecranon)' } },
  // SENIAM: a finger width below and in front of the acromion
  { key: 'anterior deltoid', site: { at: { view: 'front', dx: 38, y: 84 }, angleDeg: 10, reference: CLAVICLE, referenceOn: 'collarbone' } },
  // SENIAM: the bulge of the shoulder, 3 cm below the acromion tip
  { key: 'middle deltoid', site: { at: { view: 'front', dx: 44, y: 88 }, angleDeg: 0, reference: CLAVICLE, referenceOn: 'collarbone' } },
  { key: 'deltoid', site: { at: { view: 'front', dx: 44, y: 88 }, angleDeg: 0, reference: CLAVICLE, referenceOn: 'collarbone' } },
  // SENIAM: halfway acromion – C7
  { key: 'trapezius', site: { at: { view: 'back', dx: 22, y: 73 }, angleDeg: 76, reference: C7, referenceOn: 'C7 (base of the neck)' } },
  // common practice: 4 cm below the lower tip of the shoulder blade, ~25° toward the armpit
  { key: 'latissimus', site: { at: { view: 'back', dx: 22, y: 140 }, angleDeg: -25, reference: { view: 'back', dx: 0, y: 130 }, referenceOn: 'a thoracic spinous process' } },
  // SENIAM: on the line acromion – elbow crease, 1/3 up from the crease
  { key: 'biceps brachii', site: { at: { view: 'front', dx: 43, y: 130 }, angleDeg: 4, reference: WRIST, referenceOn: 'wrist' } },
  { key: 'biceps', site: { at: { view: 'front', dx: 43, y: 130 }, angleDeg: 4, reference: WRIST, referenceOn: 'wrist' } },
  // common practice: thumb side of the forearm, a quarter of the way from the elbow crease
  { key: 'brachioradialis', site: { at: { view: 'front', dx: 47, y: 180 }, angleDeg: 6, reference: WRIST, referenceOn: 'wrist (radial styloid)' } },
];

/** The site for a muscle name ("Gluteus maximus (left)" finds the gluteus maximus), or null. */
export function electrodeSiteFor(muscle: string): ElectrodeSite | null {
  const name = muscle.toLowerCase();
  return ELECTRODE_SITES.find((s) => name.includes(s.key))?.site ?? null;
}

/** Ray-casting point-in-polygon test (the tests check every site lies on the body). */
export function insidePolygon(x: number, y: number, poly: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance between the two electrodes on the drawing, units (20 mm on a 1.75 m lifter, a little enlarged to be seen). */
export const PAIR_SPACING = 7;

/** The two electrodes of a site on the drawing, for the body's right or left side. */
export function pairPoints(site: ElectrodeSite, side: 'right' | 'left' = 'right'): [{ x: number; y: number }, { x: number; y: number }] {
  const a = (site.angleDeg * Math.PI) / 180;
  const h = PAIR_SPACING / 2;
  const upper: BodyPoint = { ...site.at, dx: site.at.dx - h * Math.sin(a), y: site.at.y - h * Math.cos(a) };
  const lower: BodyPoint = { ...site.at, dx: site.at.dx + h * Math.sin(a), y: site.at.y + h * Math.cos(a) };
  return [
    { x: drawX(upper, side), y: upper.y },
    { x: drawX(lower, side), y: lower.y },
  ];
}

export interface Placed {
  muscle: string;
  role: 'target' | 'assist';
  site: ElectrodeSite;
  side: 'right' | 'left';
}

/** The sites to draw: each muscle of the exercise once (right side), the bilateral one on both sides when asked. */
export function placedSites(ex: Exercise, bilateral: boolean): { placed: Placed[]; missing: string[] } {
  const placed: Placed[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const [role, list] of [
    ['target', ex.target],
    ['assist', ex.assisting],
  ] as const) {
    for (const m of list) {
      if (seen.has(m.muscle)) continue;
      seen.add(m.muscle);
      const site = electrodeSiteFor(m.muscle);
      if (!site) {
        missing.push(m.muscle);
        continue;
      }
      placed.push({ muscle: m.muscle, role, site, side: 'right' });
      if (bilateral && ex.bilateral && electrodeSiteFor(ex.bilateral) === site) placed.push({ muscle: m.muscle, role, site, side: 'left' });
    }
  }
  return { placed, missing };
}

