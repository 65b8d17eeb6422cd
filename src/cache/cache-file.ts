import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { readSourceBytes } from '../read/read-source.js';
import { CACHE_MAGIC as CACHE_MAGIC_TEXT } from '../read/own-files.js';
import type { InputError } from '../read/input-error.js';
import { writeFileAtomic, OutputWriteError } from '../util/atomic-write.js';
import { sha256 } from '../util/hash.js';
import type { Bilingual } from '../util/i18n.js';
import { CacheEntries, ENTRY_HEAD, headView } from './cache-entries.js';
import { StatMemo } from './stat-memo.js';

export type { CacheEntry } from './cache-entries.js';

const CACHE_MAGIC = Buffer.from(CACHE_MAGIC_TEXT, 'latin1');

/** Bumped whenever what an entry holds changes: a cache of another format is ignored. */
const FORMAT = 10;

/** Bounds of the cache file (its stat memo included): past either, the entries used longest ago are dropped when it is written. */
export const CACHE_LIMITS = { maxEntries: 200_000, maxBytes: 256 * 1024 * 1024 };

export interface CacheContent {
  /** Runs written so far: each run stamps the entries it uses with the next number. */
  run: number;
  /** By the run key and the content's SHA-256, both in hex. */
  entries: CacheEntries;
  /**
   * Lists of rule ids (outcome keys, in order), kept once for every entry with the same rules in
   * force: the ids are most of a document's result, and the same for every document of a kind.
   */
  shapes: string[][];
  /** The stat memo: per file path, the stat it had when read and its content hash (stat-memo.ts). */
  memo: StatMemo;
}

/** What a run writes: its content, and the tool (toolHash) running it, whose entries alone are kept. */
export interface CacheToWrite extends CacheContent {
  tool: string;
}

/** What was found at the cache's location; `writable` is false when the file there is not tmcheck's to replace. */
export type CacheRead = { content: CacheContent; writable: true; note?: Bilingual } | { content: CacheContent; writable: false; note: Bilingual };

/**
 * Reads the cache file. A file that is missing starts an empty cache; one that is damaged, of
 * another format or from another Node version is ignored with a note (and replaced when the run
 * writes the cache). A file that is not a tmcheck cache at all is never trusted nor replaced.
 */
export function readCacheFile(location: string, shown: string): CacheRead {
  const empty = (): CacheContent => ({ run: 0, entries: new CacheEntries(), shapes: [], memo: StatMemo.empty() });
  const bytes = readWhole(location, CACHE_LIMITS.maxBytes + 1024);
  if (!Buffer.isBuffer(bytes)) {
    if (bytes.code === 'not-found') return { content: empty(), writable: true };
    if (bytes.code === 'too-large') {
      return {
        content: empty(),
        writable: false,
        note: {
          zh: `${shown} 超过 tmcheck 写入的缓存大小上限：未读取也不会覆盖，本次不使用缓存`,
          en: `${shown} is larger than any cache tmcheck writes: it is neither read nor replaced, and no cache is used this run`,
        },
      };
    }
    return {
      content: empty(),
      writable: false,
      note: {
        zh: `缓存文件 ${shown} 无法使用（${bytes.message.zh}）：本次不读也不写缓存，所有文档重新检查`,
        en: `the cache file ${shown} cannot be used (${bytes.message.en}): no cache is read or written this run, every document is checked`,
      },
    };
  }
  if (bytes.length > 0 && !bytes.subarray(0, CACHE_MAGIC.length).equals(CACHE_MAGIC)) {
    return {
      content: empty(),
      writable: false,
      note: {
        zh: `${shown} 不是 tmcheck 的缓存文件：未读取也不会覆盖，本次不使用缓存（请用 --cache-location 指定别的位置）`,
        en: `${shown} is not a tmcheck cache file: it is neither trusted nor replaced, and no cache is used this run (choose another place with --cache-location)`,
      },
    };
  }
  const content = bytes.length === 0 ? empty() : decode(bytes.subarray(CACHE_MAGIC.length));
  if (content) return { content, writable: true };
  return {
    content: empty(),
    writable: true,
    note: {
      zh: `缓存文件 ${shown} 已损坏或由其他版本写入：已忽略，所有文档重新检查，并写入新的缓存`,
      en: `the cache file ${shown} is damaged or was written by another version: ignored, every document is checked and a new cache is written`,
    },
  };
}

