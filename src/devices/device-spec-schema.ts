/**
 * The one schema of a device to connect (DeviceSpec in src/host/contract.ts): the simulated band
 * with its options, or a serial port with an optional baud rate. Used by the connect command
 * (WebSocket and IPC) and by the Electron shell's `--device` launch argument.
 */
import { num, oneOf, text, z } from '../util/schema-kit';
import type { DeviceSpec } from '../host/contract';
import { simulatorOptionsSchema } from './simulator-options-schema';

/** Serial baud rates a USB-CDC or UART bridge accepts; anything else is a typo. */
export const STANDARD_BAUD_RATES = [
  9600, 19200, 38400, 57600, 115200, 230400, 250000, 460800, 500000, 921600, 1000000, 1500000, 2000000, 3000000,
] as const;

export const serialPathSchema = text(256, { nonEmpty: true });

export const deviceSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sim'), options: simulatorOptionsSchema.optional() }),
  z.strictObject({
    kind: z.literal('serial'),
    path: serialPathSchema,
    baudRate: oneOf(...STANDARD_BAUD_RATES).optional(),
    // device families (src/devices/families): which one, and the settings some of them need
    band: oneOf('auto', 'myocue', 'cyton', 'arduino', 'bitalino', 'spiker').optional(),
    rateHz: num(1, 20000).optional(),
    scale: text(64).optional(),
    inputs: z.array(num(0, 5, { integer: true })).min(1).max(6).optional(),
    channels: num(1, 6, { integer: true }).optional(),
  }),
]) satisfies z.ZodType<DeviceSpec>;
