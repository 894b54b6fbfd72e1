/**
 * One line of an Arduino Serial Plotter stream → named numeric values, with the IDE 1.x rules as
 * a superset of IDE 2.x (DEVICES.md §3.3; arduino/Arduino SerialPlotter.java `message()` and
 * build/shared/ArduinoSerialPlotterProtocol.md; arduino-serial-plotter-webapp msgAggregatorWorker.ts):
 * - parts are separated by runs of ',', ' ' or '\t' (a trailing separator is fine)
 * - `label:value` names a value; a part with ':' and nothing after it (`Label 1:`) is a label only
 * - a part that is not a number and has no ':' is a label (CSV header style); labels persist
 *   across lines and name later value-only lines by position
 * - a line with no number is not data (banner, debug text)
 */

export interface PlotterValues {
  /** labels in force for these values ('value 1'… where none was given) */
  labels: string[];
  values: number[];
}

/** max label length kept (SerialPlotter.java truncates to 32) */
const MAX_LABEL = 32;
const SEPARATORS = /[, \t]+/;
/** a number as the plotter reads it (parseFloat would accept "12abc"; we do not) */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export class PlotterLineParser {
  /** labels persist across lines: by position for value-only lines */
  private positional: string[] = [];

  /** Values of one line (without '\n'; '\r' and blanks trimmed), or null if the line has none. */
  parse(rawLine: string): PlotterValues | null {
    const line = rawLine.trim();
    if (line === '') return null;
    const parts = line.split(SEPARATORS).filter((p) => p !== '');
    const labels: string[] = [];
    const values: number[] = [];
    const headerLabels: string[] = [];
    let sawNumber = false;
    for (const part of parts) {
      const colon = part.indexOf(':');
      if (colon >= 0) {
        const label = part.slice(0, colon).trim().slice(0, MAX_LABEL);
        const valueText = part.slice(colon + 1).trim();
        if (valueText === '') {
          if (label) headerLabels.push(label);
          continue;
        }
        if (!NUMBER.test(valueText)) continue;
        labels.push(label || `value ${values.length + 1}`);
        values.push(Number(valueText));
        sawNumber = true;
      } else if (NUMBER.test(part)) {
        labels.push('');
        values.push(Number(part));
        sawNumber = true;
      } else {
        headerLabels.push(part.slice(0, MAX_LABEL));
      }
    }
    if (!sawNumber) {
      // a header-only line names the columns of the value-only lines after it
      if (headerLabels.length > 0 && headerLabels.length <= 16) this.positional = headerLabels;
      return null;
    }
    // value-only parts take the header's names, but only when the header has as many columns:
    // a banner line ("MyoWare Example_01_analogRead_SINGLE") must not name a one-value stream
    const useHeader = this.positional.length === values.length;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === '') labels[i] = useHeader ? this.positional[i] : `value ${i + 1}`;
    }
    return { labels, values };
  }
}
