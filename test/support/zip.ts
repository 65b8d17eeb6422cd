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
 * Writes a zip archive (deflate, no data descriptors, no ZIP64): enough for tests to build XLSX
 * workbooks byte by byte, including ones exceljs would never write, and small zip bombs.
 */
export function zipArchive(entries: ZipEntryInput[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { data, crc, size } = deflateChunks(entry.chunks());
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(declared, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, data);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
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
