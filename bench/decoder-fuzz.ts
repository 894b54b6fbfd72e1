/**
 * Fuzz of the band's stream decoder (firmware-protocol/band-stream-decoder.ts) with a fixed seed:
 * a valid stream of data lines whose counts encode their own sample index, damaged line by line
 * the way a serial link damages it (flipped characters, cut lines, lines glued together, garbage
 * prefixes, noise lines, stray '\r', lost and repeated lines). Every accepted sample is checked
 * against the true stream, so a false accept (a damaged line whose CRC-16 still matches) and a
 * misplaced line (true content at the wrong sample index) are counted, not guessed.
 *
 * Used by the unit test (10^5 lines, npm test) and the soak (10^6 lines, npm run soak).
 */
import { BandStreamDecoder, encodeDataLine, encodeHeaderLine, type BandHeader } from '../firmware-protocol/codec';
import { mulberry32 as prng } from '../src/util/seeded-random';

export type Mutation = 'flip' | 'truncate' | 'glue' | 'garbage-prefix' | 'noise' | 'cr' | 'drop' | 'repeat';

export interface DecoderFuzzOptions {
  lines: number;
  seed: number;
  /** share of lines damaged (default 0.1) */
  damageRate?: number;
  /** mutations drawn from (default all) */
  mutations?: readonly Mutation[];
}

export interface DecoderFuzzResult {
  lines: number;
  damaged: Record<Mutation, number>;
  /** lines the decoder accepted as data */
  accepted: number;
  /** accepted lines whose samples are not those of any true line (CRC false accepts) */
  falseAccepts: number;
  /** accepted true lines placed at another sample index than their own */
  misplaced: number;
  /** largest |placed − true| sample index of a misplaced line */
  maxOffsetSamples: number;
  /** true lines never delivered (dropped or damaged) */
  linesMissing: number;
  /** decoder errors (an exception caught inside the decoder: must be 0) */
  decoderErrors: number;
  /** the sample index went backwards */
  backwards: number;
  elapsedMs: number;
}

const ALL: readonly Mutation[] = ['flip', 'truncate', 'glue', 'garbage-prefix', 'noise', 'cr', 'drop', 'repeat'];

export const FUZZ_HEADER: BandHeader = {
  protocolVersion: 1,
  deviceId: 'fuzz',
  firmware: 'fuzz 1',
  sampleRateHz: 2000,
  channelCount: 4,
  adcBits: 24,
  microvoltsPerCount: 1,
  samplesPerLine: 4,
};

const COUNT_OFFSET = 2 ** 22;
/** channel 0 carries the sample index (mod 2^23), the others a function of it */
function trueCount(sampleIndex: number, channel: number): number {
  if (channel === 0) return (sampleIndex % 2 ** 23) - COUNT_OFFSET;
  return ((sampleIndex * 2654435761 + channel * 40503) % 2 ** 23) - COUNT_OFFSET;
}

export function runDecoderFuzz(o: DecoderFuzzOptions): DecoderFuzzResult {
  const rand = prng(o.seed);
  const damageRate = o.damageRate ?? 0.1;
  const mutations = o.mutations ?? ALL;
  const h = FUZZ_HEADER;
  const ch = h.channelCount;
  const spl = h.samplesPerLine;
  const damaged = Object.fromEntries(ALL.map((m) => [m, 0])) as Record<Mutation, number>;
  const r: DecoderFuzzResult = { lines: o.lines, damaged, accepted: 0, falseAccepts: 0, misplaced: 0, maxOffsetSamples: 0, linesMissing: 0, decoderErrors: 0, backwards: 0, elapsedMs: 0 };
  const decoder = new BandStreamDecoder();
  const counts = new Int32Array(ch * spl);
  const delivered = new Uint8Array(o.lines);
  let lastIndex = -1;
  const t0 = performance.now();

  const lineAt = (n: number) => {
    for (let f = 0; f < spl; f++) for (let c = 0; c < ch; c++) counts[f * ch + c] = trueCount(n * spl + f, c);
    // the readline parser hands the decoder lines without their '\n'
    return encodeDataLine(n % 0x10000, counts, ch, spl).replace(/\n$/, '');
  };
  const check = (events: ReturnType<BandStreamDecoder['push']>) => {
    for (const e of events) {
      if (e.type === 'corrupt' && e.reason.startsWith('decoder error')) r.decoderErrors++;
      if (e.type !== 'samples') continue;
      r.accepted++;
      if (e.firstSampleIndex < lastIndex) r.backwards++;
      lastIndex = e.firstSampleIndex;
      // which true line is this? channel 0 of the first frame says, the rest must agree
      const trueFirst = (e.microvolts[0] + COUNT_OFFSET) / h.microvoltsPerCount;
      let genuine = e.frames === spl && Number.isInteger(trueFirst) && trueFirst % spl === 0;
      for (let i = 0; genuine && i < e.frames * ch; i++) {
        if (e.microvolts[i] !== trueCount(trueFirst + Math.floor(i / ch), i % ch) * h.microvoltsPerCount) genuine = false;
      }
      if (!genuine) {
        r.falseAccepts++;
        continue;
      }
      delivered[trueFirst / spl] = 1;
      if (e.firstSampleIndex !== trueFirst) {
        r.misplaced++;
        r.maxOffsetSamples = Math.max(r.maxOffsetSamples, Math.abs(e.firstSampleIndex - trueFirst));
      }
    }
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const randomText = (len: number) => {
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(rand() < 0.9 ? 32 + Math.floor(rand() * 95) : Math.floor(rand() * 256));
    return s;
  };

  check(decoder.push(encodeHeaderLine(h).replace(/\n$/, '')));
  for (let n = 0; n < o.lines; n++) {
    const line = lineAt(n);
    if (rand() >= damageRate) {
      check(decoder.push(line));
      continue;
    }
    const m = pick(mutations);
    damaged[m]++;
    switch (m) {
      case 'flip': {
        const at = Math.floor(rand() * line.length);
        const c = String.fromCharCode(32 + ((line.charCodeAt(at) - 32 + 1 + Math.floor(rand() * 94)) % 95));
        check(decoder.push(line.slice(0, at) + c + line.slice(at + 1)));
        break;
      }
      case 'truncate':
        check(decoder.push(line.slice(0, Math.floor(rand() * line.length))));
        break;
      case 'glue': {
        // the '\n' between two lines lost: one long line, the second whole at its end
        n++;
        if (n < o.lines) check(decoder.push(line.slice(0, Math.floor(rand() * line.length)) + lineAt(n)));
        break;
      }
      case 'garbage-prefix':
        check(decoder.push(randomText(1 + Math.floor(rand() * 8)) + line));
        break;
      case 'noise':
        check(decoder.push(randomText(Math.floor(rand() * 80))));
        check(decoder.push(line));
        break;
      case 'cr':
        check(decoder.push(line + '\r'));
        break;
      case 'drop':
        break;
      case 'repeat':
        check(decoder.push(line));
        check(decoder.push(line));
        break;
    }
  }
  for (let n = 0; n < o.lines; n++) if (!delivered[n]) r.linesMissing++;
  r.elapsedMs = performance.now() - t0;
  return r;
}
