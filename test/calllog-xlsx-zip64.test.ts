import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { zipArchive, type Zip64Layout } from './support/zip.js';
import { V1, inline, oneSheetBook, headerRow } from './support/xlsx-parts.js';

/**
 * Workbooks in ZIP64. A workbook re-zipped by Info-ZIP's `zip -fz` or written with Python's
 * `force_zip64` keeps each entry's sizes in a ZIP64 extra field of its local header (the 32-bit
 * fields say 0xFFFFFFFF) while its directory gives them plainly: tmcheck compared the two 32-bit
 * fields and refused every such workbook as laid out unlike Excel's reading. And where both said
 * 0xFFFFFFFF, it compared nothing: a local header claiming less than the directory (a phantom entry
 * hidden in its data, read instead of the sheet Excel shows) passed unseen.
 */
const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-zip64-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const row = (r: number, id: string, agent: string, at: string, recorded: number) =>
  `<row r="${r}">${inline(id, `A${r}`)}${inline(V1, `B${r}`)}${inline(agent, `C${r}`)}${inline(at, `D${r}`)}<c r="E${r}"><v>65</v></c><c r="F${r}"><v>${recorded}</v></c></row>`;
const CALLS = headerRow() + row(2, 'C1', 'A001', '2026-10-09 09:00:00', 1) + row(3, 'C2', 'X9', '2026-10-09 09:05:00', 0);

const read = (file: string) => readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);
const writeBook = (name: string, bytes: Buffer) => {
  const file = path.join(temp, name);
  writeFileSync(file, bytes);
  return file;
};
const summary = (contents: CallLogContents) => ({
  dataRows: contents.dataRows,
  badRows: contents.badRows,
  agents: contents.aggregator.agents().map((a) => a.agent),
});

describe('XLSX call logs in ZIP64', () => {
  it.each<[Zip64Layout]>([['local'], ['full']])('a %s ZIP64 workbook is read as the same workbook without ZIP64', async (layout) => {
    const plain = (await read(writeBook('plain.xlsx', zipArchive(oneSheetBook(CALLS))))) as CallLogContents;
    const zip64 = await read(writeBook(`${layout}.xlsx`, zipArchive(oneSheetBook(CALLS), { zip64: layout })));
    expect(summary(plain)).toEqual({ dataRows: 2, badRows: 0, agents: ['A001', 'X9'] });
    expect('code' in zip64 ? zip64 : summary(zip64)).toEqual(summary(plain));
  });

  it('a ZIP64 local header whose block holds one size where both belong is an input error, not a guess', async () => {
    const bytes = zipArchive(oneSheetBook(CALLS), { zip64: 'full' });
    const extraAt = 30 + bytes.readUInt16LE(26);
    const compressed = Number(bytes.readBigUInt64LE(extraAt + 12));
    const short = Buffer.from(bytes);
    // The 0x0001 block says 8 bytes (the uncompressed size only); two more blocks follow, the first
    // with id = the compressed size. unzipper reads 16 bytes from the block anyway, and so finds the
    // size there; a reader by the specification finds none. Readers disagree: refused.
    short.writeUInt16LE(8, extraAt + 2);
    short.writeUInt16LE(compressed, extraAt + 12);
    short.writeUInt16LE(0, extraAt + 14);
    short.writeUInt32LE(0, extraAt + 16);
    expect(await read(writeBook('short.xlsx', short))).toMatchObject({ code: 'xlsx-layout', message: { en: expect.stringContaining('the ZIP64 size of xl/workbook.xml in the zip cannot be read') } });
  });

  it('a phantom entry hidden in a ZIP64 entry (local header claiming less than the directory, both saturated) is an input error', async () => {
    // The streaming parser ends docProps/app.xml where its local ZIP64 field says and finds a phantom
    // xl/worksheets/sheet1.xml (no calls) whose size swallows the real one (the calls Excel shows).
    const book = oneSheetBook(CALLS);
    const parts = book.slice(0, -1).map((entry) => ({ name: entry.name, bytes: Buffer.concat([...entry.chunks()]) }));
    parts.push({ name: 'docProps/app.xml', bytes: Buffer.from('<Properties/>') });
    const sheetName = 'xl/worksheets/sheet1.xml';
    const calls = Buffer.concat([...book.at(-1)!.chunks()]);
    const clean = Buffer.from(Buffer.concat([...book.at(-1)!.chunks()]).toString('utf8').replace(/<row r="2">.*<\/sheetData>/, '</sheetData>'));
    const body: Buffer[] = [];
    const directory: Buffer[] = [];
    let offset = 0;
    for (const [i, { name, bytes }] of parts.entries()) {
      const data = deflateRawSync(bytes);
      const last = i === parts.length - 1;
      const realSheet = zip64Local(sheetName, deflateRawSync(calls), calls.length, crc32(calls));
      const phantomData = deflateRawSync(clean);
      const phantom = last ? zip64Local(sheetName, phantomData, clean.length, crc32(clean), phantomData.length + realSheet.length) : Buffer.alloc(0);
      const entry = zip64Local(name, data, bytes.length, crc32(bytes));
      directory.push(zip64Central(name, data.length + phantom.length, bytes.length, crc32(bytes), offset));
      body.push(entry, phantom);
      offset += entry.length + phantom.length;
      if (last) {
        directory.push(zip64Central(sheetName, deflateRawSync(calls).length, calls.length, crc32(calls), offset));
        body.push(realSheet);
        offset += realSheet.length;
      }
    }
    const file = writeBook('phantom.xlsx', Buffer.concat([...body, ...zip64End(directory, offset)]));
    expect(await read(file)).toMatchObject({ code: 'xlsx-layout', message: { en: expect.stringContaining('the size or place of docProps/app.xml in the zip differs from its directory') } });
  });
});

