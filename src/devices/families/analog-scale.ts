/**
 * From the number an Arduino sketch prints to µV at the electrodes, for the common analog EMG
 * boards (DEVICES.md §3.1; AdvancerTechnologies/MyoWare-Arduino-Library MyoWare.cpp, SparkFun
 * MyoWare 2.0 guide, Upside Down Labs BioAmp docs):
 *   volts at the ADC pin = counts × Vref / (2^bits − 1)          (the MyoWare library's formula)
 *   µV at the electrodes = (volts − offset) / gain × 1e6
 * MyoWare 2.0: RAW gain 200 around REF ≈ Vin/2 (we take mid-scale as REF; the band-pass removes
 * what is left), RECT gain 200 (rectified), ENV gain 200 × (1 + R_pot/kΩ), 10 200 at the library's
 * default 50 kΩ (an envelope already: it is not band-passed again). BioAmp: gain 2420.
 *
 * Written on the command line as `--scale NAME[:ADC]`, e.g. `myoware-env:12bit-3.3v`,
 * `gain=2420:10bit-5v`, `counts` (the default: numbers as printed).
 */

export type AnalogSignal = 'raw' | 'rectified' | 'envelope';

export interface AnalogAdc {
  bits: number;
  vrefV: number;
}

export interface AnalogScale {
  /** preset name as typed, e.g. "myoware-env:12bit-3.3v" */
  id: string;
  /** how it reads for a person */
  description: string;
  /** µV at the electrodes per printed unit (1 for 'counts', which are not µV) */
  microvoltsPerCount: number;
  /** printed value that means 0 V at the electrodes (mid-scale for RAW outputs) */
  offsetCounts: number;
  unit: 'µV' | 'ADC counts';
  signal: AnalogSignal;
  /** plain advice about this output */
  note?: string;
}

export const ADC_PRESETS: Record<string, AnalogAdc> = {
  '10bit-5v': { bits: 10, vrefV: 5 }, // Uno, Nano, Mega
  '10bit-3.3v': { bits: 10, vrefV: 3.3 }, // 3.3 V AVR boards, Teensy default
  '12bit-3.3v': { bits: 12, vrefV: 3.3 }, // ESP32, Uno R4, Due, Teensy 12-bit
  '12bit-5v': { bits: 12, vrefV: 5 },
  '16bit-3.3v': { bits: 16, vrefV: 3.3 }, // RP2040 MicroPython read_u16()
};

interface SensorPreset {
  gain: number;
  signal: AnalogSignal;
  centred: boolean;
  label: string;
  note?: string;
}

export const MYOWARE_RAW_GAIN = 200;
export const MYOWARE_ENV_DEFAULT_GAIN = 200 * (1 + 50);

const SENSORS: Record<string, SensorPreset> = {
  'myoware-raw': { gain: MYOWARE_RAW_GAIN, signal: 'raw', centred: true, label: 'MyoWare 2.0 RAW (gain 200)' },
  'myoware-rect': {
    gain: MYOWARE_RAW_GAIN,
    signal: 'rectified',
    centred: false,
    label: 'MyoWare 2.0 RECT (gain 200)',
    note: 'RECT is rectified EMG: amplitudes are right, but the spectrum (fatigue figure) is not meaningful. Wire RAW for the full analysis.',
  },
  'myoware-env': {
    gain: MYOWARE_ENV_DEFAULT_GAIN,
    signal: 'envelope',
    centred: false,
    label: 'MyoWare 2.0 ENV (gain 10 200 at the 50 kΩ default pot)',
    note: 'ENV is already an envelope made by the sensor: Myocue does not band-pass it, reps and %MVC work, the fatigue figure does not. The gain depends on the sensor\'s pot: calibrate an MVC and read %MVC. Wire RAW for raw EMG.',
  },
  bioamp: { gain: 2420, signal: 'raw', centred: true, label: 'Muscle BioAmp (gain 2420)' },
};

export const SCALE_PRESET_NAMES = ['counts', ...Object.keys(SENSORS), 'gain=G'] as const;

/** Parses `--scale NAME[:ADC]`; throws an Error with a plain message on a bad preset. */
export function parseAnalogScale(text: string | undefined): AnalogScale {
  const spec = (text ?? 'counts').trim().toLowerCase();
  const [name, adcName = '10bit-5v'] = spec.split(':');
  if (name === 'counts') {
    return { id: 'counts', description: 'ADC counts as printed (no µV scale)', microvoltsPerCount: 1, offsetCounts: 0, unit: 'ADC counts', signal: 'raw' };
  }
  const adc = ADC_PRESETS[adcName];
  if (!adc) throw new Error(`--scale: unknown ADC "${adcName}"; one of ${Object.keys(ADC_PRESETS).join(', ')}`);
  let sensor = SENSORS[name];
  if (!sensor) {
    const m = /^gain=(\d+(\.\d+)?)$/.exec(name);
    if (!m) throw new Error(`--scale: unknown preset "${name}"; one of counts, ${Object.keys(SENSORS).join(', ')}, gain=G (a custom gain), each optionally with :ADC (${Object.keys(ADC_PRESETS).join(', ')})`);
    const gain = Number(m[1]);
    if (!(gain > 0 && gain <= 1e6)) throw new Error(`--scale: gain must be above 0 and at most 1e6 (got ${m[1]})`);
    sensor = { gain, signal: 'raw', centred: true, label: `custom gain ${gain}` };
  }
  const voltsPerCount = adc.vrefV / (2 ** adc.bits - 1);
  return {
    id: `${name}:${adcName}`,
    description: `${sensor.label}, ${adc.bits}-bit ADC at ${adc.vrefV} V`,
    microvoltsPerCount: (voltsPerCount / sensor.gain) * 1e6,
    offsetCounts: sensor.centred ? 2 ** (adc.bits - 1) : 0,
    unit: 'µV',
    signal: sensor.signal,
    ...(sensor.note ? { note: sensor.note } : {}),
  };
}
