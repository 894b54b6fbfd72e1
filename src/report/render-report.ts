/**
 * ReportData → one self-contained HTML file: inline CSS and SVG only (no script, no font, no
 * image, no link), with a Content-Security-Policy that forbids every fetch, so opening it makes no
 * network request and it reads the same in ten years. Prints cleanly to PDF (A4, sets kept whole
 * on a page, no backgrounds needed to read it).
 */
import type { Estimate } from '../metrics/types';
import { unitLabel, type ReportData, type ReportSet } from './report-data';
import { envelopeChart, escapeXml as esc, repShareChart, setBarsChart, symmetryChart } from './svg-charts';

const TAG_TEXT: Record<string, string> = { baseline: 'baseline', internal: 'internal focus', external: 'external focus' };

function f1(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(1);
}
function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x * 100)} %`;
}
function signed(x: number, digits = 0): string {
  const s = x.toFixed(digits);
  return x > 0 ? `+${s}` : x < 0 ? `−${s.slice(1)}` : s;
}
/** "+14 % (95 % CI +5 to +23)" */
export function estimateText(e: Estimate, unit: string): string {
  return `${signed(e.value)}${unit} (95 % CI ${signed(e.low)} to ${signed(e.high)}${unit})`;
}

export function formatDuration(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : m ? `${m} min ${String(sec).padStart(2, '0')} s` : `${sec} s`;
}

function formatDate(iso: string): string {
  if (!iso) return 'date unknown';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return esc(iso);
  return d.toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function setLabel(s: ReportSet): string {
  return `Set ${s.set.number} · ${TAG_TEXT[s.set.tag] ?? s.set.tag}`;
}

/** a symmetry index, "+12 %" / "−4 %" / "–" */
function si(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${signed(x)} %`;
}

/** the set's left/right statement with its interval and both sides' means */
function symmetryLine(d: ReportData, s: ReportSet): string {
  const sym = s.set.symmetry;
  if (!sym) return '';
  const unit = unitLabel(d.normalisation);
  return `<p class="symmetry${sym.significant ? ' significant' : ''}" data-field="set-symmetry" data-si="${sym.symmetryPct.value.toFixed(2)}" data-less-active="${sym.lessActive ?? ''}"><strong>${esc(sym.sentence)}</strong><br><span class="ci">left ${f1(sym.leftMeanPct)}, right ${f1(sym.rightMeanPct)} ${esc(unit)}; symmetry index over ${sym.reps} reps ${esc(estimateText(sym.symmetryPct, ' %'))}</span></p>`;
}

