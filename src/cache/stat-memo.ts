import type { BigIntStats } from 'node:fs';
import { readSourceBytes, type StatAfterRead } from '../read/read-source.js';
import { sha256 } from '../util/hash.js';
import { MEMO_STAT_WORDS, statForMemo } from './memo-stat.js';

/**
 * The stat memo of `--cache` (as git's index keeps one): per file path, its device, inode, size,
 * modification and change times (ns) when it was last read, and the SHA-256 of what was read. A
 * file whose stat still matches is not opened: its content hash comes from here. Safe where "size
 * and mtime" is not: a process cannot set a file's change time (writing, utimes, rename-over and
 * re-creating all set it to now, or give another inode), so a file edited since has another stat.
 * A file changed too near the moment it was read ("racy": its change could share a time stamp with
 * a later edit on a coarse clock) is not memoized, and so is read and hashed next time too.
 */

/** A record after its path: device, inode, size, mtime ns, ctime ns (64 bits each, from BigInt stats: exact; in the machine's byte order), content SHA-256, run last used (32 bits). */
const STAT_BYTES = MEMO_STAT_WORDS * 8;
const RECORD_BYTES = STAT_BYTES + 32 + 4;

/** How much older than the moment of reading a file's times must be for it to be memoized (file systems with 2 s clocks). */
export const RACY_MARGIN_NS = 2_000_000_000n;

/** Bounds of the memo kept in the cache file (within the file's own, CACHE_LIMITS): past either, the records used longest ago are dropped. */
export const MEMO_LIMITS = { maxRecords: 200_000, maxBytes: 32 * 1024 * 1024 };

/** The wall clock in ns since 1970 (the file systems' time stamps are on it); tests put another in its place. */
export type Clock = () => bigint;
export const wallClock: Clock = () => BigInt(Date.now()) * 1_000_000n;

/**
 * The stat of the file a memo record is compared with, as the record keeps it: set through a
 * BigInt64Array (a BigInt stored as its 64 bits, in the machine's byte order; Buffer's
 * writeBigUInt64LE took longer than the stat itself), compared as bytes.
 */
const SCRATCH_WORDS = new BigInt64Array(MEMO_STAT_WORDS);
const SCRATCH = Buffer.from(SCRATCH_WORDS.buffer);

export class StatMemo {
  /** The paths of the records read from the cache file, sorted (the record of paths[i] lies at recordsAt + i * RECORD_BYTES). */
  private readonly paths: readonly string[];
  /** The run that last used each file record: 0 as the file says (read only when written again), DROPPED once dropped or replaced. */
  private readonly used: Uint32Array;
  /** Where the next path a run asks for is likely to be: a run asks in the order of its files, sorted by name as the paths are. */
  private cursor = 0;
  /** Records made this run, by path. */
  private readonly added = new Map<string, Buffer>();
  /** Whether the memo differs from the file's (a record added, replaced or dropped): the cache is then written. */
  changed = false;

  private constructor(
    private readonly bytes: Buffer,
    private readonly recordsAt: number,
    paths: readonly string[],
  ) {
    this.paths = paths;
    this.used = new Uint32Array(paths.length);
  }

  static empty(): StatMemo {
    return new StatMemo(Buffer.alloc(0), 0, []);
  }

  /**
   * The memo as encode() wrote it at `at` in `bytes`, and where it ends; undefined when anything is
   * off. Its record count, the length of its paths, the paths (UTF-8, each ended by a NUL, which no
   * path holds: one decoding and one split for them all; sorted, each once), then the records, fixed
   * in size, in the same order. No map is built: a path is found by the run's order or a binary search.
   */
  static decode(bytes: Buffer, at: number): { memo: StatMemo; end: number } | undefined {
    if (at + 8 > bytes.length) return undefined;
    const count = bytes.readUInt32LE(at);
    const pathsLength = bytes.readUInt32LE(at + 4);
    const recordsAt = at + 8 + pathsLength;
    const end = recordsAt + count * RECORD_BYTES;
    if (end > bytes.length || (count === 0) !== (pathsLength === 0)) return undefined;
    const paths = count === 0 ? [''] : bytes.toString('utf8', at + 8, recordsAt).split('\u0000');
    if (paths.length !== count + 1 || paths.pop() !== '') return undefined;
    for (let i = 1; i < count; i++) if (!(paths[i - 1]! < paths[i]!)) return undefined;
    return { memo: new StatMemo(bytes, recordsAt, paths), end };
  }

  /** The index of the file record of this path, or -1 (the next one in the run's order, else a binary search). */
  private indexOf(file: string): number {
    const paths = this.paths;
    let i = this.cursor;
    if (!(i < paths.length && paths[i] === file)) {
      let high = paths.length;
      i = 0;
      while (i < high) {
        const middle = (i + high) >>> 1;
        if (paths[middle]! < file) i = middle + 1;
        else high = middle;
      }
      if (!(i < paths.length && paths[i] === file)) return -1;
    }
    this.cursor = i + 1;
    return this.used[i] === DROPPED ? -1 : i;
  }

