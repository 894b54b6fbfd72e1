/**
 * The EMG generator behind the simulated band: realistic enough that the DSP chain, the rep
 * detector and the focus comparison see what a real band would show, and fully deterministic for
 * a seed so tests can compare against it sample for sample.
 *
 * Model, per channel c and frame n (t = n / fs):
 *   x_c[n] = peak_c · a_c(t) · s_c[n]  +  baseline noise  +  mains hum
 * - s_c: unit-RMS Gaussian noise shaped to the sEMG band (4th-order high-pass at 30 Hz and
 *   4th-order low-pass at 200 Hz as biquad pairs: most power in 20-250 Hz, like the interference
 *   pattern of many motor-unit action potentials).
 * - a_c(t): the activation envelope 0..1: lead-in rest, then reps of a smooth concentric rise
 *   (35 % of the rep), a squeeze at the top (15 %), a smooth eccentric decline (35 %) and a pause
 *   (15 %), sets separated by rest. Assisting muscles lag the target by 5 % of a rep.
 * - peak_c: targetPeakUv / assistingPeakUv RMS scaled by the attentional focus (internal: target
 *   ×1.22, assisting ×0.85, after Snyder & Fry 2012; external: ×0.95 / ×1.05); other channels get
 *   12 % of the assisting level (stabilisers).
 * - baseline: white Gaussian noise of baselineNoiseUv RMS; hum: mainsHz sine of mainsAmplitudeUv
 *   amplitude plus a 3rd harmonic at 10 %.
 */
import { simulatorOptionsSchema } from './simulator-options-schema';
import { checkData } from '../util/schema-kit';
import { DEFAULT_SIMULATOR_OPTIONS, type FocusMode, type SimulatorOptions } from './simulator-options';

/** fractions of one rep: concentric rise, squeeze at the top, eccentric decline, pause */
const CONCENTRIC = 0.35;
const SQUEEZE = 0.15;
const ECCENTRIC = 0.35;
/** activation kept between reps of a set (holding the load), relative to the rep peak */
const IN_SET_FLOOR = 0.05;
/** assisting muscles come in this fraction of a rep after the target */
const ASSISTING_LAG = 0.05;
/** rep-to-rep spread: duration ±6 %, peak ±8 % (uniform) */
const REP_DURATION_SPREAD = 0.06;
const REP_AMPLITUDE_SPREAD = 0.08;
/** other (not target, not assisting) channels: stabiliser activity relative to assisting peak */
const OTHER_LEVEL = 0.12;
const THIRD_HARMONIC = 0.1;
/** shaping band edges, Hz (clamped for low sample rates) */
const SHAPE_HIGH_PASS_HZ = 30;
const SHAPE_LOW_PASS_HZ = 200;

export const FOCUS_GAIN: Record<FocusMode, { target: number; assisting: number }> = {
  none: { target: 1, assisting: 1 },
  internal: { target: 1.22, assisting: 0.85 },
  external: { target: 0.95, assisting: 1.05 },
};

// ---- options ------------------------------------------------------------------------------

/**
 * Defaults filled in (an explicit `undefined` counts as "not given") and every value checked.
 * Throws an Error with a plain message on a bad value.
 */
export function resolveSimulatorOptions(partial: Partial<SimulatorOptions> = {}): SimulatorOptions {
  const o: SimulatorOptions = { ...DEFAULT_SIMULATOR_OPTIONS, assistingChannels: [] };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  const fail = (msg: string): never => {
    throw new Error(`Simulator: ${msg}`);
  };
  const isInt = (v: number) => Number.isInteger(v);
  // each field against the one schema of the simulator's options (the connect command and the CLI use it too)
  const checked = checkData(simulatorOptionsSchema, partial, 'options');
  if (!checked.ok) fail(checked.error);
  if (!isInt(o.targetChannel) || o.targetChannel < 0 || o.targetChannel >= o.channels) {
    fail(`target channel must be 0 to ${o.channels - 1} (got ${o.targetChannel})`);
  }
  if (partial.assistingChannels === undefined) {
    // the default pairing (ch2 assists ch1) only where that channel exists
    o.assistingChannels = DEFAULT_SIMULATOR_OPTIONS.assistingChannels.filter((c) => c < o.channels && c !== o.targetChannel);
  } else {
    if (!Array.isArray(o.assistingChannels)) fail('assisting channels must be a list of channel indices');
    for (const c of o.assistingChannels) {
      if (!isInt(c) || c < 0 || c >= o.channels) fail(`assisting channel ${c} does not exist (channels 0 to ${o.channels - 1})`);
      if (c === o.targetChannel) fail(`channel ${c} cannot be both target and assisting`);
    }
    o.assistingChannels = [...o.assistingChannels];
  }
  if (!Number.isFinite(o.seed)) fail(`seed must be a number (got ${o.seed})`);
  return o;
}

