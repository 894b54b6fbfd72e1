/**
 * `npm run bench`: prints each figure with its workload; `npm run bench -- --json` prints one JSON
 * object (`--json-out FILE` writes it beside the printed report); `--only dsp,render` runs just those sections (dsp, latency, render, session2h, analysis, sessions, files).
 * Targets: DSP (SIMD path) ≥ 2.5× scipy's stacked form (all sections in one sosfilt call),
 * transport latency p99 ≤ 25 ms with both cores busy, dashboard frame p99 ≤ 8 ms at 32 channels
 * and ≤ 6 ms at 8, analyze ≥ 5000× real time, listing 1,000 sessions ≤ 20 ms, a 2 GB
 * BDF exported in < 400 MB.
 */
import { benchDsp, benchScipy } from './dsp-bench';
import { benchLatency } from './latency-bench';
import { benchRender, benchRenderAlternating } from './render-bench';
import { round } from './stats';
import { benchAnalysis } from './analysis-bench';
import { benchSessions } from './sessions-bench';
import { benchSessionsPage } from './sessions-page-bench';
import { benchFiles, filesProbe } from './files-bench';
import { describeLoad, probeMachineLoad } from './machine-load';
import { benchLongSession } from './long-session-bench';
import { writeFileSync } from 'node:fs';

/** the sections, in the order they run (`--only` names some of them) */
const SECTION_NAMES = ['dsp', 'latency', 'render', 'session2h', 'analysis', 'sessions', 'files'] as const;

const USAGE = `npm run bench [-- options]
  --json                    print one JSON object instead of the report
  --json-out FILE           write that JSON to FILE beside the printed report
  --only a,b                run just these sections: ${SECTION_NAMES.join(', ')}
  --render-baseline DIR     the render section alternates this build's renderer with DIR's (another dist/renderer)
  --render-rounds N         rounds of that comparison (default 2)
  --analysis-baseline DIR   the analysis section also runs DIR's bin/myocue.js (a built checkout) on the same files
  --session-hours H         the compressed live session's length in hours (default 2)
  --help                    this text`;

/** the bench's options, read once (parseBenchArgs) */
interface BenchOptions {
  json: boolean;
  jsonOut?: string;
  only: Set<string> | null;
  renderBaseline?: string;
  /** rounds of the alternating render comparison (one run's p99 moves by ms on a shared machine) */
  renderRounds: number;
  analysisBaseline?: string;
  /** the compressed live session's length (the issue's two-hour session by default) */
  sessionHours: number;
}

/**
 * Reads the options and refuses what the bench does not know before any section runs: a
 * mistyped section or flag ran the whole ten-minute bench (or, for `--only rendr`, nothing) and
 * said nothing.
 */
function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = { json: false, only: null, renderRounds: 2, sessionHours: 2 };
  const fail = (why: string): never => {
    process.stderr.write(`bench: ${why}\n${USAGE}\n`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--json' && inline === undefined) {
      opts.json = true;
      continue;
    }
    const valueFor = (): string => {
      const v = inline ?? argv[++i];
      return v === undefined || v === '' ? fail(`${flag} needs a value`) : v;
    };
    switch (flag) {
      case '--json-out':
        opts.jsonOut = valueFor();
        break;
      case '--only': {
        const names = valueFor().split(',');
        const unknown = names.filter((x) => !(SECTION_NAMES as readonly string[]).includes(x));
        if (unknown.length) fail(`--only: no section ${unknown.map((x) => JSON.stringify(x)).join(', ')}`);
        opts.only = new Set(names);
        break;
      }
      case '--render-baseline':
        opts.renderBaseline = valueFor();
        break;
      case '--render-rounds': {
        const v = valueFor();
        if (!(Number(v) >= 1)) fail(`--render-rounds needs a number ≥ 1, not ${JSON.stringify(v)}`);
        opts.renderRounds = Math.floor(Number(v));
        break;
      }
      case '--analysis-baseline':
        opts.analysisBaseline = valueFor();
        break;
      case '--session-hours': {
        const v = valueFor();
        if (!(Number(v) >= 0.1 && Number(v) <= 24)) fail(`--session-hours needs hours from 0.1 to 24, not ${JSON.stringify(v)}`);
        opts.sessionHours = Number(v);
        break;
      }
      default:
        fail(`unknown option ${JSON.stringify(a)}`);
    }
  }
  return opts;
}
// (`--files-probe MODE FILE` is the files section's child process: its arguments are its own)
const options = process.argv[2] === '--files-probe' ? parseBenchArgs([]) : parseBenchArgs(process.argv.slice(2));

