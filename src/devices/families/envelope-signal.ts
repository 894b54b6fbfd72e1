/**
 * A sensor that outputs an envelope already (MyoWare 2.0 ENV: rectified and smoothed on the board)
 * must not be band-passed 20-450 Hz like raw EMG: its content is below ~10 Hz and the high-pass
 * would erase it. Even a slow high-pass is wrong: it takes the envelope's mean out, so rest between
 * reps would read as |rest − mean|, i.e. active (a 4th-order Butterworth at 0.001 Hz still loses
 * 16 % of a level in 10 s). So the chain runs without its high-pass (identity sections), the
 * low-pass and the notch stay as set, and the RMS of the envelope is the envelope itself, smoothed.
 */
import type { DspSettings } from '../../host/contract';
import type { StreamInfo } from '../sample-source';

/** 0 = no high-pass section (adapt-to-rate.ts, emg-chain.ts) */
export const ENVELOPE_HIGHPASS_HZ = 0;

export function dspSettingsForSignal(settings: DspSettings, signal: StreamInfo['signal']): { settings: DspSettings; warning?: string } {
  if (signal !== 'envelope') return { settings };
  return {
    settings: { ...settings, highpassHz: ENVELOPE_HIGHPASS_HZ },
    warning: `This sensor output is already an envelope (e.g. MyoWare ENV): it is not band-passed as raw EMG, its level is kept as the sensor gives it. Reps and %MVC work; the fatigue (median frequency) figure does not.`,
  };
}
