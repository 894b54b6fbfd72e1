/**
 * Fuzz of the file readers (issue 9, "Proof"): 240 malformed files from a fixed seed, made from
 * small valid files of every format Myocue reads (our BDF+, EDF+, our CSV, OpenBCI GUI, OpenSignals
 * text, BioSPPy text, Vicon Nexus CSV, BrainFlow) by truncating, flipping and inserting bytes,
 * dropping and repeating lines, overwriting header fields with junk, and adding very long lines.
 * Every file must either import as a valid recording (finite positive rate, channels, labels and
 * units that agree, finite samples) or fail with a plain message naming the file: an ImportError,
 * an EdfFormatError or an InputFileError, never a TypeError/RangeError or Node's raw error text.
 * EDF/BDF files also go through the streaming analysis source and the frame reader.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { importRecording } from '../../src/formats/detect-format';
import { ImportError } from '../../src/formats/imported-recording';
import { exportCsv } from '../../src/formats/export-csv';
import { BdfPlusWriter } from '../../src/recording/bdf-writer';
import { EdfFormatError } from '../../src/recording/edf-header';
import { InputFileError } from '../../src/recording/input-file';
import { openEdfRecording, readAllChannels } from '../../src/recording/bdf-reader';
import { openAnalysisSource } from '../../src/analysis/analysis-source';
import { DEFAULT_DSP_SETTINGS } from '../../src/dsp/defaults';
import { mulberry32 as rng } from '../../src/util/seeded-random';

const SEED = 20261201;
const FILES = 240;

const dir = useFileTempDir('myocue-fuzz-');
const templates: { name: string; bytes: Buffer }[] = [];

beforeAll(() => {
  const wave = (n: number, k: number) => Float64Array.from({ length: n }, (_, i) => Math.round(Math.sin(i / (3 + k)) * 5000) / 100);
  for (const format of ['bdf', 'edf'] as const) {
    const p = path.join(dir(), `t.${format}`);
    const w = BdfPlusWriter.open(p, { channels: [{ label: 'biceps' }, { label: 'triceps' }], sampleRateHz: 500, startTime: new Date(2024, 0, 1), format });
    const x = new Float64Array(2 * 700);
    for (let i = 0; i < 700; i++) {
      x[2 * i] = Math.sin(i / 4) * 300;
      x[2 * i + 1] = Math.cos(i / 7) * 200;
    }
    w.writeSamples(x, 400);
    w.addAnnotation(0.3, null, 'Set 1 start [tag=internal]');
    w.markGap(0.5);
    w.writeSamples(x.subarray(800), 300);
    w.close();
    templates.push({ name: format, bytes: fs.readFileSync(p) });
  }
  const csv = path.join(dir(), 't.csv');
  exportCsv(csv, { sampleRateHz: 250, channelLabels: ['Biceps, left', 'b'], units: ['uV', 'counts'], samples: [wave(300, 0), wave(300, 1)], annotations: [{ onsetS: 0.2, durationS: null, text: 'Cue: "squeeze"' }] });
  templates.push({ name: 'csv', bytes: fs.readFileSync(csv) });
  const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';
  templates.push({
    name: 'openbci.txt',
    bytes: Buffer.from('%OpenBCI Raw EEG Data\n%Number of channels = 4\n%Sample Rate = 200.0 Hz\n%First Column = SampleIndex\n' + rows(300, (i) => `${i % 256}, ${(i * 0.7).toFixed(2)}, ${(i * -0.3).toFixed(2)}, 0.00, 0.00, 0.000, 0.000, 0.000, 12:00:${String(Math.floor(i / 200)).padStart(2, '0')}.${String((i % 200) * 5).padStart(3, '0')}`)),
  });
  templates.push({
    name: 'opensignals.txt',
    bytes: Buffer.from(
      '# OpenSignals Text File Format\n# {"00:07:80:4C:01:B1": {"sampling rate": 1000, "column": ["nSeq", "DI", "CH1", "CH2"], "label": ["CH1", "CH2"], "sensor": ["EMG", "XYZ"], "resolution": [16, 16], "device": "biosignalsplux"}}\n# EndOfHeader\n' +
        rows(400, (i) => `${i % 16}\t0\t${32768 + (i % 50)}\t${30000 + i}\t`),
    ),
  });
  templates.push({ name: 'biosppy.txt', bytes: Buffer.from('# Simple Text Format\n# Sampling Rate (Hz):= 1000.00\n# Resolution:= 12\n# Labels:= EMG\n' + rows(400, (i) => String(2048 + (i % 40)))) });
  templates.push({
    name: 'vicon.csv',
    bytes: Buffer.from('Devices\n1000\n,,EMG,EMG\nFrame,Sub Frame,EMG1,EMG2\n,,V,mV\n' + rows(300, (i) => `${Math.floor(i / 10) + 1},${i % 10},${(i * 1e-6).toExponential(3)},${(i * 0.001).toFixed(4)}`) + '\nTrajectories\n100\n'),
  });
  templates.push({ name: 'brainflow.csv', bytes: Buffer.from(rows(300, (i) => [i % 256, ...Array.from({ length: 4 }, (_, k) => (Math.sin(i / (k + 2)) * 50).toFixed(3)), 1700000000 + i / 200, 0].join('\t'))) });
});

/** One malformed copy of `b`, the mutation chosen by `r`. */
function mutate(b: Buffer, r: () => number, isEdf: boolean): { bytes: Buffer; how: string } {
  const pick = (n: number) => Math.floor(r() * n);
  const kind = pick(isEdf ? 7 : 6);
  const out = Buffer.from(b);
  switch (kind) {
    case 0: {
      const at = pick(b.length);
      return { bytes: out.subarray(0, at), how: `truncated at ${at}` };
    }
    case 1: {
      const n = 1 + pick(12);
      for (let k = 0; k < n; k++) out[pick(out.length)] = pick(256);
      return { bytes: out, how: `${n} random bytes` };
    }
    case 2: {
      const at = pick(b.length);
      const junk = Buffer.from(Array.from({ length: 1 + pick(64) }, () => pick(256)));
      return { bytes: Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]), how: `junk inserted at ${at}` };
    }
    case 3: {
      const lines = b.toString('latin1').split('\n');
      const i = pick(lines.length);
      if (r() < 0.5) lines.splice(i, 1);
      else lines.splice(i, 0, lines[i] ?? '', lines[i] ?? '');
      return { bytes: Buffer.from(lines.join('\n'), 'latin1'), how: `line ${i + 1} dropped or repeated` };
    }
    case 4: {
      const at = pick(b.length);
      const long = Buffer.alloc(300 * 1024 + pick(10000), r() < 0.5 ? 0x37 : 0x2c);
      return { bytes: Buffer.concat([out.subarray(0, at), long, out.subarray(at)]), how: `a long line at ${at}` };
    }
    case 5: {
      const at = pick(Math.min(b.length, 1024));
      const text = ['-1', '0', '1e300', 'NaN', '-99999999', '99999999', '', '"', ',,,,', '\t\t', '1.5.5', '%', '#'][pick(13)];
      out.write(text.padEnd(8, ' '), at, 'latin1');
      return { bytes: out, how: `"${text}" written at ${at}` };
    }
    default: {
      // an EDF header field overwritten (offsets of the main header and the two signal headers)
      const fields = [184, 236, 244, 252, 256 + 2 * 96, 256 + 2 * 104, 256 + 2 * 112, 256 + 2 * 120, 256 + 2 * 128, 256 + 2 * 216];
      const at = fields[pick(fields.length)] + (r() < 0.5 ? 0 : 8);
      const text = ['-1', '0', '1e300', '1e-300', 'NaN', '-99999999', '99999999', '', 'abc', '0.000001', '3'][pick(11)];
      out.write(text.padEnd(8, ' ').slice(0, 8), at, 'latin1');
      return { bytes: out, how: `header field at ${at} = "${text}"` };
    }
  }
}