  /**
   * The content hash (hex) of the file at this absolute path, when its stat is the one memoized
   * with it; undefined otherwise (read and hash it). A path with no record is not even stat'ed.
   */
  hashOf(file: string, maxBytes: number, run: number): string | undefined {
    const added = this.added.size > 0 ? this.added.get(file) : undefined;
    const index = added ? -1 : this.indexOf(file);
    if (!added && index === -1) return undefined;
    if (!statForMemo(file, SCRATCH_WORDS) || SCRATCH_WORDS[2]! > BigInt(maxBytes)) return undefined;
    const [bytes, start] = added ? [added, 0] : [this.bytes, this.recordsAt + index * RECORD_BYTES];
    if (SCRATCH.compare(bytes, start, start + STAT_BYTES) !== 0) return undefined;
    if (!added) this.used[index] = run;
    return bytes.toString('hex', start + STAT_BYTES, start + STAT_BYTES + 32);
  }

  /**
   * The SHA-256 (hex) of a file of tmcheck's own (its built code), from the memo when its stat is
   * unchanged, else read, hashed and memoized. Throws when it cannot be read.
   */
  hashFile(file: string, run: number, clock: Clock): string {
    const remembered = this.hashOf(file, MAX_OWN_FILE_BYTES, run);
    if (remembered !== undefined) return remembered;
    const after: StatAfterRead = {};
    const bytes = readSourceBytes(file, MAX_OWN_FILE_BYTES, undefined, after);
    if (!Buffer.isBuffer(bytes)) throw new Error(`${file}: ${bytes.message.en}`);
    const hash = sha256(bytes);
    if (after.stats) this.remember(file, after.stats, bytes.length, hash, run, clock());
    return hash;
  }

  /**
   * Memoizes what was just read from this path: `stats` taken from the descriptor it was read
   * through, after reading; `length` bytes whose SHA-256 is `contentHash`. Not when the file's
   * times are within the racy margin of `now` (or ahead of it), nor when the stat does not fit what
   * was read: any earlier record for the path is dropped then. Nor for a path that UTF-8 cannot
   * carry as it is (a lone surrogate), which the file would give back as another.
   */
  remember(file: string, stats: BigIntStats, length: number, contentHash: string, run: number, now: bigint): void {
    // The racy rule: both times well before now (a time ahead of now, on a skewed clock, is racy too).
    const newest = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
    if (!stats.isFile() || stats.size !== BigInt(length) || newest > now - RACY_MARGIN_NS || /[\u0000]|\p{Surrogate}/u.test(file)) {
      this.forget(file);
      return;
    }
    const record = Buffer.alloc(RECORD_BYTES);
    setStat(stats);
    SCRATCH.copy(record, 0);
    record.write(contentHash, STAT_BYTES, 'hex');
    record.writeUInt32LE(run, STAT_BYTES + 32);
    const index = this.indexOf(file);
    const at = this.recordsAt + index * RECORD_BYTES;
    if (index !== -1 && record.compare(this.bytes, at, at + STAT_BYTES + 32, 0, STAT_BYTES + 32) === 0) {
      this.used[index] = run;
      return;
    }
    this.forget(file);
    this.added.set(file, record);
    this.changed = true;
  }

  /** Drops the path's record, if it has one. */
  private forget(file: string): void {
    if (this.added.delete(file)) this.changed = true;
    const index = this.indexOf(file);
    if (index !== -1) {
      this.used[index] = DROPPED;
      this.changed = true;
    }
  }

  /** The memo as the cache file keeps it (see decode), within MEMO_LIMITS: the records used most recently are kept. */
  encode(): Buffer {
    const records: Array<{ file: string; record: Buffer; used: number }> = [];
    this.paths.forEach((file, index) => {
      const at = this.recordsAt + index * RECORD_BYTES;
      const used = this.used[index] || this.bytes.readUInt32LE(at + STAT_BYTES + 32);
      if (used === DROPPED || this.added.has(file)) return;
      records.push({ file, record: this.bytes.subarray(at, at + RECORD_BYTES), used });
    });
    for (const [file, record] of this.added) records.push({ file, record, used: record.readUInt32LE(STAT_BYTES + 32) });
    records.sort((a, b) => b.used - a.used);
    const kept: Array<{ file: string; path: Buffer; record: Buffer; used: number }> = [];
    let bytes = 8;
    for (const record of records) {
      const path = Buffer.from(`${record.file}\u0000`);
      if (kept.length >= MEMO_LIMITS.maxRecords || bytes + path.length + RECORD_BYTES > MEMO_LIMITS.maxBytes) break;
      kept.push({ ...record, path });
      bytes += path.length + RECORD_BYTES;
    }
    kept.sort((a, b) => (a.file < b.file ? -1 : 1));
    const out = Buffer.alloc(bytes);
    out.writeUInt32LE(kept.length, 0);
    let at = 8;
    for (const { path } of kept) at += path.copy(out, at);
    out.writeUInt32LE(at - 8, 4);
    for (const { record, used } of kept) {
      record.copy(out, at);
      out.writeUInt32LE(used, at + STAT_BYTES + 32);
      at += RECORD_BYTES;
    }
    return out;
  }
}

/** A dropped record's mark in StatMemo.used (no run is numbered so). */
const DROPPED = 0xffffffff;

/** Largest file of tmcheck's own hashFile reads (its bundles are about a megabyte). */
const MAX_OWN_FILE_BYTES = 256 * 1024 * 1024;

/** Puts the stat in SCRATCH (the memo compares and keeps these five values). */
function setStat(stats: BigIntStats): void {
  SCRATCH_WORDS[0] = stats.dev;
  SCRATCH_WORDS[1] = stats.ino;
  SCRATCH_WORDS[2] = stats.size;
  SCRATCH_WORDS[3] = stats.mtimeNs;
  SCRATCH_WORDS[4] = stats.ctimeNs;
}