function setSection(d: ReportData, s: ReportSet): string {
  const set = s.set;
  const unit = unitLabel(d.normalisation);
  const chart = envelopeChart({
    target: s.target,
    assisting: s.assisting,
    reps: set.reps.map((r) => ({ index: r.index, startS: r.startS, endS: r.endS })),
    unit,
    title: `${setLabel(s)}: target${s.assisting ? ' and assisting' : ''} envelope with ${set.reps.length} reps marked`,
  });
  const comparisons = set.comparisons.length
    ? `<ul class="comparisons">${set.comparisons
        .map(
          (c) =>
            `<li class="comparison${c.significant ? ' significant' : ''}" data-against="${c.against}"><strong>${esc(c.sentence)}</strong><br><span class="ci">vs ${c.against === 'baseline' ? 'baseline' : 'previous'} set ${c.againstSetNumber}: target ${esc(estimateText(c.targetChangePct, ' %'))}${
              s.assisting ? `, assisting ${esc(estimateText(c.assistChangePct, ' %'))}, share ${esc(estimateText(c.shareChangePts, ' pts'))}` : ''
            }</span></li>`,
        )
        .join('')}</ul>`
    : `<p class="muted">${set.number === 1 ? 'The first set: the later sets are compared with it.' : 'Not compared (no baseline set before it, or too few reps).'}</p>`;
  const withSi = set.reps.some((r) => r.symmetryPct !== undefined);
  const rows = set.reps
    .map(
      (r) =>
        `<tr><td>${r.index}</td><td>${r.startS.toFixed(1)}–${r.endS.toFixed(1)}</td><td>${r.tutS.toFixed(1)}</td><td>${f1(r.targetPeakPct)}</td><td>${f1(r.targetMeanPct)}</td>${
          s.assisting ? `<td>${f1(r.assistMeanPct)}</td><td>${pct(r.targetShare)}</td><td>${f1(r.coContractionPct)}</td>` : ''
        }<td>${f1(r.medianFreqHz)}</td>${withSi ? `<td data-field="rep-si">${si(r.symmetryPct)}</td>` : ''}</tr>`,
    )
    .join('');
  return `<section class="set" data-set="${set.number}" data-tag="${set.tag}">
<h3>${esc(setLabel(s))} <span class="muted">· ${set.reps.length} rep${set.reps.length === 1 ? '' : 's'} · ${set.startS.toFixed(0)}–${set.endS.toFixed(0)} s</span></h3>
<p class="headline">Target <strong data-field="target-mean">${f1(set.targetMeanPct)}</strong> ${esc(unit)}${
    s.assisting ? `, assisting <strong data-field="assist-mean">${f1(set.assistMeanPct)}</strong> ${esc(unit)}, target share <strong data-field="share">${pct(set.targetShare)}</strong>, co-contraction ${f1(set.coContractionPct)} %` : ''
  }${set.medianFreqSlopeHzPerRep !== null ? `, median frequency ${signed(set.medianFreqSlopeHzPerRep, 2)} Hz/rep` : ''}.</p>
${comparisons}
${symmetryLine(d, s)}
${s.note ? `<p class="note"><span class="muted">Note:</span> ${esc(s.note)}</p>` : ''}
${chart}
<table class="reps"><thead><tr><th>rep</th><th>time s</th><th>TUT s</th><th>target peak</th><th>target mean</th>${s.assisting ? '<th>assisting mean</th><th>share</th><th>%COCON</th>' : ''}<th>MDF Hz</th>${withSi ? '<th>L/R SI</th>' : ''}</tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

const CSS = `
:root{--ink:#1d2733;--muted:#5b6775;--line:#d9dee3;--target:#0f8b8d;--assist:#e07a1f}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:820px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:0 0 6px}
.muted{color:var(--muted);font-weight:normal}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:12px 0}
.meta dt{color:var(--muted)}.meta dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:12px;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:right}th:first-child,td:first-child{text-align:left}
th{color:var(--muted);font-weight:600}
.chart{width:100%;height:auto;display:block;margin:6px 0}
.set{border:1px solid var(--line);border-radius:6px;padding:12px 14px;margin:12px 0;break-inside:avoid;page-break-inside:avoid}
.comparisons{margin:6px 0;padding-left:18px}.comparison .ci{color:var(--muted);font-size:12px}
.comparison.significant strong{color:var(--target)}
.symmetry{margin:6px 0}.symmetry .ci{color:var(--muted);font-size:12px}.symmetry.significant strong{color:var(--assist)}
.note{background:#f5f7f9;border-left:3px solid var(--line);padding:6px 10px;margin:6px 0;white-space:pre-wrap}
.warn{color:#9a4b00}
.key span{display:inline-block;margin-right:14px}.swatch{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:4px}
footer{margin-top:28px;color:var(--muted);font-size:11px}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}.set{border-color:#bbb}a{color:inherit;text-decoration:none}}
`;

export function renderReportHtml(d: ReportData): string {
  const unit = unitLabel(d.normalisation);
  const hasAssisting = d.assistingChannels.length > 0;
  const role = (c: ReportData['channels'][number]) => (c.role === 'other' ? '' : c.role);
  const channelRows = d.channels
    .map(
      (c) =>
        `<tr data-channel="${c.index}"><td>${c.index}</td><td>${esc(c.label)}</td><td>${esc(c.muscle ?? '')}</td><td>${role(c)}</td><td>${f1(c.noiseFloorUv)}</td><td>${f1(c.peakEnvelopeUv)}</td><td>${f1(c.meanEnvelopeUv)}</td></tr>`,
    )
    .join('');
  const mvcRows = d.mvcs.map((m) => `<tr><td>${esc(m.muscle)}</td><td>${f1(m.mvcUv)}</td><td>${f1(m.restMeanUv)} ± ${f1(m.restSdUv)}</td><td>${esc(m.date.slice(0, 10))}</td></tr>`).join('');
  const baseline = d.sets.find((s) => s.set.tag === 'baseline' && s.set.targetShare !== null);
  const summary = d.sets.length
    ? `<p>${d.sets.length} set${d.sets.length === 1 ? '' : 's'}, ${d.sets.reduce((n, s) => n + s.set.reps.length, 0)} reps (sets from ${d.setsFrom === 'recording marks' ? 'the marks recorded during the session' : 'rests of 5 s or more, no set marks in the file'}). Activation in ${esc(unit)}.</p>`
    : '<p>No reps were found in this recording.</p>';
  const overview = d.sets.length
    ? `<h2>Target vs assisting per set</h2>
${setBarsChart({ sets: d.sets.map((s) => ({ label: setLabel(s), target: s.set.targetMeanPct, assisting: hasAssisting ? s.set.assistMeanPct : null })), unit, title: 'Mean target and assisting activation per set' })}
${
  hasAssisting
    ? `<h2>Target share per rep</h2><p class="muted">Share = T / (T + A) of the normalised envelopes over each rep: the part of the work the target muscle did.</p>
${repShareChart({ sets: d.sets.map((s) => ({ label: setLabel(s), shares: s.set.reps.map((r) => r.targetShare) })), baselineShare: baseline?.set.targetShare ?? null, title: 'Target share per rep' })}`
    : ''
}`
    : '';
  const symSets = d.sets.filter((s) => s.set.symmetry);
  const pairName = d.symmetryPair ? (d.channels[d.symmetryPair.left]?.muscle ?? '').replace(/\s*\((left|right)\)\s*$/i, '') : '';
  const symmetry = symSets.length
    ? `<h2>Left / right symmetry${pairName ? ` · ${esc(pairName)}` : ''}</h2>
<p class="muted">Symmetry index SI = (R − L) / (½ (R + L)) × 100 % (Robinson et al. 1987) of each rep's mean activation, each side in ${esc(
        d.normalisation === 'mvc' ? '% of its own MVC' : '% of its own session peak (no MVC for both sides: this compares each side with itself, not the sides\' capacities)',
      )}; above 0 the right works more. Bars: reps; line and whisker: the set's mean and its 95 % t interval.</p>
