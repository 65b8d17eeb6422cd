/**
 * Splits decoded CSV text into records, fed chunk by chunk. It reads CSV exactly as csv-parse did
 * with the options tmcheck used (`bom`, `relax_column_count`, `max_record_size`, empty lines kept):
 * the same records, the same errors at the same record. test/calllog-parser.test.ts holds it to
 * csv-parse on generated files. It exists because it is faster (docs/performance-history.md, "Why this
 * parser"): a record without a quote character, as nearly every row of a call log is, costs one
 * `indexOf` for its end and one `split` for its cells, both native.
 *
 * The rules, as csv-parse has them:
 * - the record delimiter is the first `\r\n`, `\n` or `\r` met outside quotes, and only that one
 *   after it (a lone `\r` in a `\n` file is a character of its cell);
 * - a field that starts with `"` is quoted: `""` inside it is one `"`, and the closing quote must be
 *   followed by `,`, the record delimiter or the end of the file (else CSV_INVALID_CLOSING_QUOTE);
 *   a `"` anywhere else in a field is INVALID_OPENING_QUOTE; a quote still open at the end of the
 *   file is CSV_QUOTE_NOT_CLOSED;
 * - an empty line is a record of one empty cell; a final line break adds no record; one BOM at the
 *   start is dropped;
 * - CSV_MAX_RECORD_SIZE: csv-parse checks, before adding each byte of a cell, whether the cells
 *   already finished in the record (counted in UTF-16 code units) plus the bytes of the cell so far
 *   (its UTF-8 bytes) exceed the limit; `exceedsLimit` computes the same from the cells.
 */

export type CsvErrorCode = 'CSV_MAX_RECORD_SIZE' | 'INVALID_OPENING_QUOTE' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_QUOTE_NOT_CLOSED';

