/**
 * The band firmware's two front ends (issue 7, "A firmware that really samples"), compiled with
 * g++ against the stubbed Arduino layer (tests/helpers/arduino-stub) for each board they were
 * written for, and run there: the harness plays the hardware (timer or DRDY ticks, a known ADC
 * pattern, an ADS1299 on the SPI bus) and the host's commands; the firmware's serial output is
 * decoded with the host's own codec. This checks the code paths and the protocol, not a board:
 * nothing here has run on real hardware.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { useFileTempDir } from '../helpers/test-cleanups';
import { BandStreamDecoder, type BandHeader } from '../../firmware-protocol/codec';

const ROOT = path.resolve(__dirname, '../..');
const STUB = path.join(ROOT, 'tests/helpers/arduino-stub');
const FRAMES = 400;

interface Variant {
  board: string;
  frontEnd: 'ANALOG' | 'ADS1299';
  header: { rate: number; ch: number; bits: number; uv: number };
  /** the count the firmware must send for hardware frame f, channel c */
  count: (f: number, c: number) => number;
}

const teensyPins = [14, 15];
const esp32Pins = [36, 39];
const ads = (f: number, c: number) => ((f * 7919 + c * 104729) % 2000001) - 1000000;
const VARIANTS: Variant[] = [
  // MyoWare 2.0 RAW (gain 200) on a 12-bit 3.3 V ADC: 3.3 / 4096 / 200 V per count = 4.028 µV
  { board: 'TEENSYDUINO', frontEnd: 'ANALOG', header: { rate: 1000, ch: 2, bits: 12, uv: (3.3 / 4096 / 200) * 1e6 }, count: (f, c) => ((f * 31 + teensyPins[c] * 7) % 4096) - 2048 },
  // ESP32: calibrated millivolts at the pin, 1 mV / 200 = 5 µV per count, Vs/2 = 1650 mV subtracted
  { board: 'ESP32', frontEnd: 'ANALOG', header: { rate: 1000, ch: 2, bits: 12, uv: 5 }, count: (f, c) => ((f * 3 + esp32Pins[c]) % 3100) - 1650 },
  // Uno R4: 14-bit at 5 V: 5 / 16384 / 200 V = 1.526 µV per count
  { board: 'ARDUINO_UNOR4_MINIMA', frontEnd: 'ANALOG', header: { rate: 1000, ch: 2, bits: 14, uv: (5 / 16384 / 200) * 1e6 }, count: (f, c) => ((f * 31 + teensyPins[c] * 7) % 16384) - 8192 },
  // ADS1299 at gain 24 with its 4.5 V reference: 4.5 / (2^23 − 1) / 24 V per count
  { board: 'TEENSYDUINO', frontEnd: 'ADS1299', header: { rate: 2000, ch: 8, bits: 24, uv: (4.5 / 8388607 / 24) * 1e6 }, count: ads },
  { board: 'ESP32', frontEnd: 'ADS1299', header: { rate: 2000, ch: 8, bits: 24, uv: (4.5 / 8388607 / 24) * 1e6 }, count: ads },
];

const dir = useFileTempDir('myocue-fw-');
const gxx = spawnSync('g++', ['--version']).status === 0;

function buildAndRun(v: Variant, args: string[] = []): { out: string; log: string[] } {
  const exe = path.join(dir(), `fw-${v.board}-${v.frontEnd}`);
  const cc = spawnSync('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-I', STUB, `-D${v.board}`, `-DMYOCUE_FRONT_END_${v.frontEnd}`, '-o', exe, path.join(STUB, 'harness.cpp')], { encoding: 'utf8', timeout: 120_000 });
  expect(cc.status, cc.stderr).toBe(0);
  const run = spawnSync(exe, [String(FRAMES), ...args], { encoding: 'utf8', timeout: 30_000 });
  expect(run.status, run.stderr).toBe(0);
  return { out: run.stdout, log: run.stderr.trim().split('\n') };
}

