/** `myocue devices`: lists serial ports; never crashes where the OS cannot be asked. */
import { listSerialPorts } from '../devices/serial-band';

export async function runDevices(_argv: string[]): Promise<number> {
  const listing = await listSerialPorts();
  if (listing.error) {
    // the OS could not be asked: say so and fail, so a script does not read "no ports" as an answer
    process.stderr.write(`myocue devices: ${listing.error}\n`);
    return 1;
  }
  if (listing.ports.length === 0) {
    process.stdout.write('No serial ports found. Plug in the band, or use the simulated band: myocue serve --device sim\n');
    return 0;
  }
  for (const p of listing.ports) {
    const ids = [p.manufacturer, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : undefined, p.serialNumber].filter(Boolean);
    process.stdout.write(`${p.path}${ids.length ? `\t${ids.join('  ')}` : ''}\n`);
  }
  return 0;
}
