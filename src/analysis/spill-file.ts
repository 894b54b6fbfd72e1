/**
 * A full-rate signal kept on disk instead of in memory: the streamed analysis writes the filtered
 * target here as it goes (8 B per sample, in order) and analyzeSignals reads back only the
 * windows it needs (the quietest stretch, each rep with its onset look-back), so a ten-hour file
 * needs no more memory than a ten-minute one (issue 10.4). The numbers are the same bits as an
 * in-memory array (Float64, no conversion).
 *
 * The file lives in the OS temporary folder and is unlinked as soon as it is open (POSIX keeps
 * the data until the descriptor closes, so nothing is left behind even after a crash); where an
 * open file cannot be unlinked (Windows) it is removed when closed, or at process exit.
 * The descriptor is process-wide, so a worker thread can write it and the main thread read it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as pathMod from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SignalWindows } from '../metrics/signal-windows';

/** samples staged before each write: 512 kB */
const STAGE_SAMPLES = 65536;
/** runs at least this long (64 kB) are written without staging (appendRun) */
const DIRECT_SAMPLES = 8192;

/** What a finished spill is (plain data: it crosses from a worker thread in a message). */
export interface SpillHandle {
  fd: number;
  /** the file's path while it still exists (it could not be unlinked while open), else null */
  path: string | null;
  /** samples written */
  length: number;
}

const pending = new Set<string>();
let exitHook = false;

function removeLater(path: string): void {
  pending.add(path);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const p of pending) {
      try {
        fs.unlinkSync(p);
      } catch {
        /* already gone */
      }
    }
  });
}

/** Appends samples to a new temporary file. */
export class SpillWriter {
  private fd: number | null;
  private readonly path: string | null;
  private readonly stage = new Float64Array(STAGE_SAMPLES);
  private staged = 0;
  private written = 0;

  constructor(dir: string = os.tmpdir()) {
    const p = pathMod.join(dir, `myocue-analysis-${process.pid}-${randomBytes(6).toString('hex')}.f64`);
    this.fd = fs.openSync(p, 'wx+', 0o600);
    let kept: string | null = null;
    try {
      fs.unlinkSync(p);
    } catch {
      kept = p;
      removeLater(p);
    }
    this.path = kept;
  }

  /** Appends `count` samples x[from], x[from + stride], … */
  append(x: Float64Array, from: number, count: number, stride = 1): void {
    const st = this.stage;
    // stage-sized runs with the position in a local (the per-sample field update was ~1/3 of the pass)
    for (let k = 0, p = from; k < count; ) {
      let s = this.staged;
      const end = s + Math.min(count - k, st.length - s);
      k += end - s;
      for (; s < end; s++, p += stride) st[s] = x[p];
      this.staged = s;
      if (s === st.length) this.flush();
    }
  }

  /**
   * Appends a contiguous run. A long one (a chunk of the streamed analysis) is written straight
   * from where it is (after what is staged), without a copy through the stage.
   */
  appendRun(v: Float64Array): void {
    if (v.length >= DIRECT_SAMPLES) {
      if (this.staged) this.flush();
      this.writeBytes(new Uint8Array(v.buffer, v.byteOffset, v.length * 8));
      this.written += v.length;
      return;
    }
    const st = this.stage;
    for (let k = 0; k < v.length; ) {
      const n = Math.min(v.length - k, st.length - this.staged);
      st.set(v.subarray(k, k + n), this.staged);
      this.staged += n;
      k += n;
      if (this.staged === st.length) this.flush();
    }
  }

  private writeBytes(view: Uint8Array): void {
    if (this.fd === null) throw new Error('SpillWriter: already finished');
    let done = 0;
    while (done < view.length) done += fs.writeSync(this.fd, view, done, view.length - done, this.written * 8 + done);
  }

  private flush(): void {
    this.writeBytes(new Uint8Array(this.stage.buffer, 0, this.staged * 8));
    this.written += this.staged;
    this.staged = 0;
  }

  /** Writes what is staged; the handle to read it back (the writer is done). */
  finish(): SpillHandle {
    if (this.staged) this.flush();
    const fd = this.fd;
    if (fd === null) throw new Error('SpillWriter: already finished');
    this.fd = null;
    return { fd, path: this.path, length: this.written };
  }

  /** Drops the file (an error before finish). */
  discard(): void {
    if (this.fd !== null) closeSpill({ fd: this.fd, path: this.path });
    this.fd = null;
  }
}

function closeSpill(h: { fd: number; path: string | null }): void {
  try {
    fs.closeSync(h.fd);
  } catch {
    /* already closed */
  }
  if (h.path) {
    try {
      fs.unlinkSync(h.path);
      pending.delete(h.path);
    } catch {
      /* removed at exit */
    }
  }
}

// a spill nobody closed (e.g. a report's signals dropped) closes when it is collected
const finalizer = new FinalizationRegistry<{ fd: number; path: string | null }>(closeSpill);

/**
 * Samples read at least per read (256 kB, ~16 s at 2 kHz): analysis asks for each rep's onset
 * look-back and then its median-frequency window, rep after rep in time order, so one read serves
 * several windows (~2 reads a rep before: 1,300 system calls for the 1 h bench file).
 */
const READ_AHEAD_SAMPLES = 32768;

/**
 * Reads windows of a finished spill (the first `length` samples; the rest, if any, is ignored).
 * The last read is kept: a window inside it is a view of it, without reading again.
 */
export class SpillWindows implements SignalWindows {
  readonly length: number;
  private handle: { fd: number; path: string | null } | null;
  private buf = new Float64Array(READ_AHEAD_SAMPLES);
  /** buf holds samples [bufFrom, bufTo) */
  private bufFrom = 0;
  private bufTo = 0;

  constructor(h: SpillHandle, length = h.length) {
    this.length = Math.min(length, h.length);
    this.handle = { fd: h.fd, path: h.path };
    finalizer.register(this, this.handle, this);
  }

  window(from: number, to: number): Float64Array {
    if (!this.handle) throw new Error('SpillWindows: closed');
    const a = Math.max(0, from);
    const b = Math.max(a, Math.min(this.length, to));
    const n = b - a;
    if (n === 0) return this.buf.subarray(0, 0);
    if (a >= this.bufFrom && b <= this.bufTo) return this.buf.subarray(a - this.bufFrom, b - this.bufFrom);
    // read the window and what follows it, up to the read-ahead (the next windows are likely there)
    const end = Math.min(this.length, Math.max(b, a + READ_AHEAD_SAMPLES));
    if (end - a > this.buf.length) this.buf = new Float64Array(Math.max(end - a, 2 * this.buf.length));
    this.bufFrom = this.bufTo = 0;
    const bytes = (end - a) * 8;
    const view = new Uint8Array(this.buf.buffer, 0, bytes);
    let done = 0;
    while (done < bytes) {
      const g = fs.readSync(this.handle.fd, view, done, bytes - done, a * 8 + done);
      if (g <= 0) throw new Error('the analysis spill file became shorter while reading');
      done += g;
    }
    this.bufFrom = a;
    this.bufTo = end;
    return this.buf.subarray(0, n);
  }

  close(): void {
    if (!this.handle) return;
    finalizer.unregister(this);
    closeSpill(this.handle);
    this.handle = null;
  }
}
