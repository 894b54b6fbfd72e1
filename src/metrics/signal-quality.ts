/**
 * Signal-quality check of one raw channel (µV, a few seconds) before and during training, in plain
 * words: is the electrode connected, is the amplifier clipping, is mains hum swamping the signal,
 * is the resting noise low enough to resolve a few %MVC, and is the rate high enough for sEMG.
 *
 * Thresholds (all parameters below):
 * - flat / disconnected: RMS (mean removed) < 0.5 µV or a constant signal. A connected skin
 *   electrode always shows some noise; an open input or a stuck ADC does not.
 * - clipping: ≥ 0.1 % of samples at the ADC rails → check, ≥ 1 % → bad (the envelope is then
 *   capped and %MVC understated).
 * - mains: power within ±2 Hz of the mains frequency and its harmonics over the power above
 *   10 Hz; > 0.3 → check, > 0.6 → bad (the 50/60 Hz notch removes the line itself, but a hum this
 *   strong means poor skin contact or an unshielded lead).
 * - harmonic hum: power within ±2 Hz of the mains harmonics (2×, 3×, …) over the power that is
 *   left after the fundamental's notch; > 0.1 → check, telling the user to notch the harmonics
 *   too (the DSP setting mainsHarmonics). A rest recording with 27 % of that power at 100 Hz had
 *   its noise floor inflated by 20-30 %; at 10 % the floor reads ≈ 5 % high (√(1/0.9)).
 *   Not raised when the harmonics up to the strongest one are already notched (`harmonicsNotched`).
 * - baseline noise: RMS of the 20-450 Hz band (De Luca 2010 / SENIAM band, SCIENCE.md), mains bins
 *   excluded, in the quietest 250 ms of the segment (so a contraction does not count as noise);
 *   > 10 µV → check, > 25 µV → bad. SCIENCE.md states no numeric noise limit; these are our
 *   heuristic limits: the effects users look for are a few %MVC of MVCs of a few hundred µV,
 *   so a resting floor above ~10 µV hides them.
 * - sample rate < 1000 Hz → check (SCIENCE.md: the 20-450 Hz band needs ≥ 1000 Hz).
 */
import type { ChannelQuality, QualityVerdict } from './types';
import { floorPow2, nearestPow2, welchSpectrum } from './spectrum';

export const SIGNAL_QUALITY_DEFAULTS = {
  flatRmsUv: 0.5,
  clipCheckRatio: 0.001,
  clipBadRatio: 0.01,
  /** a sample within this fraction of full scale counts as "at the rail" */
  railFraction: 0.999,
  mainsCheckRatio: 0.3,
  mainsBadRatio: 0.6,
  /** half-width of each mains band, Hz */
  mainsHalfWidthHz: 2,
  /** power below this is drift / motion, not part of the ratio's total, Hz */
  totalMinHz: 10,
  harmonicCheckRatio: 0.1,
  /** how many mains harmonics the chain notches (DspSettings.mainsHarmonics): 1 = the fundamental only */
  harmonicsNotched: 1 as number,
  noiseCheckUv: 10,
  noiseBadUv: 25,
  noiseBandHz: [20, 450] as [number, number],
  /** sub-window for the "quietest part" noise estimate, ms */
  noiseWindowMs: 250,
  minRateHz: 1000,
} as const;

export type SignalQualityOptions = Partial<Omit<typeof SIGNAL_QUALITY_DEFAULTS, 'noiseBandHz'>> & { noiseBandHz?: [number, number] };

const rank: Record<QualityVerdict, number> = { good: 0, check: 1, bad: 2 };

function isMainsBin(f: number, mainsHz: number | null, halfWidth: number): boolean {
  if (!mainsHz) return false;
  const h = Math.round(f / mainsHz);
  return h >= 1 && Math.abs(f - h * mainsHz) <= halfWidth;
}

/**
 * Quality of one channel from its raw µV samples `x[from, to)`.
 * @param mainsHz 50, 60, or null when the mains check is off
 * @param adcFullScaleUv the ADC rails are ±adcFullScaleUv
 */
