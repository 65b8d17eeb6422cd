import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { withPrefixesDropped } from '../src/calllog/xlsx-prefixes.js';
import { zipArchive, type ZipEntryInput } from './support/zip.js';
import { MAIN, REL, V1, HEADER, part } from './support/xlsx-parts.js';

/**
 * XLSX workbooks laid out as Excel and other producers lay them out, built byte by byte: tmcheck
 * reads the worksheets the workbook lists (wherever their parts are), every one of them, and
 * nothing Excel would not show. exceljs's own reader dropped the last entries of a small zip (a
 * second sheet of calls passed unseen), read parts only under their usual names, and read parts
 * the workbook does not list.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-layout-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const CLEAN = [HEADER, ['C1', V1, 'A001', '2026-10-09 09:00:00', 65, 1]];
const CALLS = [...CLEAN, ['C2', V1, 'X9', '2026-10-09 09:05:00', 65, 0]];

const letter = (i: number) => 'ABCDEF'[i]!;

/** A worksheet of inline strings and numbers (no shared-string table needed). */
function sheetXml(rows: Array<Array<string | number>>): string {
  const cells = (row: Array<string | number>, r: number) =>
    row.map((v, i) => (typeof v === 'number' ? `<c r="${letter(i)}${r}"><v>${v}</v></c>` : `<c r="${letter(i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows.map((row, i) => `<row r="${i + 1}">${cells(row, i + 1)}</row>`).join('')}</sheetData></worksheet>`;
}

interface Sheet {
  name: string;
  /** The relationship's target, relative to xl/. */
  target: string;
  /** The part's content; absent: the file does not hold the part. */
  xml?: string;
}

/** The workbook's own parts: package relationships, sheet list and its relationships. */
function bookParts(sheets: Sheet[], options: { main?: string; extraRels?: string; workbookPr?: string } = {}): ZipEntryInput[] {
  return [
    part('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
    part(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${options.main ?? 'xl/workbook.xml'}"/></Relationships>`,
    ),
    part(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${options.workbookPr ?? ''}<sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${s.target}"/>`).join('')}${options.extraRels ?? ''}</Relationships>`,
    ),
  ];
}

function write(name: string, entries: ZipEntryInput[]): string {
  const file = path.join(temp, name);
  writeFileSync(file, zipArchive(entries));
  return file;
}

const sheetEntries = (sheets: Sheet[]) => sheets.filter((s) => s.xml !== undefined).map((s) => part(`xl/${s.target}`, s.xml!));
const read = (file: string) => readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);

describe('XLSX: the worksheets the workbook lists, every one of them', () => {
  it('a second sheet of calls at the end of a workbook without shared strings is read: two sheets with data are an input error', async () => {
    // exceljs kept the worksheets aside until the (absent) shared strings came, and lost the last one.
    const sheets = [
      { name: 'clean', target: 'worksheets/sheet1.xml', xml: sheetXml(CLEAN) },
      { name: 'calls', target: 'worksheets/sheet2.xml', xml: sheetXml(CALLS) },
    ];
    const file = write('two-sheets.xlsx', [...bookParts(sheets), ...sheetEntries(sheets)]);
    const result = await read(file);
    expect(result).toMatchObject({ code: 'xlsx-several-sheets' });
    expect((result as { message: { en: string } }).message.en).toContain('"clean" and "calls"');
  });

  it('a worksheet stored under another part name (the Open XML SDK writes xl/worksheets/sheet.xml) is read, and a part the workbook does not list is not', async () => {
    const sheets = [{ name: 'calls', target: 'worksheets/sheet.xml', xml: sheetXml(CALLS) }];
    // A clean decoy under the usual name, which Excel does not show: it must not stand in for the calls.
    const file = write('sdk-names.xlsx', [...bookParts(sheets), ...sheetEntries(sheets), part('xl/worksheets/sheet1.xml', sheetXml(CLEAN))]);
    expect(await read(file)).toMatchObject({ dataRows: 2, badRows: 0 });
  });

  it('a worksheet the workbook lists whose part the file lacks is an input error naming the sheet, not an empty pass', async () => {
    const sheets = [
      { name: 'calls', target: 'worksheets/sheet1.xml', xml: sheetXml(CLEAN) },
      { name: 'more calls', target: 'worksheets/sheet2.xml' },
    ];
    const result = await read(write('missing-part.xlsx', [...bookParts(sheets), ...sheetEntries(sheets)]));
    expect(result).toMatchObject({ code: 'xlsx-layout' });
    expect((result as { message: { en: string; zh: string } }).message.en).toContain('worksheet "more calls" (xl/worksheets/sheet2.xml) could not be read');
    expect((result as { message: { zh: string } }).message.zh).toContain('工作表「more calls」');
  });

  it('reads an Excel-ordered workbook: worksheet first, then styles and the shared strings its cells use, date cells included', async () => {
    const strings = ['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded', 'C1', V1, 'A001'];
    const s = (text: string) => `<c t="s"><v>${strings.indexOf(text)}</v></c>`;
    // 46304.375 is 2026-10-09 09:00:00 in Excel's 1900 date system; style 1 is numFmtId 22 (m/d/yy h:mm).
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData><row r="1">${HEADER.map(s).join('')}</row><row r="2">${s('C1')}${s(V1)}${s('A001')}<c s="1"><v>46304.375</v></c><c><v>65</v></c><c><v>1</v></c></row></sheetData></worksheet>`;
    const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`;
    const sheets = [{ name: 'calls', target: 'worksheets/sheet1.xml', xml: sheet }];
    const rels = `<Relationship Id="rId8" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId9" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`;
    const file = write('excel-order.xlsx', [...bookParts(sheets, { extraRels: rels }), ...sheetEntries(sheets), part('xl/styles.xml', styles), part('xl/sharedStrings.xml', sst), part('docProps/app.xml', '<Properties/>')]);
    const result = await read(file);
    expect(result).toMatchObject({ dataRows: 1, badRows: 0 });
    expect((result as CallLogContents).aggregator.agents()).toMatchObject([{ agent: 'A001', firstCall: '2026-10-09 09:00:00' }]);
  });

  it('a layout tmcheck cannot read the way Excel does is an input error, not a guess: the workbook or its strings elsewhere, two entries of one name', async () => {
    const sheets = [{ name: 'calls', target: 'worksheets/sheet1.xml', xml: sheetXml(CALLS) }];
    const elsewhere = await read(write('main-elsewhere.xlsx', [...bookParts(sheets, { main: 'xl/book2.xml' }), ...sheetEntries(sheets)]));
    expect(elsewhere).toMatchObject({ code: 'xlsx-layout' });
    expect((elsewhere as { message: { en: string } }).message.en).toContain('the workbook is stored as xl/book2.xml');

    const strings = await read(write('strings-elsewhere.xlsx', [...bookParts(sheets, { extraRels: `<Relationship Id="rId9" Type="${REL}/sharedStrings" Target="strings.xml"/>` }), ...sheetEntries(sheets)]));
    expect(strings).toMatchObject({ code: 'xlsx-layout' });

    const twice = await read(write('twice.xlsx', [...bookParts(sheets), ...sheetEntries(sheets), part('xl/worksheets/sheet1.xml', sheetXml(CLEAN))]));
    expect(twice).toMatchObject({ code: 'xlsx-layout' });
    expect((twice as { message: { en: string } }).message.en).toContain('two entries named xl/worksheets/sheet1.xml');
  });
});

describe('XLSX: the 1904 date system', () => {
  /** One call whose started_at is a date cell holding `serial` (style 1: numFmtId 22). */
  function datedBook(name: string, workbookPr: string, serial: number): string {
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${`<row r="1">${HEADER.map((h, i) => `<c r="${letter(i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`}<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="B2" t="inlineStr"><is><t>${V1}</t></is></c><c r="C2" t="inlineStr"><is><t>A001</t></is></c><c r="D2" s="1"><v>${serial}</v></c><c r="E2"><v>65</v></c><c r="F2"><v>1</v></c></row></sheetData></worksheet>`;
    const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    const sheets = [{ name: 'calls', target: 'worksheets/sheet1.xml', xml: sheet }];
    return write(name, [...bookParts(sheets, { workbookPr, extraRels: `<Relationship Id="rId8" Type="${REL}/styles" Target="styles.xml"/>` }), part('xl/styles.xml', styles), ...sheetEntries(sheets)]);
  }
  const firstCall = async (file: string) => ((await read(file)) as CallLogContents).aggregator.agents()[0]?.firstCall;

  it('date1904="true" (the schema\'s boolean as LibreOffice writes it) reads dates as Excel shows them, not 1,462 days early', async () => {
    // 44842.375 days after 1904-01-01 is 2026-10-09 09:00; in the 1900 system it is 2022-10-08 09:00.
    expect(await firstCall(datedBook('d1904-true.xlsx', '<workbookPr date1904="true"/>', 44842.375))).toBe('2026-10-09 09:00:00');
    expect(await firstCall(datedBook('d1904-1.xlsx', '<workbookPr date1904="1"/>', 44842.375))).toBe('2026-10-09 09:00:00');
    expect(await firstCall(datedBook('d1904-false.xlsx', '<workbookPr date1904="false"/>', 46304.375))).toBe('2026-10-09 09:00:00');
  });
});

describe('XLSX: SpreadsheetML under a namespace prefix', () => {
  /** The XML with its SpreadsheetML elements written `<p:name>`, the namespace declared for `p`. */
  const prefixed = (xml: string, p: string) =>
    xml.replace(/<(\/?)(worksheet|sheetData|row|c|v|is|t|workbook|workbookPr|sheets|sheet|sst|si|styleSheet|cellXfs|xf)\b/g, `<$1${p}:$2`).replace(`xmlns="${MAIN}"`, `xmlns:${p}="${MAIN}"`);

  it('a prefixed sheet of calls is read as Excel reads it (exceljs saw no row, and the clean sheet beside it passed)', async () => {
    const sheets = [
      { name: 'calls', target: 'worksheets/sheet1.xml', xml: prefixed(sheetXml(CALLS), 'x') },
      { name: 'clean', target: 'worksheets/sheet2.xml', xml: sheetXml(CLEAN) },
    ];
    expect(await read(write('prefixed-sheet.xlsx', [...bookParts(sheets), ...sheetEntries(sheets)]))).toMatchObject({ code: 'xlsx-several-sheets' });
    const alone = (await read(write('prefixed-alone.xlsx', [...bookParts(sheets.slice(0, 1)), ...sheetEntries(sheets.slice(0, 1))]))) as CallLogContents;
    expect(alone.aggregator.agents().map((a) => a.agent)).toEqual(['A001', 'X9']);
  });

  it('a prefixed workbook, shared-string table and styles are read too; a prefix bound elsewhere, comments and CDATA are left alone', async () => {
    const sheets = [{ name: 'calls', target: 'worksheets/sheet1.xml', xml: sheetXml(CLEAN) }];
    const [types, rels, workbook, workbookRels] = bookParts(sheets);
    const read1 = (chunks: () => Iterable<Buffer>) => Buffer.concat([...chunks()]).toString('utf8');
    const sheet = prefixed(
      sheetXml(CLEAN)
        .replace('<t>A001</t>', '<t><![CDATA[<x:t>]]>A001</t>')
        .replace(/<c r="D2"[^]*?<\/c>/, '<c r="D2" s="1"><v>46304.375</v></c>')
        .replace('<sheetData>', '<!-- <x:row r="9"> --><y:row xmlns:y="urn:other"/><sheetData>'),
      'x',
    );
    const styles = prefixed(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`, 's');
    const file = write('prefixed-parts.xlsx', [
      types!,
      rels!,
      part('xl/workbook.xml', prefixed(read1(workbook!.chunks), 'w')),
      part('xl/_rels/workbook.xml.rels', read1(workbookRels!.chunks).replace('</Relationships>', `<Relationship Id="rId8" Type="${REL}/styles" Target="styles.xml"/></Relationships>`)),
      part('xl/styles.xml', styles),
      part('xl/worksheets/sheet1.xml', sheet.replace(/<x:c r="A2" t="inlineStr"><x:is><x:t>C1<\/x:t><\/x:is><\/x:c>/, '<x:c r="A2" t="s"><x:v>0</x:v></x:c>')),
      part('xl/sharedStrings.xml', prefixed(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}"><si><t>C1</t></si></sst>`, 'z')),
    ]);
    const contents = (await read(file)) as CallLogContents;
    expect([contents.dataRows, contents.badRows]).toEqual([1, 0]);
    expect(contents.aggregator.agents().map((a) => [a.agent, a.firstCall])).toEqual([['<x:t>A001', '2026-10-09 09:00:00']]);
  });

  it('tags, comments, processing instructions and CDATA cut by chunk boundaries anywhere come out the same', async () => {
    const xml = `<?xml version="1.0"?><x:sst xmlns:x="${MAIN}" a='q>"'><!-- <x:si> --><x:si><x:t><![CDATA[<x:t> ]]> a&gt;b<?pi '?></x:t></x:si><y:si xmlns:y="urn:y"/></x:sst>`;
    const collect = async (size: number) => {
      let out = '';
      async function* pieces() {
        for (let at = 0; at < xml.length; at += size) yield xml.slice(at, at + size);
      }
      for await (const chunk of withPrefixesDropped(pieces())) out += chunk;
      return out;
    };
    const whole = await collect(xml.length);
    // Comments and processing instructions are dropped, CDATA is its text escaped (xlsx-markup test).
    expect(whole).toBe(`<?xml version="1.0"?><sst xmlns:x="${MAIN}" a='q>"'><si><t>&lt;x:t&gt;  a&gt;b</t></si><y:si xmlns:y="urn:y"/></sst>`);
    for (let size = 1; size <= 16; size++) expect(await collect(size), `chunks of ${size}`).toBe(whole);
  });
});