// ---- random numbers -----------------------------------------------------------------------

/** sfc32: small, fast, 128-bit state, good statistical quality; seeded through splitmix32 */
class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    let s = seed >>> 0 || 0x9e3779b9;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** uniform in (0, 1): never 0, so log() is safe */
  uniform(): number {
    return (this.uint32() + 0.5) / 4294967296;
  }
}

// ---- rep schedule -------------------------------------------------------------------------

/** One rep as the simulator performs it (seconds from stream start). */
export interface RepTiming {
  /** 0-based set and rep-within-set */
  set: number;
  repInSet: number;
  /** concentric starts */
  startS: number;
  /** middle of the squeeze at the top */
  peakS: number;
  /** eccentric ends (the pause follows) */
  endS: number;
  /** whole slot, pause included: the next rep of the set starts here */
  slotEndS: number;
  /** peak activation of this rep relative to the nominal peak (≈ 0.92..1.08) */
  amplitude: number;
}

/** Walks the reps in order; shared by the generator and repSchedule() so both agree exactly. */
class RepTimeline {
  private readonly rng: Sfc32;
  private set = 0;
  private repInSet = 0;
  private nextStartS: number;
  private readonly repsPerSet: number;
  private readonly totalReps: number;
  private produced = 0;

  constructor(private readonly o: SimulatorOptions) {
    // its own stream, so the noise does not shift the rep timing and vice versa
    this.rng = new Sfc32((o.seed ^ 0x5bd1e995) >>> 0);
    this.nextStartS = o.leadInS;
    this.repsPerSet = o.reps ?? o.repsPerSet;
    this.totalReps = o.reps ?? Infinity;
  }

  /** The next rep, or null when a `reps: N` session is over. */
  next(): RepTiming | null {
    if (this.produced >= this.totalReps) return null;
    const duration = this.o.repSeconds * (1 + REP_DURATION_SPREAD * (2 * this.rng.uniform() - 1));
    const amplitude = 1 + REP_AMPLITUDE_SPREAD * (2 * this.rng.uniform() - 1);
    const startS = this.nextStartS;
    const rep: RepTiming = {
      set: this.set,
      repInSet: this.repInSet,
      startS,
      peakS: startS + duration * (CONCENTRIC + SQUEEZE / 2),
      endS: startS + duration * (CONCENTRIC + SQUEEZE + ECCENTRIC),
      slotEndS: startS + duration,
      amplitude,
    };
    this.produced++;
    this.nextStartS = rep.slotEndS;
    if (++this.repInSet >= this.repsPerSet) {
      this.repInSet = 0;
      this.set++;
      this.nextStartS += this.o.restBetweenSetsS;
    }
    return rep;
  }
}

/** The first `count` reps the simulator will perform with these options (fewer if `reps` is smaller). */
export function repSchedule(options: Partial<SimulatorOptions>, count: number): RepTiming[] {
  const timeline = new RepTimeline(resolveSimulatorOptions(options));
  const reps: RepTiming[] = [];
  for (let i = 0; i < count; i++) {
    const r = timeline.next();
    if (!r) break;
    reps.push(r);
  }
  return reps;
}

/**
 * Activation 0..1 at fraction u (0..1) of a rep slot: raised-cosine rise, hold, raised-cosine
 * decline, pause. `startLevel`/`endLevel` are the in-set floor, or 0 at the set's edges so
 * there is no step from rest.
 */
function repEnvelope(u: number, startLevel: number, endLevel: number): number {
  if (u < 0) return startLevel;
  if (u < CONCENTRIC) return startLevel + (1 - startLevel) * 0.5 * (1 - Math.cos((Math.PI * u) / CONCENTRIC));
  if (u < CONCENTRIC + SQUEEZE) return 1;
  if (u < CONCENTRIC + SQUEEZE + ECCENTRIC) {
    return endLevel + (1 - endLevel) * 0.5 * (1 + Math.cos((Math.PI * (u - CONCENTRIC - SQUEEZE)) / ECCENTRIC));
  }
  return endLevel;
}

