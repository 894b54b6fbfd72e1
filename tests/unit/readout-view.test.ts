/**
 * The live read-outs' view functions (renderer/src/training/readout-view.ts): what the target-share
 * gauge and the %MVC bars show for a number, the one answer the React render and the live DOM
 * writer both use. Edges: no number (null, NaN, ±Infinity), below 0, above 100 %MVC / above a
 * share of 1, and the tone thresholds around the baseline.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mvcBarView, shareGaugeView } from '../../renderer/src/training/readout-view';

const DASH = '—';

describe('shareGaugeView', () => {
  it('shows no activity for a missing or non-finite share, whatever the baseline or takeover', () => {
    for (const share of [null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const takeover of [false, true]) {
        expect(shareGaugeView(share, 0.5, takeover)).toEqual({ has: false, fraction: 0, tone: 'idle', ariaLabel: 'Target share: no activity', dashArray: '0 200', dataValue: '', text: DASH });
      }
    }
  });

  it('clamps the share to 0..1 for the arc, the number, data-value and the label', () => {
    expect(shareGaugeView(-0.2, null, false)).toMatchObject({ has: true, fraction: 0, dashArray: '0 200', dataValue: '0.0000', text: '0', ariaLabel: 'Target share 0 percent' });
    expect(shareGaugeView(1.7, null, false)).toMatchObject({ fraction: 1, dashArray: '100 200', dataValue: '1.0000', text: '100', ariaLabel: 'Target share 100 percent' });
    expect(shareGaugeView(0.6449, null, false)).toMatchObject({ fraction: 0.6449, dataValue: '0.6449', text: '64', ariaLabel: 'Target share 64 percent' });
    expect(shareGaugeView(0.645, null, false).text).toBe('65');
  });

  it('tone: accent without a baseline, good at or above it, warn below, bad on takeover', () => {
    expect(shareGaugeView(0.5, null, false).tone).toBe('accent');
    expect(shareGaugeView(0.5, Number.NaN, false).tone).toBe('accent');
    expect(shareGaugeView(0.5, 0.5, false).tone).toBe('good');
    expect(shareGaugeView(0.5 - 1e-12, 0.5, false).tone).toBe('good'); // rounding does not flicker it to warn
    expect(shareGaugeView(0.49, 0.5, false).tone).toBe('warn');
    expect(shareGaugeView(0.9, 0.5, true).tone).toBe('bad');
    expect(shareGaugeView(0.1, null, true).tone).toBe('bad');
    // a share above 1 is clamped before it is compared: against a baseline of 1 it is just good
    expect(shareGaugeView(3, 1, false).tone).toBe('good');
    expect(shareGaugeView(-1, 0, false).tone).toBe('good');
  });

  it('the number and the label always agree, and the arc is the clamped share', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, min: -2, max: 3 }), fc.option(fc.double({ min: 0, max: 1, noNaN: true })), fc.boolean(), (share, baseline, takeover) => {
      const v = shareGaugeView(share, baseline, takeover);
      expect(v.fraction).toBeGreaterThanOrEqual(0);
      expect(v.fraction).toBeLessThanOrEqual(1);
      expect(v.ariaLabel).toBe(`Target share ${v.text} percent`);
      expect(v.dashArray).toBe(`${v.fraction * 100} 200`);
      expect(Number(v.dataValue)).toBeCloseTo(v.fraction, 4);
    }), { numRuns: 500, seed: 3 });
  });
});

describe('mvcBarView', () => {
  it('shows no value for a missing or non-finite value', () => {
    for (const value of [null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(mvcBarView(value, 'Target', 'mvc')).toEqual({ has: false, fill: 0, over: false, dataValue: '', ariaLabel: 'Target no value %MVC', text: DASH, ariaValueNow: null });
    }
  });

  it('below 0: the bar is empty, the number is the value itself with a typographic minus', () => {
    expect(mvcBarView(-3.456, 'Target', 'mvc')).toEqual({ has: true, fill: 0, over: false, dataValue: '-3.46', ariaLabel: 'Target -3 %MVC', text: '\u22123', ariaValueNow: 0 });
  });

  it('above 100 %MVC: the bar is full and the over mark shows; the number is not clamped', () => {
    expect(mvcBarView(132.4, 'Assisting', 'mvc')).toEqual({ has: true, fill: 100, over: true, dataValue: '132.40', ariaLabel: 'Assisting 132 %MVC', text: '132', ariaValueNow: 100 });
    expect(mvcBarView(100, 'Target', 'mvc').over).toBe(false);
    expect(mvcBarView(100.001, 'Target', 'mvc').over).toBe(true);
  });

  it('inside 0..100: the bar is the value, in the unit of the normalisation', () => {
    expect(mvcBarView(52.6, 'Target', 'mvc')).toEqual({ has: true, fill: 52.6, over: false, dataValue: '52.60', ariaLabel: 'Target 53 %MVC', text: '53', ariaValueNow: 53 });
    expect(mvcBarView(52.6, 'Target', 'session-peak').ariaLabel).toBe('Target 53 % of peak');
  });
});