const log = (s: string) => {
  if (!options.json) process.stdout.write(s + '\n');
};
const wanted = (section: string) => !options.only || options.only.has(section);

async function main(): Promise<void> {
  const result: Record<string, unknown> = {};

  const sections: [(typeof SECTION_NAMES)[number], (r: Record<string, unknown>) => Promise<void>][] = [
    ['dsp', dspSection],
    ['latency', latencySection],
    ['render', renderSection],
    ['session2h', longSessionSection],
    ['analysis', analysisSection],
    ['sessions', sessionsSection],
    ['files', filesSection],
  ];
  const loads: Record<string, unknown> = {};
  for (const [name, run] of sections) {
    if (!wanted(name)) continue;
    // every figure says what the machine was doing meanwhile
    const probe = await probeMachineLoad();
    await run(result);
    const load = probe.stop();
    loads[name] = load;
    log(`  (${describeLoad(load)})`);
  }
  result.machineLoad = loads;
  if (options.json) process.stdout.write(JSON.stringify(result) + '\n');
  // the printed report and the JSON of the same run
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(result, null, 1) + '\n');
}

async function dspSection(result: Record<string, unknown>): Promise<void> {
  log('DSP chain (high-pass 20 Hz + low-pass 450 Hz Butterworth 4th order, 50 Hz notch, 100 ms RMS)');
  const dsp = await benchDsp();
  log(
    dsp.simdSamplesPerSecond
      ? `  myocue SIMD (WebAssembly f64x2, what the app runs): ${(dsp.simdSamplesPerSecond / 1e6).toFixed(1)} M samples/s — ${dsp.workload}`
      : `  myocue SIMD: not measured (${dsp.simdNote})`,
  );
  if (dsp.simdInPlaceSamplesPerSecond) log(`  myocue SIMD in place (what analyze runs: no copy out of the kernel's memory): ${(dsp.simdInPlaceSamplesPerSecond / 1e6).toFixed(1)} M samples/s`);
  log(`  myocue JS (the reference loop and fallback): ${(dsp.samplesPerSecond / 1e6).toFixed(1)} M samples/s`);
  const scipy = await benchScipy();
  const mps = (v: number) => `${(v / 1e6).toFixed(1)} M samples/s`;
  const stacked = scipy.stackedSamplesPerSecond;
  const ratio = stacked ? dsp.samplesPerSecond / stacked : null;
  if (stacked) {
    log(`  scipy:  ${mps(stacked)} — ${scipy.workload}`);
    log(
      `          (8, N) along the last axis ${mps(scipy.stackedChannelsFirstSamplesPerSecond ?? NaN)}, interleaved (N, 8) along axis 0 ${mps(scipy.stackedInterleavedSamplesPerSecond ?? NaN)}`,
    );
    if (dsp.simdSamplesPerSecond) log(`  ratio:  myocue SIMD ${(dsp.simdSamplesPerSecond / stacked).toFixed(2)}× scipy's stacked form (target ≥ 2.5×)`);
    log(`          myocue JS ${ratio!.toFixed(2)}× scipy's stacked form`);
    if (scipy.threeCallSamplesPerSecond) {
      log(
        `  (older comparison: scipy as three sosfilt calls ${mps(scipy.threeCallSamplesPerSecond)}, myocue JS ${(dsp.samplesPerSecond / scipy.threeCallSamplesPerSecond).toFixed(2)}× that)`,
      );
    }
  } else log(`  scipy:  not measured (${scipy.note ?? 'python3 with scipy not found'})`);
  Object.assign(result, {
    dspWorkload: dsp.workload,
    dspSamplesPerSecond: Math.round(dsp.samplesPerSecond),
    dspSimdSamplesPerSecond: dsp.simdSamplesPerSecond ? Math.round(dsp.simdSamplesPerSecond) : null,
    dspSimdVsScipyStacked: dsp.simdSamplesPerSecond && stacked ? round(dsp.simdSamplesPerSecond / stacked) : null,
    dspSimdInPlaceSamplesPerSecond: dsp.simdInPlaceSamplesPerSecond ? Math.round(dsp.simdInPlaceSamplesPerSecond) : null,
    scipyWorkload: scipy.workload,
    scipyBlasKernel: scipy.blas,
    scipyStackedSamplesPerSecond: stacked ? Math.round(stacked) : null,
    scipyStackedChannelsFirstSamplesPerSecond: scipy.stackedChannelsFirstSamplesPerSecond ? Math.round(scipy.stackedChannelsFirstSamplesPerSecond) : null,
    scipyStackedInterleavedSamplesPerSecond: scipy.stackedInterleavedSamplesPerSecond ? Math.round(scipy.stackedInterleavedSamplesPerSecond) : null,
    dspVsScipyStacked: round(ratio),
    scipyThreeCallSamplesPerSecond: scipy.threeCallSamplesPerSecond ? Math.round(scipy.threeCallSamplesPerSecond) : null,
  });

}

