import { layoutError } from './xlsx-layout.js';

/**
 * The zip's central directory checked against the entries the streaming parser read. tmcheck reads
 * a workbook's entries in file order, from their local headers (unzipper's streaming parser);
 * Excel, like every reader of OOXML packages, reads the directory at the zip's end, which says where
 * each entry is and what it is called. The two could be made to disagree: a clean worksheet stored
 * under the name of the sheet of calls, the directory listing it under another name and the calls
 * under the sheet's: tmcheck read the clean one, Excel shows the calls. Here the directory must list
 * exactly the entries read, in file order, each one at a local header of the same name; anything
 * else is an input error (`xlsx-layout`).
 */
export async function checkCentralDirectory(read: (start: number, end: number) => Promise<Buffer>, size: number, streamed: readonly string[]): Promise<void> {
  const listed = await directoryEntries(read, size);
  listed.sort((a, b) => a.offset - b.offset);
  const names = listed.map((entry) => entry.name.toString('utf8'));
  if (names.length !== streamed.length || names.some((name, i) => name !== streamed[i])) {
    const differs = names.findIndex((name, i) => name !== streamed[i]);
    const at = differs === -1 ? names.length : differs;
    const shown = (name: string | undefined) => (name === undefined ? '—' : name);
    throw layoutError(
      `压缩包的目录与其内容不一致（第 ${at + 1} 项：目录中为 ${shown(names[at])}，内容中为 ${shown(streamed[at])}）`,
      `the zip's directory does not list the entries it holds (entry ${at + 1}: ${shown(names[at])} in the directory, ${shown(streamed[at])} in the file)`,
    );
  }
  // The streaming parser goes from one local header to the next by the sizes it finds there: each
  // entry must end where the directory says, and the next begin right after it.
  let next = 0;
  for (const entry of listed) {
    const name = entry.name.toString('utf8');
    const header = await read(entry.offset, entry.offset + 30 + entry.name.length);
    if (header.length < 30 + entry.name.length || header.readUInt32LE(0) !== LOCAL_HEADER || header.readUInt16LE(26) !== entry.name.length || !header.subarray(30).equals(entry.name)) {
      throw layoutError(`压缩包目录中的 ${name} 与该位置的条目名称不符`, `the zip's directory names an entry ${name} that is stored under another name`);
    }
    const extraStart = entry.offset + 30 + entry.name.length;
    const dataStart = extraStart + header.readUInt16LE(28);
    // The size the streaming parser goes by: a ZIP64 local header (Info-ZIP's `zip -fz`, Python's
    // force_zip64) keeps it in its extra field, whatever the directory does.
    let local = header.readUInt32LE(18);
    if (local === 0xffffffff) local = localZip64Size(await read(extraStart, dataStart), name);
    // unzipper reads an entry of unknown size (flag 3, size 0) up to the first data-descriptor signature.
    const sizeUnknown = (header.readUInt16LE(6) & 0x08) !== 0 && local === 0;
    const dataEnd = dataStart + entry.compressed;
    const misplaced = () => layoutError(`压缩包中 ${name} 的大小或位置与目录不符`, `the size or place of ${name} in the zip differs from its directory`);
    if (entry.offset !== next || (!sizeUnknown && local !== entry.compressed)) throw misplaced();
    if (sizeUnknown && (await firstSignature(read, dataStart, dataEnd + 4)) !== dataEnd) throw misplaced();
    const after = await read(dataEnd, dataEnd + 4);
    next = dataEnd + (after.length === 4 && after.readUInt32LE(0) === DATA_DESCRIPTOR ? 16 : (header.readUInt16LE(6) & 0x08) !== 0 ? 12 : 0);
  }
}

/**
 * The compressed size in a local header's ZIP64 extra field, where unzipper's streaming parser takes
 * it: the second 8-byte value of the first 0x0001 block (a local header's block holds both sizes).
 * A block too short to hold both is read differently by different readers: refused.
 */
