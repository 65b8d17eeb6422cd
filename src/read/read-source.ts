import { openSync, fstatSync, readSync, closeSync, constants, statSync, type BigIntStats } from 'node:fs';
import { aFolder, inputError, notAFile, readError, type InputError } from './input-error.js';
import { isUtf8 } from 'node:buffer';
import { sha256 } from '../util/hash.js';

export interface SourceText {
  text: string;
  sha256: string;
}

/**
 * Reads a document's bytes and decodes them as UTF-8 (a BOM is accepted). Anything else is an input
 * error that says what was found: UTF-16, invalid bytes (with the byte offset), a file too large,
 * or something that is not a regular file (a FIFO or device is never read, so it cannot block).
 */
export function readSourceText(file: string, maxBytes: number): SourceText | InputError {
  const bytes = readSourceBytes(file, maxBytes, documentBytes);
  const source = Buffer.isBuffer(bytes) ? decodeUtf8(bytes) : bytes;
  // The bytes are hashed and decoded into a string of their own above, and never kept: the next
  // document is read into the same buffer (one allocation fewer a file), unless it grew large.
  if (documentBytes.buffer.length > KEPT_BUFFER_BYTES) documentBytes.buffer = Buffer.alloc(0);
  return source;
}

/** The buffer documents are read into, one after another (reads are synchronous: never two at once). */
const documentBytes: ReadBuffer = { buffer: Buffer.alloc(0) };
/** Largest read buffer kept between documents; a larger file's buffer is let go after its read. */
const KEPT_BUFFER_BYTES = 256 * 1024;

/** A buffer that reads reuse (grown as needed): what they return is a view of it, valid until the next read. */
export interface ReadBuffer {
  buffer: Buffer;
}

/** Where readSourceBytes puts the file's stat taken after reading, through the same descriptor (--cache's stat memo). */
export interface StatAfterRead {
  stats?: BigIntStats | undefined;
}

/**
 * A regular file's bytes, up to `maxBytes`, with the same guards and errors as readSourceText (the
 * --cache hashes them). With `reuse`, the bytes are read into its buffer, not into a new one; with
 * `after`, the file is stat'ed again once read (any change during the read shows in its times).
 */
export function readSourceBytes(file: string, maxBytes: number, reuse?: ReadBuffer, after?: StatAfterRead): Buffer | InputError {
  if (after) after.stats = undefined;
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    // A socket cannot be opened (ENXIO): it is not a regular file, as a FIFO or device is.
    if ((error as NodeJS.ErrnoException).code === 'ENXIO' && isSocket(file)) return notAFile();
    return readError(error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return aFolder();
    if (!stat.isFile()) return notAFile();
    if (stat.size > maxBytes) {
      return inputError(
        'too-large',
        `文件大小 ${stat.size} 字节，超过上限 ${maxBytes} 字节（可用 --max-file-size 调整）`,
        `file is ${stat.size} bytes, over the limit of ${maxBytes} bytes (raise it with --max-file-size)`,
      );
    }
    let bytes: Buffer | undefined;
    try {
      bytes = readAll(fd, stat.size, maxBytes, reuse);
    } catch (error) {
      // EIO and the like (a link to /proc/self/mem, a failing disk): this file's problem only.
      return readError(error);
    }
    if (bytes === undefined) {
      return inputError('too-large', `文件在读取时超过上限 ${maxBytes} 字节`, `file grew past the limit of ${maxBytes} bytes while being read`);
    }
    if (after) {
      try {
        after.stats = fstatSync(fd, { bigint: true });
      } catch {
        // Not memoized, then: read again next time.
      }
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function isSocket(file: string): boolean {
  try {
    return statSync(file).isSocket();
  } catch {
    return false;
  }
}

/**
 * Reads the file. The usual case, a file of the size fstat gave, is read into one buffer and
 * returned without a copy, and without a further read to see the end (as readFileSync does). A file
 * whose size is not known beforehand (fstat says 0, as for /proc files) is read on in chunks to its
 * end, and to the limit.
 */
function readAll(fd: number, expected: number, maxBytes: number, reuse?: ReadBuffer): Buffer | undefined {
  const size = Math.min(Math.max(expected, 1), 1 << 20) + 1;
  const first = reuse && reuse.buffer.length >= size ? reuse.buffer : Buffer.allocUnsafe(size);
  if (reuse) reuse.buffer = first;
  let filled = 0;
  for (;;) {
    const n = readSync(fd, first, filled, first.length - filled, null);
    if (n === 0) return first.subarray(0, filled);
    filled += n;
    if (filled > maxBytes) return undefined;
    if (expected > 0 && filled === expected) return first.subarray(0, filled);
    if (filled === first.length) break;
  }
  const chunks: Buffer[] = [first];
  let total = filled;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > maxBytes) return undefined;
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

export function decodeUtf8(bytes: Buffer): SourceText | InputError {
  const hash = sha256(bytes);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return inputError(
      'encoding',
      '文件是 UTF-16 编码；请另存为 UTF-8',
      'file is UTF-16 encoded; save it as UTF-8',
      { line: 1, column: 1 },
    );
  }
  // Without a byte-order mark, UTF-16 shows as a NUL in the first two bytes (the high byte of an
  // ASCII character); a YAML or JSON document never starts with NUL, so nothing valid is refused.
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    return inputError(
      'encoding',
      '文件似乎是 UTF-16 编码（没有字节顺序标记）；请另存为 UTF-8',
      'file looks UTF-16 encoded (no byte-order mark); save it as UTF-8',
      { line: 1, column: 1 },
    );
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = start === 0 ? bytes : bytes.subarray(start);
  // isUtf8 is native and fast; the byte-by-byte scan runs only to locate an error.
  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
  if (bad !== -1) {
    const offset = bad + start;
    const { line, column } = positionOfByte(bytes, offset);
    return inputError(
      'encoding',
      `不是有效的 UTF-8：第 ${offset} 字节（0x${bytes[offset]!.toString(16).padStart(2, '0')}）无效；请另存为 UTF-8`,
      `not valid UTF-8: invalid byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at byte offset ${offset}; save the file as UTF-8`,
      { line, column },
    );
  }
  return { text: body.toString('utf8'), sha256: hash };
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The same checks as readSourceText for content handed over in memory (the library API's
 * `{ name, content }` inputs): size limit, then decoding.
 */
export function sourceFromBytes(bytes: Uint8Array, maxBytes: number): SourceText | InputError {
  if (bytes.length > maxBytes) {
    return inputError(
      'too-large',
      `内容大小 ${bytes.length} 字节，超过上限 ${maxBytes} 字节（可用 maxFileBytes 调整）`,
      `content is ${bytes.length} bytes, over the limit of ${maxBytes} bytes (raise it with maxFileBytes)`,
    );
  }
  return decodeUtf8(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
}
