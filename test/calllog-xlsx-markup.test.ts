import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { readRelationships } from '../src/calllog/xlsx-layout.js';
import { zipArchive, type ZipEntryInput } from './support/zip.js';
import { MAIN, REL, V1, inline, oneSheetBook, headerRow, part } from './support/xlsx-parts.js';

/**
 * CDATA sections, comments and processing instructions in a workbook's XML, read as an XML parser
 * (and so Excel) means them. exceljs ignored a shared string written as CDATA (the agent read as
 * empty), and tmcheck's steps before it found tags by their text, inside CDATA and comments too: a
 * `<rPh>` there swallowed shared strings up to a later `</rPh>`, so a cell Excel shows as the
 * untrained `X9` was read as the next string, the trained `A001`, and the log passed; a comment in
 * `_rels/.rels` or before `<workbookPr>` chose another workbook part or date system than Excel's.
 */
const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-markup-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let count = 0;
const write = (entries: ZipEntryInput[]) => {
  const file = path.join(temp, `book-${(count += 1)}.xlsx`);
  writeFileSync(file, zipArchive(entries));
  return file;
};
/** One call whose agent_id cell (C2) is `agentCell`, the shared-string table `<si>` items `sharedStrings`. */
const agentBook = (agentCell: string, sharedStrings?: string) =>
  write(
    oneSheetBook(
      headerRow() + `<row r="2">${inline('C1', 'A2')}${inline(V1, 'B2')}${agentCell}${inline('2026-10-09 09:00:00', 'D2')}<c r="E2"><v>65</v></c><c r="F2"><v>1</v></c></row>`,
      sharedStrings === undefined ? {} : { sharedStrings },
    ),
  );
const read = (file: string) => readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);
const agentsOf = async (file: string) => {
  const contents = (await read(file)) as CallLogContents;
  return { agents: contents.aggregator.agents().map((a) => a.agent), badRows: contents.badRows };
};
const shared = (index: number) => `<c r="C2" t="s"><v>${index}</v></c>`;

describe('XLSX strings in CDATA, comments and processing instructions', () => {
  it.each([
    ['a shared string in CDATA (exceljs read it as empty)', shared(0), '<si><t><![CDATA[X9]]></t></si>', 'X9'],
    ['a shared string in runs, one in CDATA (exceljs kept the other)', shared(0), '<si><r><t><![CDATA[X9]]></t></r><r><t>A001</t></r></si>', 'X9A001'],
    ['a CDATA section holding <rPh>, closed by one in a later string', shared(1), '<si><t><![CDATA[Q<rPh>]]></t></si><si><t>X9</t></si><si><t><![CDATA[</rPh>]]></t></si><si><t>A001</t></si>', 'X9'],
    ['comments holding <rPh> and </rPh>', shared(1), '<si><t>Q</t><!-- <rPh> --></si><si><t>X9</t></si><si><t>R</t><!-- </rPh> --></si><si><t>A001</t></si>', 'X9'],
    ['CDATA holding & and an escape', shared(0), '<si><t><![CDATA[X&amp;9_x0041_]]></t></si>', 'X&amp;9A'],
    ['an inline string whose CDATA holds </t><t>', '<c r="C2" t="inlineStr"><is><t><![CDATA[X9</t><t>A001]]></t></is></c>', undefined, 'X9</t><t>A001'],
    ['an inline string whose CDATA holds </is>', '<c r="C2" t="inlineStr"><is><t><![CDATA[X9</is>]]></t></is></c>', undefined, 'X9</is>'],
    ['an inline string with a comment inside', '<c r="C2" t="inlineStr"><is><t>X<!-- A001 -->9</t></is></c>', undefined, 'X9'],
    ['a string value with a comment and a processing instruction inside', '<c r="C2" t="str"><v>X<!-- c --><?pi x?>9</v></c>', undefined, 'X9'],
    ['a string value whose CDATA holds </v>', '<c r="C2" t="str"><v><![CDATA[X9</v>]]></v></c>', undefined, 'X9</v>'],
  ])('%s: read as Excel shows it', async (_label, cell, sharedStrings, agent) => {
    expect(await agentsOf(agentBook(cell, sharedStrings))).toEqual({ agents: [agent], badRows: 0 });
  });

  it('a recorded flag in CDATA or around a comment is read as written', async () => {
    const book = (recorded: string) =>
      write(oneSheetBook(headerRow() + `<row r="2">${inline('C1', 'A2')}${inline(V1, 'B2')}${inline('A001', 'C2')}${inline('2026-10-09 09:00:00', 'D2')}<c r="E2"><v>65</v></c>${recorded}</row>`));
    const recorded = async (cell: string) => ((await read(book(cell))) as CallLogContents).aggregator.days()[0]?.recorded;
    expect(await recorded(`<c r="F2" t="b"><v><![CDATA[0]]></v></c>`)).toBe(0);
    expect(await recorded('<c r="F2"><v><!-- 1 -->0</v></c>')).toBe(0);
    expect(await recorded('<c r="F2"><v><![CDATA[1]]></v></c>')).toBe(1);
  });

  it('a document type declaration is an input error (the format allows none; its entities would change the text)', async () => {
    const [workbook, rels, sheet] = oneSheetBook(headerRow());
    const text = Buffer.concat([...sheet!.chunks()]).toString('utf8').replace('<worksheet', '<!DOCTYPE worksheet [<!ENTITY a "A001">]><worksheet');
    expect(await read(write([workbook!, rels!, part('xl/worksheets/sheet1.xml', text)]))).toMatchObject({ code: 'xlsx', message: { en: expect.stringContaining('document type declaration') } });
  });
});

describe('XLSX parts chosen by markup Excel does not read', () => {
  it("a commented-out relationship in _rels/.rels does not stand in for the package's real one", () => {
    const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><!-- <Relationship Id="rId0" Type="${REL}/officeDocument" Target="xl/workbook.xml"/> --><![CDATA[<Relationship Id="rId9" Type="x" Target="y"/>]]><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/other.xml"/></Relationships>`;
    expect(readRelationships(rels)).toEqual([{ Id: 'rId1', Type: `${REL}/officeDocument`, Target: 'xl/other.xml', TargetMode: undefined }]);
  });

  it('the workbook read from a package whose real relationship names another part is an input error', async () => {
    const packageRels = part(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><!-- <Relationship Id="rId0" Type="${REL}/officeDocument" Target="xl/workbook.xml"/> --><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/other.xml"/></Relationships>`,
    );
    const result = await read(write([packageRels, ...oneSheetBook(headerRow())]));
    expect(result).toMatchObject({ code: 'xlsx-layout', message: { en: expect.stringContaining('the workbook is stored as xl/other.xml') } });
  });

  it('a <workbookPr date1904="true"/> inside a comment does not move every date 1,462 days', async () => {
    const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    const entries = oneSheetBook(headerRow() + `<row r="2">${inline('C1', 'A2')}${inline(V1, 'B2')}${inline('A001', 'C2')}<c r="D2" s="1"><v>46304.375</v></c><c r="E2"><v>65</v></c><c r="F2"><v>1</v></c></row>`, { styles });
    const workbook = Buffer.concat([...entries[0]!.chunks()]).toString('utf8').replace('<sheets>', '<!-- <workbookPr date1904="true"/> --><workbookPr date1904="false"/><sheets>');
    const contents = (await read(write([part('xl/workbook.xml', workbook), ...entries.slice(1)]))) as CallLogContents;
    expect(contents.aggregator.agents()[0]?.firstCall).toBe('2026-10-09 09:00:00');
  });
});
