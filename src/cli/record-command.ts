/**
 * `myocue record --device sim|PATH --out FILE [--duration S]`: records a device to a BDF+ file
 * (the native format, read by EDFbrowser and MNE) without the dashboard. Crash-safe like the live
 * recorder: records are appended and fsynced at least once a second, so Ctrl+C, kill -9 or a pulled
 * plug keep everything up to the last second.
 */
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { BdfPlusWriter } from '../recording/bdf-writer';
import { SimulatedBand } from '../devices/simulated-band';
import { serialSourceFromSpec } from '../devices/serial-band';
import { DEVICE_OPTION_SPECS, serialSpecFromArgs } from './device-options-args';
import type { SampleSource, StreamInfo } from '../devices/sample-source';
import { parseNumberOption, UsageError } from './cli-args';
import { SIM_OPTION_SPECS, simOptionsFromArgs } from './sim-options-args';

export async function runRecord(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      device: { type: 'string', default: 'sim' },
      out: { type: 'string' },
      duration: { type: 'string' },
      baud: { type: 'string' },
      mains: { type: 'string' },
      force: { type: 'boolean', default: false },
      ...SIM_OPTION_SPECS,
      ...DEVICE_OPTION_SPECS,
    },
    strict: true,
  });
  if (!values.out) throw new UsageError('--out FILE is required (a .bdf file to create)');
  const out = values.out;
  if (existsSync(out) && !values.force) throw new UsageError(`${out} already exists; pass --force to overwrite it`);
  const durationS = parseNumberOption('duration', values.duration, { min: 0.1 });
  const source: SampleSource =
    values.device === 'sim'
      ? new SimulatedBand(simOptionsFromArgs(values, values.mains))
      : serialSourceFromSpec(serialSpecFromArgs(values.device!, values, 'auto'));

  let writer: BdfPlusWriter | null = null;
  let info: StreamInfo | null = null;
  let framesWritten = 0;
  let failure: Error | null = null;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const maxFrames = () => (durationS !== undefined && info ? Math.round(durationS * info.sampleRateHz) : Infinity);

  source.on((e) => {
    if (failure) return;
    try {
      switch (e.type) {
        case 'info':
          if (writer) {
            failure = new Error('the device changed its sample rate or channels during the recording; recording stopped');
            return finish();
          }
          info = e.info;
          writer = BdfPlusWriter.open(out, {
            channels: e.info.channelLabels.map((label) => ({ label, microvoltsPerCount: e.info.microvoltsPerCount, prefilter: 'none', transducer: 'sEMG' })),
            sampleRateHz: e.info.sampleRateHz,
            startTime: new Date(),
            equipment: e.info.deviceId,
            overwrite: values.force,
          });
          process.stderr.write(`myocue record: ${e.info.deviceId}, ${e.info.channelCount} ch at ${e.info.sampleRateHz} Hz → ${out}${durationS ? ` for ${durationS} s` : ' (Ctrl+C stops)'}\n`);
          break;
        case 'samples': {
          if (!writer) return;
          const frames = Math.min(e.block.frameCount, maxFrames() - framesWritten);
          if (frames > 0) {
            writer.writeSamples(e.block.samples, frames);
            framesWritten += frames;
          }
          if (framesWritten >= maxFrames()) finish();
          break;
        }
        case 'gap':
          if (writer && e.durationMs > 0) writer.markGap(e.durationMs / 1000, e.reason === 'disconnect' ? 'disconnect' : 'lost lines');
          break;
        case 'state':
          if (e.message && (e.state === 'error' || e.state === 'reconnecting')) process.stderr.write(`myocue record: ${e.message}\n`);
          break;
        default:
          break;
      }
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      finish();
    }
  });
  const onSignal = () => finish();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // a device that never starts streaming must not hang a scripted recording
  const noDataTimer = setTimeout(() => {
    if (!info) {
      failure = new Error(`no data from ${values.device} within 10 s (is it a Myocue band? is it powered?)`);
      finish();
    }
  }, 10_000);
  try {
    await source.start();
    await finished;
  } finally {
    clearTimeout(noDataTimer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await source.stop().catch(() => undefined);
    if (writer) {
      try {
        (writer as BdfPlusWriter).close();
      } catch (err) {
        failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
  }
  const rate = (info as StreamInfo | null)?.sampleRateHz ?? 0;
  if (failure) throw new Error(`${(failure as Error).message}${framesWritten ? ` (${(framesWritten / rate).toFixed(2)} s were saved in ${out})` : ''}`);
  process.stdout.write(`Recorded ${(framesWritten / rate).toFixed(2)} s, ${(info as StreamInfo | null)?.channelCount ?? 0} ch × ${rate} Hz → ${out}\n`);
  return 0;
}
