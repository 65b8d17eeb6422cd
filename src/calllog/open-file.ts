import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { notAFile, readError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';

/**
 * A call log to read: a file's path, or its bytes held in memory (the library's in-memory inputs,
 * standard input) under a name whose extension says CSV or XLSX, as a file's does.
 */
export type TableInput = string | { name: string; bytes: Uint8Array };

/** The name a table input's type is told by (its extension). */
export function tableName(input: TableInput): string {
  return typeof input === 'string' ? input : input.name;
}

/** An opened table: `sample` holds its first bytes for encoding detection. */
export interface OpenedTable {
  stream: (options?: { keepOpen?: boolean; start?: number; end?: number }) => Readable;
  chunks: (options?: { start?: number; end?: number }) => Generator<Buffer>;
  sample: Buffer;
  size: number;
}

/**
 * Opens a table for streaming. Of a file, only a regular one is read (O_NONBLOCK: a FIFO never
 * blocks the run); bytes in memory are read in the same chunks a file is.
 */
export function openTableFile(input: TableInput, sampleBytes: number): OpenedTable {
  if (typeof input !== 'string') return openTableBytes(Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.length), sampleBytes);
  const file = input;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new CallLogInputError(readError(error));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new CallLogInputError(notAFile());
    const buffer = Buffer.alloc(Math.min(sampleBytes, stat.size));
    const read = buffer.length > 0 ? readSync(fd, buffer, 0, buffer.length, 0) : 0;
    const owned = fd;
    fd = -1; // the stream owns it from here
    // Each stream reads from the start (or bytes [start, end) of a file read in parts); one with
    // `keepOpen` leaves the file open for the next (an XLSX is read twice).
    const stream = (options?: { keepOpen?: boolean; start?: number; end?: number }) =>
      createReadStream('', { fd: owned, start: options?.start ?? 0, ...(options?.end !== undefined ? { end: options.end - 1 } : {}), highWaterMark: 64 * 1024, autoClose: !options?.keepOpen });
    return { stream, chunks: (options) => chunksOf(owned, options?.start ?? 0, options?.end ?? Infinity), sample: buffer.subarray(0, read), size: stat.size };
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}

/**
 * The chunk size of a streamed CSV file. The text of the chunk being read is what survives each
 * young-generation GC, and V8 grows the young generation by what survives: with 64 KiB chunks it
 * grew on and on, and peak RSS at 10 M rows was ~1.2× that at 1 M; at 16 KiB it stays where it is
 * (docs/performance-history.md, "Call log, two threads (issue 14, session 9)").
 */
const CHUNK_BYTES = 16 * 1024;

/**
 * Bytes [start, end) of a regular file in chunks, then closes it. Each chunk is read synchronously
 * into the same buffer, valid until the next one is asked for (readers copy what they keep): on
 * this machine a fresh buffer per chunk (as a ReadStream allocates) cost ~0.2 s of page faults per
 * 60 MB, ~15 % of a call log's check; a plain read of cached bytes is ~10 ms (docs/performance-history.md, "Where the second thread's work went").
 */
function* chunksOf(fd: number, start: number, end: number): Generator<Buffer> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (let at = start; at < end; ) {
      const read = readSync(fd, buffer, 0, Math.min(CHUNK_BYTES, end - at), at);
      if (read === 0) return;
      at += read;
      yield buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/** Bytes in memory as an opened table: views of them, never copies. */
function openTableBytes(bytes: Buffer, sampleBytes: number): OpenedTable {
  function* pieces(size: number, start = 0, end = bytes.length): Generator<Buffer> {
    for (let at = start; at < Math.min(end, bytes.length); at += size) yield bytes.subarray(at, Math.min(at + size, end));
  }
  return {
    stream: (options) => Readable.from(pieces(64 * 1024, options?.start, options?.end), { objectMode: false }),
    chunks: (options) => pieces(CHUNK_BYTES, options?.start, options?.end),
    sample: bytes.subarray(0, sampleBytes),
    size: bytes.length,
  };
}