async function latencySection(result: Record<string, unknown>): Promise<void> {
  log('Transport latency (line written into the pty → envelope frame at a subscriber)');
  const lat = await benchLatency();
  log(`  p50 ${lat.p50Ms.toFixed(2)} ms, p99 ${lat.p99Ms.toFixed(2)} ms over ${lat.frames} frames (target p99 ≤ 25 ms) — ${lat.workload}`);
  Object.assign(result, { latencyWorkload: lat.workload, latencyP50Ms: round(lat.p50Ms), latencyP99Ms: round(lat.p99Ms) });

}

const { sessionHours, renderRounds } = options;

async function renderSection(result: Record<string, unknown>): Promise<void> {
  // `--render-baseline DIR` (another build of the renderer, e.g. `git stash; node scripts/build.mjs;
  // cp -r dist/renderer DIR`): this build and that one alternately, on the same machine load
  if (options.renderBaseline) return renderComparison(result, options.renderBaseline);
  log('Dashboard frame time (time spent drawing per animation frame)');
  const render = await benchRender();
  log(
    render.p99Ms === null
      ? `  not measured: ${render.note}`
      : `  p50 ${render.p50Ms!.toFixed(2)} ms, p99 ${render.p99Ms.toFixed(2)} ms over ${render.framesDrawn} frames${longFramesText(render)} (target p99 ≤ 6 ms at 8 ch) — ${render.workload}` +
          (render.window?.p99Ms != null
            ? `\n  p50 ${render.window.p50Ms!.toFixed(2)} ms, p99 ${render.window.p99Ms.toFixed(2)} ms over ${render.window.framesDrawn} frames${longFramesText(render.window)} — ${render.window.workload}`
            : ''),
  );
  Object.assign(result, {
    renderWorkload: render.workload,
    renderFrameP50Ms: round(render.p50Ms),
    renderFrameP99Ms: round(render.p99Ms),
    renderWindowWorkload: render.window?.workload ?? null,
    renderWindowFrameP50Ms: round(render.window?.p50Ms ?? null),
    renderWindowFrameP99Ms: round(render.window?.p99Ms ?? null),
    renderLongFrames: render.longFrames ?? null,
    renderLongestFrameMs: round(render.longestFrameMs ?? null),
  });
  // (a run that cannot start, e.g. a source without 32 channels, is reported, not fatal)
  const r32 = await benchRender(10, 32).catch((err: Error) => ({ workload: 'dashboard at 32 ch', p50Ms: null, p99Ms: null, framesDrawn: 0, note: err.message }));
  log(
    r32.p99Ms === null
      ? `  32 channels: not measured: ${r32.note}`
      : `  p50 ${r32.p50Ms!.toFixed(2)} ms, p99 ${r32.p99Ms.toFixed(2)} ms over ${r32.framesDrawn} frames${longFramesText(r32)} (target p99 ≤ 8 ms at 32 ch) — ${r32.workload}`,
  );
  Object.assign(result, {
    render32Workload: r32.workload,
    renderFrameP50Ms32: round(r32.p50Ms),
    renderFrameP99Ms32: round(r32.p99Ms),
    renderLongFrames32: 'longFrames' in r32 ? (r32.longFrames ?? null) : null,
    renderLongestFrameMs32: 'longestFrameMs' in r32 ? round(r32.longestFrameMs ?? null) : null,
  });
}