export function assessChannelQuality(
  x: ArrayLike<number>,
  rateHz: number,
  mainsHz: number | null,
  adcFullScaleUv: number,
  channel: number,
  options: SignalQualityOptions = {},
  from = 0,
  to = x.length,
  /**
   * the channel's resting noise as the caller measured it over a longer time (e.g. the lowest
   * `quietestNoiseUv` of the last minute), µV; replaces the estimate from this segment alone
   */
  restingNoiseUv?: number,
): ChannelQuality {
  const o = { ...SIGNAL_QUALITY_DEFAULTS, ...options };
  const reasons: string[] = [];
  let verdict: QualityVerdict = 'good';
  const raise = (v: QualityVerdict, reason: string) => {
    if (rank[v] > rank[verdict]) verdict = v;
    reasons.push(reason);
  };
  const n = to - from;
  let harmonicRatio = 0;
  const result = (noise: number, mains: number, clip: number): ChannelQuality => ({
    channel,
    verdict,
    reasons,
    baselineNoiseUv: noise,
    mainsPowerRatio: mains,
    harmonicPowerRatio: harmonicRatio,
    clippingRatio: clip,
    sampleRateHz: rateHz,
  });
  if (rateHz < o.minRateHz) raise('check', `sample rate ${rateHz} Hz is below ${o.minRateHz} Hz: the 20-450 Hz EMG band cannot be captured fully`);
  if (n <= 1) {
    raise('bad', 'no signal yet');
    return result(0, 0, 0);
  }

  // flat line and clipping in one pass
  let mean = 0;
  let min = Infinity;
  let max = -Infinity;
  let railed = 0;
  const rail = adcFullScaleUv > 0 ? adcFullScaleUv * o.railFraction : Infinity;
  for (let i = from; i < to; i++) {
    const v = x[i];
    mean += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v >= rail || v <= -rail) railed++;
  }
  mean /= n;
  let ss = 0;
  for (let i = from; i < to; i++) ss += (x[i] - mean) * (x[i] - mean);
  const rms = Math.sqrt(ss / n);
  const clip = railed / n;
  if (max === min || rms < o.flatRmsUv) {
    raise('bad', `flat line (${rms.toFixed(2)} µV RMS): electrode off or channel not connected?`);
    return result(rms, 0, clip);
  }
  if (clip >= o.clipBadRatio) raise('bad', `clipping: ${(clip * 100).toFixed(1)} % of samples at the amplifier limit; check the electrode contact or lower the gain`);
  else if (clip >= o.clipCheckRatio) raise('check', `some clipping: ${(clip * 100).toFixed(1)} % of samples at the amplifier limit`);

  // mains ratio on a ~1 s Welch spectrum (≈1 Hz bins resolve the ±2 Hz bands)
  let mainsRatio = 0;
  const size = Math.min(nearestPow2(rateHz), floorPow2(n));
  const spec = size >= 16 ? welchSpectrum(x, rateHz, size, from, to) : null;
  if (spec && mainsHz) {
    let total = 0;
    let mains = 0;
    let fundamental = 0;
    const halfWidth = Math.max(o.mainsHalfWidthHz, spec.binHz);
    for (let k = 1; k < spec.power.length; k++) {
      const f = k * spec.binHz;
      if (f < o.totalMinHz) continue;
      total += spec.power[k];
      if (isMainsBin(f, mainsHz, halfWidth)) {
        mains += spec.power[k];
        if (Math.round(f / mainsHz) === 1) fundamental += spec.power[k];
      }
    }
    mainsRatio = total > 0 ? mains / total : 0;
    // harmonic hum: the 2nd and 3rd harmonic's power above the spectrum beside them (broadband
    // EMG or noise has power there too; only the line's excess is hum)
    const left = total - fundamental;
    const excess = [2, 3].map((h) => harmonicExcess(spec.power, spec.binHz, h * mainsHz, halfWidth));
    harmonicRatio = left > 0 ? (excess[0] + excess[1]) / left : 0;
    if (harmonicRatio > o.harmonicCheckRatio) {
      const strongest = excess[1] > excess[0] ? 3 : 2;
      const where = [2, 3].filter((_, i) => excess[i] > 0.02 * left).map((h) => `${h * mainsHz} Hz`).join(' and ');
      const msg = `mains harmonics (${where}) are ${Math.round(harmonicRatio * 100)} % of the power left after the ${mainsHz} Hz notch`;
      if (o.harmonicsNotched < strongest) raise('check', `${msg}: notch the harmonics too (Mains notch → Harmonics)`);
      else reasons.push(`${msg}; they are notched`);
    }
    const msg = `mains ${mainsHz} Hz is ${Math.round(mainsRatio * 100)} % of the power`;
    if (mainsRatio > o.mainsBadRatio) raise('bad', `${msg}: improve skin contact, keep cables together, move away from power supplies`);
    else if (mainsRatio > o.mainsCheckRatio) raise('check', msg);
  }

  // baseline noise: band RMS in the quietest sub-window, or the resting floor the caller measured
  // over a longer time (during a set there may be no rest at all in the last seconds)
  let noise = restingNoiseUv ?? quietestNoiseUv(x, rateHz, mainsHz, from, to, options);
  if (!Number.isFinite(noise)) noise = rms;
  if (noise > o.noiseBadUv) raise('bad', `resting noise ${noise.toFixed(1)} µV is high: clean the skin, press the electrodes on, check the reference`);
  else if (noise > o.noiseCheckUv) raise('check', `resting noise ${noise.toFixed(1)} µV is a bit high`);

  return result(noise, mainsRatio, clip);
}

