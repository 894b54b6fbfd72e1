/**
 * The report's left/right part and the shared plot frame: the symmetry chart draws one bar per rep
 * with its SI and each set's mean with its interval; the set table and the set's section carry
 * the number and the sentence; without a pair there is none of it.
 */
import { describe, it, expect } from 'vitest';
import { analyzeSignals } from '../../src/metrics/analyze-signals';
import { renderReportHtml } from '../../src/report/render-report';
import type { ReportData } from '../../src/report/report-data';
import { plotFrame, symmetryChart } from '../../src/report/svg-charts';

function recording(rightFactor: (set: number) => number) {
  const rate = 1000;
  const n = rate * 60;
  const env = [0, 1, 2].map(() => new Float64Array(n).fill(3));
  // two sets of 6 reps (2 s on, 1.5 s off), 10 s apart
  for (const [set, t0] of [
    [0, 3],
    [1, 35],
  ] as const) {
    for (let k = 0; k < 6; k++) {
      for (let i = 0; i < 2 * rate; i++) {
        const w = 0.5 * (1 - Math.cos((2 * Math.PI * i) / (2 * rate)));
        const j = Math.round((t0 + 3.5 * k) * rate) + i;
        const s = 1 + 0.05 * Math.sin(1.3 * k + set);
        env[0][j] = 3 + 100 * s * w;
        env[1][j] = 3 + 40 * w;
        env[2][j] = 3 + 100 * rightFactor(set) * s * w;
      }
    }
  }
  return analyzeSignals({ sampleRateHz: rate, filtered: [null, null, null], envelope: env, targetChannel: 0, assistingChannels: [1], symmetryPair: { left: 0, right: 2 }, mvcUv: [200, 200, 200] });
}

function reportOf(result: ReturnType<typeof analyzeSignals>, pair: ReportData['symmetryPair']): ReportData {
  const trace = { t0S: 0, dtS: 0.1, values: [1, 2, 3] };
  return {
    title: 'Hip thrust',
    startedAt: '2026-12-01T07:45:00Z',
    durationS: result.durationS,
    fileName: 'x.bdf',
    format: 'myocue',
    sampleRateHz: 1000,
    exerciseName: 'Hip thrust',
    device: null,
    channels: result.channels.map((c, i) => ({ ...c, label: `ch${i}`, unit: 'uV', role: i === 0 ? 'target' : i === 1 ? 'assisting' : 'other', muscle: ['Gluteus maximus (left)', 'Biceps femoris', 'Gluteus maximus (right)'][i] })),
    targetChannel: 0,
    assistingChannels: [1],
    symmetryPair: pair,
    normalisation: result.normalisation,
    mvcs: [],
    normalisationNote: '',
    setsFrom: 'rests',
    sets: result.sets.map((set) => ({ set, target: trace, assisting: trace })),
    sessionNote: null,
    dsp: { highpassHz: 20, lowpassHz: 450, mains: 50, rmsWindowMs: 100 },
    warnings: [],
    generatedAt: '2026-12-01T09:00:00Z',
  };
}

describe('report: left/right symmetry', () => {
  it('shows the SI per rep and per set, and which side works less', () => {
    // set 1 symmetric, set 2: the right at 80 %
    const result = recording((set) => (set === 0 ? 1 : 0.8));
    expect(result.sets).toHaveLength(2);
    const html = renderReportHtml(reportOf(result, { left: 0, right: 2 }));
    expect(html).toContain('data-chart="symmetry"');
    expect(html).toContain('Left / right symmetry · Gluteus maximus');
    const bars = [...html.matchAll(/class="bar-si" data-rep="\d+" data-value="([-\d.]+)"/g)].map((m) => Number(m[1]));
    expect(bars).toHaveLength(12);
    for (const v of bars.slice(0, 6)) expect(Math.abs(v)).toBeLessThan(1);
    // the rest level (3 µV on both sides) inside each rep window brings it a little toward 0
    for (const v of bars.slice(6)) expect(v).toBeCloseTo((-0.2 / 0.9) * 100, -0.5);
    expect([...html.matchAll(/class="si-mean"/g)]).toHaveLength(2);
    const verdicts = [...html.matchAll(/data-field="set-symmetry" data-si="[-\d.]+" data-less-active="(\w*)"/g)].map((m) => m[1]);
    expect(verdicts).toEqual(['', 'right']);
    expect(html).toMatch(/Right works less: SI −2[12] %/);
    expect([...html.matchAll(/data-field="rep-si"/g)]).toHaveLength(12);
    expect(html).toMatch(/<td data-field="set-si">−2[12] % \(95 % CI −\d+ to −\d+ %\)<\/td>/);
    // no script, no fetch: still one self-contained file
    expect(html).not.toMatch(/<script|\s(src|href)=/);
  });

  it('has no symmetry part without a pair', () => {
    const result = recording(() => 1);
    const html = renderReportHtml(reportOf({ ...result, sets: result.sets.map((s) => ({ ...s, symmetry: undefined, reps: s.reps.map(({ symmetryPct: _s, leftMeanPct: _l, rightMeanPct: _r, ...r }) => r) })) }, null));
    expect(html).not.toContain('data-chart="symmetry"');
    expect(html).not.toContain('L/R SI');
  });

  it('plotFrame gives the inner box all charts use', () => {
    const f = plotFrame(720, 200, { l: 44, r: 10, t: 22, b: 26 });
    expect(f).toMatchObject({ W: 720, H: 200, iw: 666, ih: 152, left: 44, right: 710, top: 22, bottom: 174 });
    // the chart's zero line sits in the middle of the inner box
    const svg = symmetryChart({ sets: [{ label: 'Set 1', reps: [10, -10], mean: { value: 0, low: -5, high: 5 } }], title: 't', width: 720, height: 180 });
    const frame = plotFrame(720, 180, { l: 44, r: 10, t: 18, b: 30 });
    expect(svg).toContain(`y1="${(frame.top + frame.ih / 2).toString()}"`);
  });
});
