import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { inputError } from '../read/input-error.js';
import { CallLogInputError } from './errors.js';
import { zipEntries } from './xlsx-zip-entries.js';

export interface XlsxLimits {
  /** Bytes all entries of the workbook may inflate to, together. */
  maxXlsxBytes: number;
  /** Entries of the shared-string table (xl/sharedStrings.xml), which exceljs holds in memory. */
  maxSharedStrings: number;
}

const SHARED_STRINGS = 'xl/sharedStrings.xml';

/**
 * Reads a workbook once, before exceljs does, with the zip parser exceljs itself uses (unzipper, the
 * same entries in the same order), and stops it when its entries inflate past `maxXlsxBytes` or its
 * shared-string table holds more than `maxSharedStrings` strings: a few megabytes of zip can expand
 * to gigabytes, or to tens of millions of strings exceljs would keep. An entry's declared size is
 * judged before it is inflated; what it really inflates to is counted as it inflates, and nothing is
 * kept. The cost is a second inflation of the workbook, bounded by the limit.
 *
 * A part that `readPart` takes (the workbook's small parts that say how to read the rest) is handed
 * to it as it inflates, under the same limits, instead of being counted and dropped. Returns the
 * entries' paths in file order.
 */
export async function checkXlsxLimits(
  bytes: Readable,
  limits: XlsxLimits,
  readPart?: (path: string) => ((part: Readable) => Promise<void>) | undefined,
): Promise<string[]> {
  // Loaded with exceljs, only when an XLSX file is read (types: unzipper.d.ts).
  const unzipper = ((await import('unzipper')) as unknown as { default: typeof import('unzipper') }).default;
  const zip = unzipper.Parse({ forceStream: true });
  const forward = (error: Error) => zip.emit('error', error);
  bytes.on('error', forward);
  bytes.pipe(zip);
  let inflated = 0;
  const paths: string[] = [];
  try {
    for await (const entry of zipEntries(zip)) {
      paths.push(entry.path);
      const declared = entry.vars.uncompressedSize ?? 0;
      // 0xFFFFFFFF means the size is in a ZIP64 field; it is then only counted.
      if (declared !== 0xffffffff && inflated + declared > limits.maxXlsxBytes) throw tooLarge(limits.maxXlsxBytes, entry.path);
      const strings = entry.path === SHARED_STRINGS ? new TagCounter('<si') : undefined;
      const count = (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > limits.maxXlsxBytes) throw tooLarge(limits.maxXlsxBytes, entry.path);
        if (strings && strings.push(chunk) > limits.maxSharedStrings) throw tooManyStrings(limits.maxSharedStrings);
      };
      const reader = readPart?.(entry.path);
      if (reader === undefined) {
        for await (const chunk of entry as AsyncIterable<Buffer>) count(chunk);
        continue;
      }
      const part = Readable.from(
        (async function* () {
          for await (const chunk of entry as AsyncIterable<Buffer>) {
            count(chunk);
            yield chunk;
          }
        })(),
      );
      await reader(part);
      // A parser may stop at its root element's end tag: what follows is still inflated and counted.
      part.resume();
      await finished(part);
    }
  } finally {
    // Not destroyed: that would close the file, which the caller reads again. Paused, it reads no more.
    bytes.unpipe(zip);
    bytes.pause();
    // A read still in flight may fail once the caller closes the file: nobody needs to hear it then.
    bytes.off('error', forward);
    bytes.on('error', () => {});
  }
  return paths;
}

/** Counts opening tags `<si>`, `<si …>` and `<si/>` in a stream of chunks (a tag may be cut by a chunk boundary). */
class TagCounter {
  private count = 0;
  /** The end of the previous chunk that could begin a tag the next one completes. */
  private carry = Buffer.alloc(0);
  private readonly open: Buffer;

  constructor(open: string) {
    this.open = Buffer.from(open, 'latin1');
  }

  push(chunk: Buffer): number {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const after = this.open.length;
    for (let at = bytes.indexOf(this.open); at !== -1; at = bytes.indexOf(this.open, at + after)) {
      const next = bytes[at + after];
      // `<si` then `>`, `/` or white space: not `<sider…`; an unfinished tag waits in the carry.
      if (next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) this.count += 1;
    }
    this.carry = Buffer.from(bytes.subarray(Math.max(0, bytes.length - after)));
    return this.count;
  }
}

function tooLarge(limit: number, entry: string): CallLogInputError {
  return new CallLogInputError(
    inputError(
      'xlsx-too-large',
      `XLSX 解压后超过 ${limit} 字节的上限（在 ${entry} 处），已停止读取（可用 --max-xlsx-bytes 调整）`,
      `the XLSX file expands to more than the limit of ${limit} bytes when unzipped (at ${entry}); reading stopped (raise it with --max-xlsx-bytes)`,
    ),
  );
}

function tooManyStrings(limit: number): CallLogInputError {
  return new CallLogInputError(
    inputError(
      'xlsx-too-many-strings',
      `XLSX 的共享字符串表超过 ${limit} 项的上限，已停止读取（可用 --max-shared-strings 调整）`,
      `the XLSX shared-string table holds more than the limit of ${limit} strings; reading stopped (raise it with --max-shared-strings)`,
    ),
  );
}
