/**
 * How each family is started on an open port (its handshake) and which decoder then reads it.
 * Sources for every byte: DEVICES.md (§1.2 Cyton, §3 text stream, §4.2 BITalino, §5 SpikerShield)
 * and firmware-protocol/PROTOCOL.md (Myocue band).
 */
import type { BandFamily, FamilyDecoder } from './family-decoder';
import { CytonDecoder, parseCytonBanner } from './cyton-decoder';
import { CytonGainTracker } from './cyton-gain-tracker';
import { ArduinoTextDecoder } from './arduino-text-decoder';
import { BitalinoDecoder } from './bitalino-decoder';
import { SpikerDecoder } from './spiker-decoder';
import { MyocueLineDecoder } from './myocue-line-decoder';
import { BITALINO_COMMAND_PAUSE_MS, BITALINO_STOP, BITALINO_VERSION, bitalinoRateCommand, bitalinoStartCommand, type BitalinoRate } from './bitalino-frame';
import { parseAnalogScale } from './analog-scale';

/** What a driver may do with the port during its handshake. */
export interface LinkIO {
  readonly path: string;
  write(data: Uint8Array | string): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** Text (latin1) received since the last clearText(), once it matches; null after timeoutMs. */
  waitForText(match: RegExp, timeoutMs: number): Promise<string | null>;
  clearText(): void;
  setBaudRate(baudRate: number): Promise<void>;
}

/** The user's settings for a family (CLI flags, device picker). */
export interface FamilySettings {
  /** text stream: samples per second if known (skips the estimate); SpikerShield: overrides 10 050 / N */
  rateHz?: number;
  /** text stream: unit preset, e.g. 'myoware-raw:10bit-5v' */
  scale?: string;
  /** BITalino: analog inputs 0..5 (A1..A6); SpikerShield: channel count from the length */
  inputs?: number[];
  /** SpikerShield: channels (1..6) */
  channels?: number;
  /** BITalino: 1, 10, 100 or 1000 Hz (default 1000) */
  bitalinoRateHz?: BitalinoRate;
  /** Cyton: channel settings sent after `d`, e.g. 'x1060100X' (their gains are followed for µV) */
  cytonCommands?: string;
}

export interface FamilyDriver {
  readonly family: BandFamily;
  /** the family's baud rate (the user's --baud wins) */
  readonly baudRate: number;
  /** Handshake on an open port; returns the decoder for what follows. Throws an Error with a plain message. */
  start(io: LinkIO): Promise<FamilyDecoder>;
  /** Asks the device to stop (best effort, short). */
  stop(io: LinkIO): Promise<void>;
  /** Said when no samples come within a few seconds after start; may poke the device again. */
  noData(io: LinkIO, baudRate: number, waitedS: number): Promise<string>;
}

export function createDriver(family: BandFamily, s: FamilySettings = {}): FamilyDriver {
  switch (family) {
    case 'myocue':
      return myocueDriver();
    case 'cyton':
      return cytonDriver(s);
    case 'arduino':
      return arduinoDriver(s);
    case 'bitalino':
      return bitalinoDriver(s);
    case 'spiker':
      return spikerDriver(s);
  }
}

/** Myocue band: START makes it send its header and data (PROTOCOL.md §5). */
function myocueDriver(): FamilyDriver {
  return {
    family: 'myocue',
    baudRate: 921_600,
    async start(io) {
      await io.write('START\n');
      return new MyocueLineDecoder();
    },
    async stop(io) {
      await io.write('STOP\n');
    },
    async noData(io, baud, waitedS) {
      // START again (idempotent): a band that was still booting, or answered with a header only
      await io.write('START\n').catch(() => undefined);
      return `No header from ${io.path} within ${waitedS.toFixed(1)} s after START: is this a Myocue band (firmware-protocol/PROTOCOL.md) at ${baud} baud? Still listening.`;
    },
  };
}

/**
 * OpenBCI Cyton via its dongle, as BrainFlow does it (openbci_serial_board.cpp): `v` (soft reset;
 * the banner ends in `$$$` and names a Daisy), `d` (channel defaults: gain 24 everywhere), `b`.
 */
