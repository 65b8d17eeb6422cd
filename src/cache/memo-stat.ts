import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * The stat the --cache memo compares (stat-memo.ts), taken without Node's `Stats` object where that
 * can be done safely. `fs.statSync` builds a `BigIntStats` per call (18 BigInts and four `Date`s,
 * about 1.5 KB of heap): for 5,000 files that was half of the memo's time and 7.5 MB of a warm
 * rerun's garbage. Node's own fs binding (the one `statSync` calls) hands back the same values in a
 * shared array instead. It is internal, so it is used only once it has given, for a file and for
 * its folder, exactly what `fs.statSync` gives (so its values and their order are the public API's
 * and each call refreshes them); otherwise, and where it cannot be had quietly (no `process.binding`,
 * Windows, Node's permission model), `fs.statSync` is used. Measurements: docs/performance-history.md,
 * "Warm --cache: the memo's stat and the cache file (issue 14, session 15)".
 */

/** The values the memo keeps, in its order: device, inode, size, modification and change times (ns). */
export const MEMO_STAT_WORDS = 5;

/** What the binding's `stat` returns with BigInts: Node's `kFsStatsFieldsNumber` values, in `BigIntStats`' order. */
export type StatValues = { readonly [index: number]: bigint; readonly length: number };
export interface FsBinding {
  stat(file: string, useBigint: true, request: undefined, throwIfNoEntry: false): StatValues | undefined;
}

/** Indexes in StatValues (Node's src/node_file.h FsStatsOffset). */
const DEV = 0;
const MODE = 1;
const INO = 7;
const SIZE = 8;
const MTIME_SEC = 12;
const CTIME_SEC = 14;
const NS_PER_S = 1_000_000_000n;
const S_IFMT = 0o170000n;
const S_IFREG = 0o100000n;

/** undefined until the binding has been checked against fs.statSync; then the binding, or null for fs.statSync. */
let verified: FsBinding | null | undefined;

/**
 * Puts the memo's five stat values of the regular file at this absolute path into `into`; false
 * when it is missing, not a regular file or cannot be stat'ed (the memo then reads it).
 */
export function statForMemo(file: string, into: BigInt64Array): boolean {
  if (verified === undefined) return verify(file, into);
  // A NUL would end the path early in C: such a path is never memoized, but never stat it either.
  if (verified === null || file.includes('\u0000')) return viaStatSync(file, into);
  let values: StatValues | undefined;
  try {
    values = verified.stat(file, true, undefined, false);
  } catch {
    return false;
  }
  return values !== undefined && fromValues(values, into);
}

function fromValues(values: StatValues, into: BigInt64Array): boolean {
  if ((values[MODE]! & S_IFMT) !== S_IFREG) return false;
  into[0] = values[DEV]!;
  into[1] = values[INO]!;
  into[2] = values[SIZE]!;
  into[3] = values[MTIME_SEC]! * NS_PER_S + values[MTIME_SEC + 1]!;
  into[4] = values[CTIME_SEC]! * NS_PER_S + values[CTIME_SEC + 1]!;
  return true;
}

function viaStatSync(file: string, into: BigInt64Array): boolean {
  let stats;
  try {
    stats = statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    return false;
  }
  if (!stats || !stats.isFile()) return false;
  into[0] = stats.dev;
  into[1] = stats.ino;
  into[2] = stats.size;
  into[3] = stats.mtimeNs;
  into[4] = stats.ctimeNs;
  return true;
}

/**
 * The first file's stat, through fs.statSync; the binding is used from then on only when its stat
 * of the file's folder and of the file is fs.statSync's, field for field.
 */
function verify(file: string, into: BigInt64Array): boolean {
  if (!viaStatSync(file, into)) return false;
  verified = null;
  const binding = bindingSource();
  if (binding && agrees(binding, path.dirname(file)) && agrees(binding, file)) verified = binding;
  return true;
}

/**
 * Whether the binding's stat of `target` is fs.statSync's. Its values are copied first: fs.statSync
 * fills the same shared array. Two inodes are compared, so a binding that does not refresh its
 * values at each call is refused.
 */
function agrees(binding: FsBinding, target: string): boolean {
  try {
    const shared = binding.stat(target, true, undefined, false);
    if (!shared || !(shared.length >= CTIME_SEC + 2)) return false;
    const values = Array.from({ length: CTIME_SEC + 2 }, (_, i) => shared[i]);
    const expected = statSync(target, { bigint: true, throwIfNoEntry: false });
    if (!expected) return false;
    const fields = [expected.dev, expected.mode, expected.nlink, expected.uid, expected.gid, expected.rdev, expected.blksize, expected.ino, expected.size, expected.blocks];
    const time = (at: number): bigint => values[at]! * NS_PER_S + values[at + 1]!;
    return fields.every((value, i) => values[i] === value) && time(MTIME_SEC) === expected.mtimeNs && time(CTIME_SEC) === expected.ctimeNs;
  } catch {
    return false;
  }
}

/** Where verify takes the binding from (tests give a faulty one). */
let bindingSource: () => FsBinding | undefined = fsBinding;

/** Forgets the verdict on the binding, and takes it from `source` (for tests). */
export function restartMemoStat(source: () => FsBinding | undefined = fsBinding): void {
  verified = undefined;
  bindingSource = source;
}

/** How the memo's stats are taken: 'unverified' until the first one. */
export function memoStatWay(): 'binding' | 'statSync' | 'unverified' {
  return verified === undefined ? 'unverified' : verified === null ? 'statSync' : 'binding';
}

/** Node's fs binding, when it can be had without a warning or an error; undefined otherwise. */
function fsBinding(): FsBinding | undefined {
  if (process.platform === 'win32') return undefined;
  const get = (process as unknown as { binding?: (name: string) => unknown }).binding;
  if (typeof get !== 'function') return undefined;
  // Under --pending-deprecation, process.binding warns (DEP0111): not for a speed-up.
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const binding = get.call(process, 'fs') as Partial<FsBinding> | undefined;
    return typeof binding?.stat === 'function' ? (binding as FsBinding) : undefined;
  } catch {
    // Node's permission model refuses it.
    return undefined;
  } finally {
    process.noDeprecation = quiet;
  }
}
