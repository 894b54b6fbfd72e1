/**
 * Files from outside (issue 9.13): peak memory and time of the built CLI on
 *  - `export` of a 2 GB BDF (8 ch × 2000 Hz, 24 bit, 11.6 h) to EDF+: streamed record by record
 *    (target: under 400 MB peak; before: the file was loaded whole, > 2.5 GB);
 *  - `analyze` of a 10 MB file of one line: refused for its line length (before: 12-31 s and
 *    2.4 GB to say "cannot infer the sample rate");
 *  - `analyze --target 0` of a generated 200 MB Vicon Nexus CSV, a 200 MB OpenSignals text file
 *    and a 200 MB OpenSignals HDF5 file: streamed through the BDF+ conversion (after) against the
 *    whole-file read analyze did before, run in the same kind of child process (this bundle with
 *    `--files-probe whole FILE`: the file imported whole, then filtered in place). For HDF5 the
 *    old reader (each dataset read whole with Dataset.value into the WebAssembly heap, then
 *    copied to a Float64Array) is reproduced by `--files-probe h5-value FILE`.
 *  - the Sessions page's *Export…* (contract command `exportSession`) of a generated session
 *    (8 ch × 2000 Hz, BDF+ with a set every 5 min) as BDF+, at 30 min and 2 h: the real browser
 *    host (`myocue serve --data-dir`) asked over its WebSocket as the page asks, then the file
 *    fetched the way the page gets it; the host's peak RSS (VmHWM of the `serve` process).
 * Peak memory = VmHWM of the child process (as analysis-bench.ts measures it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { WebSocket } from 'ws';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHeader, type EdfSignalHeader } from '../src/recording/edf-header';
import { packageRoot } from '../src/util/package-paths';
import { openAnalysisSourceAsync } from '../src/analysis/analysis-source';
import { filterRecording } from '../src/analysis/filter-recording';
import { DEFAULT_DSP_SETTINGS } from '../src/dsp/defaults';
import { pluxEmgTransfer } from '../src/formats/plux-text';
import { BdfPlusWriter } from '../src/recording/bdf-writer';
import { formatEvent } from '../src/recording/events';
import { SESSION_META_SUFFIX } from '../src/recording/session-meta';

export interface FormatMemoryFigure {
  /** 'vicon', 'opensignals-txt', 'opensignals-h5' */
  format: string;
  workload: string;
  /** peak RSS of `myocue analyze --target 0` (streamed through the BDF+ conversion) */
  streamedPeakRssMb: number;
  streamedSeconds: number;
  /** peak RSS of the whole-file read (what analyze did before) */
  wholePeakRssMb: number;
  wholeSeconds: number;
  /** HDF5 only: the old reader (Dataset.value) reproduced */
  oldReaderPeakRssMb?: number;
}

export interface SessionExportFigure {
  workload: string;
  /** the recording's length, minutes */
  minutes: number;
  /** bytes of the exported BDF+ the page received (0: none, the host closed its connection) */
  fileBytes: number;
  /** peak RSS of the `serve` process: at rest (before the export) and over the export and the download */
  hostIdlePeakRssMb: number;
  hostPeakRssMb: number;
  /** the command's answer, then the file's bytes at the page */
  exportSeconds: number;
  /** the longest a `getStatus` from another page waited for its answer during the export, ms (the host kept serving) */
  statusMaxMs: number;
  downloadSeconds: number;
}

export interface FilesBenchResult {
  exportWorkload: string;
  exportSeconds: number;
  exportPeakRssMb: number;
  oneLineSeconds: number;
  oneLinePeakRssMb: number;
  oneLineMessage: string;
  formats: FormatMemoryFigure[];
  sessionExport: SessionExportFigure[];
}

/** Rows of text written at a time while generating a file. */
const WRITE_ROWS = 20_000;

function writeRows(path: string, header: string, rows: number, row: (k: number) => string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    for (let k = 0; k < rows; k += WRITE_ROWS) {
      const parts: string[] = [];
      for (let j = k; j < Math.min(rows, k + WRITE_ROWS); j++) parts.push(row(j));
      writeSync(fd, parts.join(''));
    }
  } finally {
    closeSync(fd);
  }
}