async function renderComparison(result: Record<string, unknown>, baselineDir: string): Promise<void> {
  log(`Dashboard frame time, this renderer and the one in ${baselineDir} alternately, ${renderRounds} rounds (all charts in view)`);
  const fmt = (m: { p50Ms: number | null; p99Ms: number | null }) => `p50 ${m.p50Ms?.toFixed(2) ?? '?'} ms, p99 ${m.p99Ms?.toFixed(2) ?? '?'} ms`;
  for (const channels of [8, 32]) {
    const { pooled } = await benchRenderAlternating(baselineDir, channels, renderRounds, 10, (r) =>
      log(`  ${channels} ch ${r.build.padEnd(8)} round ${r.round + 1}: ${r.result.p99Ms === null ? `not measured: ${r.result.note}` : `${fmt(r.result)} over ${r.result.framesDrawn} frames${longFramesText(r.result)}${cpuText(r.result.cpu)}`} (${r.load})`),
    );
    log(`  ${channels} ch pooled: new ${fmt(pooled.new)} (${pooled.new.longFrames} long frames) · baseline ${fmt(pooled.baseline)} (${pooled.baseline.longFrames} long frames)`);
    log(`  ${channels} ch pooled CPU time per frame (trace): new p50 ${pooled.new.cpuP50Ms?.toFixed(2) ?? '?'} ms, p99 ${pooled.new.cpuP99Ms?.toFixed(2) ?? '?'} ms over ${pooled.new.cpuFrames} frames · baseline p50 ${pooled.baseline.cpuP50Ms?.toFixed(2) ?? '?'} ms, p99 ${pooled.baseline.cpuP99Ms?.toFixed(2) ?? '?'} ms over ${pooled.baseline.cpuFrames} frames`);
    const sfx = channels === 8 ? '' : String(channels);
    Object.assign(result, {
      [`renderFrameP99Ms${sfx}`]: round(pooled.new.p99Ms),
      [`renderFrameP50Ms${sfx}`]: round(pooled.new.p50Ms),
      [`renderBaselineFrameP99Ms${sfx}`]: round(pooled.baseline.p99Ms),
      [`renderBaselineFrameP50Ms${sfx}`]: round(pooled.baseline.p50Ms),
      [`renderFrameCpuP99Ms${sfx}`]: round(pooled.new.cpuP99Ms),
      [`renderBaselineFrameCpuP99Ms${sfx}`]: round(pooled.baseline.cpuP99Ms),
    });
  }
}

/** "; CPU p50 2.1 ms, p99 5.3 ms (trace, 480 frames)": the callbacks' thread time */
function cpuText(c: { cpuP50Ms: number | null; cpuP99Ms: number | null; cpuFrames: number } | undefined): string {
  if (!c || c.cpuP99Ms === null) return '';
  return `; CPU p50 ${c.cpuP50Ms!.toFixed(2)} ms, p99 ${c.cpuP99Ms.toFixed(2)} ms (trace, ${c.cpuFrames} frames)`;
}