// ---- filters ------------------------------------------------------------------------------

/** RBJ-cookbook Butterworth (Q = 1/√2) biquad, normalised: [b0, b1, b2, a1, a2] */
function butterworthBiquad(kind: 'lowpass' | 'highpass', cutoffHz: number, sampleRateHz: number): number[] {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRateHz;
  const alpha = Math.sin(w0) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = kind === 'lowpass' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'lowpass' ? b1 / 2 : -b1 / 2;
  return [b0 / a0, b1 / a0, b0 / a0, (-2 * cos) / a0, (1 - alpha) / a0];
}

// ---- the generator ------------------------------------------------------------------------

const ROLE_TARGET = 0;
const ROLE_ASSISTING = 1;
const ROLE_OTHER = 2;

export class EmgSimulator {
  readonly options: SimulatorOptions;
  private readonly channels: number;
  private readonly sampleRateHz: number;
  private readonly noise: Sfc32;
  /** Box-Muller makes two normals per draw; the second waits here (NaN: none waiting) */
  private spareNormal = NaN;
  /** per channel: 0 target, 1 assisting, 2 other */
  private readonly role: Uint8Array;
  /** per channel: RMS µV at full activation, focus applied */
  private readonly peakUv: Float64Array;
  /** 4 biquad sections (2 high-pass, 2 low-pass): 5 coefficients each */
  private readonly coeffs: Float64Array;
  /** per channel and section: the two state registers (transposed direct form II) */
  private readonly state: Float64Array;
  /** makes the shaped noise unit RMS */
  private readonly shapeGain: number;
  private readonly timeline: RepTimeline;
  private rep: RepTiming | null = null;
  private nextRep: RepTiming | null;
  private frameIndex = 0;
  /** mains phase in cycles, 0..1 (an accumulator so long runs do not lose precision) */
  private mainsPhase = 0;
  private readonly mainsStep: number;
  private lastTargetActivation = 0;
  private lastAssistingActivation = 0;

  constructor(options: SimulatorOptions) {
    const o = resolveSimulatorOptions(options);
    this.options = o;
    this.channels = o.channels;
    this.sampleRateHz = o.sampleRateHz;
    this.noise = new Sfc32(o.seed >>> 0);
    this.role = new Uint8Array(o.channels).fill(ROLE_OTHER);
    for (const c of o.assistingChannels) this.role[c] = ROLE_ASSISTING;
    this.role[o.targetChannel] = ROLE_TARGET;
    const focus = FOCUS_GAIN[o.focus];
    this.peakUv = new Float64Array(o.channels);
    for (let c = 0; c < o.channels; c++) {
      this.peakUv[c] =
        this.role[c] === ROLE_TARGET
          ? o.targetPeakUv * focus.target
          : this.role[c] === ROLE_ASSISTING
            ? o.assistingPeakUv * focus.assisting
            : o.assistingPeakUv * OTHER_LEVEL * (0.6 + 0.8 * this.noise.uniform());
    }
    const lowPassHz = Math.min(SHAPE_LOW_PASS_HZ, 0.4 * o.sampleRateHz);
    const highPassHz = Math.min(SHAPE_HIGH_PASS_HZ, 0.25 * lowPassHz);
    const hp = butterworthBiquad('highpass', highPassHz, o.sampleRateHz);
    const lp = butterworthBiquad('lowpass', lowPassHz, o.sampleRateHz);
    this.coeffs = Float64Array.from([...hp, ...hp, ...lp, ...lp]);
    this.state = new Float64Array(o.channels * 8);
    this.shapeGain = 1 / Math.sqrt(this.impulseEnergy());
    this.mainsStep = o.mainsHz / o.sampleRateHz;
    this.timeline = new RepTimeline(o);
    this.nextRep = this.timeline.next();
  }

  /** Frames generated so far (the stream index of the next frame). */
  get position(): number {
    return this.frameIndex;
  }

