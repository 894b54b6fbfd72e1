/**
 * What a port's USB vendor/product ids suggest about the device behind it, for the device picker
 * (a hint, never a decision: detection on the port decides). IDs from the chips' vendors:
 * FTDI 0403 (FT231X 6015 = the OpenBCI dongle; the OpenBCI GUI finds it by the "FT231X USB UART"
 * description), Arduino 2341 / 2A03, WCH CH340 1A86, Silicon Labs CP210x 10C4 (ESP32 boards),
 * Espressif 303A, PJRC Teensy 16C0, Backyard Brains 2E73 (Spike-Recorder#44).
 */
export interface UsbHint {
  /** the family this most likely is, if any */
  family?: 'cyton' | 'arduino' | 'spiker';
  /** plain words: "FTDI FT231X: OpenBCI dongle?" */
  text: string;
}

export function familyHintForUsb(vendorId?: string, productId?: string, manufacturer?: string): UsbHint | undefined {
  const v = (vendorId ?? '').toLowerCase();
  const p = (productId ?? '').toLowerCase();
  if (v === '0403' && p === '6015') return { family: 'cyton', text: 'FTDI FT231X: an OpenBCI Cyton dongle?' };
  if (v === '0403') return { text: 'FTDI USB serial bridge (set its latency timer to 1 ms for smooth data)' };
  if (v === '2341' || v === '2a03') return { family: 'arduino', text: 'Arduino board (text stream, or a SpikerShield on it)' };
  if (v === '1a86') return { family: 'arduino', text: 'CH340 USB serial (Arduino clone or ESP32 board)' };
  if (v === '10c4') return { family: 'arduino', text: 'Silicon Labs CP210x (ESP32 board?)' };
  if (v === '303a') return { family: 'arduino', text: 'Espressif ESP32 (native USB)' };
  if (v === '16c0') return { family: 'arduino', text: 'Teensy' };
  if (v === '2e73') return { family: 'spiker', text: 'Backyard Brains SpikerBox' };
  if (/bitalino/i.test(manufacturer ?? '')) return { text: 'BITalino' };
  return undefined;
}
