/**
 * The DSP worker thread (built to dist/dsp-worker.js by scripts/build.mjs; started by
 * WorkerDspRunner). Messages in: configure / process / reset; out: configured / processed / error.
 * Handled strictly in arrival order, so a reset or a new configuration applies between blocks.
 * The input buffer arrives transferred and is reused for the filtered output; both result
 * buffers are transferred back (no copies).
 */
import { parentPort } from 'node:worker_threads';
import { ChainHost, type FromWorker, type ToWorker } from './dsp-runner';

const port = parentPort;
if (port) {
  const host = new ChainHost();
  const reply = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'configure':
        try {
          const r = host.configure(m.settings, m.sampleRateHz, m.channelCount);
          reply({ type: 'configured', id: m.id, ...r });
        } catch (err) {
          reply({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
        }
        break;
      case 'process': {
        let out;
        try {
          out = host.process(m.samples, m.frames, m.channelCount, true);
        } catch (err) {
          reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
          break;
        }
        if (!out) break; // not configured: dropped
        const block = { ...out, frames: m.frames, channelCount: m.channelCount, firstSampleIndex: m.firstSampleIndex, receivedAtMs: m.receivedAtMs };
        const transfer = [out.filtered.buffer as ArrayBuffer, out.envelope.buffer as ArrayBuffer];
        reply({ type: 'processed', block }, out.filtered.buffer === out.envelope.buffer ? [transfer[0]] : transfer);
        break;
      }
      case 'reset':
        host.reset();
        break;
    }
  });
}