  /** Activation 0..1 of a channel at the last generated frame (its envelope, before noise). */
  activation(channel: number): number {
    // other channels follow the target's timing (stabilisers), at their own low level
    const a = this.role[channel] === ROLE_ASSISTING ? this.lastAssistingActivation : this.lastTargetActivation;
    return Math.min(1, a);
  }

  /**
   * Writes the next `frames` frames, channel-interleaved µV, into out[0 .. frames·channels).
   * Allocation-free; any split of the stream into calls gives the same samples.
   */
  fill(out: Float64Array, frames: number): void {
    const ch = this.channels;
    if (out.length < frames * ch) throw new RangeError(`EmgSimulator.fill: buffer of ${out.length} for ${frames} frames × ${ch} channels`);
    const o = this.options;
    const k = this.coeffs;
    const st = this.state;
    const role = this.role;
    const peak = this.peakUv;
    const shapeGain = this.shapeGain;
    const baseline = o.baselineNoiseUv;
    const mainsAmp = o.mainsAmplitudeUv;
    const fs = this.sampleRateHz;
    const twoPi = 2 * Math.PI;
    let at = 0;
    for (let f = 0; f < frames; f++) {
      const t = this.frameIndex / fs;
      this.updateActivation(t);
      const target = this.lastTargetActivation;
      const assisting = this.lastAssistingActivation;
      const phase = this.mainsPhase;
      const hum = mainsAmp * (Math.sin(twoPi * phase) + THIRD_HARMONIC * Math.sin(3 * twoPi * phase));
      for (let c = 0; c < ch; c++, at++) {
        // unit white noise through the 4 shaping sections (transposed direct form II)
        let x = this.normal();
        let s = c * 8;
        for (let q = 0; q < 20; q += 5, s += 2) {
          const y = k[q] * x + st[s];
          st[s] = k[q + 1] * x - k[q + 3] * y + st[s + 1];
          st[s + 1] = k[q + 2] * x - k[q + 4] * y;
          x = y;
        }
        const r = role[c];
        const activation = r === ROLE_TARGET ? target : r === ROLE_ASSISTING ? assisting : target;
        out[at] = peak[c] * activation * shapeGain * x + baseline * this.normal() + hum;
      }
      this.frameIndex++;
      const p = phase + this.mainsStep;
      this.mainsPhase = p >= 1 ? p - 1 : p;
    }
  }

  /** Moves along the rep timeline to time t and sets the target and assisting activations. */
  private updateActivation(t: number): void {
    while (this.nextRep && t >= this.nextRep.startS) {
      this.rep = this.nextRep;
      this.nextRep = this.timeline.next();
    }
    const rep = this.rep;
    if (!rep || t >= rep.slotEndS) {
      this.lastTargetActivation = 0;
      this.lastAssistingActivation = 0;
      return;
    }
    const slot = rep.slotEndS - rep.startS;
    const u = (t - rep.startS) / slot;
    const startLevel = rep.repInSet === 0 ? 0 : IN_SET_FLOOR;
    const lastInSet = !this.nextRep || this.nextRep.set !== rep.set;
    const endLevel = lastInSet ? 0 : IN_SET_FLOOR;
    this.lastTargetActivation = rep.amplitude * repEnvelope(u, startLevel, endLevel);
    this.lastAssistingActivation = rep.amplitude * repEnvelope(u - ASSISTING_LAG, startLevel, endLevel);
  }

  /** standard normal (Box-Muller, both values used) */
  private normal(): number {
    const spare = this.spareNormal;
    if (spare === spare) {
      this.spareNormal = NaN;
      return spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.noise.uniform()));
    const theta = 2 * Math.PI * this.noise.uniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Σ h[n]² of the shaping cascade (its output variance for unit white input). */
  private impulseEnergy(): number {
    const k = this.coeffs;
    const z = new Float64Array(8);
    let energy = 0;
    const n = Math.ceil(this.sampleRateHz * 4);
    for (let i = 0; i < n; i++) {
      let x = i === 0 ? 1 : 0;
      for (let q = 0, s = 0; q < 20; q += 5, s += 2) {
        const y = k[q] * x + z[s];
        z[s] = k[q + 1] * x - k[q + 3] * y + z[s + 1];
        z[s + 1] = k[q + 2] * x - k[q + 4] * y;
        x = y;
      }
      energy += x * x;
    }
    return energy;
  }
}