/** sEMG-like values for generated files: bursts of noise every 4 s (a rep), a pseudo-random sequence. */
function emgValue(k: number, c: number, rate: number): number {
  const burst = Math.floor(k / (2 * rate)) % 2 === 1 ? 1 : 0.1;
  const x = Math.sin(k * 12.9898 + c * 78.233) * 43758.5453;
  return burst * (x - Math.floor(x) - 0.5);
}

/** A Vicon Nexus CSV of about `bytes`: 2000 Hz, 16 EMG channels in volts, Frame / Sub Frame (10 per frame). */
function writeBigVicon(path: string, bytes: number): string {
  const nc = 16;
  const rate = 2000;
  const names = Array.from({ length: nc }, (_, c) => `EMG${c + 1}`);
  const header = ['Devices' + ','.repeat(nc + 1), String(rate) + ','.repeat(nc + 1), ',,' + names.map(() => 'Delsys Trigno').join(','), 'Frame,Sub Frame,' + names.join(','), ',,' + names.map(() => 'V').join(',')].join('\n') + '\n';
  const sample = (k: number) => `${Math.floor(k / 10) + 1},${k % 10},${names.map((_, c) => (emgValue(k, c, rate) * 2e-4).toExponential(5)).join(',')}\n`;
  const rows = Math.floor(bytes / sample(12345).length);
  writeRows(path, header, rows, sample);
  return `${(statSync(path).size / 1e6).toFixed(0)} MB Vicon Nexus CSV, 16 ch × 2000 Hz in V, ${(rows / rate / 60).toFixed(1)} min`;
}

/** An OpenSignals text file of about `bytes`: biosignalsplux, 1000 Hz, 8 EMG channels of 16-bit counts, nSeq. */
function writeBigOpenSignals(path: string, bytes: number): string {
  const nc = 8;
  const rate = 1000;
  const labels = Array.from({ length: nc }, (_, c) => `A${c + 1}`);
  const dev = { sensor: labels.map(() => 'EMG'), column: ['nSeq', 'DI', ...labels], label: labels, resolution: labels.map(() => 16), device: 'biosignalsplux', 'sampling rate': rate };
  const header = `# OpenSignals Text File Format\n# ${JSON.stringify({ '00:07:80:4D:2E:AD': dev })}\n# EndOfHeader\n`;
  const sample = (k: number) => `${k % 16}\t0\t${labels.map((_, c) => 32768 + Math.round(emgValue(k, c, rate) * 6000)).join('\t')}\t\n`;
  const rows = Math.floor(bytes / sample(12345).length);
  writeRows(path, header, rows, sample);
  return `${(statSync(path).size / 1e6).toFixed(0)} MB OpenSignals text, 8 ch × 1000 Hz 16-bit counts, ${(rows / rate / 60).toFixed(1)} min`;
}

/** An OpenSignals HDF5 file of about `bytes`: biosignalsplux, 1000 Hz, 8 uint16 channels (N, 1) + nSeq, written by slices. */
async function writeBigOpenSignalsH5(path: string, bytes: number): Promise<string> {
  const h5 = await import('h5wasm/node');
  await h5.ready;
  const nc = 8;
  const rate = 1000;
  const rows = Math.floor(bytes / ((nc + 1) * 2));
  const chunk = 65536;
  const f = new h5.File(path, 'w');
  try {
    const g = f.create_group('00:07:80:4D:2E:AD');
    g.create_attribute('sampling rate', rate);
    g.create_attribute('device', 'biosignalsplux');
    g.create_attribute('resolution', new Int32Array(nc).fill(16));
    g.create_attribute('channels', Int32Array.from({ length: nc }, (_, c) => c + 1));
    g.create_attribute('nsamples', rows);
    const raw = g.create_group('raw');
    const buf = new Uint16Array(chunk);
    for (let c = 0; c <= nc; c++) {
      const name = c < nc ? `channel_${c + 1}` : 'nSeq';
      const ds = raw.create_dataset({ name, data: new Uint16Array(chunk), shape: [chunk, 1], maxshape: [null, 1], chunks: [chunk, 1], dtype: '<H' });
      if (c < nc) {
        ds.create_attribute('sensor', 'EMG');
        ds.create_attribute('label', `CH${c + 1}`);
      }
      ds.resize([rows, 1]);
      for (let a = 0; a < rows; a += chunk) {
        const b = Math.min(rows, a + chunk);
        for (let i = 0; i < b - a; i++) buf[i] = c === nc ? (a + i) % 16 : 32768 + Math.round(emgValue(a + i, c, rate) * 6000);
        ds.write_slice([[a, b], []], buf.subarray(0, b - a));
      }
    }
  } finally {
    f.close();
  }
  return `${(statSync(path).size / 1e6).toFixed(0)} MB OpenSignals HDF5, 8 ch × 1000 Hz uint16 (N, 1) + nSeq, ${(rows / rate / 60).toFixed(1)} min`;
}

