import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from '../read/read-source.js';

/**
 * Strict UTF-8 validation of a file that arrives in chunks, before decoding it, so that an invalid byte
 * stops the file with its offset instead of becoming U+FFFD. Each chunk is checked with
 * the native `isUtf8`; a character cut by the chunk boundary is held back (at most 3 bytes) and
 * checked with the bytes that complete it. The offset reported is the one `firstInvalidUtf8` gives
 * for the whole file, whatever the chunking.
 */
export class Utf8Check {
  /** Bytes of a character the previous chunk cut short. */
  private pending: Buffer = Buffer.alloc(0);
  /** File offset of the first byte of the next chunk. */
  private consumed = 0;

  /** Checks the next chunk; returns the file offset of the first invalid byte, or -1. */
  push(chunk: Buffer): number {
    const start = this.consumed;
    this.consumed += chunk.length;
    let from = 0;
    if (this.pending.length > 0) {
      const pendingStart = start - this.pending.length;
      const need = sequenceLength(this.pending[0]!) - this.pending.length;
      const joined = Buffer.concat([this.pending, chunk.subarray(0, need)]);
      if (joined.length < sequenceLength(joined[0]!)) {
        // The chunk is shorter than the rest of the character: keep waiting.
        this.pending = joined;
        return -1;
      }
      this.pending = Buffer.alloc(0);
      if (!isUtf8(joined)) return pendingStart + firstInvalidUtf8(joined);
      from = need;
    }
    const cut = chunk.length - incompleteTail(chunk, from);
    const body = chunk.subarray(from, cut);
    if (!isUtf8(body)) return start + from + firstInvalidUtf8(body);
    if (cut < chunk.length) this.pending = Buffer.from(chunk.subarray(cut));
    return -1;
  }

  /** At the end of the file: a character still incomplete is invalid at its first byte. */
  end(): number {
    return this.pending.length > 0 ? this.consumed - this.pending.length : -1;
  }
}

/** Bytes in the sequence a lead byte starts (1 for ASCII, continuation and never-valid bytes). */
function sequenceLength(lead: number): number {
  if (lead >= 0xc0 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  return 1;
}

/** How many bytes at the end of `chunk[from..]` begin a character the chunk does not finish. */
function incompleteTail(chunk: Buffer, from: number): number {
  // A lead byte among the last three bytes whose sequence runs past the end.
  for (let back = 1; back <= 3 && chunk.length - back >= from; back++) {
    const byte = chunk[chunk.length - back]!;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}