describe('XLSX: the zip read as Excel reads it, by its directory', () => {
  /** The zip of `entries`, with each name in its central directory replaced as `renames` says (names of equal length). */
  function crafted(name: string, entries: ZipEntryInput[], renames: Array<[string, string]>, options: { dropLast?: boolean } = {}): string {
    const zip = zipArchive(entries);
    const directoryStart = zip.readUInt32LE(zip.length - 22 + 16);
    let directory = zip.subarray(directoryStart, zip.length - 22).toString('latin1');
    // All at once, so that a swap of two names is one.
    const renamed = new Map(renames);
    if (renames.length > 0) directory = directory.replace(new RegExp([...renamed.keys()].map((n) => n.replace(/[.[\]]/g, '\\$&')).join('|'), 'g'), (n) => renamed.get(n)!);
    const end = Buffer.from(zip.subarray(zip.length - 22));
    if (options.dropLast) {
      // The directory forgets the last entry: Excel never sees it, the streaming parser does.
      const last = directory.lastIndexOf('PK\x01\x02');
      directory = directory.slice(0, last);
      end.writeUInt16LE(end.readUInt16LE(8) - 1, 8);
      end.writeUInt16LE(end.readUInt16LE(10) - 1, 10);
      end.writeUInt32LE(directory.length, 12);
    }
    const file = path.join(temp, name);
    writeFileSync(file, Buffer.concat([zip.subarray(0, directoryStart), Buffer.from(directory, 'latin1'), end]));
    return file;
  }
  const sheets = [{ name: 'calls', target: 'worksheets/sheet1.xml' }];

  it('a clean sheet stored under the sheet\'s name, which the directory lists under another, is an input error (tmcheck read it, Excel shows the calls)', async () => {
    const file = crafted('renamed.xlsx', [...bookParts(sheets), part('xl/worksheets/sheet1.xml', sheetXml(CLEAN)), part('xl/worksheets/sheet9.xml', sheetXml(CALLS))], [
      ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet8.xml'],
      ['xl/worksheets/sheet9.xml', 'xl/worksheets/sheet1.xml'],
    ]);
    const result = await read(file);
    expect(result).toMatchObject({ code: 'xlsx-layout' });
    expect((result as { message: { en: string } }).message.en).toContain("the zip's directory does not list the entries it holds (entry 5: xl/worksheets/sheet8.xml in the directory, xl/worksheets/sheet1.xml in the file)");
  });

  it('an entry the directory does not list, or a directory entry stored under another name, is an input error; a plain zip is read', async () => {
    const entries = [...bookParts(sheets), part('xl/worksheets/sheet1.xml', sheetXml(CALLS)), part('docProps/app.xml', '<Properties/>')];
    expect(await read(crafted('unlisted.xlsx', entries, [], { dropLast: true }))).toMatchObject({ code: 'xlsx-layout', message: { en: expect.stringContaining('entry 6: — in the directory, docProps/app.xml in the file') } });
    // The directory's order differs from the file's only when an entry is named otherwise there: same names, swapped.
    const swapped = await read(crafted('swapped.xlsx', [...bookParts(sheets), part('xl/worksheets/sheet1.xml', sheetXml(CALLS)), part('xl/worksheets/sheet2.xml', sheetXml(CLEAN))], [['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'], ['xl/worksheets/sheet2.xml', 'xl/worksheets/sheet1.xml']]));
    expect(swapped).toMatchObject({ code: 'xlsx-layout' });
    expect(await read(crafted('plain.xlsx', entries, []))).toMatchObject({ dataRows: 2, badRows: 0 });
  });

  it('an entry whose local header claims less than its directory does (a phantom entry hidden in its data) is an input error', async () => {
    // The streaming parser trusts the local header: it ends docProps/app.xml early and finds, inside
    // that entry's data, a phantom xl/worksheets/sheet1.xml (clean) whose size swallows the real one
    // (the calls). The names it sees are the directory's; only the sizes tell them apart.
    const deflated = (text: string) => deflateRawSync(Buffer.from(text, 'utf8'));
    const local = (name: string, data: Buffer, size: number, crc: number, declared = data.length) => {
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0x0800, 6);
      header.writeUInt16LE(8, 8);
      header.writeUInt32LE(crc, 14);
      header.writeUInt32LE(declared, 18);
      header.writeUInt32LE(size, 22);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      return Buffer.concat([header, Buffer.from(name, 'utf8'), data]);
    };
    const central = (name: string, compressed: number, size: number, crc: number, offset: number) => {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(8, 10);
      header.writeUInt32LE(crc, 16);
      header.writeUInt32LE(compressed, 20);
      header.writeUInt32LE(size, 24);
      header.writeUInt16LE(Buffer.byteLength(name), 28);
      header.writeUInt32LE(offset, 42);
      return Buffer.concat([header, Buffer.from(name, 'utf8')]);
    };
    const text = (entry: ZipEntryInput) => Buffer.concat([...entry.chunks()]).toString('utf8');
    const plain = bookParts(sheets).map((entry) => ({ name: entry.name, text: text(entry) }));
    const app = '<Properties/>';
    const clean = sheetXml(CLEAN);
    const calls = sheetXml(CALLS);
    const body: Buffer[] = [];
    const directory: Buffer[] = [];
    let offset = 0;
    const add = (bytes: Buffer, name: string, compressed: number, size: number, crc: number) => {
      directory.push(central(name, compressed, size, crc, offset));
      body.push(bytes);
      offset += bytes.length;
    };
    for (const entry of plain) {
      const data = deflated(entry.text);
      add(local(entry.name, data, Buffer.byteLength(entry.text), crc32(entry.text)), entry.name, data.length, Buffer.byteLength(entry.text), crc32(entry.text));
    }
    const sheetName = 'xl/worksheets/sheet1.xml';
    const realSheet = local(sheetName, deflated(calls), Buffer.byteLength(calls), crc32(calls));
    const phantomData = deflated(clean);
    const phantom = local(sheetName, phantomData, Buffer.byteLength(clean), crc32(clean), phantomData.length + realSheet.length);
    const appData = deflated(app);
    // docProps/app.xml: its local header counts only its own deflate stream; the directory counts the phantom too.
    const appEntry = local('docProps/app.xml', Buffer.concat([appData, phantom]), Buffer.byteLength(app), crc32(app), appData.length);
    add(appEntry, 'docProps/app.xml', appData.length + phantom.length, Buffer.byteLength(app), crc32(app));
    directory.push(central(sheetName, realSheet.length - 30 - sheetName.length, Buffer.byteLength(calls), crc32(calls), offset));
    body.push(realSheet);
    offset += realSheet.length;
    const dir = Buffer.concat(directory);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(directory.length, 8);
    end.writeUInt16LE(directory.length, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(offset, 16);
    const file = path.join(temp, 'phantom.xlsx');
    writeFileSync(file, Buffer.concat([...body, dir, end]));
    const result = await read(file);
    expect(result).toMatchObject({ code: 'xlsx-layout', message: { en: expect.stringContaining('the size or place of docProps/app.xml in the zip differs from its directory') } });
  });
});

