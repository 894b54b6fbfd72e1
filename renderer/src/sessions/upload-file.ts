/**
 * Sends a File the user picked or dropped to the host (`uploadImport`), in chunks that fit one
 * WebSocket message, and returns where the host keeps it (the data folder's imports/).
 */
import type { MyocueApi } from '../../../src/host/contract';

/** bytes per chunk: under the host's limit once base64-encoded (4/3) with room for the JSON around it */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) s += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(s);
}

export async function uploadFile(api: MyocueApi, file: File, onProgress: (fraction: number) => void): Promise<string> {
  const uploadId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const total = file.size;
  if (total === 0) throw new Error(`${file.name} is empty`);
  for (let offset = 0; offset < total; offset += UPLOAD_CHUNK_BYTES) {
    const bytes = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
    const r = await api.invoke('uploadImport', { uploadId, fileName: file.name, totalBytes: total, offset, dataBase64: toBase64(bytes) });
    onProgress(r.receivedBytes / total);
    if (r.path) return r.path;
  }
  throw new Error(`${file.name}: the host did not confirm the whole file`);
}
