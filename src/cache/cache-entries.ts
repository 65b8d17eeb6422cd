/** One cached document result (serialized), and the run that last used it. */
export interface CacheEntry {
  used: number;
  /** 1-based index in CacheContent.shapes of its outcomes' rule ids; 0 when the value holds them itself. */
  shape: number;
  value: Uint8Array;
}

/** Bytes before an entry's value in the file: run key index, content hash, run last used, shape, length (cache-file.ts). */
export const ENTRY_HEAD = 48;

/** The content hash a search looks for, as bytes (searches are synchronous: one at a time). */
const SOUGHT = Buffer.alloc(32);

/** A view of a cache file's bytes to read the entries' heads with (see cache-file.ts decode). */
export function headView(bytes: Buffer): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Where the entries of a cache file lie in its bytes, as decodeCacheFile found them (checked there). */
export interface FileEntries {
  bytes: Buffer;
  /** headView(bytes). */
  view: DataView;
  /** The run keys (hex) the entries' run key indexes name. */
  runKeys: readonly string[];
  /** Each run key's tool (toolHash: a SHA-256 in hex of the tool's identity), by the same index. */
  tools: readonly string[];
  /** Where each entry's head starts in `bytes`, in the file's order: by content hash. */
  offsets: Uint32Array;
}

/**
 * The entries of a cache, by run key and content hash (two SHA-256 digests in hex). Those read
 * from the file stay where they are in its bytes, which are sorted by content hash: a document's
 * entry is found by a binary search, and nothing is made for an entry no document asks for (a
 * string key, an object and a view per entry were a tenth of a warm rerun). Entries added this run
 * are kept apart, in a Map.
 */
export class CacheEntries {
  private readonly added = new Map<string, CacheEntry>();
  /** The tool of each run key met, in the file or added this run. */
  private readonly tools = new Map<string, string>();
  private readonly bytes: Buffer;
  private readonly view: DataView;
  private readonly runKeys: readonly string[];
  private readonly offsets: Uint32Array;
  /** The first 32 bits of each file entry's content hash: most steps of a search compare these. */
  private readonly prefixes: Uint32Array;
  /** The run that last used each file entry; 0 once an entry added under the same key replaced it. */
  private readonly used: Uint32Array;

  constructor(file?: FileEntries) {
    this.bytes = file?.bytes ?? Buffer.alloc(0);
    this.view = file?.view ?? headView(this.bytes);
    this.runKeys = file?.runKeys ?? [];
    this.runKeys.forEach((runKey, i) => this.tools.set(runKey, file!.tools[i]!));
    this.offsets = file?.offsets ?? new Uint32Array(0);
    const count = this.offsets.length;
    this.prefixes = new Uint32Array(count);
    this.used = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const at = this.offsets[i]!;
      this.prefixes[i] = this.view.getUint32(at + 4);
      this.used[i] = this.view.getUint32(at + 36, true);
    }
  }

  /** The entry under this run key and content hash, marked as used by `run`; undefined when there is none. */
  use(runKey: string, contentHash: string, run: number): CacheEntry | undefined {
    if (this.added.size > 0) {
      const added = this.added.get(runKey + contentHash);
      if (added) {
        added.used = run;
        return added;
      }
    }
    const i = this.find(runKey, contentHash);
    if (i === -1) return undefined;
    this.used[i] = run;
    return this.fileEntry(i);
  }

  /** Adds (or replaces) the entry under this run key and content hash; `tool` is the run key's (toolHash). */
  add(runKey: string, contentHash: string, entry: CacheEntry, tool: string): void {
    const replaced = this.find(runKey, contentHash);
    if (replaced !== -1) this.used[replaced] = 0;
    this.tools.set(runKey, tool);
    this.added.set(runKey + contentHash, entry);
  }

  /** The tool (toolHash) whose run made this run key. */
  toolOf(runKey: string): string | undefined {
    return this.tools.get(runKey);
  }

  /** Every entry, as [run key + content hash, entry]: the file's (those not replaced), then those added. */
  *[Symbol.iterator](): IterableIterator<[string, CacheEntry]> {
    for (let i = 0; i < this.offsets.length; i++) {
      if (this.used[i] === 0) continue;
      const at = this.offsets[i]!;
      yield [this.runKeys[this.view.getUint32(at, true)]! + this.bytes.toString('hex', at + 4, at + 36), this.fileEntry(i)];
    }
    yield* this.added;
  }

  /** The index of the file entry under this run key and content hash, or -1. */
  private find(runKey: string, contentHash: string): number {
    const count = this.offsets.length;
    if (count === 0 || contentHash.length !== 64) return -1;
    const runIndex = this.runKeys.indexOf(runKey);
    if (runIndex === -1) return -1;
    // Decoded once (natively) and compared as bytes: parsing the hex word by word was most of a search.
    if (SOUGHT.write(contentHash, 'hex') !== 32) return -1;
    const prefix = SOUGHT.readUInt32BE(0);
    /** Where the entry's content hash sorts against the one sought (negative: below). */
    const compareAt = (at: number): number => this.bytes.compare(SOUGHT, 0, 32, at + 4, at + 36);
    // The first entry whose content hash is not below this one. Hashes sharing their first 32 bits
    // (which a vendor could grind for) are told apart by the whole hash, so a search stays logarithmic.
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const p = this.prefixes[middle]!;
      if (p < prefix || (p === prefix && compareAt(this.offsets[middle]!) < 0)) low = middle + 1;
      else high = middle;
    }
    // The same content under other run keys lies alongside (one per run key at most).
    for (let i = low; i < count && this.prefixes[i] === prefix; i++) {
      const at = this.offsets[i]!;
      if (compareAt(at) !== 0) return -1;
      if (this.used[i] !== 0 && this.view.getUint32(at, true) === runIndex) return i;
    }
    return -1;
  }

  private fileEntry(i: number): CacheEntry {
    const at = this.offsets[i]!;
    const length = this.view.getUint32(at + 44, true);
    // A plain view (not a Buffer: no species lookup).
    return { used: this.used[i]!, shape: this.view.getUint32(at + 40, true), value: new Uint8Array(this.bytes.buffer, this.bytes.byteOffset + at + ENTRY_HEAD, length) };
  }
}
