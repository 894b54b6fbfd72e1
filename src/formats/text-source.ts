/**
 * A text recording read as a stream: lines (for headers and whitespace tables) and, from any
 * point on, CSV records through csv-parse (the one CSV parser for reading; export-csv.ts writes
 * what it reads). Memory is one read chunk plus the current line or record, whatever the file
 * size; a line or record longer than MAX_LINE_BYTES is refused at once ("not a recording table"),
 * so a 10 MB file of one line fails in milliseconds instead of being split in memory.
 *
 * Only regular files are read (input-file.ts: a FIFO or a device never blocks the reader).
 */
import * as fs from 'node:fs';
import * as pathMod from 'node:path';
import { Parser, CsvError } from 'csv-parse';
import { openRegularFile, describeOpenError, readFully } from '../recording/input-file';
import { ImportError } from './imported-recording';
import { binaryKind } from './text-table';

/** Longest line or CSV record accepted (bytes). The widest real row here (Vicon, 40 columns) is < 1 kB. */
export const MAX_LINE_BYTES = 256 * 1024;
/** Bytes read at a time (~64 kB: small enough to bound memory, large enough to be fast). */
const CHUNK_BYTES = 64 * 1024;

export interface CsvRecordOptions {
  delimiter: ',' | '\t' | ';';
  /** trim spaces around fields (OpenBCI writes ", " between fields) */
  trim?: boolean;
}

/** One CSV record and the 1-based line it ends on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Records of `delimiter` from the current position: csv-parse, or lines split at whitespace. */
export function recordsOf(src: TextSource, delimiter: CsvRecordOptions['delimiter'] | 'whitespace', trim = true): Iterable<CsvRecord> {
  return delimiter === 'whitespace' ? src.lineRecords() : src.records({ delimiter, trim });
}

/** The csv-parse engine behind Parser (its `_transform` calls api.parse the same way, synchronously). */
interface CsvParseApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
}

export class TextSource {
  readonly path: string;
  readonly fileName: string;
  /** bytes in the file */
  readonly size: number;
  /** true when the file's last byte is a line break (false: it ends mid-row, perhaps cut off) */
  readonly endsWithNewline: boolean;
  private fd: number | null;
  private buf: Buffer;
  private start = 0;
  private end = 0;
  /** file offset of buf[end] */
  private filePos = 0;
  private eof = false;
  /** line number of the last line returned by nextLine (1-based; 0 before the first) */
  lineNo = 0;

