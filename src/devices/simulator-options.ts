/**
 * Options of the simulated band (in-process source and `myocue simulate`). One definition,
 * shared by the CLI, the host contract and the generator.
 */
export type FocusMode = 'none' | 'internal' | 'external';

export interface SimulatorOptions {
  /** channels generated (1..32, SIMULATOR_MAX_CHANNELS); default 2 */
  channels: number;
  /** samples per second per channel; default 2000 */
  sampleRateHz: number;
  /** undefined: sets of `repsPerSet` separated by `restBetweenSetsS`, forever; N: one set of N reps then baseline only */
  reps?: number;
  /** reps per set when `reps` is not given; default 8 */
  repsPerSet: number;
  /** duration of one rep (concentric + eccentric + pause), seconds; default 3 */
  repSeconds: number;
  /** rest between sets, seconds; default 20 */
  restBetweenSetsS: number;
  /** rest before the first set, seconds; default 2 */
  leadInS: number;
  /** internal focus: target up, assisting down; external: the reverse, a little */
  focus: FocusMode;
  /** mains hum frequency, Hz */
  mainsHz: 50 | 60;
  /** mains hum amplitude, µV; default 2 (well-prepared skin; raise it to see the notch and the quality check at work) */
  mainsAmplitudeUv: number;
  /** RMS of the baseline (electrode + amplifier) noise, µV; default 3 */
  baselineNoiseUv: number;
  /** RMS of the target muscle at full rep activation without focus, µV; default 300 */
  targetPeakUv: number;
  /** RMS of an assisting muscle at full rep activation without focus, µV; default 180 */
  assistingPeakUv: number;
  /** channel index of the target muscle; default 0 */
  targetChannel: number;
  /** channel indices of assisting muscles; default [1] */
  assistingChannels: number[];
  /** PRNG seed, so tests are repeatable */
  seed: number;
}

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  channels: 2,
  sampleRateHz: 2000,
  reps: undefined,
  repsPerSet: 8,
  repSeconds: 3,
  restBetweenSetsS: 20,
  leadInS: 2,
  focus: 'none',
  mainsHz: 50,
  mainsAmplitudeUv: 2,
  baselineNoiseUv: 3,
  targetPeakUv: 300,
  assistingPeakUv: 180,
  targetChannel: 0,
  assistingChannels: [1],
  seed: 1,
};
