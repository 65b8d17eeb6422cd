import { inputError } from '../read/input-error.js';
import { CsvRecordError, CsvRecords } from './csv-records.js';
import { CallLogInputError } from './errors.js';
import { checkNotWorkbook } from './xlsx-signature.js';
import { assumedEncodingWarning, csvInput, detectEncodingAndDoubt, SAMPLE_BYTES, utf16Error, type CsvEncoding, type CsvEncodingChoice } from './encoding.js';
import { openTableFile, type TableInput } from './open-file.js';
import type { RowTaker, TableRow, TableSource } from './table-source.js';

/**
 * Bytes [start, end) of a file read in parts (read-in-parts.ts), cut just after line breaks.
 * `delimiter` (a later part only) is the file's record delimiter. A part that is not the file's
 * `last` must end at a record boundary; when it does not (the cut fell inside a quoted cell),
 * reading it throws PartBoundaryError.
 */
export interface CsvPart {
  start: number;
  end: number;
  delimiter?: '\n' | '\r\n';
  last: boolean;
}

/** A part of a file that does not end at a record boundary: its cut was inside a quoted cell. */
export class PartBoundaryError extends Error {}

/** A CSV TableSource; after reading, the rows and physical lines it went through. */
export interface CsvSource extends TableSource {
  consumed(): { rows: number; lines: number };
}

export interface CsvOptions {
  encoding: CsvEncodingChoice;
  /** Longest record accepted, in characters: a guard against a file that is one endless line. */
  maxLineLength: number;
}

/**
 * Streams a CSV call log: bytes → strict UTF-8 check and decoding (or GB18030 decoding) → records
 * (csv-records.ts). Rows are numbered as a spreadsheet shows them (header = row 1; a quoted line
 * break stays inside its row; a blank line is a row of its own and is skipped). A syntax error (an
 * unclosed quote, a record over the length limit) ends the file with an input error at the row.
 *
 * Each chunk read from the file yields the rows it completes as one batch: one await per chunk,
 * not per row.
 */
export function csvSource(file: TableInput, options: CsvOptions, part?: CsvPart): CsvSource {
  const opened = openTableFile(file, SAMPLE_BYTES);
  const detected = options.encoding === 'auto' ? detectEncodingAndDoubt(opened.sample, opened.sample.length >= opened.size) : { encoding: options.encoding };
  let parser: CsvRecords | undefined;
  let row = 0;
  // The physical line the next record starts on: a line break inside a quoted field moves it past `row`.
  let line = 1;
  if (detected.encoding === 'utf16') {
    opened.stream().destroy();
    throw utf16Error();
  }
  try {
    checkNotWorkbook(opened.sample);
  } catch (error) {
    opened.stream().destroy();
    throw error;
  }
  const encoding: CsvEncoding = detected.encoding;
  return {
    encoding,
    ...(detected.assumed ? { warning: assumedEncodingWarning(encoding) } : {}),
    consumed: () => ({ rows: row, lines: line - 1 }),
    async *batches(onBytes: (chunk: Buffer) => void, taker?: RowTaker): AsyncGenerator<TableRow[]> {
      const bytes = opened.chunks(part && { start: part.start, end: part.end });
      const input = csvInput(encoding);
      const take = taker && {
        // A plain record has no line feed: one row on one line.
        plain(text: string, from: number, to: number): boolean {
          if (!taker.ready || !taker.plain(text, from, to, row + 1, line)) return false;
          row += 1;
          line += 1;
          return true;
        },
        cells(cells: string[]): boolean {
          if (!taker.ready) return false;
          taker.row(tableRow(cells));
          return true;
        },
      };
      parser = new CsvRecords(options.maxLineLength, part?.delimiter && { delimiter: part.delimiter }, take);
      row = 0;
      line = 1;
      const tableRow = (cells: string[]): TableRow => {
        row += 1;
        const at = line;
        line += 1 + lineBreaksIn(cells);
        return at === row ? { row, cells } : { row, cells, line: at };
      };
      const records: string[][] = [];
      // The records of one chunk as rows; on a syntax error, the rows before it (problems come in file order).
      const rows = (): TableRow[] => {
        const batch = records.map(tableRow);
        records.length = 0;
        return batch;
      };
      let failure: unknown;
      try {
        for (const chunk of bytes) {
          onBytes(chunk);
          try {
            parser.push(input.write(chunk), records);
          } catch (error) {
            failure = error;
          }
          yield rows();
          if (failure) break;
          // A turn of the event loop per chunk, as a stream gives: timers, signals and other work go on.
          await new Promise(setImmediate);
        }
        if (!failure) {
          try {
            parser.push(input.end(), records);
            if (part === undefined || part.last) parser.end(records);
            else if (!parser.atRecordStart) throw new PartBoundaryError('part does not end at a record boundary');
          } catch (error) {
            failure = error;
          }
          yield rows();
        }
      } finally {
        bytes.return(undefined);
      }
      if (failure) throw asInputError(failure, options.maxLineLength);
    },
  };
}

/** Line feeds inside a record's cells (a CRLF counts once): the extra lines the record spans. */
function lineBreaksIn(cells: string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) breaks += 1;
  }
  return breaks;
}

function asInputError(error: unknown, maxLineLength: number): unknown {
  return error instanceof CsvRecordError ? csvSyntaxError(error.code, error.record, maxLineLength) : error;
}

/** A CSV error that stops the file, at its record (csv-parse's codes): what the report says of it. */
export function csvSyntaxError(code: string, row: number, maxLineLength: number): CallLogInputError {
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new CallLogInputError(
      inputError(
        'line-too-long',
        `第 ${row} 行超过 ${maxLineLength} 个字符的上限（可用 --max-line-length 调整），其后的行无法读取`,
        `row ${row} is longer than the limit of ${maxLineLength} characters (raise it with --max-line-length); the rows after it cannot be read`,
        { row },
      ),
    );
  }
  return new CallLogInputError(
    inputError('csv-syntax', `第 ${row} 行 CSV 格式错误（${code}），其后的行无法读取`, `row ${row}: CSV syntax error (${code}); the rows after it cannot be read`, { row }),
  );
}
