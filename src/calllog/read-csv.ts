import { pipeline, type Transform } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { decodeStream, detectEncoding, SAMPLE_BYTES, utf16Error, type CsvEncoding, type CsvEncodingChoice } from './encoding.js';
import { openTableFile } from './open-file.js';
import type { TableRow, TableSource } from './table-source.js';

export interface CsvOptions {
  encoding: CsvEncodingChoice;
  /** Longest record accepted, in characters: a guard against a file that is one endless line. */
  maxLineLength: number;
}

/**
 * Streams a CSV call log row by row: bytes → decoder (UTF-8 or GB18030) → csv-parse. Rows are
 * numbered as a spreadsheet shows them (header = row 1; a quoted line break stays inside its row;
 * a blank line is a row of its own and is skipped). Syntax errors csv-parse cannot recover from (an
 * unclosed quote, a record over the length limit) end the file with an input error at the row.
 */
export function csvSource(file: string, options: CsvOptions): TableSource {
  const opened = openTableFile(file, SAMPLE_BYTES);
  const detected = options.encoding === 'auto' ? detectEncoding(opened.sample, opened.sample.length >= opened.size) : options.encoding;
  if (detected === 'utf16') {
    opened.stream().destroy();
    throw utf16Error();
  }
  const encoding: CsvEncoding = detected;
  return {
    encoding,
    async *rows(onBytes: (chunk: Buffer) => void): AsyncGenerator<TableRow> {
      const bytes = opened.stream();
      bytes.on('data', (chunk) => onBytes(chunk as Buffer));
      const parser = parse({ bom: true, relax_column_count: true, max_record_size: options.maxLineLength, skip_empty_lines: false });
      const records = pipeline(bytes, decodeStream(encoding), parser, () => {
        // Errors surface through the parser's iterator below.
      }) as Transform;
      let row = 0;
      try {
        for await (const record of records as AsyncIterable<string[]>) {
          row += 1;
          yield { row, cells: record };
        }
      } catch (error) {
        // The parser may fail ahead of what was consumed here: its own count says which record broke.
        throw asInputError(error, Math.max(row, parser.info.records) + 1, options.maxLineLength);
      } finally {
        bytes.destroy();
      }
    },
  };
}

function asInputError(error: unknown, row: number, maxLineLength: number): unknown {
  if (error instanceof CallLogInputError) return error;
  if (error instanceof CsvError) {
    if (error.code === 'CSV_MAX_RECORD_SIZE') {
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
      inputError('csv-syntax', `第 ${row} 行 CSV 格式错误（${error.code}），其后的行无法读取`, `row ${row}: CSV syntax error (${error.code}); the rows after it cannot be read`, { row }),
    );
  }
  return error;
}