function localZip64Size(extra: Buffer, name: string): number {
  for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2)) {
    if (extra.readUInt16LE(at) !== 0x0001) continue;
    if (extra.readUInt16LE(at + 2) >= 16 && at + 20 <= extra.length) return Number(extra.readBigUInt64LE(at + 12));
    break;
  }
  throw layoutError(`压缩包中 ${name} 的 ZIP64 大小无法读取`, `the ZIP64 size of ${name} in the zip cannot be read`);
}

const DATA_DESCRIPTOR = 0x08074b50;
const SEARCH_BYTES = 1024 * 1024;

/** Where the first data-descriptor signature in bytes [start, end) of the file is, or -1. */
async function firstSignature(read: (start: number, end: number) => Promise<Buffer>, start: number, end: number): Promise<number> {
  const signature = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
  for (let at = start; at < end; at += SEARCH_BYTES) {
    // Each window overlaps the next by three bytes, so that a signature across their border is seen.
    const window = await read(at, Math.min(end, at + SEARCH_BYTES + 3));
    const found = window.indexOf(signature);
    if (found !== -1) return at + found;
    if (window.length < 4) break;
  }
  return -1;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** A directory larger than this is not a workbook's (Excel's hold a few kilobytes). */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

interface DirectoryEntry {
  name: Buffer;
  offset: number;
  /** The compressed size (from the ZIP64 extra field when the 32-bit one is 0xFFFFFFFF). */
  compressed: number;
}

async function directoryEntries(read: (start: number, end: number) => Promise<Buffer>, size: number): Promise<DirectoryEntry[]> {
  // The end record is the last 22 bytes, before a comment of at most 65,535 bytes.
  const tailStart = Math.max(0, size - 22 - 0xffff);
  const tail = await read(tailStart, size);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === END_OF_DIRECTORY && at + 22 + tail.readUInt16LE(at + 20) === tail.length) {
      end = at;
      break;
    }
  }
  if (end === -1) throw layoutError('找不到压缩包的目录', "the zip's directory cannot be found");
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryStart = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) {
    // ZIP64: a locator just before the end record points to the ZIP64 end record.
    const locatorAt = tailStart + end - 20;
    const locator = locatorAt >= 0 ? await read(locatorAt, locatorAt + 20) : Buffer.alloc(0);
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw layoutError('压缩包的 ZIP64 目录无法读取', "the zip's ZIP64 directory cannot be read");
    const recordAt = Number(locator.readBigUInt64LE(8));
    const record = await read(recordAt, recordAt + 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_END) throw layoutError('压缩包的 ZIP64 目录无法读取', "the zip's ZIP64 directory cannot be read");
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryStart = Number(record.readBigUInt64LE(48));
  }
  if (directorySize > MAX_DIRECTORY_BYTES || directoryStart + directorySize > size) throw layoutError('压缩包的目录无法读取', "the zip's directory cannot be read");
  const directory = await read(directoryStart, directoryStart + directorySize);
  const entries: DirectoryEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) throw layoutError('压缩包的目录无法读取', "the zip's directory cannot be read");
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.subarray(at + 46, at + 46 + nameLength);
    const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const compressedField = directory.readUInt32LE(at + 20);
    const uncompressedInExtra = directory.readUInt32LE(at + 24) === 0xffffffff;
    const compressedInExtra = compressedField === 0xffffffff;
    let offset = directory.readUInt32LE(at + 42);
    if (offset === 0xffffffff) offset = zip64Field(extra, 8 * (Number(uncompressedInExtra) + Number(compressedInExtra)));
    const compressed = compressedInExtra ? zip64Field(extra, 8 * Number(uncompressedInExtra)) : compressedField;
    entries.push({ name, offset, compressed });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The 8-byte value `skip` bytes into an entry's ZIP64 extra field (its overflowed sizes, then its offset). */
function zip64Field(extra: Buffer, skip: number): number {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      const field = at + 4 + skip;
      if (field + 8 <= at + 4 + length && field + 8 <= extra.length) return Number(extra.readBigUInt64LE(field));
      break;
    }
    at += 4 + length;
  }
  throw layoutError('压缩包的 ZIP64 目录无法读取', "the zip's ZIP64 directory cannot be read");
}
