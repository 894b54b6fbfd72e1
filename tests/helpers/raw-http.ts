/**
 * Raw HTTP over a TCP socket, for requests no well-behaved client library sends: malformed request
 * targets, forged Host and Origin headers, WebSocket clients that stop reading. `rawRequest` reads
 * the head only; `rawExchange` the whole answer (status, headers, body; a chunked body joined).
 */
import { connect, type Socket } from 'node:net';

export interface RawReply {
  /** the status line's code, or null when the server closed without answering */
  status: number | null;
  head: string;
}

/** Sends `request` as is and resolves with the status line (or null on a bare close) and headers. */
export function rawRequest(port: number, request: string, host = '127.0.0.1', timeoutMs = 5000): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, host);
    let data = '';
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      resolve({ status: m ? Number(m[1]) : null, head: data.split('\r\n\r\n')[0] });
    };
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(request.split('\r\n')[0])}`));
    }, timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      data += d;
      if (data.includes('\r\n\r\n')) done();
    });
    sock.on('close', done);
    sock.on('error', () => undefined);
    sock.write(request);
  });
}

export interface RawExchange {
  status: number;
  /** header names in lower case */
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawExchangeOptions {
  /** the address connected to (default 127.0.0.1); the Host header names it unless `headers.Host` is given */
  host?: string;
  /** extra request headers, sent as given */
  headers?: Record<string, string>;
  method?: string;
  timeoutMs?: number;
}

/**
 * One HTTP/1.1 request with the target exactly as given (a browser or fetch would normalise
 * `..` and percent-encodings before sending) and `Connection: close`; resolves with the status,
 * the headers and the whole body once the server closes.
 */
export function rawExchange(port: number, target: string, opts: RawExchangeOptions = {}): Promise<RawExchange> {
  const address = opts.host ?? '127.0.0.1';
  const { Host: hostHeader, ...headers } = opts.headers ?? {};
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const sock = connect(port, address);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no whole answer within ${timeoutMs} ms to ${opts.method ?? 'GET'} ${target}`));
    }, timeoutMs);
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    sock.on('end', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`${opts.method ?? 'GET'} ${target}: the server closed without a whole head`));
      const head = all.subarray(0, split).toString('latin1').split('\r\n');
      const h: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        h[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const body = all.subarray(split + 4);
      resolve({ status: Number(head[0].split(' ')[1]), headers: h, body: h['transfer-encoding'] === 'chunked' ? dechunk(body) : body });
    });
    const lines = [
      `${opts.method ?? 'GET'} ${target} HTTP/1.1`,
      `Host: ${hostHeader ?? `${address}:${port}`}`,
      'Connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    sock.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

/** The body of a `Transfer-Encoding: chunked` answer, its chunks joined (extensions and trailers ignored). */
function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; ; ) {
    const eol = raw.indexOf('\r\n', at);
    const size = eol < 0 ? 0 : parseInt(raw.subarray(at, eol).toString('latin1'), 16);
    if (!size) break;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** A WebSocket upgrade request for `target` with the given extra headers. */
export function upgradeRequest(target: string, headers: Record<string, string>): string {
  const lines = [
    `GET ${target} HTTP/1.1`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return lines.join('\r\n') + '\r\n\r\n';
}

/**
 * A WebSocket client that completes the handshake and then never reads again: the host's writes
 * pile up in its send queue. Resolves once upgraded.
 */
export function stalledWebSocket(port: number, target = '/ws', host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, host);
    let head = '';
    sock.setEncoding('latin1');
    const onData = (d: string) => {
      head += d;
      if (!head.includes('\r\n\r\n')) return;
      sock.off('data', onData);
      sock.pause();
      if (/^HTTP\/1\.1 101/.test(head)) resolve(sock);
      else reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
    };
    sock.on('data', onData);
    sock.on('error', () => undefined);
    sock.write(upgradeRequest(target, { Host: `${host}:${port}` }));
  });
}
