import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { checkXlsxLimits } from '../src/calllog/xlsx-limits.js';
import type { InputError } from '../src/read/input-error.js';
import { projectRoot } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { zipArchive, type ZipEntryInput } from './support/zip.js';

/**
 * XLSX call logs built byte by byte (test/support/zip.ts): zip bombs that a few kilobytes or
 * megabytes of zip expand into gigabytes or tens of millions of shared strings, and sheets written
 * without the optional `r` attributes, which exceljs never writes but other producers do.
 */

const HEADER = ['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded'];
const V1 = '91370102MA3C4F5G9F';

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-xlsx-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const once = (text: string) => () => [Buffer.from(text, 'utf8')];

/** The parts every workbook needs, around a first sheet and an optional shared-string table. */
function workbook(sheet: ZipEntryInput['chunks'], sharedStrings?: ZipEntryInput, sheetDeclaredSize?: number): Buffer {
  return zipArchive([
    {
      name: '[Content_Types].xml',
      chunks: once(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      chunks: once(
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="calls" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunks: once(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    ...(sharedStrings ? [sharedStrings] : []),
    { name: 'xl/worksheets/sheet1.xml', chunks: sheet, ...(sheetDeclaredSize !== undefined ? { declaredSize: sheetDeclaredSize } : {}) },
  ]);
}

const inline = (text: string, ref?: string) => `<c${ref ? ` r="${ref}"` : ''} t="inlineStr"><is><t>${text}</t></is></c>`;
const sheetXml = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;

function write(name: string, bytes: Buffer): string {
  const file = path.join(temp, name);
  writeFileSync(file, bytes);
  return file;
}

async function read(file: string, options: Partial<typeof DEFAULT_CALL_LOG_OPTIONS> = {}): Promise<CallLogContents | InputError> {
  return readCallLog(file, { ...DEFAULT_CALL_LOG_OPTIONS, ...options });
}

/** A shared-string table of `count` empty strings, deflated block by repeated block: a few MB of zip at most. */
function sharedStringBomb(count: number): ZipEntryInput {
  const perChunk = 10_000;
  const chunk = Buffer.from('<si><t></t></si>'.repeat(perChunk));
  return {
    name: 'xl/sharedStrings.xml',
    chunks: function* () {
      yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${count}" uniqueCount="${count}">`);
      for (let i = 0; i < count / perChunk; i++) yield chunk;
      yield Buffer.from('</sst>');
    },
  };
}

const smallSheet = once(sheetXml(`<row r="1">${HEADER.map((h, i) => inline(h, `${'ABCDEF'[i]}1`)).join('')}</row>`));

describe('XLSX limits', () => {
  it('a shared-string table of 20 million entries stops at the default limit: exit 2 naming --max-shared-strings', async () => {
    const file = write('strings-bomb.xlsx', workbook(smallSheet, sharedStringBomb(20_000_000)));
    expect(statSync(file).size).toBeLessThan(4 * 1024 * 1024);
    const run = await runCli(['--format', 'json', '--lang', 'en', path.relative(projectRoot, file)], projectRoot);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { files: Array<{ status: string; errors: Array<{ message: string }> }> };
    expect(report.files[0]!.status).toBe('invalid');
    expect(report.files[0]!.errors[0]!.message).toBe(
      `the XLSX shared-string table holds more than the limit of ${DEFAULT_CALL_LOG_OPTIONS.maxSharedStrings} strings; reading stopped (raise it with --max-shared-strings)`,
    );
  });

  it('--max-shared-strings sets the limit: exactly at it is read, one more is refused', async () => {
    const file = write('strings-20000.xlsx', workbook(smallSheet, sharedStringBomb(20_000)));
    const at = await read(file, { maxSharedStrings: 20_000 });
    expect(at).toMatchObject({ dataRows: 0 }); // read to the end: a header and no calls
    expect(await read(file, { maxSharedStrings: 19_999 })).toMatchObject({ code: 'xlsx-too-many-strings' });
    const run = await runCli(['--max-shared-strings', '19999', '--lang', 'en', path.relative(projectRoot, file)], projectRoot);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('raise it with --max-shared-strings');
  });

  it('an entry that inflates past --max-xlsx-bytes while claiming a small size is stopped after reading a fraction of the file', async () => {
    // 2 GiB of spaces, about 2 MB of zip, with a header that claims 100 bytes.
    const spaces = Buffer.alloc(1024 * 1024, ' ');
    const sheet = function* () {
      yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}">`);
      for (let i = 0; i < 2048; i++) yield spaces;
      yield Buffer.from('<sheetData/></worksheet>');
    };
    const file = write('bytes-bomb.xlsx', workbook(sheet, undefined, 100));
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(1024 * 1024);

    let readBytes = 0;
    const bytes = createReadStream(file, { highWaterMark: 16 * 1024 });
    bytes.on('data', (chunk) => (readBytes += chunk.length));
    await expect(checkXlsxLimits(bytes, { maxXlsxBytes: 4 * 1024 * 1024, maxSharedStrings: 1000 })).rejects.toMatchObject({ error: { code: 'xlsx-too-large' } });
    // Stopped after about 4 MiB inflated (about 4 KB of this zip, plus what the streams read ahead), not after the whole file.
    expect(readBytes).toBeLessThan(size / 4);

    const run = await runCli(['--max-xlsx-bytes', String(4 * 1024 * 1024), '--lang', 'en', path.relative(projectRoot, file)], projectRoot);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(`more than the limit of ${4 * 1024 * 1024} bytes when unzipped (at xl/worksheets/sheet1.xml); reading stopped (raise it with --max-xlsx-bytes)`);
  });

  it('an entry whose declared size is over the limit is refused before it is inflated', async () => {
    const file = write('declared-large.xlsx', workbook(smallSheet, undefined, 2_000_000_000));
    expect(await read(file)).toMatchObject({ code: 'xlsx-too-large' });
    // Within a limit above the declared size the file is read (its real size is small).
    expect(await read(file, { maxXlsxBytes: 2_100_000_000 })).toMatchObject({ dataRows: 0 });
  });
});

describe('XLSX sheets as other producers write them', () => {
  const cell = (text: string, ref?: string) => (/^\d+$/.test(text) ? `<c${ref ? ` r="${ref}"` : ''}><v>${text}</v></c>` : inline(text, ref));
  const shared = (index: number) => `<c t="s"><v>${index}</v></c>`;

  it('reads rows and cells without the optional r attributes: each follows the one before', async () => {
    const rows = [
      `<row>${HEADER.map((h) => cell(h)).join('')}</row>`, // row 1
      `<row>${['C1', V1, 'A001', '2026-10-09 09:00:00', '10', '1'].map((v) => cell(v)).join('')}</row>`, // row 2
      `<row>${cell('C2')}${cell(V1)}${shared(0)}${cell('2026-10-09 10:00:00')}${cell('10')}${cell('0')}</row>`, // row 3
      `<row r="5">${['C3', V1, 'A001', 'bad', '10', '1'].map((v) => cell(v)).join('')}</row>`, // row 5, given
      `<row>${cell('C4', 'A6')}${['2026-10-09 11:00:00', '10', '0'].map((v) => cell(v, undefined)).join('').replace(/^/, `${cell(V1)}${cell('A001')}`)}</row>`, // row 6
    ];
    const strings: ZipEntryInput = { name: 'xl/sharedStrings.xml', chunks: once(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}"><si><t>话务员甲</t></si></sst>`) };
    const contents = await read(write('no-r.xlsx', workbook(once(sheetXml(rows.join(''))), strings)));
    if ('code' in contents) throw new Error(contents.message.en);
    expect([contents.dataRows, contents.badRows]).toEqual([4, 1]);
    expect(contents.listed.map((p) => [p.row, p.field])).toEqual([[5, 'started_at']]);
    expect(contents.aggregator.days()).toMatchObject([{ vendor: V1, date: '2026-10-09', calls: 3, recorded: 1, firstRow: 2, endRow: 6, firstUnrecordedRow: 3 }]);
    expect(contents.aggregator.agents().map((a) => [a.agent, a.calls, a.firstRow])).toEqual([
      ['A001', 2, 2],
      ['话务员甲', 1, 3],
    ]);
  });
});