describe.skipIf(!gxx)('firmware front ends on the stubbed Arduino layer, decoded by the host codec', () => {
  for (const v of VARIANTS) {
    it(`${v.frontEnd} on ${v.board}: header, samples, replies`, () => {
      const { out, log } = buildAndRun(v);
      const cmdFrame = new Map(log.filter((l) => l.startsWith('CMD ')).map((l) => [l.slice(4, l.lastIndexOf(' ')).trim(), Number(l.slice(l.lastIndexOf(' ') + 1))]));
      const lines = out.split('\n').filter((l) => l !== '');
      const decoder = new BandStreamDecoder();
      const headers: BandHeader[] = [];
      // streams: START at its frame, RATE 500 restarts at its frame (sequence back to 0)
      const streamStarts = [cmdFrame.get('start')!, cmdFrame.get('RATE 500')!];
      let stream = -1;
      let sampleInStream = 0;
      let checked = 0;
      const replies: string[] = [];
      let corrupt = 0;
      for (const line of lines) {
        if (line.startsWith('D') && line.slice(1, 5) === '0000') {
          stream++;
          sampleInStream = 0;
        }
        for (const e of decoder.push(line)) {
          if (e.type === 'header') headers.push(e.header);
          else if (e.type === 'reply') replies.push(e.text);
          else if (e.type === 'corrupt' || e.type === 'gap') corrupt++;
          else if (e.type === 'samples') {
            const uv = headers[headers.length - 1].microvoltsPerCount;
            for (let k = 0; k < e.frames; k++, sampleInStream++) {
              const f = streamStarts[stream] + sampleInStream;
              for (let c = 0; c < v.header.ch; c++) {
                const got = Math.round(e.microvolts[k * v.header.ch + c] / uv);
                if (got !== v.count(f, c)) throw new Error(`stream ${stream} frame ${f} ch ${c}: sent ${got}, the hardware had ${v.count(f, c)}`);
                checked++;
              }
            }
          }
        }
      }
      expect(corrupt).toBe(0);
      // START, ID and RATE 500 each send a header with the front end's scale
      expect(headers.map((h) => h.sampleRateHz)).toEqual([v.header.rate, v.header.rate, 500]);
      for (const h of headers) {
        expect(h.channelCount).toBe(v.header.ch);
        expect(h.adcBits).toBe(v.header.bits);
        expect(h.microvoltsPerCount).toBeCloseTo(v.header.uv, 8);
      }
      // whole lines of the two streams: ID does not restart the first; RATE does
      const first = Math.floor((cmdFrame.get('RATE 500')! - cmdFrame.get('start')!) / 10) * 10;
      const second = Math.floor((cmdFrame.get('STOP')! - cmdFrame.get('RATE 500')!) / 10) * 10;
      expect(checked).toBe((first + second) * v.header.ch);
      expect(replies).toEqual(['#OK rate 500', '#OK stop', expect.stringMatching(/^#ERR rate 12345 Hz not supported \(/), '#ERR unknown command: BOGUS']);

      if (v.frontEnd === 'ADS1299') {
        const spi = log.filter((l) => l.startsWith('SPI ')).map((l) => l.slice(4));
        // power-up: SDATAC, read ID, internal reference, 2000 SPS, test signals off, gain 24 on
        // every channel (SRB2 open: bipolar inputs), bias from every channel, SRB1 open
        expect(spi.slice(0, 16)).toEqual(['11', '20 00 00', '43 00 EC', '41 00 93', '42 00 C0', '45 00 60', '46 00 60', '47 00 60', '48 00 60', '49 00 60', '4A 00 60', '4B 00 60', '4C 00 60', '4D 00 FF', '4E 00 FF', '55 00 00']);
        // START then RDATAC for each stream; the rate change writes CONFIG1 = 0x95 (500 SPS)
        const joined = spi.join(' | ');
        expect(joined).toMatch(/55 00 00 \| 11 \| 41 00 93 \| 11 \| 0A \| 08 \| 10/);
        expect(joined).toMatch(/11 \| 41 00 95 \| 11 \| 0A \| 08 \| 10/);
        // every DRDY while streaming was one 27-byte frame read
        const reads = Number(log.find((l) => l.startsWith('FRAME_READS'))!.split(' ')[1]);
        expect(reads).toBe(cmdFrame.get('STOP')! - cmdFrame.get('start')!);
      }
    }, 180_000);
  }

  it('an ADS1299 that does not answer: START says so instead of streaming made-up data', () => {
    const { out } = buildAndRun(VARIANTS[3], ['absent']);
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => l.startsWith('D'))).toEqual([]);
    expect(lines).toContain('#ERR front end not found (check its wiring and power)');
  }, 180_000);
});