${symmetryChart({ sets: symSets.map((s) => ({ label: setLabel(s), reps: s.set.reps.map((r) => r.symmetryPct ?? null), mean: s.set.symmetry!.reps >= 2 ? s.set.symmetry!.symmetryPct : null })), title: 'Left/right symmetry index per rep and set' })}
<table class="symmetry-sets"><thead><tr><th>set</th><th>left</th><th>right</th><th>SI (95 % CI)</th><th>verdict</th></tr></thead><tbody>${symSets
        .map((s) => {
          const y = s.set.symmetry!;
          return `<tr data-set="${s.set.number}"><td>${esc(setLabel(s))}</td><td>${f1(y.leftMeanPct)}</td><td>${f1(y.rightMeanPct)}</td><td data-field="set-si">${esc(estimateText(y.symmetryPct, ' %'))}</td><td>${esc(y.lessActive ? `${y.lessActive} works less` : y.reps >= 3 ? 'alike within noise' : 'too few reps')}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Myocue">
<title>${esc(d.title)} · Myocue report</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1 data-field="title">${esc(d.title)}</h1>
<div class="muted">${formatDate(d.startedAt)} · ${formatDuration(d.durationS)}${d.exerciseName ? ` · ${esc(d.exerciseName)}` : ''}</div>
<dl class="meta">
<dt>Exercise</dt><dd>${esc(d.exerciseName ?? 'not set')}</dd>
<dt>Recording</dt><dd>${esc(d.fileName)} (${esc(d.format)}, ${d.sampleRateHz} Hz${d.device ? `, ${esc(d.device)}` : ''})</dd>
<dt>Units</dt><dd data-field="normalisation">${esc(unit)}${d.normalisationNote ? ` <span class="muted">— ${esc(d.normalisationNote)}</span>` : ''}</dd>
<dt>Signal chain</dt><dd>band-pass ${d.dsp.highpassHz}–${d.dsp.lowpassHz} Hz, notch ${d.dsp.mains === 'off' ? 'off' : `${d.dsp.mains} Hz`}, RMS ${d.dsp.rmsWindowMs} ms</dd>
</dl>
<p class="key"><span><i class="swatch" style="background:var(--target)"></i>target</span>${hasAssisting ? '<span><i class="swatch" style="background:var(--assist)"></i>assisting (dashed)</span>' : ''}</p>
</header>
${d.sessionNote ? `<h2>Notes</h2><p class="note" data-field="session-note">${esc(d.sessionNote)}</p>` : ''}
${d.warnings.length ? `<ul>${d.warnings.map((w) => `<li class="warn">${esc(w)}</li>`).join('')}</ul>` : ''}
<h2>Summary</h2>
${summary}
${overview}
${symmetry}
${d.sets.length ? `<h2>Sets</h2>${d.sets.map((s) => setSection(d, s)).join('\n')}` : ''}
<h2>MVCs</h2>
${
  d.mvcs.length
    ? `<table class="mvcs"><thead><tr><th>muscle</th><th>MVC µV (best 500 ms RMS)</th><th>rest µV</th><th>calibrated</th></tr></thead><tbody>${mvcRows}</tbody></table>`
    : `<p class="muted" data-field="no-mvc">No MVC calibration was used: numbers are % of this session's peak per channel, comparable within the session only.</p>`
}
<h2>Channels</h2>
<table class="channels"><thead><tr><th>ch</th><th>label</th><th>muscle</th><th>role</th><th>noise µV</th><th>peak env µV</th><th>mean env µV</th></tr></thead><tbody>${channelRows}</tbody></table>
<footer>
Made by Myocue on ${esc(d.generatedAt.slice(0, 16).replace('T', ' '))} UTC from the recording itself (the same analysis as <code>myocue analyze</code>).
Reps: onset/offset of the target envelope (Hodges &amp; Bui 1996). Changes: ratio of the geometric means of the rep means with a 95 % Welch t interval; a change counts only when its interval excludes 0.
Co-contraction: Winter's %COCON.${d.symmetryPair ? ' Left/right: Robinson\'s symmetry index per rep, the set\'s mean with a one-sample 95 % t interval; a side "works less" only when the interval excludes 0 (from 3 reps).' : ''} MDF: median frequency of the target over each rep.
</footer>
</body>
</html>
`;
}
