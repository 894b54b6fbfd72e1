/**
 * The built-in exercise library: which muscle should do the work (target), which tends to take it
 * over (assisting), where the electrodes go, and cues that move the work onto the target.
 *
 * Target / assisting pairs follow the usual mind-muscle-connection (MMC) pairings collected in
 * SCIENCE.md (hip thrust: glutes vs hamstrings; squat: glutes vs quadriceps; bench / push-up:
 * pectoralis vs triceps and anterior deltoid; lateral raise: middle deltoid vs upper trapezius;
 * row / pulldown: latissimus vs biceps; curl: biceps vs brachioradialis).
 *
 * Placement hints are SENIAM-style (Hermens et al. 2000, seniam.org): a bipolar pair over the
 * muscle belly, between the innervation zone and the tendon, oriented along the fibres, about
 * 20 mm centre to centre, reference electrode on electrically quiet bone. Where SENIAM has no
 * recommendation (pectoralis major, latissimus dorsi, brachioradialis) the hint follows common
 * practice in the MMC literature and says so.
 *
 * Load ranges: an internal focus raises target EMG at roughly 20-60 % 1RM and stops doing so near
 * 80 % (Calatayud et al. 2016, Eur J Appl Physiol 116:527; Snyder & Fry 2012, J Strength Cond Res
 * 26(9):2394), so every exercise suggests about 30-65 % 1RM.
 *
 * Bilateral: every exercise here loads both sides alike, so its target muscle is the one to
 * measure left and right for the symmetry index (src/metrics/symmetry-index.ts).
 *
 * Cues are written in our own words.
 */
import type { Exercise, MusclePlacement } from './exercise';

/** Shared wording: every pair is ~20 mm apart along the fibres (SENIAM). */
const PAIR = 'pair 20 mm apart (centre to centre)';

const GLUTE_MAX: MusclePlacement = {
  muscle: 'Gluteus maximus',
  placement: `Halfway along the line from the sacrum to the greater trochanter, on the greatest bulge of the buttock; ${PAIR}, oriented along that line (down and out, with the fibres); reference on the iliac crest.`,
};
const BICEPS_FEMORIS: MusclePlacement = {
  muscle: 'Biceps femoris (hamstrings)',
  placement: `Halfway along the line from the ischial tuberosity (sit bone) to the outer side of the knee (lateral tibial condyle); ${PAIR}, along that line; reference on the head of the fibula or the kneecap.`,
};
const VASTUS_LATERALIS: MusclePlacement = {
  muscle: 'Vastus lateralis (quadriceps)',
  placement: `Two thirds of the way from the front hip bone (anterior superior iliac spine) to the outer edge of the kneecap; ${PAIR}, along the thigh following the fibres; reference on the kneecap.`,
};
const VASTUS_MEDIALIS: MusclePlacement = {
  muscle: 'Vastus medialis (quadriceps)',
  placement: `On the teardrop above and inside the kneecap, about 80 % of the way from the front hip bone to the inner knee joint line; ${PAIR}, tilted to follow the oblique fibres (almost across the thigh); reference on the kneecap.`,
};
const RECTUS_FEMORIS: MusclePlacement = {
  muscle: 'Rectus femoris (quadriceps)',
  placement: `Halfway along the line from the front hip bone (anterior superior iliac spine) to the top of the kneecap; ${PAIR}, along that line; reference on the kneecap.`,
};
const ERECTOR_SPINAE: MusclePlacement = {
  muscle: 'Erector spinae (lower back)',
  placement: `Two finger widths beside the spine at the level of the first lumbar vertebra (longissimus), on the muscle ridge; ${PAIR}, vertical along the spine; reference on the iliac crest.`,
};
const PEC_MAJOR: MusclePlacement = {
  muscle: 'Pectoralis major',
  placement: `Not covered by SENIAM; common practice: over the chest belly about 3-4 cm inside the front armpit fold, level with the nipple line; ${PAIR}, pointing toward the shoulder along the fibres; reference on the collarbone.`,
};
const TRICEPS: MusclePlacement = {
  muscle: 'Triceps brachii',
  placement: `Long head: halfway along the line from the back corner of the acromion to the olecranon (elbow tip), two finger widths toward the inside of that line; ${PAIR}, along the upper arm; reference on the olecranon or the wrist.`,
};
const ANTERIOR_DELTOID: MusclePlacement = {
  muscle: 'Anterior deltoid',
  placement: `One finger width below and in front of the acromion, on the front of the shoulder; ${PAIR}, along the line from the acromion toward the thumb; reference on the collarbone or C7.`,
};
const MIDDLE_DELTOID: MusclePlacement = {
  muscle: 'Middle deltoid',
  placement: `On the greatest bulge of the side of the shoulder, about 3 cm below the tip of the acromion on the line to the outer elbow (lateral epicondyle); ${PAIR}, vertical along that line; reference on the collarbone or C7.`,
};
const UPPER_TRAPEZIUS: MusclePlacement = {
  muscle: 'Upper trapezius',
  placement: `Halfway along the line from the acromion to the spinous process of C7 (the bump at the base of the neck); ${PAIR}, along that line; reference on C7.`,
};
const LATISSIMUS: MusclePlacement = {
  muscle: 'Latissimus dorsi',
  placement: `Not covered by SENIAM; common practice: about 4 cm below the lower tip of the shoulder blade, over the muscle belly on the side of the back; ${PAIR}, tilted about 25° from vertical toward the armpit, along the fibres; reference on a thoracic spinous process or the iliac crest.`,
};
const BICEPS_BRACHII: MusclePlacement = {
  muscle: 'Biceps brachii',
  placement: `On the line from the front of the acromion to the crease of the elbow, one third of the way up from the elbow crease; ${PAIR}, along the upper arm; reference on the wrist or the olecranon.`,
};
const BRACHIORADIALIS: MusclePlacement = {
  muscle: 'Brachioradialis (forearm)',
  placement: `Not covered by SENIAM; common practice: on the thumb side of the forearm, a quarter of the way from the elbow crease to the wrist, on the bulge that appears in a hammer grip; ${PAIR}, along the forearm; reference on the wrist (radial styloid).`,
};

