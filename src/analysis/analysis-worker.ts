/**
 * Worker thread of the streaming analysis (built to dist/analysis-worker.js by scripts/build.mjs;
 * started by analysis-source.ts). One message in (the opened file's info and a StreamRequest),
 * the pass over the file, then a second message in (the recording's true length in frames, known
 * to the main thread once its annotation pass is done) and one message out (the StreamResult, its
 * arrays transferred, or an error), then it exits.
 */
import { parentPort } from 'node:worker_threads';
import type { EdfRecordingInfo } from '../recording/bdf-reader';
import { finishStream, streamEdfChannels, type StreamPass, type StreamRequest } from './analysis-stream';

export type ToAnalysisWorker = { info: EdfRecordingInfo; req: StreamRequest };
/** the second message: the true length */
export type FinishAnalysisWorker = { frames: number };

const port = parentPort;
if (port) {
  port.once('message', (m: ToAnalysisWorker) => {
    let pass: StreamPass;
    try {
      pass = streamEdfChannels(m.info, m.req);
    } catch (err) {
      port.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
      port.close();
      return;
    }
    port.once('message', (fin: FinishAnalysisWorker) => {
      try {
        const r = finishStream(pass, fin.frames, m.req.factor);
        const transfer = r.decimated.filter((a): a is Float64Array => a !== null).map((a) => a.buffer as ArrayBuffer);
        port.postMessage({ ok: true, result: r }, transfer);
      } catch (err) {
        port.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
      }
      port.close();
    });
  });
}
