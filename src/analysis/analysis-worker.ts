/**
 * Worker thread of the streaming analysis (built to dist/analysis-worker.js by scripts/build.mjs;
 * started by analysis-parallel.ts). One message in (the opened file's info and a StreamRequest),
 * one message out (the StreamResult, its arrays transferred, or an error), then it exits.
 */
import { parentPort } from 'node:worker_threads';
import type { EdfRecordingInfo } from '../recording/bdf-reader';
import { streamEdfChannels, type StreamRequest } from './analysis-stream';

export type ToAnalysisWorker = { info: EdfRecordingInfo; req: StreamRequest };

const port = parentPort;
if (port) {
  port.once('message', (m: ToAnalysisWorker) => {
    try {
      const r = streamEdfChannels(m.info, m.req);
      const transfer: ArrayBuffer[] = [...r.decimated, ...r.filtered].filter((a): a is Float64Array => a !== null).map((a) => a.buffer as ArrayBuffer);
      port.postMessage({ ok: true, result: r }, transfer);
    } catch (err) {
      port.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
    }
    port.close();
  });
}
