import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { firstInvalidUtf8 } from '../read/read-source.js';
import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';

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
 * Strict UTF-8 decoding as a stream (a BOM is dropped): an invalid byte stops the file with its
 * offset instead of turning into U+FFFD, so a GB18030 file that starts in plain ASCII is caught.
 */
class Utf8DecodeStream extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;

  constructor() {
    super({ decodeStrings: true, readableObjectMode: false });
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.push(this.decoder.decode(chunk, { stream: true }));
      this.offset += chunk.length;
      done();
    } catch {
      done(invalidUtf8(this.offset + Math.max(0, firstInvalidUtf8(chunk))));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.push(this.decoder.decode());
      done();
    } catch {
      done(invalidUtf8(this.offset));
    }
  }
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

/** A stream that turns the file's bytes into text in the chosen encoding. */
export function decodeStream(encoding: CsvEncoding): Transform {
  return encoding === 'utf8' ? new Utf8DecodeStream() : (iconv.decodeStream('gb18030') as unknown as Transform);
}

export function utf16Error(): CallLogInputError {
  return new CallLogInputError(inputError('encoding', '文件是 UTF-16 编码；请另存为 UTF-8 或 GB18030 的 CSV', 'file is UTF-16 encoded; save it as a UTF-8 or GB18030 CSV', { row: 1 }));
}