/**
 * The body after the magic: a SHA-256 of the rest, then the payload: format, Node's V8 version (an
 * entry may be V8-serialized), the run count and the entry count, the shapes (V8-serialized, with
 * their length before them), the run keys (their count, then 64 bytes each: the run key and its
 * tool's hash), then the entries, each
 * as its run key's index, the content's SHA-256 (32 bytes), run last used, shape and length (32-bit
 * each) and value, sorted by content hash (CacheEntries searches them in place), then the stat
 * memo (StatMemo.decode). Plain offsets:
 * reading it copies nothing, writing it is one concatenation. Undefined when anything is off.
 */
function decode(body: Buffer): CacheContent | undefined {
  const checksum = body.subarray(0, 32);
  const payload = body.subarray(32);
  if (checksum.length !== 32 || sha256(payload) !== checksum.toString('hex')) return undefined;
  const header = headerBytes(0);
  if (payload.length < header.length + 4 || !payload.subarray(0, header.length - 8).equals(header.subarray(0, header.length - 8))) return undefined;
  const run = payload.readUInt32LE(header.length - 8);
  const count = payload.readUInt32LE(header.length - 4);
  const shapesLength = payload.readUInt32LE(header.length);
  let at = header.length + 4 + shapesLength;
  if (at + 4 > payload.length) return undefined;
  const shapes = decodeShapes(payload.subarray(header.length + 4, at));
  if (!shapes) return undefined;
  const runKeys: string[] = [];
  const tools: string[] = [];
  const runKeyCount = payload.readUInt32LE(at);
  at += 4;
  if (at + 64 * runKeyCount > payload.length) return undefined;
  for (let i = 0; i < runKeyCount; i++, at += 64) {
    runKeys.push(payload.toString('hex', at, at + 32));
    tools.push(payload.toString('hex', at + 32, at + 64));
  }
  // Only where each entry starts: CacheEntries finds an entry there when a document asks for it.
  // Read through a DataView: this loop runs once a run, before V8 optimizes it, and Buffer's
  // readUInt32LE (a JavaScript function a call) made it 7 ms for 5,000 entries, against about 1.
  const view = headView(payload);
  const offsets = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    if (at + ENTRY_HEAD > payload.length) return undefined;
    const runKeyIndex = view.getUint32(at, true);
    const shape = view.getUint32(at + 40, true);
    const length = view.getUint32(at + 44, true);
    if (runKeyIndex >= runKeyCount || shape > shapes.length || at + ENTRY_HEAD + length > payload.length) return undefined;
    offsets[i] = at;
    at += ENTRY_HEAD + length;
  }
  const memo = StatMemo.decode(payload, at);
  return memo && memo.end === payload.length ? { run, entries: new CacheEntries({ bytes: payload, view, runKeys, tools, offsets }), shapes, memo: memo.memo } : undefined;
}

function decodeShapes(bytes: Buffer): string[][] | undefined {
  let shapes: unknown;
  try {
    shapes = bytes.length === 0 ? [] : deserialize(bytes);
  } catch {
    return undefined;
  }
  const isShape = (shape: unknown) => Array.isArray(shape) && shape.every((id) => typeof id === 'string');
  return Array.isArray(shapes) && shapes.every(isShape) ? (shapes as string[][]) : undefined;
}

/** Format and V8 version (a cache of another is ignored), then the run count and entry count. */
function headerBytes(run: number, count = 0): Buffer {
  const version = Buffer.from(`${FORMAT} ${process.versions.v8}\n`, 'latin1');
  const numbers = Buffer.alloc(8);
  numbers.writeUInt32LE(run, 0);
  numbers.writeUInt32LE(count, 4);
  return Buffer.concat([version, numbers]);
}

/**
 * Writes the cache atomically (never a half-written file), keeping the entries of the tool that runs
 * (`content.tool`) used most recently, within CACHE_LIMITS. Entries another tool made (an older build
 * or version: its run keys can never be this tool's) are dropped, so the file that every warm run
 * reads and checksums stays the size of what this tool can use; its other run keys (another
 * --as-of, profile or rule folder) are kept. Returns a note when it could not be written; the run's
 * report is unaffected.
 */