function isPlain(err: unknown, fileName: string): boolean {
  if (!(err instanceof ImportError || err instanceof EdfFormatError || err instanceof InputFileError)) return false;
  const m = err.message;
  return m.startsWith(`${fileName}: `) && !/ERR_[A-Z_]+|The value of|Invalid array length|out of range|undefined|NaN|\bat .*:\d+/.test(m.replace(/"NaN"/g, ''));
}

describe(`file readers under ${FILES} malformed files (seed ${SEED})`, () => {
  it('every file imports as a valid recording or fails with a plain message', async () => {
    const r = rng(SEED);
    const failures: string[] = [];
    let imported = 0;
    let refused = 0;
    for (let i = 0; i < FILES; i++) {
      const t = templates[i % templates.length];
      const isEdf = t.name === 'bdf' || t.name === 'edf';
      const { bytes, how } = mutate(t.bytes, r, isEdf);
      const fileName = `f${i}-${t.name.replace('.', '-')}.${t.name.split('.').pop()}`;
      const p = path.join(dir(), fileName);
      fs.writeFileSync(p, bytes);
      try {
        const rec = importRecording(p);
        const n = rec.frameCount;
        const ok =
          rec.sampleRateHz >= 1e-3 &&
          rec.sampleRateHz <= 1e6 &&
          Number.isFinite(rec.sampleRateHz) &&
          n > 0 &&
          Number.isFinite(rec.durationS) &&
          rec.samples.length > 0 &&
          rec.samples.length === rec.channelLabels.length &&
          rec.samples.length === rec.units.length &&
          rec.samples.every((s) => s.length === n && s.every((v) => Number.isFinite(v))) &&
          rec.segments.reduce((a, s) => a + s.frames, 0) === n;
        if (!ok) failures.push(`${fileName} (${how}): imported an invalid recording`);
        else imported++;
      } catch (err) {
        if (!isPlain(err, fileName)) failures.push(`${fileName} (${how}): ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
        else refused++;
      }
      if (isEdf) {
        // the streaming paths: the frame reader and the analysis source
        try {
          const info = openEdfRecording(p);
          const ch = readAllChannels(info);
          if (ch.some((c) => c.length !== info.totalFrames)) failures.push(`${fileName} (${how}): frame reader length`);
          if (info.totalFrames > 0) {
            const src = openAnalysisSource(p, { workers: 0, stream: true });
            const f = await src.filter(DEFAULT_DSP_SETTINGS, { keepFilteredOf: 0 });
            if (f.filtered[0]!.length !== info.totalFrames) failures.push(`${fileName} (${how}): streamed length ${f.filtered[0]!.length} ≠ ${info.totalFrames}`);
          }
        } catch (err) {
          if (!isPlain(err, fileName)) failures.push(`${fileName} (${how}) [stream]: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
        }
      }
      fs.rmSync(p);
    }
    console.log(`fuzz: ${FILES} malformed files, ${imported} imported as valid recordings, ${refused} refused with a plain message, ${failures.length} failures`);
    expect(failures).toEqual([]);
    // the mutations must exercise both outcomes
    expect(imported).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  }, 120_000);
});