/** A syntax error: `record` is the 1-based number of the record it is in (the header is record 1). */
export class CsvRecordError extends Error {
  constructor(
    readonly code: CsvErrorCode,
    readonly record: number,
  ) {
    super(`${code} in record ${record}`);
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** What the slow path found for one record: its cells and where the next starts, or that it needs more text. */
type Scanned = { cells: string[]; end: number } | undefined;

/**
 * Takes records as they are read instead of leaving them in `out` (see CsvSource.batches), in file
 * order: a record is offered only when `out` holds none before it.
 * - `plain`: a plain record straight from the text, text[from, to) without its delimiter: no quote
 *   character, no line feed, within the length limit. False: hand it over as cells after all.
 * - `cells`: any other record, as cells. False: leave it in `out`.
 */
export interface RecordTaker {
  plain(text: string, from: number, to: number): boolean;
  cells(cells: string[]): boolean;
}

export class CsvRecords {
  /** Records completed so far. */
  records = 0;
  /** The record delimiter, once seen. */
  private delimiter: string;
  /** Text of a record not yet complete, carried to the next chunk. */
  private rest = '';
  private started: boolean;

  /**
   * `part`: the text is a later part of a file, starting at a record: no BOM to drop, and the
   * record delimiter is the one the file's first line ended with.
   */
  constructor(
    private readonly maxRecordSize: number,
    part?: { delimiter: '\n' | '\r\n' },
    private readonly taker?: RecordTaker,
  ) {
    this.delimiter = part?.delimiter ?? '';
    this.started = part !== undefined;
  }

  /**
   * Adds the next chunk of text; the records it completes are appended to `out`. On a syntax error
   * `out` holds the records before it and a CsvRecordError is thrown.
   */
  push(text: string, out: string[][]): void {
    if (this.rest !== '' && this.delimiter !== '') {
      // The record the last chunk left unfinished is joined with this text up to its first line
      // break only, and the rest of the text is scanned where it is: joining all of it would copy
      // the whole chunk (and keep both copies alive meanwhile). A `\r\n` may straddle the chunks:
      // the cut is after the delimiter's last character.
      const cut = text.indexOf(this.delimiter.charAt(this.delimiter.length - 1));
      if (cut !== -1) {
        const head = this.rest + text.slice(0, cut + 1);
        this.rest = '';
        this.scan(head, 0, false, out);
        if (this.rest === '') {
          this.scan(text, cut + 1, false, out);
          return;
        }
        // The record goes on past that line break (inside quotes): read on from its start, as a whole.
        text = text.slice(cut + 1);
      }
    }
    this.scan(this.take(text), 0, false, out);
  }

  /** The record delimiter, once the first line break outside quotes has settled it ('' before). */
  get recordDelimiter(): string {
    return this.delimiter;
  }

  /** Whether the text so far ends at a record boundary: no record begun, no quote open. */
  get atRecordStart(): boolean {
    return this.rest === '';
  }

  /** The end of the file: the last record, if the file does not end with a line break. */
  end(out: string[][]): void {
    this.scan(this.take(''), 0, true, out);
  }

  private take(text: string): string {
    let buf = this.rest.length === 0 ? text : this.rest + text;
    if (!this.started && buf.length > 0) {
      this.started = true;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
    }
    this.rest = '';
    return buf;
  }

  /** Reads the records of buf from `start`, which is at a record's start. */
  private scan(buf: string, start: number, final: boolean, out: string[][]): void {
    const len = buf.length;
    let pos = start;
    // The next quote character at or after `pos` (len when none): records before it take the fast path.
    let quoteAt = -1;
    // The next line feed at or after `pos` (len when none), looked for in a `\r\n` file only: a lone
    // `\n` is a character of a cell there, and a record with one is not plain (it spans two lines).
    let lineFeedAt = -1;
    while (pos < len) {
      if (quoteAt < pos) {
        quoteAt = buf.indexOf('"', pos);
        if (quoteAt === -1) quoteAt = len;
      }
      const delimiter = this.delimiter;
      if (delimiter !== '') {
        const stop = buf.indexOf(delimiter, pos);
        // A `\r` as the last character of a `\r\n` file's chunk: indexOf cannot see the `\n` yet, and needs not to.
        if (stop !== -1 && stop < quoteAt) {
          if (this.taker !== undefined && out.length === 0 && (this.maxRecordSize === 0 || (stop - pos) * 3 <= this.maxRecordSize)) {
            if (delimiter === '\r\n' && lineFeedAt < pos) {
              lineFeedAt = buf.indexOf('\n', pos);
              if (lineFeedAt === -1) lineFeedAt = len;
            }
            if ((delimiter === '\n' || lineFeedAt > stop) && this.taker.plain(buf, pos, stop)) {
              this.records += 1;
              pos = stop + delimiter.length;
              continue;
            }
          }
          this.record(cellsOf(buf, pos, stop), stop - pos, out);
          pos = stop + delimiter.length;
          continue;
        }
        if (stop === -1 && quoteAt === len) {
          // The record goes on in the next chunk (or is the last one, without a line break).
          const cells = buf.slice(pos).split(',');
          if (final) this.record(cells, len - pos, out);
          else {
            this.checkLength(cells, len - pos);
            this.rest = buf.slice(pos);
          }
          return;
        }
      }
      const scanned = this.scanRecord(buf, pos, final);
      if (scanned === undefined) {
        this.rest = buf.slice(pos);
        return;
      }
      this.record(scanned.cells, scanned.end - pos, out);
      pos = scanned.end;
    }
  }

  /** Hands over a record; `chars` is the length of its text, an upper bound of its content. */
  private record(cells: string[], chars: number, out: string[][]): void {
    this.checkLength(cells, chars);
    this.records += 1;
    if (out.length > 0 || this.taker === undefined || !this.taker.cells(cells)) out.push(cells);
  }

  /** Throws CSV_MAX_RECORD_SIZE for the record being read; `chars` is an upper bound of its content when known. */
  private checkLength(cells: string[], chars: number | undefined): void {
    // 0 is no limit, as in csv-parse. A UTF-16 code unit is at most 3 UTF-8 bytes: a short record cannot be over.
    if (this.maxRecordSize === 0 || (chars !== undefined && chars * 3 <= this.maxRecordSize)) return;
    if (exceedsLimit(cells, this.maxRecordSize)) throw new CsvRecordError('CSV_MAX_RECORD_SIZE', this.records + 1);
  }

  /**
   * One record from `start`, character by character, for a record with a quote or before the record
   * delimiter is known. Undefined when the text ends before the record does and more may come.
   */
  private scanRecord(buf: string, start: number, final: boolean): Scanned {
    const len = buf.length;
    const cells: string[] = [];
    let p = start;
    for (;;) {
      if (buf.charCodeAt(p) === QUOTE) {
        // A quoted field: content up to a quote that is not doubled.
        let content = '';
        let from = p + 1;
        for (;;) {
          const close = buf.indexOf('"', from);
          if (close === -1) {
            if (!final) return this.needMore(cells, content + buf.slice(from), len - start);
            this.failAt('CSV_QUOTE_NOT_CLOSED', cells, content + buf.slice(from));
          }
          content += buf.slice(from, close);
          const next = close + 1;
          if (next >= len && !final) return this.needMore(cells, content, len - start);
          if (buf.charCodeAt(next) === QUOTE) {
            content += '"';
            from = next + 1;
            continue;
          }
          if (next >= len) {
            cells.push(content);
            return { cells, end: len };
          }
          const code = buf.charCodeAt(next);
          if (code === COMMA) {
            cells.push(content);
            p = next + 1;
            break;
          }
          const delimiter = this.delimiterAt(buf, next, final);
          if (delimiter === undefined) return this.needMore(cells, content, len - start);
          if (delimiter > 0) {
            cells.push(content);
            return { cells, end: next + delimiter };
          }
          this.failAt('CSV_INVALID_CLOSING_QUOTE', cells, content);
        }
        continue;
      }
      // An unquoted field: up to a comma, the record delimiter or the end.
      let q = p;
      for (;;) {
        if (q >= len) {
          const cell = buf.slice(p, q);
          if (!final) return this.needMore(cells, cell, len - start);
          cells.push(cell);
          return { cells, end: len };
        }
        const code = buf.charCodeAt(q);
        if (code === COMMA) break;
        if (code === QUOTE) this.failAt('INVALID_OPENING_QUOTE', cells, buf.slice(p, q));
        if (code === CR || code === LF) {
          const delimiter = this.delimiterAt(buf, q, final);
          if (delimiter === undefined) return this.needMore(cells, buf.slice(p, q), len - start);
          if (delimiter > 0) {
            cells.push(buf.slice(p, q));
            return { cells, end: q + delimiter };
          }
        }
        q += 1;
      }
      cells.push(buf.slice(p, q));
      p = q + 1;
    }
  }

  /**
   * The length of the record delimiter at `at` (0 when there is none), settling it if not yet known;
   * undefined when a `\r` ends the text and the next chunk decides.
   */
  private delimiterAt(buf: string, at: number, final: boolean): number | undefined {
    const code = buf.charCodeAt(at);
    if (this.delimiter === '') {
      if (code === LF) this.delimiter = '\n';
      else if (code === CR) {
        if (at + 1 >= buf.length && !final) return undefined;
        this.delimiter = buf.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
      } else return 0;
      return this.delimiter.length;
    }
    if (this.delimiter === '\r\n') {
      if (code !== CR) return 0;
      if (at + 1 >= buf.length && !final) return undefined;
      return buf.charCodeAt(at + 1) === LF ? 2 : 0;
    }
    return code === this.delimiter.charCodeAt(0) ? 1 : 0;
  }

  /** An incomplete record: wait for more text, unless what is read of it is already over the limit. */
  private needMore(cells: string[], partial: string, chars: number): undefined {
    this.checkLength([...cells, partial], chars);
    return undefined;
  }

  /** A quote error, unless the record was already over the length limit before it (csv-parse meets that first). */
  private failAt(code: CsvErrorCode, cells: string[], partial: string): never {
    this.checkLength([...cells, partial], undefined);
    throw new CsvRecordError(code, this.records + 1);
  }
}

/** The cells of buf[from, stop), a record without quotes: cut straight from the chunk's text (no line string in between). */
function cellsOf(buf: string, from: number, stop: number): string[] {
  const cells: string[] = [];
  for (;;) {
    const comma = buf.indexOf(',', from);
    if (comma === -1 || comma > stop) {
      cells.push(buf.slice(from, stop));
      return cells;
    }
    cells.push(buf.slice(from, comma));
    from = comma + 1;
  }
}

/** Whether csv-parse's max_record_size check fails on a record of these cells (see the file comment). */
export function exceedsLimit(cells: string[], max: number): boolean {
  let finished = 0;
  for (const cell of cells) {
    if (cell.length > 0 && finished + Buffer.byteLength(cell, 'utf8') - 1 > max) return true;
    finished += cell.length;
  }
  return false;
}
