/**
 * Which family is on this port? First listen (a text stream or a free-running binary stream names
 * itself), then ask, with each family's harmless identify command, in an order where no probe can
 * upset a device that a later probe would find:
 *   1. BITalino version byte 0x07: no command for a Cyton, ignored by the others' parsers
 *   2. Myocue `\nID\n`: the Cyton reads 'I' (channel 16 off) and 'D' (report defaults), both undone
 *      by the `v` reset that follows; it would start a BITalino, but that one answered 0x07 already
 *   3. Cyton `v` (soft reset, banner ending in `$$$`, or `Failure:` from a dongle whose board is off)
 *   4. SpikerShield `b:;\n` last: 'b' would start a Cyton streaming and ':' ';' are Cyton Wi-Fi commands
 * Each family's baud rate is set before its probe (a no-op on USB-CDC boards and ptys).
 */
import type { BandFamily } from './family-decoder';
import type { LinkIO } from './family-driver';
import { CytonDecoder } from './cyton-decoder';
import { ArduinoTextDecoder } from './arduino-text-decoder';
import { BitalinoDecoder } from './bitalino-decoder';
import { SpikerDecoder } from './spiker-decoder';
import { MyocueLineDecoder } from './myocue-line-decoder';

export interface Detection {
  family: BandFamily;
  /** how it was found, for the status line */
  how: string;
  /** ms from the start of detection */
  afterMs: number;
}

export interface DetectOptions {
  /** listening phase, ms (default 1200) */
  listenMs?: number;
  /** the user's --baud: used for every probe instead of each family's own */
  baudRate?: number;
}

/** The bytes seen so far, for recognising a stream and for the "got N bytes that look like …" message. */
export interface ByteLog {
  bytes(): Uint8Array;
}

/** Feeds what was received into each family's decoder; the one that decodes it cleanly wins. */
export function recogniseStream(b: Uint8Array): { family: BandFamily; how: string } | null {
  if (b.length < 16) return null;
  const myocue = new MyocueLineDecoder();
  const my = myocue.push(b, 0);
  if (my.some((e) => e.type === 'info') && myocue.counters.linesOk >= 1) return { family: 'myocue', how: 'its header line' };
  const cyton = new CytonDecoder();
  cyton.push(b, 0);
  if (cyton.counters.linesOk >= 3 && cyton.counters.linesCorrupt <= cyton.counters.linesOk / 10) return { family: 'cyton', how: '33-byte packets (0xA0 … 0xC0)' };
  const text = new ArduinoTextDecoder({ dropFirstLine: true, rateHz: 1000 });
  text.push(b, 0);
  if (text.counters.linesOk >= 3 && text.counters.linesCorrupt <= text.counters.linesOk / 5) return { family: 'arduino', how: `lines of ${text.channelCount} number(s)` };
  for (let n = 1; n <= 6; n++) {
    const d = new SpikerDecoder({ channels: n });
    d.push(b, 0);
    const c = d.counters;
    if (c.linesOk >= 50 && c.linesCorrupt + c.bytesDiscarded <= (c.linesOk * 2 * n) / 50) return { family: 'spiker', how: `${n}-channel frames with the start bit` };
  }
  for (let n = 1; n <= 6; n++) {
    const d = new BitalinoDecoder({ channels: Array.from({ length: n }, (_, i) => i), rateHz: 1000 });
    d.push(b, 0);
    if (d.counters.linesOk >= 20 && d.counters.linesCorrupt <= d.counters.linesOk / 20) return { family: 'bitalino', how: `${n}-channel frames with valid CRC4` };
  }
  return null;
}

/** "got 812 bytes that look like text: "Hello from setup()"…" — for the not-recognised message. */
export function describeBytes(b: Uint8Array): string {
  if (b.length === 0) return 'got no bytes at all (nothing is sending; is the device on, and is this its port?)';
  let printable = 0;
  for (const x of b) if (x === 9 || x === 10 || x === 13 || (x >= 32 && x < 127)) printable++;
  const share = printable / b.length;
  if (share > 0.9) {
    const sample = Buffer.from(b.subarray(0, 60)).toString('latin1').replace(/[\r\n]+/g, ' ⏎ ').replace(/[^\x20-\x7e⏎]/g, '?').trim();
    return `got ${b.length} bytes that look like text without numbers to plot: "${sample}${b.length > 60 ? '…' : ''}" (wrong baud rate, or a sketch that does not print one line of values per sample?)`;
  }
  const head = Array.from(b.subarray(0, 12), (x) => x.toString(16).padStart(2, '0')).join(' ');
  return `got ${b.length} bytes that look like binary data of no known family (${Math.round(share * 100)} % printable; first bytes ${head}…; wrong baud rate?)`;
}

/** Listens, then probes; null when nothing answered (the caller says so with describeBytes). */
export async function detectFamily(io: LinkIO, log: ByteLog, o: DetectOptions = {}): Promise<Detection | null> {
  const t0 = Date.now();
  const found = (family: BandFamily, how: string): Detection => ({ family, how, afterMs: Date.now() - t0 });
  const baud = (b: number) => io.setBaudRate(o.baudRate ?? b).catch(() => undefined);
  const streamed = () => recogniseStream(log.bytes());

  // 1. listen: text streams and free-running binary streams (SpikerShield, a Cyton left streaming)
  await baud(115_200);
  const listenMs = o.listenMs ?? 1200;
  const step = 100;
  for (let t = 0; t < listenMs; t += step) {
    await io.sleep(step);
    const s = streamed();
    if (s) return found(s.family, `${s.how}, heard without asking`);
  }
  // a SpikerShield streams at 230400: a stream at the wrong rate reads as noise
  if (log.bytes().length > 0) {
    await baud(230_400);
    await io.sleep(400);
    const s = streamed();
    if (s) return found(s.family, `${s.how}, heard without asking`);
  }

  // 2. BITalino: version byte
  await baud(115_200);
  io.clearText();
  await io.sleep(100);
  await io.write(Uint8Array.of(0x07));
  if (await io.waitForText(/BITalino/, 700)) return found('bitalino', 'its answer to the version command');

  // 3. Myocue band: ID (a leading newline clears anything half-typed)
  await baud(921_600);
  io.clearText();
  await io.write('\nID\n');
  if (await io.waitForText(/#MYOCUE,/, 700)) return found('myocue', 'its header line (answer to ID)');

  // 4. Cyton: soft reset banner (or the dongle's Failure for a board that is off)
  await baud(115_200);
  io.clearText();
  await io.write('v');
  const v = await io.waitForText(/\$\$\$/, 2500);
  if (v && /OpenBCI|Failure/i.test(v)) return found('cyton', /Failure/i.test(v) ? 'its dongle (the board itself does not answer)' : 'its banner (answer to v)');

  // 5. SpikerShield: board type
  await baud(230_400);
  io.clearText();
  await io.write('b:;\n');
  if (await io.waitForText(/HWT:[A-Z0-9]+;/, 800)) return found('spiker', 'its board type (answer to b:;)');
  const late = streamed();
  if (late) return found(late.family, `${late.how}, after the probes`);
  return null;
}
