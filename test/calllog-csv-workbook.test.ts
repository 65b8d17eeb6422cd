import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog } from '../src/calllog/read-call-log.js';
import { oneSheetBook } from './support/xlsx-parts.js';
import { zipArchive } from './support/zip.js';

const work = mkdtempSync(path.join(tmpdir(), 'tmcheck-csv-workbook-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What reading the bytes as a .csv call log gives: an input error's code and English message, or 'read'. */
async function readAsCsv(name: string, bytes: Buffer): Promise<{ code?: string; en?: string; row?: number } | 'read'> {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  const read = await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);
  return 'code' in read ? { code: read.code, en: read.message.en, row: read.row } : 'read';
}

describe('a workbook named .csv', () => {
  it('an .xlsx saved or renamed as .csv says it is a workbook (was: a wrong header row of zip bytes)', async () => {
    const error = await readAsCsv('calls.csv', zipArchive(oneSheetBook('<row r="1"><c r="A1" t="inlineStr"><is><t>call_id</t></is></c></row>')));
    expect(error).toMatchObject({ code: 'encoding', row: 1 });
    expect(error).toHaveProperty('en', expect.stringContaining('it is an XLSX workbook (a zip file), not CSV text; name it .xlsx'));
  });

  it('an .xls (OLE2) named .csv says so', async () => {
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const error = await readAsCsv('old.csv', ole2);
    expect(error).toHaveProperty('en', expect.stringContaining('Excel 97-2003 workbook (.xls)'));
  });

  it('CSV text that starts with the letters PK is read as CSV', async () => {
    const read = await readAsCsv('pk.csv', Buffer.from('PK,vendor_credit_code\n'));
    expect(read).not.toHaveProperty('en', expect.stringContaining('workbook'));
  });
});
