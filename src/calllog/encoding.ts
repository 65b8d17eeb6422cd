import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { createRequire } from 'node:module';
import { inputError, type InputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { Utf8Check } from './utf8-check.js';

/** `--encoding`: what a CSV call log is decoded as. Excel in China saves "CSV" as GB18030 (code page 936). */
import type { CsvEncodingChoice } from './call-log-options.js';
export { CSV_ENCODINGS, type CsvEncodingChoice } from './call-log-options.js';
export type CsvEncoding = Exclude<CsvEncodingChoice, 'auto'>;

/** How much of the file's start `auto` looks at. */
export const SAMPLE_BYTES = 64 * 1024;

/**
 * Detects a CSV's encoding from its first bytes: a UTF-8 BOM means UTF-8; bytes that are not valid
 * UTF-8 mean GB18030; valid UTF-8 is weighed (see weighValidUtf8). UTF-16 is refused. A sample cut
 * inside a character is judged without the cut character.
 */
export function detectEncoding(sample: Buffer, wholeFile: boolean): CsvEncoding | 'utf16' {
  return detectEncodingAndDoubt(sample, wholeFile).encoding;
}

/** The encoding detected and, when the bytes could be read either way, that it was assumed. */
export interface DetectedEncoding {
  encoding: CsvEncoding | 'utf16';
  /** True when the bytes read as either encoding and the choice rests on which characters they give. */
  assumed?: boolean;
}

export function detectEncodingAndDoubt(sample: Buffer, wholeFile: boolean): DetectedEncoding {
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return { encoding: 'utf16' };
  // Without a byte-order mark, UTF-16 shows as a NUL in the first two bytes (the high byte of an
  // ASCII character of the header), as for documents (read-source.ts).
  if (sample.length >= 2 && (sample[0] === 0 || sample[1] === 0)) return { encoding: 'utf16' };
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf8' };
  // Judge whole lines only: a line feed is never inside a character, in UTF-8 or in GB18030.
  const lastLineFeed = sample.lastIndexOf(0x0a);
  const judged = wholeFile || lastLineFeed === -1 ? sample : sample.subarray(0, lastLineFeed + 1);
  if (isUtf8(judged)) return weighValidUtf8(judged);
  if (!wholeFile && lastLineFeed === -1) {
    for (let cut = 1; cut <= 3 && cut < sample.length; cut++) {
      if (isUtf8(sample.subarray(0, sample.length - cut))) return weighValidUtf8(sample.subarray(0, sample.length - cut));
    }
  }
  return { encoding: 'gb18030' };
}

/**
 * Bytes that are valid UTF-8 may still be GB18030: two Chinese characters in GB18030 are often also
 * two valid 2-byte UTF-8 sequences (袁野 is D4 AC D2 B0, which UTF-8 reads as the Cyrillic ԬҰ; 魏然
 * reads as κȻ). Chinese in UTF-8 takes 3 bytes a character. So: plain ASCII, or any Chinese character
 * in the UTF-8 reading, is UTF-8 for certain (卢 is C2 AC, which UTF-8 reads as ¬: even Latin-1 is no
 * proof). When the UTF-8 reading gives no Chinese character and the bytes are all GB2312 characters,
 * the file is taken as GB18030; otherwise as UTF-8. Either of these last two is an assumption the
 * report states.
 */
function weighValidUtf8(bytes: Buffer): DetectedEncoding {
  const asUtf8 = bytes.toString('utf8');
  let other = false;
  for (const char of asUtf8) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) continue;
    if (isChinese(code)) return { encoding: 'utf8' };
    other = true;
  }
  if (!other) return { encoding: 'utf8' };
  return { encoding: isGb2312Text(bytes) ? 'gb18030' : 'utf8', assumed: true };
}

/**
 * Whether every non-ASCII byte pair is a GB2312 character (both bytes A1–FE: the hanzi and symbols
 * names are written in). 2-byte UTF-8 letters have a second byte of 80–BF, so Greek or Cyrillic
 * text in UTF-8 soon has a pair GB2312 does not contain (Cyrillic р is D1 80).
 */
function isGb2312Text(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    const lead = bytes[i]!;
    const trail = bytes[i + 1] ?? 0;
    if (lead < 0xa1 || lead > 0xf7 || trail < 0xa1 || trail > 0xfe) return false;
    i += 1;
  }
  return true;
}

/** CJK ideographs (with extension A and compatibility), CJK punctuation and full-width forms. */
function isChinese(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x3000 && code <= 0x303f) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}

/** The file warning that names an assumed encoding and the option that sets it. */
export function assumedEncodingWarning(encoding: CsvEncoding): InputError {
  const name = encoding === 'gb18030' ? 'GB18030' : 'UTF-8';
  const other = encoding === 'gb18030' ? 'utf8' : 'gb18030';
  return inputError(
    'encoding-assumed',
    `编码按 ${name} 读取：文件开头的字节按 UTF-8 和 GB18030 都能读，依据读出的字符判断为 ${name}；如果姓名等显示不对，请用 --encoding ${other} 重新检查`,
    `read as ${name}: the bytes at the start of the file are valid both as UTF-8 and as GB18030, and the characters they give point to ${name}; if names look wrong, check again with --encoding ${other}`,
  );
}

/**
 * iconv-lite, loaded on first use: only a GB18030 file needs it, and loading it (every encoding it
 * knows) is a cost on each thread that reads a call log, UTF-8 ones included.
 */
let iconvLite: typeof import('iconv-lite') | undefined;
function iconv(): typeof import('iconv-lite') {
  return (iconvLite ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite'));
}

/** GB18030 bytes as text (a whole sample; a stream is decoded by csvInput). */
export function decodeGb18030(bytes: Buffer): string {
  return iconv().decode(bytes, 'gb18030');
}

/**
 * Turns the file's chunks into text for the CSV reader. UTF-8 is checked strictly before it is
 * decoded, so that an invalid byte stops the file with its offset instead of becoming U+FFFD and a
 * GB18030 file that starts in plain ASCII is caught. GB18030 is decoded by iconv-lite. Synchronous,
 * one call per chunk; a character cut by a chunk boundary is completed by the next chunk.
 */
export interface CsvInput {
  /** The text of the next chunk; throws CallLogInputError at an invalid UTF-8 byte. */
  write(chunk: Buffer): string;
  /** What is left at the end of the file. */
  end(): string;
}

export function csvInput(encoding: CsvEncoding): CsvInput {
  if (encoding === 'gb18030') {
    const decoder = iconv().getDecoder('gb18030');
    return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
  }
  const check = new Utf8Check();
  const decoder = new StringDecoder('utf8');
  return {
    write(chunk) {
      const invalidAt = check.push(chunk);
      if (invalidAt !== -1) throw invalidUtf8(invalidAt);
      return decoder.write(chunk);
    },
    end() {
      const invalidAt = check.end();
      if (invalidAt !== -1) throw invalidUtf8(invalidAt);
      return decoder.end();
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