  private constructor(path: string, fileName: string, fd: number, size: number, lastByte: number) {
    this.path = path;
    this.fileName = fileName;
    this.fd = fd;
    this.size = size;
    this.endsWithNewline = lastByte === 0x0a || lastByte === 0x0d;
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES + MAX_LINE_BYTES);
  }

  /** Opens a text file: refuses what is not a regular file, an empty file and binary content. */
  static open(path: string): TextSource {
    const fileName = pathMod.basename(path);
    const { fd, size } = openRegularFile(path, fileName);
    try {
      if (size === 0) throw new ImportError(fileName, 'the file is empty');
      const head = Buffer.alloc(Math.min(size, 4096));
      readFully(fd, head, 0, head.length, 0);
      const kind = binaryKind(head);
      if (kind) throw new ImportError(fileName, `not a text recording (${kind})`);
      const last = Buffer.alloc(1);
      readFully(fd, last, 0, 1, size - 1);
      return new TextSource(path, fileName, fd, size, last[0]);
    } catch (err) {
      fs.closeSync(fd);
      if (err instanceof ImportError) throw err;
      throw new ImportError(fileName, `cannot read (${describeOpenError(err)})`);
    }
  }

  /** Reads `path`, hands the source to `use`, always closes it. */
  static with<T>(path: string, use: (src: TextSource) => T): T {
    const src = TextSource.open(path);
    try {
      return use(src);
    } finally {
      src.close();
    }
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Moves the unread bytes to the front and reads one more chunk; false at the end of the file. */
  private fill(): boolean {
    if (this.eof || this.fd === null) return false;
    if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    const room = Math.min(CHUNK_BYTES, this.buf.length - this.end);
    let n: number;
    try {
      n = readFully(this.fd, this.buf, this.end, room, this.filePos);
    } catch (err) {
      throw new ImportError(this.fileName, `cannot read (${describeOpenError(err)})`);
    }
    if (n === 0) this.eof = true;
    this.end += n;
    this.filePos += n;
    return n > 0;
  }

  private tooLong(line: number): never {
    throw new ImportError(
      this.fileName,
      `line ${line} is longer than ${MAX_LINE_BYTES / 1024} kB: this is not a recording table (one row per sample), or the file is damaged`,
    );
  }

  /** Where the next line ends (fills the buffer as needed): [stop (without CR/LF), next start], or null at the end. */
  private locateLine(): [number, number] | null {
    for (;;) {
      const nl = this.buf.indexOf(0x0a, this.start);
      if (nl >= 0 && nl < this.end) {
        if (nl - this.start > MAX_LINE_BYTES) this.tooLong(this.lineNo + 1);
        const stop = nl > this.start && this.buf[nl - 1] === 0x0d ? nl - 1 : nl;
        return [stop, nl + 1];
      }
      if (this.end - this.start > MAX_LINE_BYTES) this.tooLong(this.lineNo + 1);
      if (!this.fill()) {
        if (this.start >= this.end) return null;
        // the last line has no line break
        const stop = this.buf[this.end - 1] === 0x0d ? this.end - 1 : this.end;
        return [stop, this.end];
      }
    }
  }

  /** The next line without its CR/LF, or null at the end of the file. */
  nextLine(): string | null {
    const at = this.locateLine();
    if (!at) return null;
    const line = this.buf.toString('utf8', this.start, at[0]);
    this.start = at[1];
    this.lineNo++;
    return line;
  }

  /** The next line without consuming it (null at the end). */
  peekLine(): string | null {
    const at = this.locateLine();
    return at ? this.buf.toString('utf8', this.start, at[0]) : null;
  }

  /** From the current position: one record per line, fields split at runs of whitespace. */
  *lineRecords(): Generator<CsvRecord> {
    for (;;) {
      const l = this.nextLine();
      if (l === null) return;
      const t = l.trim();
      yield { fields: t === '' ? [''] : t.split(/\s+/), line: this.lineNo };
    }
  }

  /**
   * The first lines of the file (at most `maxLines` and `maxBytes`) without consuming them: for
   * format detection and delimiter sniffing. The last piece is left out when it may be cut.
   */
  peekLines(maxLines: number): string[] {
    while (!this.eof && this.end - this.start < CHUNK_BYTES) if (!this.fill()) break;
    const text = this.buf.toString('utf8', this.start, this.end);
    const lines = text.split(/\r?\n/);
    if (!this.eof) lines.pop();
    else if (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines.slice(0, maxLines);
  }

  /**
   * From the current position to the end: CSV records through csv-parse (quoted fields, quotes
   * doubled inside, line breaks inside quotes), each with the line it starts on. Empty lines come
   * as records with one empty field (so a blank line in the middle of the data can be reported).
   */
  *records(opts: CsvRecordOptions): Generator<CsvRecord> {
    const parser = new Parser({
      delimiter: opts.delimiter,
      trim: opts.trim ?? true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_LINE_BYTES,
      info: true,
      bom: true,
    });
    const api = (parser as unknown as { api: CsvParseApi }).api;
    const firstLine = this.lineNo;
    const queue: CsvRecord[] = [];
    const push = (r: unknown) => {
      const { record, info } = r as { record: string[]; info: { lines: number } };
      queue.push({ fields: record, line: firstLine + info.lines });
    };
    const feed = (chunk: Buffer | undefined, end: boolean) => {
      const err = api.parse(chunk, end, push, () => {});
      if (err) throw this.csvError(err, firstLine);
    };
    let done = false;
    while (!done) {
      if (this.start < this.end) {
        // csv-parse keeps what it needs of the chunk: hand over a copy, the buffer is reused
        feed(Buffer.from(this.buf.subarray(this.start, this.end)), false);
        this.start = this.end;
      }
      if (!this.fill()) {
        feed(undefined, true);
        done = true;
      }
      while (queue.length) yield queue.shift() as CsvRecord;
    }
  }

  private csvError(err: Error, firstLine: number): ImportError {
    const code = err instanceof CsvError ? err.code : '';
    const line = firstLine + Number((err as { lines?: number }).lines ?? 0);
    if (code === 'CSV_MAX_RECORD_SIZE') return new ImportError(this.fileName, `line ${line} is longer than ${MAX_LINE_BYTES / 1024} kB: this is not a recording table (one row per sample), or the file is damaged`);
    if (code === 'CSV_QUOTE_NOT_CLOSED') return new ImportError(this.fileName, `a quoted field opened near line ${line} is never closed: the file ends mid-row and may be truncated`);
    return new ImportError(this.fileName, `line ${line} is not valid CSV (${code || 'unreadable'})`);
  }
}
