import { parse, CsvError } from 'csv-parse';
import { inputError } from '../../src/read/input-error.js';
import { CallLogInputError } from '../../src/calllog/errors.js';
import iconv from 'iconv-lite';
import { Utf8Check } from '../../src/calllog/utf8-check.js';
import { assumedEncodingWarning, detectEncodingAndDoubt, SAMPLE_BYTES, utf16Error, type CsvEncoding } from '../../src/calllog/encoding.js';
import { openTableFile, type TableInput } from '../../src/calllog/open-file.js';
import { csvSyntaxError, type CsvOptions } from '../../src/calllog/read-csv.js';
import type { TableRow, TableSource } from '../../src/calllog/table-source.js';

/**
 * The CSV reader tmcheck had before csv-records.ts, kept for test/calllog-parser.test.ts only: the
 * reference the new reader is held to, with the input stage it had (UTF-8 checked and passed on as
 * bytes, GB18030 decoded by iconv-lite).
 *
 * Streams a CSV call log: bytes → strict UTF-8 check (or GB18030 decoding) → csv-parse. Rows are
 * numbered as a spreadsheet shows them (header = row 1; a quoted line break stays inside its row;
 * a blank line is a row of its own and is skipped). Syntax errors csv-parse cannot recover from (an
 * unclosed quote, a record over the length limit) end the file with an input error at the row.
 *
 * Each chunk read from the file is written to the parser by hand and the records it completes are
 * taken out at once, as one batch: piping and iterating the parser would cost a promise per row,
 * which was most of the time spent on a large log.
 */
export function csvParseSource(file: TableInput, options: CsvOptions): TableSource {
  const opened = openTableFile(file, SAMPLE_BYTES);
  const detected = options.encoding === 'auto' ? detectEncodingAndDoubt(opened.sample, opened.sample.length >= opened.size) : { encoding: options.encoding };
  if (detected.encoding === 'utf16') {
    opened.stream().destroy();
    throw utf16Error();
  }
  const encoding: CsvEncoding = detected.encoding;
  return {
    encoding,
    ...(detected.assumed ? { warning: assumedEncodingWarning(encoding) } : {}),
    async *batches(onBytes: (chunk: Buffer) => void): AsyncGenerator<TableRow[]> {
      const bytes = opened.stream();
      const input = csvInput(encoding);
      const parser = parse({ bom: true, relax_column_count: true, max_record_size: options.maxLineLength, skip_empty_lines: false });
      // A parse error is read from parser.errored right after the write that caused it. The 'error'
      // event the stream may emit as well is not needed, and must never go unheard (it would crash).
      parser.on('error', () => {});
      let row = 0;
      // The physical line the next record starts on: a line break inside a quoted field moves it past `row`.
      let line = 1;
      const tableRow = (cells: string[]): TableRow => {
        row += 1;
        const at = line;
        line += 1 + lineBreaksIn(cells);
        return at === row ? { row, cells } : { row, cells, line: at };
      };
      const takeParsed = (): TableRow[] => {
        const batch: TableRow[] = [];
        for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) batch.push(tableRow(record));
        return batch;
      };
      try {
        for await (const chunk of bytes as AsyncIterable<Buffer>) {
          onBytes(chunk);
          parser.write(input.write(chunk));
          // Rows before a syntax error are still handed over, so that problems come in file order.
          yield takeParsed();
          if (parser.errored) throw parser.errored;
        }
        parser.end(input.end());
        // The last record and the parser's end come after the stream has flushed, asynchronously.
        const last: TableRow[] = [];
        for await (const record of parser as AsyncIterable<string[]>) last.push(tableRow(record));
        yield last;
      } catch (error) {
        // The parser may fail ahead of what was consumed here: its own count says which record broke.
        throw asInputError(error, Math.max(row, parser.info.records) + 1, options.maxLineLength);
      } finally {
        bytes.destroy();
        parser.destroy();
      }
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

function asInputError(error: unknown, row: number, maxLineLength: number): unknown {
  return error instanceof CsvError ? csvSyntaxError(error.code, row, maxLineLength) : error;
}

/** The input stage of the old reader: UTF-8 bytes go through checked, GB18030 is decoded. */
function csvInput(encoding: CsvEncoding): { write(chunk: Buffer): Buffer | string; end(): Buffer | string } {
  if (encoding === 'gb18030') {
    const decoder = iconv.getDecoder('gb18030');
    return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
  }
  const check = new Utf8Check();
  const invalid = (offset: number) => new CallLogInputError(inputError('encoding', `invalid UTF-8 at ${offset}`, `invalid UTF-8 at ${offset}`));
  return {
    write(chunk) {
      const at = check.push(chunk);
      if (at !== -1) throw invalid(at);
      return chunk;
    },
    end() {
      const at = check.end();
      if (at !== -1) throw invalid(at);
      return Buffer.alloc(0);
    },
  };
}
