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
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { openRegularFile, describeOpenError, readFully } from '../recording/input-file';
import { ImportError } from './imported-recording';
import { binaryKind } from './text-table';

/** Longest line or CSV record accepted (bytes). The widest real row here (Vicon, 40 columns) is < 1 kB. */
export const MAX_LINE_BYTES = 256 * 1024;
/** the longest comment header a text format may have before the file is taken for something else */
export const MAX_HEADER_LINES = 1000;
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

  /**
   * Consumes the header: the lines from here that start with `prefix` (a "%" or "#" comment
   * block), at most MAX_HEADER_LINES; a longer one throws ImportError(`tooLong`), as a file that
   * is not the format it looked like.
   */
  headerLines(prefix: string, tooLong: string): string[] {
    const header: string[] = [];
    for (let l = this.peekLine(); l !== null && l.startsWith(prefix); l = this.peekLine()) {
      if (header.length >= MAX_HEADER_LINES) throw new ImportError(this.fileName, tooLong);
      header.push(l);
      this.nextLine();
    }
    return header;
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
   * From the current position to the end: CSV records. A line with a quote character goes through
   * csv-parse (quoted fields, doubled quotes inside, line breaks inside quotes: the record then
   * spans lines); a line without one is split at the delimiter directly, which is what csv-parse
   * gives for it too, at a fraction of the cost (numeric data rows are millions of such lines).
   * Empty lines come as records with one empty field (so a blank line in the data can be reported).
   */
  *records(opts: CsvRecordOptions): Generator<CsvRecord> {
    const d = opts.delimiter;
    const trim = opts.trim ?? true;
    const csvOptions = { delimiter: d, trim, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_LINE_BYTES, bom: true };
    for (;;) {
      const line = this.nextLine();
      if (line === null) return;
      if (line.indexOf('"') < 0) {
        const parts = line.split(d);
        if (trim) for (let i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
        yield { fields: parts, line: this.lineNo };
        continue;
      }
      // a quoted field may hold line breaks: add lines until csv-parse has one whole record
      let text = line;
      for (;;) {
        let rows: string[][] | null = null;
        try {
          rows = parseCsv(text, csvOptions) as string[][];
        } catch (err) {
          const code = err instanceof CsvError ? err.code : '';
          if (code !== 'CSV_QUOTE_NOT_CLOSED') throw this.csvError(err as Error, this.lineNo);
        }
        if (rows) {
          for (const r of rows) yield { fields: r, line: this.lineNo };
          break;
        }
        const more = this.nextLine();
        if (more === null) {
          throw new ImportError(this.fileName, `a quoted field that starts before line ${this.lineNo} is never closed: the file ends mid-row and may be truncated`);
        }
        text += '\n' + more;
        if (text.length > MAX_LINE_BYTES) this.tooLong(this.lineNo);
      }
    }
  }

  private csvError(err: Error, line: number): ImportError {
    const code = err instanceof CsvError ? err.code : '';
    if (code === 'CSV_MAX_RECORD_SIZE') return new ImportError(this.fileName, `line ${line} is longer than ${MAX_LINE_BYTES / 1024} kB: this is not a recording table (one row per sample), or the file is damaged`);
    if (code === 'CSV_QUOTE_NOT_CLOSED') return new ImportError(this.fileName, `a quoted field opened near line ${line} is never closed: the file ends mid-row and may be truncated`);
    return new ImportError(this.fileName, `line ${line} is not valid CSV (${code || 'unreadable'})`);
  }
}