/** ", 3 long frames (≥ 50 ms, longest 72 ms)": what the browser itself reported as stutter */
function longFramesText(m: { longFrames?: number; longestFrameMs?: number | null }): string {
  if (m.longFrames === undefined) return '';
  return m.longFrames === 0 ? ', no long frame (≥ 50 ms)' : `, ${m.longFrames} long frame${m.longFrames === 1 ? '' : 's'} (≥ 50 ms, longest ${m.longestFrameMs!.toFixed(0)} ms)`;

}

async function longSessionSection(result: Record<string, unknown>): Promise<void> {
  log(`A ${sessionHours === 2 ? 'two-hour' : `${sessionHours}-hour`} live session, compressed (issue 10.1-10.3: what grows with the session)`);
  const s = await benchLongSession({ streamHours: sessionHours });
  if (!s.minute1 || !s.end) {
    log(`  not measured: ${s.note}`);
    Object.assign(result, { session2hWorkload: s.workload, trainingMessageMaxBytes: null, hostRssGrowthMb2h: null, domNodes2h: null });
    return;
  }
  const a = s.minute1;
  const b = s.end;
  const kb = (x: number) => `${(x / 1024).toFixed(1)} kB`;
  log(`  largest training message ${kb(s.trainingMessageMaxBytes!)} over the whole session (target ≤ 16 kB); at minute 1 ${kb(a.maxBytes.training)}, after ${sessionHours} h ${kb(b.maxBytes.training)} — ${s.workload}`);
  log(
    `  host RSS ${a.hostRssMb.toFixed(0)} MB at minute 1 → ${b.hostRssMb.toFixed(0)} MB after ${sessionHours} h (+${s.hostRssGrowthMb2h!.toFixed(1)} MB; kept after a GC, heap + external: ` +
      `${a.hostRetainedMb.toFixed(1)} → ${b.hostRetainedMb.toFixed(1)} MB, +${s.hostRetainedGrowthMb2h!.toFixed(1)} MB` +
      `${b.sets > a.sets ? `, ${((s.hostRetainedGrowthMb2h! * 1024) / (b.sets - a.sets)).toFixed(1)} kB per finished set` : ''}; target: flat within a few MB)`,
  );
  const h = s.half;
  if (h) {
    log(
      `  halfway (${(h.streamS / 3600).toFixed(1)} h, ${h.sets} sets): host RSS ${h.hostRssMb.toFixed(0)} MB, kept after a GC ${h.hostRetainedMb.toFixed(1)} MB, CPU ${h.hostCpuPct.toFixed(1)} %, ` +
        `renderer RSS ${h.rendererRssMb?.toFixed(0) ?? '?'} MB (${h.rendererRssAfterPurgeMb?.toFixed(0) ?? '?'} after the pressure signal): host RSS from halfway to the end ${b.hostRssMb - h.hostRssMb >= 0 ? '+' : ''}${(b.hostRssMb - h.hostRssMb).toFixed(1)} MB`,
    );
  }
  log(`  host CPU ${a.hostCpuPct.toFixed(1)} % → ${b.hostCpuPct.toFixed(1)} % of a core (target within 20 %)`);
  log(
    `  page: ${a.domNodes} → ${b.domNodes} DOM nodes, JS heap after a GC ${a.rendererHeapMb?.toFixed(1) ?? '?'} → ${b.rendererHeapMb?.toFixed(1) ?? '?'} MB, ` +
      `renderer RSS ${a.rendererRssMb?.toFixed(0) ?? '?'} → ${b.rendererRssMb?.toFixed(0) ?? '?'} MB (${b.rendererProcesses} renderer process${b.rendererProcesses === 1 ? '' : 'es'}), ` +
      `after a memory-pressure signal ${a.rendererRssAfterPurgeMb?.toFixed(0) ?? '?'} → ${b.rendererRssAfterPurgeMb?.toFixed(0) ?? '?'} MB; ${a.sets} → ${b.sets} sets`,
  );
  const m = s.metadata;
  if (m) {
    log(
      `  session metadata: journal ${m.journalBytesPerSetMinute1.toFixed(0)} B per set in minute 1, ${m.journalBytesPerSet2h.toFixed(0)} B per set over the ${sessionHours} h; ` +
        `${kb(m.writtenBytes)} written in all (first sidecar, journal, compacted ${kb(m.sidecarBytes)} sidecar at the end); ` +
        `a sidecar rewrite after every set would have written ${(m.rewritePerSetBytes / 1048576).toFixed(1)} MB (computed from the sidecar's sizes)`,
    );
  }
  Object.assign(result, {
    session2hWorkload: s.workload,
    trainingMessageMaxBytes: s.trainingMessageMaxBytes,
    hostRssGrowthMb2h: round(s.hostRssGrowthMb2h, 1),
    hostRetainedGrowthMb2h: round(s.hostRetainedGrowthMb2h, 1),
    hostRetainedKbPerSet2h: b.sets > a.sets ? round((s.hostRetainedGrowthMb2h! * 1024) / (b.sets - a.sets), 1) : null,
    domNodes2h: s.domNodes2h,
    domNodesMinute1: a.domNodes,
    hostRssMbMinute1: round(a.hostRssMb, 0),
    hostCpuPctMinute1: round(a.hostCpuPct, 1),
    hostCpuPct2h: round(b.hostCpuPct, 1),
    rendererHeapMbMinute1: round(a.rendererHeapMb, 1),
    rendererHeapMb2h: round(b.rendererHeapMb, 1),
    ...(h ? { hostRssMbHalf: round(h.hostRssMb, 0), hostRssGrowthMbHalfTo2h: round(b.hostRssMb - h.hostRssMb, 1), rendererRssMbHalf: round(h.rendererRssMb, 0) } : {}),
    rendererRssMbMinute1: round(a.rendererRssMb, 0),
    rendererRssMb2h: round(b.rendererRssMb, 0),
    rendererRssAfterPurgeMbMinute1: round(a.rendererRssAfterPurgeMb, 0),
    rendererRssAfterPurgeMb2h: round(b.rendererRssAfterPurgeMb, 0),
    sets2h: b.sets,
    ...(m
      ? {
          sessionJournalBytesPerSetMinute1: round(m.journalBytesPerSetMinute1, 0),
          sessionJournalBytesPerSet2h: round(m.journalBytesPerSet2h, 0),
          sessionMetadataWrittenBytes2h: m.writtenBytes,
          sessionMetadataRewritePerSetBytes2h: Math.round(m.rewritePerSetBytes),
        }
      : {}),
  });
}