export function writeCacheFile(location: string, shown: string, content: CacheToWrite): Bilingual | undefined {
  const kept: Array<{ hash: string; runIndex: number; head: Buffer; value: Buffer }> = [];
  // The memo first (bounded on its own, and a small part of the whole): the entries take the rest.
  const memo = content.memo.encode();
  let bytes = memo.length;
  let count = 0;
  // The shapes the kept entries use, numbered again from 1 in the order met.
  const shapes: string[][] = [];
  const renumbered = new Map<number, number>();
  // The run keys of the kept entries (few: one per set of rules, profile, options and tool), each written once.
  const runIndexes = new Map<string, number>();
  // Newest first (the bound drops those used longest ago).
  const byUse = [...content.entries].filter(([key]) => content.entries.toolOf(key.slice(0, 64)) === content.tool).sort((a, b) => b[1].used - a[1].used);
  for (const [key, entry] of byUse) {
    const runKey = key.slice(0, 64);
    // A shape counts once, when the first entry using it is kept (V8 writes at most 2 bytes a character).
    const newShape = entry.shape > 0 && !renumbered.has(entry.shape) ? content.shapes[entry.shape - 1]! : undefined;
    const shapeSize = newShape ? newShape.reduce((sum, id) => sum + 2 * id.length + 10, 10) : 0;
    if (count >= CACHE_LIMITS.maxEntries || bytes + shapeSize + entry.value.length + ENTRY_HEAD > CACHE_LIMITS.maxBytes) break;
    if (newShape) renumbered.set(entry.shape, shapes.push(newShape));
    const shape = entry.shape > 0 ? renumbered.get(entry.shape)! : 0;
    const runIndex = runIndexes.get(runKey) ?? runIndexes.set(runKey, runIndexes.size).size - 1;
    const hash = key.slice(64);
    const head = Buffer.alloc(ENTRY_HEAD);
    head.writeUInt32LE(runIndex, 0);
    head.write(hash, 4, 'hex');
    head.writeUInt32LE(entry.used, 36);
    head.writeUInt32LE(shape, 40);
    head.writeUInt32LE(entry.value.length, 44);
    kept.push({ hash, runIndex, head, value: Buffer.from(entry.value.buffer, entry.value.byteOffset, entry.value.length) });
    bytes += shapeSize + entry.value.length + ENTRY_HEAD;
    count += 1;
  }
  const shapeBytes = shapes.length === 0 ? Buffer.alloc(0) : serialize(shapes);
  const shapesLength = Buffer.alloc(4);
  shapesLength.writeUInt32LE(shapeBytes.length, 0);
  const runKeys = Buffer.alloc(4 + 64 * runIndexes.size);
  runKeys.writeUInt32LE(runIndexes.size, 0);
  for (const [runKey, index] of runIndexes) {
    runKeys.write(runKey, 4 + 64 * index, 'hex');
    runKeys.write(content.tool, 4 + 64 * index + 32, 'hex');
  }
  // By content hash (lower-case hex sorts as the bytes do), then run key: the order CacheEntries searches.
  kept.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.runIndex - b.runIndex));
  const payload = Buffer.concat([headerBytes(content.run, count), shapesLength, shapeBytes, runKeys, ...kept.flatMap((entry) => [entry.head, entry.value]), memo]);
  try {
    writeFileAtomic(location, Buffer.concat([CACHE_MAGIC, Buffer.from(sha256(payload), 'hex'), payload]));
    return undefined;
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    return { zh: `无法写入缓存文件 ${shown}：${error.text.zh}`, en: `could not write the cache file ${shown}: ${error.text.en}` };
  }
}

/**
 * The file in one read of its size (a cache is megabytes: readSourceBytes' chunked read for files of
 * unknown size would copy it again); anything else, or a file too large, goes through readSourceBytes
 * for the same guards and messages.
 */
function readWhole(location: string, maxBytes: number): Buffer | InputError {
  let fd: number | undefined;
  try {
    fd = openSync(location, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > 0 && stats.size <= maxBytes) {
      const bytes = readFileSync(fd);
      if (bytes.length <= maxBytes) return bytes;
    }
  } catch {
    // The same open, stat and read again below give the error its message.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return readSourceBytes(location, maxBytes);
}
