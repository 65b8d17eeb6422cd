import { closeSync, constants, fchmodSync, linkSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { trackTemp, untrackTemp } from './temp-files.js';
import type { Bilingual } from './i18n.js';

/** An output that could not be written; the message names the file (or folder) and why. */
export class OutputWriteError extends Error {
  constructor(
    readonly file: string,
    readonly text: Bilingual,
  ) {
    super(text.en);
    this.name = 'OutputWriteError';
  }
}

/**
 * What is written: a string, bytes, or text in pieces (a large report, rendered as it is written so
 * that it is never one string in memory: src/format/json.ts).
 */
export type OutputContent = string | Uint8Array | Iterable<string>;

/**
 * Writes a report (or baseline) to `target` without ever replacing something tmcheck does not own:
 * - a symbolic link is followed, and its target is written (the link stays);
 * - a character device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written through, like
 *   a shell's `>`, never replaced by a regular file (a FIFO that nothing reads is an error, not a wait);
 * - a folder, socket or block device is refused;
 * - a regular file (or a new name) is written whole or not at all: the content goes to a temporary
 *   file in the same folder (so the rename stays on one file system) and is renamed over the target,
 *   with the target's permissions.
 * Missing folders are created; one that cannot be (a file in the way) is an error naming it.
 * Any failure is an OutputWriteError naming the file, and leaves no temporary file behind.
 */
export function writeFileAtomic(target: string, content: OutputContent): void {
  const file = followLinks(path.resolve(target));
  const stats = statOrUndefined(file);
  if (stats === undefined) requireFolder(file);
  else if (stats.isCharacterDevice() || stats.isFIFO()) return writeThrough(file, content, stats.isFIFO());
  else if (stats.isDirectory()) throw new OutputWriteError(file, { zh: `${file} 是一个文件夹，不能写入报告`, en: `${file} is a folder, not a file` });
  else if (!stats.isFile()) {
    throw new OutputWriteError(file, { zh: `${file} 不是普通文件（套接字或块设备），拒绝写入`, en: `${file} is not a regular file (a socket or block device): refusing to write to it` });
  }
  // A report replaced keeps the permissions its owner gave it (a 0600 report stays private).
  writeThroughTemp(file, content, renameSync, stats?.mode);
}

/**
 * Creates a file with its whole content, or fails with EEXIST if the name is taken, never
 * overwriting: the temporary file is hard-linked to the target (link(2) refuses an existing name
 * atomically, unlike rename(2)). Missing folders are created, as for a report
 * (`tmcheck init report reports/2026-11.yaml` in a fresh folder).
 */
export function writeNewFileAtomic(target: string, content: OutputContent): void {
  const file = path.resolve(target);
  requireFolder(file);
  writeThroughTemp(file, content, linkSync);
}

/** The path a chain of symbolic links ends at (which may not exist yet); too many links is ELOOP. */
export function followLinks(file: string): string {
  let current = file;
  for (let hops = 0; hops < 40; hops++) {
    let stats: Stats;
    try {
      stats = lstatSync(current);
    } catch {
      return current;
    }
    if (!stats.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), readlinkSync(current));
  }
  throw new OutputWriteError(file, { zh: `${file}：符号链接层数过多`, en: `${file}: too many levels of symbolic links` });
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (error) {
    // Not there (ENOTDIR: a file stands where a folder should): requireFolder names the folder.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw failure(file, error);
  }
}

/** Creates the missing folders of a new output (as before); failing that, an error naming the folder. */
function requireFolder(file: string): void {
  const dir = path.dirname(file);
  try {
    makeFolders(dir);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new OutputWriteError(file, { zh: `无法写入 ${file}：无法创建文件夹 ${dir}（${why}）`, en: `cannot write ${file}: the folder ${dir} cannot be created (${why})` });
  }
}

/**
 * `mkdir -p`, one folder at a time from the first that exists. Not `mkdirSync(dir, { recursive: true })`:
 * under /proc a missing folder's mkdir fails with ENOENT while its parent exists, and Node's recursive
 * mkdir then retries the parent and the child forever at full CPU (`-o /proc/x/report.txt` never
 * returned). Here each mkdir is tried once: ENOENT after its parent exists is the error it is.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; ; ) {
    try {
      if (statSync(current).isDirectory()) break;
      throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
    } catch (error) {
      const parent = path.dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error;
      missing.push(current);
      current = parent;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by a concurrent run, or a link to a folder: the next mkdir says whether it can hold ours.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A device or FIFO is opened without O_CREAT and written in place, as the shell's `>` does. */