async function sessionsSection(result: Record<string, unknown>): Promise<void> {
  log('Session library (listSessions, in-process)');
  const s = await benchSessions(1000);
  log(
    `  ${s.warmMs.toFixed(2)} ms per listing from the index (target ≤ 20 ms; ${s.scannedMs.toFixed(2)} ms when every file is stat'ed, right after a change); first listing of a fresh store ${s.coldMs.toFixed(0)} ms ` +
      `(every sidecar parsed: the cost of every listing before the index); progress view ${s.progressWarmMs.toFixed(2)} ms — ${s.workload}`,
  );
  Object.assign(result, {
    sessionsWorkload: s.workload,
    listSessionsMs1000: round(s.warmMs, 2),
    listSessionsColdMs1000: round(s.coldMs, 0),
    listSessionsScannedMs1000: round(s.scannedMs, 2),
    progressMs1000: round(s.progressWarmMs, 2),
  });
  log('Sessions page (#/sessions in Chromium, 1,000 sessions)');
  const page = await benchSessionsPage(1000);
  log(
    page.interactiveMs === null
      ? `  not measured: ${page.note}`
      : `  interactive ${page.interactiveMs.toFixed(0)} ms after navigation (target ≤ 400 ms; first load of a fresh host ${page.coldInteractiveMs!.toFixed(0)} ms); ` +
          `the page's main thread busy ${page.mainThreadMs!.toFixed(0)} ms of it (script ${page.scriptMs!.toFixed(0)} ms, layout ${page.layoutMs!.toFixed(0)} ms), ` +
          `${page.domRows} session rows in the DOM (${page.domRowsScrolled} scrolled to the end; ${page.domElements} elements in all)` +
          (page.filterMs !== null ? `, lifter filter ${page.filterMs.toFixed(0)} ms` : '') +
          ` — ${page.workload}`,
  );
  Object.assign(result, {
    sessionsPageWorkload: page.workload,
    sessionsPageMs1000: round(page.interactiveMs, 0),
    sessionsPageColdMs1000: round(page.coldInteractiveMs, 0),
    sessionsPageMainThreadMs1000: round(page.mainThreadMs, 0),
    sessionsPageScriptMs1000: round(page.scriptMs, 0),
    sessionsPageLayoutMs1000: round(page.layoutMs, 0),
    sessionsPageDomRows1000: page.domRows,
    sessionsPageDomRowsScrolled1000: page.domRowsScrolled,
    sessionsPageDomElements1000: page.domElements,
    sessionsPageFilterMs1000: round(page.filterMs, 0),
  });
}

