import { statSync, type BigIntStats } from 'node:fs';

/**
 * The stat memo of `--cache` (as git's index keeps one): per file path, its device, inode, size,
 * modification and change times (ns) when it was last read, and the SHA-256 of what was read. A
 * file whose stat still matches is not opened: its content hash comes from here. Safe where "size
 * and mtime" is not: a process cannot set a file's change time (writing, utimes, rename-over and
 * re-creating all set it to now, or give another inode), so a file edited since has another stat.
 * A file changed too near the moment it was read ("racy": its change could share a time stamp with
 * a later edit on a coarse clock) is not memoized, and so is read and hashed next time too.
 */

/** A record after its path: device, inode, size, mtime ns, ctime ns (64 bits each), content SHA-256, run last used (32 bits). */
const STAT_BYTES = 40;
const RECORD_BYTES = STAT_BYTES + 32 + 4;

/** How much older than the moment of reading a file's times must be for it to be memoized (file systems with 2 s clocks). */
export const RACY_MARGIN_NS = 2_000_000_000n;

/** Bounds of the memo kept in the cache file: past either, the records used longest ago are dropped. */
export const MEMO_LIMITS = { maxRecords: 200_000, maxBytes: 64 * 1024 * 1024 };

/** The wall clock in ns since 1970 (the file systems' time stamps are on it); tests put another in its place. */
export type Clock = () => bigint;
export const wallClock: Clock = () => BigInt(Date.now()) * 1_000_000n;

/** The stat of the file a memo record is compared with, written as the record keeps it. */
const SCRATCH = Buffer.alloc(STAT_BYTES);

export class StatMemo {
  /** Records read from the cache file: where each starts in `bytes` (just after its path). */
  private readonly fromFile: Map<string, number>;
  /** The run that last used each file record, by its offset; 0 once it was dropped or replaced. */
  private readonly used = new Map<number, number>();
  /** Records made this run, by path. */
  private readonly added = new Map<string, Buffer>();
  /** Whether the memo differs from the file's (a record added, replaced or dropped): the cache is then written. */
  changed = false;

  private constructor(
    private readonly bytes: Buffer,
    fromFile: Map<string, number>,
  ) {
    this.fromFile = fromFile;
  }

  static empty(): StatMemo {
    return new StatMemo(Buffer.alloc(0), new Map());
  }

  /**
   * The memo as encode() wrote it at `at` in `bytes` (its record count, then each record's path
   * length, path in UTF-8 and record), and where it ends; undefined when anything is off.
   */
  static decode(bytes: Buffer, at: number): { memo: StatMemo; end: number } | undefined {
    if (at + 4 > bytes.length) return undefined;
    const count = bytes.readUInt32LE(at);
    at += 4;
    const fromFile = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      if (at + 4 > bytes.length) return undefined;
      const length = bytes.readUInt32LE(at);
      at += 4;
      if (at + length + RECORD_BYTES > bytes.length) return undefined;
      const file = bytes.toString('utf8', at, at + length);
      at += length;
      if (fromFile.has(file)) return undefined;
      fromFile.set(file, at);
      at += RECORD_BYTES;
    }
    const memo = new StatMemo(bytes, fromFile);
    for (const offset of fromFile.values()) memo.used.set(offset, bytes.readUInt32LE(offset + STAT_BYTES + 32));
    return { memo, end: at };
  }

  /**
   * The content hash (hex) of the file at this absolute path, when its stat is the one memoized
   * with it; undefined otherwise (read and hash it). A path with no record is not even stat'ed.
   */
  hashOf(file: string, maxBytes: number, run: number): string | undefined {
    const added = this.added.get(file);
    const at = added ? undefined : this.fromFile.get(file);
    if (!added && (at === undefined || this.used.get(at) === 0)) return undefined;
    let stats: BigIntStats | undefined;
    try {
      stats = statSync(file, { bigint: true, throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (!stats || !stats.isFile() || stats.size > BigInt(maxBytes)) return undefined;
    writeStat(SCRATCH, 0, stats);
    const [bytes, start] = added ? [added, 0] : [this.bytes, at!];
    if (SCRATCH.compare(bytes, start, start + STAT_BYTES) !== 0) return undefined;
    if (!added) this.used.set(start, run);
    return bytes.toString('hex', start + STAT_BYTES, start + STAT_BYTES + 32);
  }

  /**
   * Memoizes what was just read from this path: `stats` taken from the descriptor it was read
   * through, after reading; `length` bytes whose SHA-256 is `contentHash`. Not when the file's
   * times are within the racy margin of `now` (or ahead of it), nor when the stat does not fit what
   * was read: any earlier record for the path is dropped then.
   */
  remember(file: string, stats: BigIntStats, length: number, contentHash: string, run: number, now: bigint): void {
    const newest = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
    if (!stats.isFile() || stats.size !== BigInt(length) || newest > now - RACY_MARGIN_NS) {
      this.forget(file);
      return;
    }
    const record = Buffer.alloc(RECORD_BYTES);
    writeStat(record, 0, stats);
    record.write(contentHash, STAT_BYTES, 'hex');
    record.writeUInt32LE(run, STAT_BYTES + 32);
    const at = this.fromFile.get(file);
    if (at !== undefined && this.used.get(at) !== 0 && record.compare(this.bytes, at, at + STAT_BYTES + 32, 0, STAT_BYTES + 32) === 0) {
      this.used.set(at, run);
      return;
    }
    this.forget(file);
    this.added.set(file, record);
    this.changed = true;
  }

  /** Drops the path's record, if it has one. */
  private forget(file: string): void {
    if (this.added.delete(file)) this.changed = true;
    const at = this.fromFile.get(file);
    if (at !== undefined && this.used.get(at) !== 0) {
      this.used.set(at, 0);
      this.changed = true;
    }
  }

  /** The memo as the cache file keeps it, within MEMO_LIMITS: the records used most recently first. */
  encode(): Buffer {
    const records: Array<{ path: Buffer; record: Buffer; used: number }> = [];
    for (const [file, at] of this.fromFile) {
      const used = this.used.get(at)!;
      if (used === 0 || this.added.has(file)) continue;
      const record = Buffer.from(this.bytes.subarray(at, at + RECORD_BYTES));
      record.writeUInt32LE(used, STAT_BYTES + 32);
      records.push({ path: Buffer.from(file), record, used });
    }
    for (const [file, record] of this.added) records.push({ path: Buffer.from(file), record, used: record.readUInt32LE(STAT_BYTES + 32) });
    records.sort((a, b) => b.used - a.used);
    const parts: Buffer[] = [Buffer.alloc(4)];
    let bytes = 4;
    let count = 0;
    for (const { path, record } of records) {
      const size = 4 + path.length + RECORD_BYTES;
      if (count >= MEMO_LIMITS.maxRecords || bytes + size > MEMO_LIMITS.maxBytes) break;
      const length = Buffer.alloc(4);
      length.writeUInt32LE(path.length, 0);
      parts.push(length, path, record);
      bytes += size;
      count += 1;
    }
    parts[0]!.writeUInt32LE(count, 0);
    return Buffer.concat(parts, bytes);
  }
}

function writeStat(target: Buffer, at: number, stats: BigIntStats): void {
  target.writeBigUInt64LE(stats.dev, at);
  target.writeBigUInt64LE(stats.ino, at + 8);
  target.writeBigUInt64LE(stats.size, at + 16);
  target.writeBigInt64LE(stats.mtimeNs, at + 24);
  target.writeBigInt64LE(stats.ctimeNs, at + 32);
}