function cytonDriver(s: FamilySettings): FamilyDriver {
  const gains = new CytonGainTracker();
  const problem = gains.apply('d' + (s.cytonCommands ?? ''));
  if (problem) throw new Error(`Cyton settings: ${problem}`);
  return {
    family: 'cyton',
    baudRate: 115_200,
    async start(io) {
      io.clearText();
      await io.write('s'); // a board left streaming stops, so its banner can be read
      await io.sleep(50);
      io.clearText();
      await io.write('v');
      const banner = await io.waitForText(/\$\$\$/, 3000);
      if (banner && /Failure/i.test(banner)) {
        throw new Error(
          `The OpenBCI dongle on ${io.path} answers but the Cyton board does not: switch the board on (switch to PC) and keep it near the dongle. Retrying.`,
        );
      }
      const parsed = banner ? parseCytonBanner(banner) : null;
      io.clearText();
      await io.write('d');
      const defaults = await io.waitForText(/\$\$\$/, 1500);
      if (defaults && /Failure/i.test(defaults)) throw new Error(`The Cyton board on ${io.path} stopped answering (the dongle says: ${defaults.trim()}). Retrying.`);
      // the user's channel settings, one command at a time (the firmware takes ~1 s per multi-char command at most)
      for (const cmd of (s.cytonCommands ?? '').match(/x.{7}X/g) ?? []) {
        io.clearText();
        await io.write(cmd);
        await io.waitForText(/\$\$\$/, 1000);
      }
      await io.write('b');
      return new CytonDecoder({ ...(parsed ? { daisy: parsed.daisy } : {}), gains: gains.gains });
    },
    async stop(io) {
      await io.write('s');
    },
    async noData(io, baud, waitedS) {
      return `No packets from the Cyton on ${io.path} within ${waitedS.toFixed(1)} s after 'b' (${baud} baud): is the board on and the dongle's switch on GPIO 6? Still listening.`;
    },
  };
}

/** Arduino sketches need nothing: they print from reset. */
function arduinoDriver(s: FamilySettings): FamilyDriver {
  const scale = parseAnalogScale(s.scale);
  return {
    family: 'arduino',
    baudRate: 115_200,
    async start() {
      return new ArduinoTextDecoder({ rateHz: s.rateHz, scale });
    },
    async stop() {},
    async noData(io, baud, waitedS) {
      return `No numbers from ${io.path} within ${waitedS.toFixed(1)} s at ${baud} baud: does the sketch print one line per sample (Serial.println), and does its Serial.begin() match --baud? Still listening.`;
    },
  };
}

/** BITalino (r)evolution: stop, version, rate, start with the channel mask; 100 ms before each byte (bitalino.py). */
function bitalinoDriver(s: FamilySettings): FamilyDriver {
  const inputs = s.inputs?.length ? s.inputs : [0, 1];
  const rate: BitalinoRate = s.bitalinoRateHz ?? 1000;
  const send = async (io: LinkIO, byte: number) => {
    await io.sleep(BITALINO_COMMAND_PAUSE_MS);
    await io.write(Uint8Array.of(byte));
  };
  return {
    family: 'bitalino',
    baudRate: 115_200,
    async start(io) {
      await send(io, BITALINO_STOP);
      io.clearText();
      await send(io, BITALINO_VERSION);
      const version = await io.waitForText(/BITalino[^\n]*\n/, 1500);
      await send(io, bitalinoRateCommand(rate));
      await send(io, bitalinoStartCommand(inputs));
      const decoder = new BitalinoDecoder({ channels: inputs, rateHz: rate });
      const v = version ? /BITalino[^\n]*/.exec(version) : null;
      if (v) decoder.setFirmware(v[0].trim());
      return decoder;
    },
    async stop(io) {
      await io.write(Uint8Array.of(BITALINO_STOP));
    },
    async noData(io, _baud, waitedS) {
      return `No frames from the BITalino on ${io.path} within ${waitedS.toFixed(1)} s: is it paired and switched on (its LED fades slowly when idle)? Still listening.`;
    },
  };
}

/** SpikerShield: `b:;` asks the board type (escape-framed HWT reply), `c:N;` sets N channels. */
function spikerDriver(s: FamilySettings): FamilyDriver {
  const channels = s.channels ?? 1;
  return {
    family: 'spiker',
    baudRate: 230_400,
    async start(io) {
      io.clearText();
      await io.write('b:;\n');
      const reply = await io.waitForText(/HWT:[A-Z0-9]+;/, 1000);
      const hwt = reply ? /HWT:([A-Z0-9]+);/.exec(reply)?.[1] : undefined;
      await io.write(`c:${channels};\n`);
      // frames already in flight have the old channel count: let them pass before decoding
      await io.sleep(50);
      return new SpikerDecoder({ channels, ...(s.rateHz ? { rateHz: s.rateHz } : {}), ...(hwt ? { hardwareType: hwt } : {}) });
    },
    async stop() {},
    async noData(io, baud, waitedS) {
      return `No samples from ${io.path} within ${waitedS.toFixed(1)} s at ${baud} baud: is the SpikerShield's sketch running (Spike Recorder must be closed)? Still listening.`;
    },
  };
}
