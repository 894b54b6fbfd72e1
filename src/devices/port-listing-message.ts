/**
 * Why the serial ports could not be listed, in plain words, as one sentence the CLI and the
 * device picker show as is (the picker adds nothing around it, so the advice appears once).
 */

/** `err` from SerialPort.list() → one sentence with what to do */
export function portListingMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const advice = 'Type the port path instead, e.g. /dev/ttyACM0 (Linux), /dev/tty.usbmodem… (macOS) or COM3 (Windows).';
  // Linux lists ports through udevadm; containers and minimal systems do not have it
  if (/udevadm/.test(raw) && /ENOENT/.test(raw)) {
    return `This system cannot list serial ports (the udevadm tool that lists them on Linux is not installed). ${advice}`;
  }
  if (/EACCES|EPERM/.test(raw)) return `This user may not list serial ports (permission denied). ${advice}`;
  return `The serial ports could not be listed (${raw.replace(/\.$/, '')}). ${advice}`;
}
