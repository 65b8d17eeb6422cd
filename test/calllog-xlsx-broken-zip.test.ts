import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog } from '../src/calllog/read-call-log.js';
import { projectRoot, FIXTURE_DOSSIER } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { zipArchive, type Zip64Layout } from './support/zip.js';
import { V1, inline, oneSheetBook, headerRow } from './support/xlsx-parts.js';

/**
 * A workbook whose local header claims fewer compressed bytes than its entry's deflate stream holds:
 * the zip parser's inflater fails ("unexpected end of file") on the parser only, and the entry being
 * read never ended. tmcheck waited forever: the CLI ended with exit 13 "the process ended before the
 * check finished" and no report for any file; the library API's promise never settled. It is an
 * input error on the workbook (exit 2), and the other files are checked.
 */
const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-broken-zip-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const CALL = `<row r="2">${inline('C1', 'A2')}${inline(V1, 'B2')}${inline('A001', 'C2')}${inline('2026-10-09 09:00:00', 'D2')}<c r="E2"><v>65</v></c><c r="F2"><v>1</v></c></row>`;

/** The workbook with entry `index`'s local header claiming `short` bytes fewer than its data. */
function shortEntry(name: string, index: number, short: number, zip64?: Zip64Layout): string {
  const bytes = zipArchive(oneSheetBook(headerRow() + CALL), { zip64 });
  let at = 0;
  for (let i = 0; i < index; i++) {
    const extra = bytes.readUInt16LE(at + 28);
    const size = zip64 ? Number(bytes.readBigUInt64LE(at + 30 + bytes.readUInt16LE(at + 26) + 12)) : bytes.readUInt32LE(at + 18);
    at += 30 + bytes.readUInt16LE(at + 26) + extra + size;
  }
  if (zip64) {
    const field = at + 30 + bytes.readUInt16LE(at + 26) + 12;
    bytes.writeBigUInt64LE(bytes.readBigUInt64LE(field) - BigInt(short), field);
  } else bytes.writeUInt32LE(bytes.readUInt32LE(at + 18) - short, at + 18);
  const file = path.join(temp, name);
  writeFileSync(file, bytes);
  return file;
}

describe('a workbook whose deflate stream ends early', () => {
  it.each([
    ['first entry, 1 byte', 0, 1, undefined],
    ['first entry, 5 bytes', 0, 5, undefined],
    ['the worksheet, 1 byte', 2, 1, undefined],
    ['first entry, ZIP64', 0, 1, 'local'],
  ] as const)('%s short: an input error, not a wait without end', { timeout: 20_000 }, async (_label, index, short, zip64) => {
    const result = await readCallLog(shortEntry(`short-${index}-${short}-${zip64 ?? 'plain'}.xlsx`, index, short, zip64), DEFAULT_CALL_LOG_OPTIONS);
    expect(result).toMatchObject({ code: 'xlsx', message: { en: 'cannot read the XLSX file: unexpected end of file' } });
  });

  it('the CLI reports it (exit 2) and checks the other files', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(path.join(temp, 'run-'));
    copyFileSync(path.join(projectRoot, 'fixtures/calllogs/report-2026-10-jinan.yaml'), path.join(dir, 'report.yaml'));
    copyFileSync(shortEntry('cli.xlsx', 0, 1), path.join(dir, 'calls.xlsx'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', FIXTURE_DOSSIER, '.'], { cwd: dir }); // with the report's vendor's dossier
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const files = (JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }> }).files;
    expect(files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([
      ['calls.xlsx', 'invalid', 'cannot read the XLSX file: unexpected end of file'],
      ['report.yaml', 'pass', undefined],
    ]);
  });
});

describe('a file named .xlsx that is not a workbook', () => {
  // The zip parser's words were "invalid signature: 0xe011cfd0": nothing an officer can act on.
  const named = (name: string, bytes: Buffer) => {
    const file = path.join(temp, name);
    writeFileSync(file, bytes);
    return file;
  };
  it.each([
    ['an Excel 97-2003 workbook or a password-protected one (OLE2)', Buffer.from('d0cf11e0a1b11ae1000000000000000000', 'hex'), 'it is an Excel 97-2003 workbook (.xls) or a workbook with a password to open; save it in Excel as an .xlsx workbook without a password and check again'],
    ['CSV text', Buffer.from('call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n'), 'it does not start as an XLSX (zip) file does; if it is CSV text, name it .csv'],
    ['an empty file', Buffer.alloc(0), 'the file is empty'],
  ])('%s: an input error that says what it is and what to do', async (_label, bytes, says) => {
    const result = await readCallLog(named(`not-${bytes.length}.xlsx`, bytes), DEFAULT_CALL_LOG_OPTIONS);
    expect(result).toMatchObject({ code: 'xlsx', message: { en: `not an XLSX workbook: ${says}`, zh: expect.stringMatching(/^不是 XLSX 工作簿：/) } });
  });
});