/** A local header with both sizes in its ZIP64 field (`compressed` what it claims), then name and data. */
function zip64Local(name: string, data: Buffer, size: number, crc: number, compressed = data.length): Buffer {
  const header = Buffer.alloc(30 + 20);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(45, 4);
  header.writeUInt16LE(0x0800, 6);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(0xffffffff, 18);
  header.writeUInt32LE(0xffffffff, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  header.writeUInt16LE(20, 28);
  header.writeUInt16LE(0x0001, 30);
  header.writeUInt16LE(16, 32);
  header.writeBigUInt64LE(BigInt(size), 34);
  header.writeBigUInt64LE(BigInt(compressed), 42);
  return Buffer.concat([header.subarray(0, 30), Buffer.from(name, 'utf8'), header.subarray(30), data]);
}

/** A directory entry with sizes and offset in its ZIP64 field only. */
function zip64Central(name: string, compressed: number, size: number, crc: number, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(45, 4);
  header.writeUInt16LE(45, 6);
  header.writeUInt16LE(0x0800, 8);
  header.writeUInt16LE(8, 10);
  header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(0xffffffff, 20);
  header.writeUInt32LE(0xffffffff, 24);
  header.writeUInt16LE(Buffer.byteLength(name), 28);
  header.writeUInt16LE(28, 30);
  header.writeUInt32LE(0xffffffff, 42);
  const extra = Buffer.alloc(28);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(24, 2);
  extra.writeBigUInt64LE(BigInt(size), 4);
  extra.writeBigUInt64LE(BigInt(compressed), 12);
  extra.writeBigUInt64LE(BigInt(offset), 20);
  return Buffer.concat([header, Buffer.from(name, 'utf8'), extra]);
}

/** The directory, then the ZIP64 end record, its locator and an end record whose fields are saturated. */
function zip64End(directory: Buffer[], offset: number): Buffer[] {
  const dir = Buffer.concat(directory);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeBigUInt64LE(BigInt(directory.length), 24);
  record.writeBigUInt64LE(BigInt(directory.length), 32);
  record.writeBigUInt64LE(BigInt(dir.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + dir.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return [dir, record, locator, end];
}