/** Power of the bins within ±halfWidth of fHz above the mean level of the bins 2-10 Hz beside the band. */
function harmonicExcess(power: Float64Array, binHz: number, fHz: number, halfWidth: number): number {
  let band = 0;
  let bandBins = 0;
  let side = 0;
  let sideBins = 0;
  for (let k = 1; k < power.length; k++) {
    const d = Math.abs(k * binHz - fHz);
    if (d <= halfWidth) {
      band += power[k];
      bandBins++;
    } else if (d <= halfWidth + 10) {
      side += power[k];
      sideBins++;
    }
  }
  if (bandBins === 0) return 0;
  const expected = sideBins ? (side / sideBins) * bandBins : 0;
  return Math.max(0, band - expected);
}

/**
 * Baseline noise of a segment: the 20-450 Hz band RMS (mains lines excluded) of its quietest
 * `noiseWindowMs` sub-window, µV; Infinity when the segment is shorter than one sub-window.
 */
export function quietestNoiseUv(
  x: ArrayLike<number>,
  rateHz: number,
  mainsHz: number | null,
  from = 0,
  to = x.length,
  options: SignalQualityOptions = {},
): number {
  const o = { ...SIGNAL_QUALITY_DEFAULTS, ...options };
  const n = to - from;
  const [lo, hi] = o.noiseBandHz;
  let noise = Infinity;
  if (n < 16) return noise;
  const wSize = Math.max(16, Math.min(floorPow2(n), nearestPow2((rateHz * o.noiseWindowMs) / 1000)));
  for (let start = from; start + wSize <= to; start += wSize) {
    const s = welchSpectrum(x, rateHz, wSize, start, start + wSize);
    if (!s) break;
    let p = 0;
    for (let k = 1; k < s.power.length; k++) {
      const f = k * s.binHz;
      // ±2 bins: the Hann main lobe of an off-bin hum spans two bins either side
      if (f < lo || f > hi || isMainsBin(f, mainsHz, Math.max(o.mainsHalfWidthHz, 2 * s.binHz))) continue;
      p += s.power[k];
    }
    const r = Math.sqrt(p);
    if (r < noise) noise = r;
  }
  return noise;
}