async function analysisSection(result: Record<string, unknown>): Promise<void> {
  log('Batch analysis (myocue analyze) of a 1-hour recording (and peak memory of 10, 60, 120 and 600 minutes)');
  const an = await benchAnalysis(1, true, options.analysisBaseline);
  log(
    `  ${an.realtimeFactor.toFixed(0)}× real time (${an.analysisSeconds.toFixed(2)} s for 3600 s; target ≥ 5000×), peak RSS ${an.peakRssMb.toFixed(0)} MB ` +
      `(10-minute file: ${an.shortPeakRssMb.toFixed(0)} MB; file ${an.fileMb.toFixed(0)} MB), ${an.setsFound} sets / ${an.repsFound} reps found — ${an.workload}`,
  );
  const rss = an.peakRssMbByMinutes;
  const flat = rss['120'] && rss['10'] ? ` (120 min / 10 min = ${(rss['120'] / rss['10']).toFixed(2)}, target ≤ 1.3` + (rss['600'] ? `; 600 min / 10 min = ${(rss['600'] / rss['10']).toFixed(2)})` : ')') : '';
  log(`  peak RSS by recording length: ${Object.entries(rss).map(([m, mb]) => `${m} min ${mb} MB`).join(', ')}${flat}`);
  if (an.tenHours) log(`  a ten-hour file (${an.tenHours.fileMb.toFixed(0)} MB): analysed in ${an.tenHours.analysisSeconds.toFixed(2)} s (${(36_000 / an.tenHours.analysisSeconds).toFixed(0)}× real time, one run), peak RSS ${rss['600']} MB`);
  Object.assign(result, {
    analysisWorkload: an.workload,
    analysisRealtimeFactor: round(an.realtimeFactor, 0),
    analysisSeconds: round(an.analysisSeconds, 3),
    analysisPeakRssMb: round(an.peakRssMb, 0),
    analysisPeakRssMb10min: round(an.shortPeakRssMb, 0),
    analysisPeakRssMbByMinutes: an.peakRssMbByMinutes,
    ...(an.tenHours ? { analysisTenHoursSeconds: round(an.tenHours.analysisSeconds, 2) } : {}),
  });
  if (an.baseline) {
    const o = an.baseline;
    log(
      `  baseline ${o.root} on the same files, alternately: ${o.realtimeFactor.toFixed(0)}× real time (${o.analysisSeconds.toFixed(2)} s), ${o.setsFound} sets / ${o.repsFound} reps; ` +
        `peak RSS ${Object.entries(o.peakRssMbByMinutes).map(([m, v]) => `${m} min ${v} MB`).join(', ')}`,
    );
    Object.assign(result, {
      analysisBaselineRealtimeFactor: round(o.realtimeFactor, 0),
      analysisBaselinePeakRssMbByMinutes: o.peakRssMbByMinutes,
    });
  }
}