function writeThrough(file: string, content: OutputContent, fifo: boolean): void {
  let fd: number | undefined;
  try {
    // O_WRONLY alone: never create a regular file should the device vanish meanwhile.
    fd = fifo ? openFifo(file) : openSync(file, constants.O_WRONLY);
    writeContent(fd, content);
  } catch (error) {
    throw failure(file, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A FIFO's open(2) for writing waits for a reader, and no JavaScript signal handler runs meanwhile:
 * with nobody reading, the run hung past Ctrl-C and SIGTERM. Opened non-blocking first, a FIFO that
 * nothing reads is ENXIO (an error naming it); with a reader, the blocking open returns at once.
 */
function openFifo(file: string): number {
  const probe = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    return openSync(file, constants.O_WRONLY);
  } finally {
    closeSync(probe);
  }
}

/**
 * Writes the content to a fresh temporary file beside the target, then lets `publish` put it in
 * place. The temporary name is always removed (after a rename it is already gone) and is tracked
 * meanwhile, so an interrupted run removes it too.
 */
function writeThroughTemp(absolute: string, content: OutputContent, publish: (temp: string, target: string) => void, mode?: number): void {
  const dir = path.dirname(absolute);
  const temp = path.join(dir, tempName(path.basename(absolute)));
  trackTemp(temp);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      if (mode !== undefined) fchmodSync(fd, mode & 0o7777);
      writeContent(fd, content);
    } finally {
      closeSync(fd);
    }
    publish(temp, absolute);
  } catch (error) {
    // EEXIST is how writeNewFileAtomic says the name is taken: its caller words that itself.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && publish === linkSync) throw error;
    throw failure(absolute, error);
  } finally {
    rmSync(temp, { force: true });
    untrackTemp(temp);
  }
}

/** Longest file name (bytes) on the file systems tmcheck writes to. */
const NAME_MAX = 255;

/**
 * `.NAME.PID.RANDOM.tmp`, with NAME cut (by characters) so that the whole is a name the file system
 * takes: a report named with 240 bytes (80 Chinese characters) could not be written at all.
 */
function tempName(base: string): string {
  const suffix = `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const characters = Array.from(base);
  let bytes = Buffer.byteLength(base);
  while (bytes + suffix.length + 1 > NAME_MAX) bytes -= Buffer.byteLength(characters.pop()!);
  return `.${characters.join('')}${suffix}`;
}

/** Text pieces are gathered up to this many characters' worth of bytes per write: few system calls, little memory. */
const PIECE_CHARS = 1 << 16;

/** Writes all of the content at the file's position, however many writes the kernel needs. */
function writeContent(fd: number, content: OutputContent): void {
  if (typeof content === 'string' || content instanceof Uint8Array) return writeBytes(fd, typeof content === 'string' ? Buffer.from(content) : content);
  // One buffer for every write, grown only for a larger piece: a fresh buffer per write is memory
  // outside the heap that the collector frees late, at the end of a run when its report is largest.
  // Each piece is encoded straight into it: joining pieces into one string first made V8 flatten a
  // rope of thousands of pieces (3 x the time of a JSON report's writing). Pieces are whole JSON
  // values and punctuation, so no surrogate pair is ever split between two of them.
  let buffer = Buffer.allocUnsafe(PIECE_CHARS * 3);
  let used = 0;
  for (const piece of content) {
    // At most three UTF-8 bytes per UTF-16 unit.
    const room = piece.length * 3;
    if (used + room > buffer.length) {
      writeBytes(fd, buffer.subarray(0, used));
      used = 0;
      if (room > buffer.length) buffer = Buffer.allocUnsafe(room);
    }
    used += buffer.write(piece, used);
  }
  writeBytes(fd, buffer.subarray(0, used));
}

function writeBytes(fd: number, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
}

/** A system error on `file` (ENOSPC, EACCES, EISDIR…) as a one-line message naming the file. */
export function failure(file: string, error: unknown): OutputWriteError {
  if (error instanceof OutputWriteError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why = code ? `${code}: ${systemReason(code)}` : String(error);
  return new OutputWriteError(file, { zh: `无法写入 ${file}（${why}）`, en: `cannot write ${file} (${why})` });
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  EROFS: 'read-only file system',
  ENXIO: 'nothing is reading it',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'its folder does not exist',
};

function systemReason(code: string): string {
  return REASONS[code] ?? 'system error';
}
