import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { Utf8Check } from './utf8-check.js';

/** `--encoding`: what a CSV call log is decoded as. Excel in China saves "CSV" as GB18030 (code page 936). */
import type { CsvEncodingChoice } from './call-log-options.js';
export { CSV_ENCODINGS, type CsvEncodingChoice } from './call-log-options.js';
export type CsvEncoding = Exclude<CsvEncodingChoice, 'auto'>;

/** How much of the file's start `auto` looks at. */
export const SAMPLE_BYTES = 64 * 1024;

/**
 * Detects a CSV's encoding from its first bytes: a UTF-8 BOM means UTF-8; otherwise bytes that are
 * valid UTF-8 mean UTF-8 (plain ASCII included), and anything else is taken as GB18030. UTF-16 is
 * refused. A sample cut inside a character is judged without the cut character.
 */
export function detectEncoding(sample: Buffer, wholeFile: boolean): CsvEncoding | 'utf16' {
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return 'utf16';
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  if (isUtf8(sample)) return 'utf8';
  if (!wholeFile) {
    for (let cut = 1; cut <= 3 && cut < sample.length; cut++) {
      if (isUtf8(sample.subarray(0, sample.length - cut))) return 'utf8';
    }
  }
  return 'gb18030';
}

/**
 * Turns the file's chunks into what csv-parse reads. UTF-8 goes through as bytes (csv-parse decodes
 * each field itself, as bench/csv-only.mjs does): the bytes are only checked, strictly, so that an
 * invalid byte stops the file with its offset instead of becoming U+FFFD and a GB18030 file that
 * starts in plain ASCII is caught. GB18030 is decoded to text. Synchronous, one call per chunk.
 */
export interface CsvInput {
  /** The next chunk for csv-parse; throws CallLogInputError at an invalid UTF-8 byte. */
  write(chunk: Buffer): Buffer | string;
  /** What is left at the end of the file (empty for UTF-8). */
  end(): Buffer | string;
}

export function csvInput(encoding: CsvEncoding): CsvInput {
  if (encoding === 'gb18030') {
    const decoder = iconv.getDecoder('gb18030');
    return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
  }
  const check = new Utf8Check();
  return {
    write(chunk) {
      const invalidAt = check.push(chunk);
      if (invalidAt !== -1) throw invalidUtf8(invalidAt);
      return chunk;
    },
    end() {
      const invalidAt = check.end();
      if (invalidAt !== -1) throw invalidUtf8(invalidAt);
      return Buffer.alloc(0);
    },
  };
}

function invalidUtf8(offset: number): CallLogInputError {
  return new CallLogInputError(
    inputError(
      'encoding',
      `不是有效的 UTF-8：约第 ${offset} 字节处无效；若文件由 Excel 另存为 CSV，请使用 --encoding gb18030`,
      `not valid UTF-8: invalid byte near byte offset ${offset}; for a CSV saved by Excel in a Chinese locale use --encoding gb18030`,
    ),
  );
}

export function utf16Error(): CallLogInputError {
  return new CallLogInputError(inputError('encoding', '文件是 UTF-16 编码；请另存为 UTF-8 或 GB18030 的 CSV', 'file is UTF-16 encoded; save it as a UTF-8 or GB18030 CSV', { row: 1 }));
}