async function filesSection(result: Record<string, unknown>): Promise<void> {
  log('Files from outside (streamed readers and writers)');
  const f = await benchFiles();
  log(`  ${f.exportWorkload}: ${f.exportSeconds.toFixed(1)} s, peak RSS ${f.exportPeakRssMb.toFixed(0)} MB (target < 400 MB; before: loaded whole, > 2.5 GB)`);
  log(`  myocue analyze of a 10 MB file of one line: refused in ${f.oneLineSeconds.toFixed(2)} s, peak RSS ${f.oneLinePeakRssMb.toFixed(0)} MB (before: 12-31 s, 2.4 GB) — "${f.oneLineMessage}"`);
  for (const x of f.formats) {
    const old = x.oldReaderPeakRssMb !== undefined ? `; the old reader (Dataset.value) ${x.oldReaderPeakRssMb.toFixed(0)} MB` : '';
    log(`  myocue analyze --target 0 of a ${x.workload}: peak RSS ${x.streamedPeakRssMb.toFixed(0)} MB streamed through the BDF+ conversion, ${x.streamedSeconds.toFixed(1)} s (before, read whole: ${x.wholePeakRssMb.toFixed(0)} MB, ${x.wholeSeconds.toFixed(1)} s${old})`);
  }
  for (const x of f.sessionExport) {
    log(`  ${x.workload}: host peak RSS ${x.hostPeakRssMb.toFixed(0)} MB (${x.hostIdlePeakRssMb.toFixed(0)} MB at rest before it; target far under 400 MB, not growing with the session), ${x.fileBytes ? `${(x.fileBytes / 1e6).toFixed(0)} MB file` : 'NO file at the page (the host closed its connection)'}, answered in ${x.exportSeconds.toFixed(1)} s (meanwhile another page's getStatus waited at most ${x.statusMaxMs.toFixed(0)} ms), downloaded in ${x.downloadSeconds.toFixed(1)} s`);
  }
  Object.assign(result, {
    filesSessionExportPeakRssMbByMinutes: Object.fromEntries(f.sessionExport.map((x) => [String(x.minutes), round(x.hostPeakRssMb, 0)])),
    filesSessionExportWorkload: f.sessionExport.at(-1)?.workload,
    filesSessionExportStatusMaxMs: Object.fromEntries(f.sessionExport.map((x) => [String(x.minutes), round(x.statusMaxMs, 0)])),
    filesExportWorkload: f.exportWorkload,
    filesExportSeconds: round(f.exportSeconds, 1),
    filesExportPeakRssMb: round(f.exportPeakRssMb, 0),
    filesOneLineSeconds: round(f.oneLineSeconds, 2),
    filesOneLinePeakRssMb: round(f.oneLinePeakRssMb, 0),
    filesFormatsPeakRssMb: Object.fromEntries(
      f.formats.map((x) => [
        x.format,
        { workload: x.workload, streamed: round(x.streamedPeakRssMb, 0), streamedSeconds: round(x.streamedSeconds, 1), whole: round(x.wholePeakRssMb, 0), wholeSeconds: round(x.wholeSeconds, 1), ...(x.oldReaderPeakRssMb !== undefined ? { oldReader: round(x.oldReaderPeakRssMb, 0) } : {}) },
      ]),
    ),
  });
}

// (`--files-probe MODE FILE`: a child process of the files section, files-bench.ts)
(process.argv[2] === '--files-probe' ? filesProbe(process.argv.slice(3)) : main()).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
