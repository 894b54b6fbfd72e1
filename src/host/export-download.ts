/**
 * `GET /exports/<file>` on the browser host: a file the Sessions page's *Export…* wrote into the
 * data folder's exports/ (session-export.ts), streamed from disk to the controller's browser as a
 * download. The file is hundreds of MB for a long session, so it is never read whole.
 *
 * Who may fetch (browser-server.ts checks it first): requests addressed to this machine (Host, and
 * Origin when sent), from the controller (this machine's loopback: the peers whose WebSocket is a
 * controller) and not started by another site (Sec-Fetch-Site); viewers on the network get 403.
 *
 * What may be fetched: a name of export-file-name.ts's rule (one plain name: no separators, no
 * `..`, no leading dot, an export's extension; resolveExportRequest) that is a regular file in exports/, opened without following a symlink (O_NOFOLLOW, then
 * checked on the open descriptor, so a file swapped for a link after the check is not followed
 * either). A bad percent-encoding is 400, anything else not found 404. Nothing throws out.
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isExportFileName } from './export-file-name';
import { holdExportFile } from './export-staging';

export const EXPORTS_ROUTE_PREFIX = '/exports/';

/** What an export is served as, by extension (EDF/BDF have no registered media type). */
const EXPORT_MEDIA_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.edf': 'application/octet-stream',
  '.bdf': 'application/octet-stream',
};

export type ExportRequest = { ok: true; fileName: string } | { ok: false; status: 400 | 404; message: string };

/** Is this raw request target (as the request line has it, before any normalisation) for the route? */
export function isExportRoute(rawTarget: string | undefined): boolean {
  return typeof rawTarget === 'string' && rawTarget.startsWith(EXPORTS_ROUTE_PREFIX);
}

/**
 * The file name a raw request target `/exports/<name>[?query]` asks for, or why not. The raw
 * target is used (not the URL parser's normalised path, which resolves `..` segments), so a
 * `..` in any spelling is refused here rather than resolved somewhere else.
 */
export function resolveExportRequest(rawTarget: string): ExportRequest {
  const q = rawTarget.search(/[?#]/);
  const encoded = (q < 0 ? rawTarget : rawTarget.slice(0, q)).slice(EXPORTS_ROUTE_PREFIX.length);
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return { ok: false, status: 400, message: 'bad request target (its percent-encoding is not valid UTF-8)' };
  }
  if (!isExportFileName(name)) return { ok: false, status: 404, message: 'not found' };
  return { ok: true, fileName: name };
}

/** `attachment` with the name as ASCII (for old clients) and whole as UTF-8 (RFC 6266, RFC 8187). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** An opened export: a regular file in the exports folder, and its size. */
export interface OpenedExport {
  /** (kept as the handle, never as a bare descriptor: a dropped FileHandle closes its fd when collected) */
  handle: fs.promises.FileHandle;
  size: number;
  fileName: string;
}

/** Opens `fileName` in `exportsDir` for reading, or null when it is not a regular file there. */
export async function openExportFile(exportsDir: string, fileName: string): Promise<OpenedExport | null> {
  let handle: fs.promises.FileHandle | null = null;
  try {
    const path = pathMod.join(exportsDir, fileName);
    // (the name holds no separator, so the file is directly in the folder)
    if (pathMod.dirname(path) !== pathMod.resolve(exportsDir)) return null;
    handle = await fs.promises.open(path, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      return null;
    }
    const opened = handle;
    handle = null;
    return { handle: opened, size: st.size, fileName };
  } catch {
    await handle?.close().catch(() => undefined);
    return null;
  }
}

/**
 * Answers an export request already let through by the caller (who may fetch): streams the file
 * with its length, type and an attachment disposition. `refuse` writes the caller's error page.
 */
export async function serveExportDownload(
  exportsDir: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  refuse: (res: ServerResponse, status: number, message: string) => void,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
  const asked = resolveExportRequest(req.url ?? '');
  if (!asked.ok) return refuse(res, asked.status, asked.message);
  const opened = await openExportFile(exportsDir, asked.fileName);
  if (!opened) return refuse(res, 404, 'not found');
  const head = {
    ...headers,
    'Content-Type': EXPORT_MEDIA_TYPES[pathMod.extname(opened.fileName).toLowerCase()],
    'Content-Length': String(opened.size),
    'Content-Disposition': attachmentDisposition(opened.fileName),
    'Cache-Control': 'no-store',
  };
  if (req.method === 'HEAD') {
    await opened.handle.close().catch(() => undefined);
    return void res.writeHead(200, head).end();
  }
  // the opened file, not the name: what was checked is what is sent; in use until the response
  // is over (sent, or the browser went away), so exports/'s cleaning keeps it (export-staging.ts)
  const release = holdExportFile(pathMod.join(exportsDir, opened.fileName));
  const stream = opened.handle.createReadStream({ autoClose: true });
  stream.once('error', () => (res.headersSent ? res.destroy() : refuse(res, 404, 'not found')));
  res.once('close', () => {
    release();
    stream.destroy();
  });
  res.writeHead(200, head);
  stream.pipe(res);
}
