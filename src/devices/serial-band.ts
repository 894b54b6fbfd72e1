/**
 * A band on a serial port, by family. `SerialBand` is the serial source (serial-device.ts) with
 * the Myocue band as its default family, the meaning a plain serial path always had; pass
 * `band: 'auto'` to detect the family or name it ('cyton', 'arduino', 'bitalino', 'spiker').
 * Also: the port listing with USB vendor/product hints for the device picker.
 */
import { SerialPort } from 'serialport';
import { SerialDevice, type SerialDeviceOptions } from './serial-device';
import type { DeviceListing, DeviceSpec } from '../host/contract';
import { familyHintForUsb } from './families/usb-hints';
import { portListingMessage } from './port-listing-message';

export type SerialBandOptions = SerialDeviceOptions;

export const DEFAULT_BAUD_RATE = 921_600;

export class SerialBand extends SerialDevice {
  constructor(options: SerialBandOptions) {
    super({ band: 'myocue', ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as SerialBandOptions);
  }
}

/** The serial source for a DeviceSpec of kind 'serial' (the host and `myocue record` both use it). */
export function serialSourceFromSpec(spec: Extract<DeviceSpec, { kind: 'serial' }>): SerialBand {
  return new SerialBand({
    path: spec.path,
    baudRate: spec.baudRate,
    band: spec.band,
    settings: { rateHz: spec.rateHz, scale: spec.scale, inputs: spec.inputs, channels: spec.channels, cytonCommands: spec.cytonCommands },
  });
}


export { explainOpenError } from './serial-device';
export { emptyCounters } from './sample-source';

/** Lists serial ports; never rejects (SerialPort.list() rejects where udev is missing). */
export async function listSerialPorts(): Promise<DeviceListing> {
  try {
    const ports = await SerialPort.list();
    return {
      ports: ports.map((p) => {
        const hint = familyHintForUsb(p.vendorId, p.productId, p.manufacturer);
        return {
          path: p.path,
          manufacturer: p.manufacturer,
          vendorId: p.vendorId,
          productId: p.productId,
          serialNumber: p.serialNumber,
          ...(hint ? { hint } : {}),
        };
      }),
    };
  } catch (err) {
    return {
      ports: [],
      error: portListingMessage(err),
    };
  }
}
