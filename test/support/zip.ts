import { crc32, deflateRawSync } from 'node:zlib';

/** One file in a zip: its bytes as chunks (so that a large, repetitive entry never sits in memory whole). */
export interface ZipEntryInput {
  name: string;
  /** Called to produce the entry's bytes, chunk by chunk. */
  chunks: () => Iterable<Buffer>;
  /** What the headers claim the entry inflates to; its real size when absent. A zip bomb lies here. */
  declaredSize?: number;
}

/**
 * ZIP64 as writers lay it out, for small files: `local` as Info-ZIP's `zip -fz` and Python's
 * `force_zip64` (each local header keeps both sizes in a ZIP64 extra field, the directory its plain
 * fields, the end record points to a ZIP64 end record); `full` as a writer that puts everything in
 * ZIP64 (the directory's sizes and offsets too, and the end record's count and size).
 */
export type Zip64Layout = 'local' | 'full';

const SATURATED = 0xffffffff;

/** A ZIP64 extended-information extra field (id 0x0001) holding `values`, 8 bytes each. */
function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, i) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * i));
  return extra;
}

/**
 * Writes a zip archive (deflate, no data descriptors; ZIP64 with `zip64`): enough for tests to build
 * XLSX workbooks byte by byte, including ones exceljs would never write, and small zip bombs.
 */
export function zipArchive(entries: ZipEntryInput[], { zip64 }: { zip64?: Zip64Layout } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { data, crc, size } = deflateChunks(entry.chunks());
    const declared = entry.declaredSize ?? size;
    const localExtra = zip64 ? zip64Extra([declared, data.length]) : Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(zip64 ? SATURATED : data.length, 18);
    local.writeUInt32LE(zip64 ? SATURATED : declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const full = zip64 === 'full';
    const centralExtra = full ? zip64Extra([declared, data.length, offset]) : Buffer.alloc(0);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(zip64 ? 45 : 20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(full ? SATURATED : data.length, 20);
    header.writeUInt32LE(full ? SATURATED : declared, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(centralExtra.length, 30);
    header.writeUInt32LE(full ? SATURATED : offset, 42);
    central.push(header, name, centralExtra);
    parts.push(local, name, localExtra, data);
    offset += local.length + name.length + localExtra.length + data.length;
  }
  const directory = Buffer.concat(central);
  const records: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4); // the record's size after this field
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16); // one disk
    records.push(record, locator);
  }
  const full = zip64 === 'full';
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(full ? 0xffff : entries.length, 8);
  end.writeUInt16LE(full ? 0xffff : entries.length, 10);
  end.writeUInt32LE(full ? SATURATED : directory.length, 12);
  end.writeUInt32LE(zip64 ? SATURATED : offset, 16);
  return Buffer.concat([...parts, directory, ...records, end]);
}

/** Deflates chunks one by one into one raw deflate stream (sync flush between chunks keeps memory to the output). */
function deflateChunks(chunks: Iterable<Buffer>): { data: Buffer; crc: number; size: number } {
  // Repetitive chunks deflate to almost nothing; joining them first would hold the whole entry.
  // A deflate stream may be cut into blocks: each chunk is its own non-final block, then an empty final one.
  const blocks: Buffer[] = [];
  let crc = 0;
  let size = 0;
  let previous: Buffer | undefined;
  let compressedPrevious: Buffer | undefined;
  for (const chunk of chunks) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    // The same chunk again deflates the same way: reuse it (a bomb repeats one chunk many times).
    if (previous !== undefined && chunk.equals(previous)) {
      blocks.push(compressedPrevious!);
      continue;
    }
    previous = chunk;
    compressedPrevious = nonFinalBlock(chunk);
    blocks.push(compressedPrevious);
  }
  blocks.push(Buffer.from([0x03, 0x00])); // an empty final fixed-Huffman block
  return { data: Buffer.concat(blocks), crc, size };
}

/** A chunk deflated on its own as non-final blocks ending on a byte boundary (a full flush). */
function nonFinalBlock(chunk: Buffer): Buffer {
  // Z_FULL_FLUSH ends with an empty stored block, byte-aligned, and no block is marked final;
  // the dictionary is reset, so the block can be repeated anywhere in the stream.
  const deflated = deflateRawSync(chunk, { finishFlush: 3 /* Z_FULL_FLUSH */ });
  return deflated;
}