/**
 * The child process of a "before" figure (`bench.js --files-probe MODE FILE`):
 *  - whole: the file imported whole and filtered in place (analysis-source.ts's in-memory path,
 *    what analyze did for every file of another tool before);
 *  - h5-value: the old HDF5 reader reproduced (each raw dataset read whole with Dataset.value,
 *    copied to a Float64Array, µV by the transfer function), then filtered in place.
 */
export async function filesProbe(args: string[]): Promise<void> {
  const [mode, file] = args;
  const settings = DEFAULT_DSP_SETTINGS;
  if (mode === 'session-export') {
    // (by hand: `node dist/bench/bench.js --files-probe session-export MINUTES` prints one figure)
    const dir = mkdtempSync(join(tmpdir(), 'myocue-files-bench-'));
    try {
      process.stdout.write(JSON.stringify(await benchSessionExport(dir, Number(file))) + '\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  if (mode === 'whole') {
    const src = await openAnalysisSourceAsync(file, { stream: false, workers: 0 });
    await src.filter(settings, { keepFilteredOf: 0, keepEnvelopesOf: [0] });
    return;
  }
  if (mode === 'h5-value') {
    const h5 = await import('h5wasm/node');
    await h5.ready;
    const f = new h5.File(file, 'r');
    const dev = f.get(f.keys()[0]) as InstanceType<typeof h5.Group>;
    const raw = dev.get('raw') as InstanceType<typeof h5.Group>;
    const { microvoltsPerCount, offsetMicrovolts } = pluxEmgTransfer('biosignalsplux', 16);
    const samples: Float64Array[] = [];
    for (const name of raw.keys().filter((k) => /^channel_/.test(k))) {
      const a = Float64Array.from((raw.get(name) as InstanceType<typeof h5.Dataset>).value as ArrayLike<number>, Number);
      for (let i = 0; i < a.length; i++) a[i] = a[i] * microvoltsPerCount + offsetMicrovolts;
      samples.push(a);
    }
    Float64Array.from((raw.get('nSeq') as InstanceType<typeof h5.Dataset>).value as ArrayLike<number>, Number);
    f.close();
    filterRecording(samples, 1000, settings, { inPlace: true, warmUp: true });
    return;
  }
  throw new Error(`--files-probe: unknown mode ${mode}`);
}

function runProbe(hook: string, args: string[]): { seconds: number; peakMb: number; code: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, join(packageRoot(), 'dist', 'bench', 'bench.js'), '--files-probe', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  return { seconds, peakMb: m ? Number(m[1]) / 1024 : NaN, code: r.status, stderr: r.stderr.replace(/MAXRSS \d+\n?/, '').trim() };
}

/** The three formats' figures (generated files of about `megabytes` MB each, in `dir`). */
export async function formatFigures(dir: string, hook: string, megabytes: number): Promise<FormatMemoryFigure[]> {
  const out: FormatMemoryFigure[] = [];
  const cases: [string, string, (p: string) => Promise<string>][] = [
    ['vicon', 'big-vicon.csv', async (p) => writeBigVicon(p, megabytes * 1e6)],
    ['opensignals-txt', 'big-opensignals.txt', async (p) => writeBigOpenSignals(p, megabytes * 1e6)],
    ['opensignals-h5', 'big-opensignals.h5', (p) => writeBigOpenSignalsH5(p, megabytes * 1e6)],
  ];
  for (const [format, name, write] of cases) {
    const file = join(dir, name);
    const workload = await write(file);
    const after = runCli(hook, ['analyze', file, '--target', '0']);
    if (after.code !== 0) throw new Error(`analyze ${name} exited ${after.code}: ${after.stderr}`);
    const before = runProbe(hook, ['whole', file]);
    if (before.code !== 0) throw new Error(`the whole read of ${name} exited ${before.code}: ${before.stderr}`);
    const fig: FormatMemoryFigure = { format, workload, streamedPeakRssMb: after.peakMb, streamedSeconds: after.seconds, wholePeakRssMb: before.peakMb, wholeSeconds: before.seconds };
    if (format === 'opensignals-h5') {
      const old = runProbe(hook, ['h5-value', file]);
      if (old.code !== 0) throw new Error(`the old HDF5 read of ${name} exited ${old.code}: ${old.stderr}`);
      fig.oldReaderPeakRssMb = old.peakMb;
    }
    out.push(fig);
    rmSync(file, { force: true });
  }
  return out;
}

/** A plain BDF of about `bytes` bytes: 8 channels at 2000 Hz in 1 s records, a repeated pattern. */
function writeBigBdf(path: string, bytes: number): { records: number } {
  const ns = 8;
  const rate = 2000;
  const recordBytes = ns * rate * 3;
  const records = Math.floor(bytes / recordBytes);
  const sig = (i: number): EdfSignalHeader => ({ label: `ch${i + 1}`, transducer: '', physicalDimension: 'uV', physicalMin: -187500, physicalMax: 187500, digitalMin: -8388608, digitalMax: 8388607, prefiltering: 'none', samplesPerRecord: rate, reserved: '' });
  const header = buildHeader({ variant: 'bdf', plus: null, patientId: 'X X X X', recordingId: 'Startdate 01-JAN-2026 X X X', startDate: '01.01.26', startTime: '00.00.00', reserved: '24BIT', recordCount: records, recordDurationS: 1, signals: Array.from({ length: ns }, (_, i) => sig(i)) });
  const block = Buffer.alloc(recordBytes * 16);
  for (let i = 0; i + 2 < block.length; i += 3) {
    const v = Math.round(Math.sin(i / 300) * 40000 + (i % 97) * 50);
    block[i] = v & 255;
    block[i + 1] = (v >> 8) & 255;
    block[i + 2] = (v >> 16) & 255;
  }
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    for (let r = 0; r < records; r += 16) writeSync(fd, block, 0, Math.min(16, records - r) * recordBytes);
  } finally {
    closeSync(fd);
  }
  return { records };
}

function runCli(hook: string, args: string[]): { seconds: number; peakMb: number; code: number | null; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', hook, join(packageRoot(), 'bin', 'myocue.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  return { seconds, peakMb: m ? Number(m[1]) / 1024 : NaN, code: r.status, stderr: r.stderr.replace(/MAXRSS \d+\n?/, '').trim() };
}

/** Seconds between the generated session's sets, and each set's length. */
const BENCH_SET_EVERY_S = 300;
const BENCH_SET_LENGTH_S = 60;

/**
 * A session of the library as the recorder leaves it: `<id>.bdf` (BDF+, 8 ch × 2000 Hz, a set of
 * 60 s every 5 min with its start/end marks) and its `<id>.session.json` sidecar.
 */
export function writeBenchSession(dataDir: string, id: string, minutes: number): void {
  const rate = 2000;
  const nc = 8;
  const w = BdfPlusWriter.open(join(dataDir, `${id}.bdf`), {
    channels: Array.from({ length: nc }, (_, c) => ({ label: `EMG${c + 1}` })),
    sampleRateHz: rate,
    startTime: new Date(Date.UTC(2026, 11, 1, 8, 0, 0)),
    recordingId: id,
  });
  const second = new Float64Array(rate * nc);
  const totalS = Math.round(minutes * 60);
  const sets: { set: number; tag: string; startS: number; endS: number; reps: number }[] = [];
  for (let s = 0; s < totalS; s++) {
    const inSet = s % BENCH_SET_EVERY_S < BENCH_SET_LENGTH_S;
    for (let k = 0; k < rate; k++) for (let c = 0; c < nc; c++) second[k * nc + c] = emgValue(s * rate + k, c, rate) * (inSet ? 400 : 40);
    if (s % BENCH_SET_EVERY_S === 0 && s + BENCH_SET_LENGTH_S <= totalS) {
      const set = sets.length + 1;
      w.addAnnotation(s, null, formatEvent({ kind: 'set-start', set, tag: 'baseline' }));
      sets.push({ set, tag: 'baseline', startS: s, endS: s + BENCH_SET_LENGTH_S, reps: 8 });
    }
    if (s % BENCH_SET_EVERY_S === BENCH_SET_LENGTH_S) w.addAnnotation(s, null, formatEvent({ kind: 'set-end', set: sets.length, tag: 'baseline', reps: 8 }));
    w.writeSamples(second, rate);
  }
  w.close();
  const meta = {
    version: 1,
    id,
    name: `Bench ${minutes} min`,
    created: '2026-12-01T08:00:00.000Z',
    recordingFile: `${id}.bdf`,
    exerciseId: 'hip-thrust',
    channels: [
      { index: 0, label: 'EMG1', role: 'target' },
      { index: 1, label: 'EMG2', role: 'assisting' },
    ],
    sets,
    durationS: totalS,
    finished: true,
  };
  writeFileSync(join(dataDir, `${id}${SESSION_META_SUFFIX}`), JSON.stringify(meta, null, 2));
}

/** VmHWM of a running process, MB */
function peakRssMbOf(pid: number): number {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * One command over the host's WebSocket, as the page sends it; the answer's result, or null when
 * the host closed the connection instead (the old answer, the whole file as base64, was over the
 * host's per-client limit of queued bytes: the page never got the file).
 */
function invokeOverWs(url: string, command: string, arg: unknown): Promise<Record<string, unknown> | null> {
  return new Promise((resolve, reject) => {
    // (no payload limit, as in a browser)
    const ws = new WebSocket(url, { maxPayload: 0 });
    ws.once('error', reject);
    ws.once('close', () => resolve(null));
    ws.once('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, command, arg })));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id?: number; ok?: boolean; result?: Record<string, unknown>; error?: string };
      if (msg.type !== 'result' || msg.id !== 1) return;
      ws.removeAllListeners('close');
      ws.close();
      if (msg.ok) resolve(msg.result!);
      else reject(new Error(msg.error));
    });
  });
}

/** GET `url` and count its bytes (the download, not kept). */
function downloadBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
      }
      let n = 0;
      res.on('data', (d: Buffer) => (n += d.length));
      res.on('end', () => resolve(n));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** The Sessions page's export of a generated session as BDF+ from a real `serve`, and the host's peak RSS. */
export async function benchSessionExport(dir: string, minutes: number): Promise<SessionExportFigure> {
  const dataDir = join(dir, `data-${minutes}`);
  mkdirSync(dataDir, { recursive: true });
  const id = `20261201-080000-b${minutes}`;
  writeBenchSession(dataDir, id, minutes);
  const serve = spawn(process.execPath, [join(packageRoot(), 'bin', 'myocue.js'), 'serve', '--data-dir', dataDir, '--port', '0', '--device', 'sim', '--no-record'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve printed no URL within 30 s: ${out}`)), 30_000);
      serve.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /^(http:\/\/\S+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      serve.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const origin = new URL(url);
    // the host at rest: started, its simulated band streaming
    await new Promise((r) => setTimeout(r, 3000));
    const idle = peakRssMbOf(serve.pid!);
    // meanwhile another page asks for the status every 100 ms: how long does the host keep it waiting?
    const prober = new WebSocket(`ws://${origin.host}/ws`);
    await new Promise((r, j) => (prober.once('open', r), prober.once('error', j)));
    let statusMaxMs = 0;
    let probing = true;
    let sentAt = 0;
    let nextId = 1;
    // the probe still waiting when the export ends is the one the export held up longest: wait for it
    let answered: () => void = () => undefined;
    let lastAnswer = Promise.resolve();
    const probe = () => {
      if (!probing) return;
      sentAt = performance.now();
      lastAnswer = new Promise((r) => (answered = r));
      prober.send(JSON.stringify({ type: 'invoke', id: nextId++, command: 'getStatus', arg: null }));
    };
    prober.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string };
      if (msg.type !== 'result') return;
      statusMaxMs = Math.max(statusMaxMs, performance.now() - sentAt);
      answered();
      setTimeout(probe, 100);
    });
    probe();
    let t0 = performance.now();
    const r = await invokeOverWs(`ws://${origin.host}/ws`, 'exportSession', { sessionId: id, to: 'bdf' });
    const exportSeconds = (performance.now() - t0) / 1000;
    probing = false;
    await lastAnswer;
    prober.close();
    t0 = performance.now();
    // after: the page downloads the file from the host; before: the answer held it as base64
    const fileBytes = r === null ? 0 : typeof r.downloadPath === 'string' ? await downloadBytes(new URL(r.downloadPath, origin).toString()) : Buffer.from(String(r.dataBase64), 'base64').length;
    const downloadSeconds = (performance.now() - t0) / 1000;
    const peak = peakRssMbOf(serve.pid!);
    return {
      workload: `the Sessions page's Export… of a ${minutes} min × 8 ch × 2000 Hz session (BDF+, ${(statSync(join(dataDir, `${id}.bdf`)).size / 1e6).toFixed(0)} MB, a set every 5 min) as BDF+ from \`myocue serve\``,
      minutes,
      fileBytes,
      hostIdlePeakRssMb: idle,
      hostPeakRssMb: peak,
      exportSeconds,
      statusMaxMs,
      downloadSeconds,
    };
  } finally {
    serve.kill('SIGTERM');
    await new Promise((r) => (serve.exitCode !== null ? r(null) : serve.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchFiles(gigabytes = 2, formatMegabytes = 200): Promise<FilesBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'myocue-files-bench-'));
  try {
    const hook = join(dir, 'rss-hook.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => { const m = /VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8')); " +
        "process.stderr.write('MAXRSS ' + (m ? m[1] : process.resourceUsage().maxRSS) + '\\n'); });\n",
    );
    const big = join(dir, 'big.bdf');
    const { records } = writeBigBdf(big, gigabytes * 1e9);
    const out = join(dir, 'out.edf');
    const ex = runCli(hook, ['export', big, '--to', 'edf', '--out', out]);
    if (ex.code !== 0) throw new Error(`export exited ${ex.code}: ${ex.stderr}`);
    const size = statSync(big).size;
    rmSync(out, { force: true });
    rmSync(big, { force: true });
    const line = join(dir, 'one-line.csv');
    writeFileSync(line, '1,'.repeat(5 * 1024 * 1024));
    const ol = runCli(hook, ['analyze', line]);
    rmSync(line, { force: true });
    const formats = await formatFigures(dir, hook, formatMegabytes);
    const sessionExport = [await benchSessionExport(dir, 30), await benchSessionExport(dir, 120)];
    return {
      exportWorkload: `myocue export --to edf of a ${(size / 1e9).toFixed(2)} GB BDF (8 ch × 2000 Hz, ${(records / 3600).toFixed(1)} h)`,
      exportSeconds: ex.seconds,
      exportPeakRssMb: ex.peakMb,
      oneLineSeconds: ol.seconds,
      oneLinePeakRssMb: ol.peakMb,
      oneLineMessage: ol.stderr,
      formats,
      sessionExport,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