export const EXERCISE_LIBRARY: readonly Exercise[] = [
  {
    id: 'hip-thrust',
    name: 'Hip thrust',
    target: [GLUTE_MAX],
    bilateral: GLUTE_MAX.muscle,
    assisting: [BICEPS_FEMORIS],
    internalCues: [
      'Squeeze your glutes hard at the top and hold for a second',
      'Feel the glutes lift the hips, not the back of the thighs',
      'Lock out by tucking the pelvis with the glutes, not by arching the lower back',
      'Pinch a coin between your glutes at lockout',
    ],
    externalCue: 'Drive the bar straight up toward the ceiling',
    loadPercent1RM: { min: 30, max: 65 },
    tempo: '2 s up, 1 s squeeze at the top, 3 s down',
  },
  {
    id: 'glute-bridge',
    name: 'Glute bridge',
    target: [GLUTE_MAX],
    bilateral: GLUTE_MAX.muscle,
    assisting: [BICEPS_FEMORIS],
    internalCues: [
      'Crush a walnut between your glutes at the top',
      'Let the glutes push the hips up; the hamstrings stay quiet',
      'Hold the top and keep squeezing the glutes for two seconds',
    ],
    externalCue: 'Push the floor away through your heels',
    loadPercent1RM: { min: 30, max: 60 },
    tempo: '2 s up, 2 s hold, 2 s down',
  },
  {
    id: 'back-squat',
    name: 'Back squat',
    target: [GLUTE_MAX],
    bilateral: GLUTE_MAX.muscle,
    assisting: [VASTUS_LATERALIS],
    internalCues: [
      'On the way up, feel the glutes drive the hips forward',
      'Spread the floor with your glutes as you stand',
      'Squeeze the glutes to finish each rep at the top',
    ],
    externalCue: 'Push the floor down and away from you',
    loadPercent1RM: { min: 40, max: 65 },
    tempo: '3 s down, 1 s pause, 2 s up',
  },
  {
    id: 'romanian-deadlift',
    name: 'Romanian deadlift',
    target: [BICEPS_FEMORIS, GLUTE_MAX],
    bilateral: BICEPS_FEMORIS.muscle,
    assisting: [ERECTOR_SPINAE],
    internalCues: [
      'Feel the hamstrings stretch as the hips travel back',
      'Pull yourself up with the hamstrings and glutes, not the lower back',
      'Stretch, then squeeze the glutes to stand tall',
    ],
    externalCue: 'Push your hips back toward the wall behind you',
    loadPercent1RM: { min: 30, max: 60 },
    tempo: '3 s down, 1 s stretch, 2 s up',
  },
  {
    id: 'bench-press',
    name: 'Bench press',
    target: [PEC_MAJOR],
    bilateral: PEC_MAJOR.muscle,
    assisting: [TRICEPS, ANTERIOR_DELTOID],
    internalCues: [
      'Squeeze your chest to press, as if bringing the arms together',
      'Feel the chest do the work, keep the shoulders quiet',
      'Stretch the chest at the bottom, then squeeze it to the top',
    ],
    externalCue: 'Push the bar up toward the ceiling',
    loadPercent1RM: { min: 30, max: 60 },
    tempo: '3 s down, 1 s pause on the chest, 2 s up',
  },
  {
    id: 'push-up',
    name: 'Push-up',
    target: [PEC_MAJOR],
    bilateral: PEC_MAJOR.muscle,
    assisting: [TRICEPS, ANTERIOR_DELTOID],
    internalCues: [
      'Squeeze the chest, not the shoulders, as you push up',
      'Think of pulling your hands toward each other with the chest',
      'Feel the chest stretch at the bottom and tighten at the top',
    ],
    externalCue: 'Push the floor away from you',
    loadPercent1RM: { min: 30, max: 60 },
    tempo: '3 s down, 1 s pause, 2 s up',
  },
  {
    id: 'lateral-raise',
    name: 'Lateral raise',
    target: [MIDDLE_DELTOID],
    bilateral: MIDDLE_DELTOID.muscle,
    assisting: [UPPER_TRAPEZIUS],
    internalCues: [
      'Lift with the side of the shoulder; keep the neck relaxed',
      'Feel the middle delts raise the arms, shoulders stay down away from the ears',
      'Lead with the elbows and feel the side delts burn',
    ],
    externalCue: 'Push the dumbbells out toward the walls',
    loadPercent1RM: { min: 30, max: 60 },
    tempo: '2 s up, 1 s hold, 3 s down',
  },
  {
    id: 'seated-row',
    name: 'Seated row',
    target: [LATISSIMUS],
    bilateral: LATISSIMUS.muscle,
    assisting: [BICEPS_BRACHII],
    internalCues: [
      'Pull with the elbows, not the hands; the arms are just hooks',
      'Feel the lats draw the elbows back toward your hips',
      'Squeeze the back at the end of each pull',
    ],
    externalCue: 'Pull the handle to your stomach',
    loadPercent1RM: { min: 30, max: 65 },
    tempo: '2 s pull, 1 s squeeze, 3 s return',
  },
  {
    id: 'lat-pulldown',
    name: 'Lat pulldown',
    target: [LATISSIMUS],
    bilateral: LATISSIMUS.muscle,
    assisting: [BICEPS_BRACHII],
    internalCues: [
      'Drive the elbows down into your back pockets with the lats',
      'Keep the grip loose; let the lats do the pulling',
      'Feel the lats stretch at the top and tighten at the bottom',
    ],
    externalCue: 'Pull the bar down to your upper chest',
    loadPercent1RM: { min: 30, max: 65 },
    tempo: '2 s down, 1 s squeeze, 3 s up',
  },
  {
    id: 'biceps-curl',
    name: 'Biceps curl',
    target: [BICEPS_BRACHII],
    bilateral: BICEPS_BRACHII.muscle,
    assisting: [BRACHIORADIALIS],
    internalCues: [
      'Stretch the biceps at the bottom, then squeeze it hard at the top',
      'Turn the little finger up and feel the biceps shorten',
      'Keep the forearm relaxed; the biceps lifts the weight',
    ],
    externalCue: 'Bring the dumbbell up to your shoulder',
    loadPercent1RM: { min: 30, max: 60 },
    tempo: '2 s up, 1 s squeeze, 3 s down',
  },
  {
    id: 'triceps-pushdown',
    name: 'Triceps pushdown',
    target: [TRICEPS],
    bilateral: TRICEPS.muscle,
    assisting: [LATISSIMUS],
    internalCues: [
      'Keep the elbows pinned and let the triceps straighten the arms',
      'Squeeze the back of the arm hard at the bottom',
      'Feel the triceps, not the back or shoulders, press the handle',
    ],
    externalCue: 'Push the handle down toward the floor',
    loadPercent1RM: { min: 30, max: 65 },
    tempo: '2 s down, 1 s squeeze, 3 s up',
  },
  {
    id: 'leg-extension',
    name: 'Leg extension',
    // isolation: the "assisting" channel tells whether the outer quad carries the rep
    target: [VASTUS_MEDIALIS, RECTUS_FEMORIS],
    bilateral: VASTUS_MEDIALIS.muscle,
    assisting: [VASTUS_LATERALIS],
    internalCues: [
      'Squeeze the teardrop above the inner knee at the top',
      'Feel the front of the thigh straighten the knee and hold it',
      'Tighten the whole quad at lockout before lowering',
    ],
    externalCue: 'Kick the pad up toward the ceiling',
    loadPercent1RM: { min: 30, max: 60 },
    tempo: '2 s up, 1 s squeeze, 3 s down',
  },
];

/** The exercise with this id, or null. */
export function findExercise(list: readonly Exercise[], id: string | null | undefined): Exercise | null {
  if (!id) return null;
  return list.find((e) => e.id === id) ?? null;
}
