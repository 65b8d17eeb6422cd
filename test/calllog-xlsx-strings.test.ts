import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { joinInlineString, withInlineStringsJoined, withoutPhoneticGuides } from '../src/calllog/xlsx-strings.js';
import { zipArchive } from './support/zip.js';
import { V1, inline, oneSheetBook, headerRow } from './support/xlsx-parts.js';

/**
 * Strings read as Excel shows them. exceljs kept only the last `<t>` of an inline string in runs and
 * of a plain shared string with a phonetic guide: an agent Excel shows as `X9A001` or `X9` (untrained)
 * was read as `A001` (trained), and the log passed.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-strings-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));


/** One call whose agent_id cell is `agentCell` (C2), with an optional shared-string table. */
function agentBook(name: string, agentCell: string, sharedStrings?: string): string {
  const call = `<row r="2">${inline('C1', 'A2')}${inline(V1, 'B2')}${agentCell}${inline('2026-10-09 09:00:00', 'D2')}<c r="E2"><v>65</v></c><c r="F2"><v>1</v></c></row>`;
  const file = path.join(temp, name);
  writeFileSync(file, zipArchive(oneSheetBook(headerRow() + call, sharedStrings ? { sharedStrings } : {})));
  return file;
}
const agentOf = async (file: string) => ((await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as CallLogContents).aggregator.agents().map((a) => a.agent);

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}
async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

describe('XLSX strings as Excel shows them', () => {
  it('an inline string in runs is the runs joined (Excel shows X9A001), not its last run', async () => {
    expect(await agentOf(agentBook('runs.xlsx', '<c r="C2" t="inlineStr"><is><r><t>X9</t></r><r><rPr><b/></rPr><t>A001</t></r></is></c>'))).toEqual(['X9A001']);
  });

  it('a shared string with a phonetic guide is its text (Excel shows X9), not the guide', async () => {
    const table = '<si><t>X9</t><rPh sb="0" eb="2"><t>A001</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>';
    expect(await agentOf(agentBook('phonetic.xlsx', '<c r="C2" t="s"><v>0</v></c>', table))).toEqual(['X9']);
  });

  it('an inline string with a phonetic guide is its text too; a plain one is unchanged', async () => {
    expect(await agentOf(agentBook('inline-phonetic.xlsx', '<c r="C2" t="inlineStr"><is><t>X9</t><rPh sb="0" eb="2"><t>A001</t></rPh></is></c>'))).toEqual(['X9']);
    expect(joinInlineString('<is><t xml:space="preserve"> A1 </t></is>')).toBe('<is><t xml:space="preserve"> A1 </t></is>');
    expect(joinInlineString('<is/>')).toBe('<is/>');
  });

  it('_xHHHH_ escapes are decoded as Excel shows them, in shared strings, inline strings and string values (exceljs kept _x0058_9, which Excel shows as X9)', async () => {
    expect(await agentOf(agentBook('escape-shared.xlsx', '<c r="C2" t="s"><v>0</v></c>', '<si><t>_x0058_9</t></si>'))).toEqual(['X9']);
    expect(await agentOf(agentBook('escape-runs.xlsx', '<c r="C2" t="s"><v>0</v></c>', '<si><r><t>_x0058_</t></r><r><t xml:space="preserve">9_x000D_</t></r></si>'))).toEqual(['X9']);
    expect(await agentOf(agentBook('escape-inline.xlsx', '<c r="C2" t="inlineStr"><is><t>A001_x000D_</t></is></c>'))).toEqual(['A001']);
    expect(await agentOf(agentBook('escape-str.xlsx', '<c r="C2" t="str"><v>_x0058_1</v></c>'))).toEqual(['X1']);
    // `_x005F_` is the escape of `_` itself: `_x005F_x0041_` is shown as _x0041_; a character XML cannot carry stays escaped.
    expect(await agentOf(agentBook('escape-literal.xlsx', '<c r="C2" t="s"><v>0</v></c>', '<si><t>_x005F_x0041__x0001_</t></si>'))).toEqual(['_x0041__x0001_']);
  });

  it('escaped text is read once, as Excel shows it: A&amp;lt;1 is A&lt;1 (exceljs decoded it again to A<1)', async () => {
    expect(await agentOf(agentBook('escaped.xlsx', '<c r="C2" t="inlineStr"><is><t>A&amp;lt;1&amp;amp;&#65;<![CDATA[&lt;]]></t></is></c>'))).toEqual(['A&lt;1&amp;A&lt;']);
  });

  it('elements cut by chunk boundaries anywhere are rewritten the same', async () => {
    const sheet = `<row r="2"><c r="C2" t="inlineStr"><is><r><t>X9</t></r><r><t>A001</t></r></is></c><c r="D2" t="inlineStr"><is><t>x</t></is></c><c r="E2"><v>1</v></c></row>`;
    const table = '<si><t>X9</t><rPh sb="0" eb="2"><t>A001</t></rPh></si><si><r><rPr/><t>A</t></r><rPh/></si>';
    const sheetWhole = await collect(withInlineStringsJoined(pieces(sheet, sheet.length)));
    const tableWhole = await collect(withoutPhoneticGuides(pieces(table, table.length)));
    expect(sheetWhole).toContain('<is><t xml:space="preserve">X9A001</t></is>');
    expect(tableWhole).toBe('<si><t>X9</t></si><si><r><rPr/><t>A</t></r></si>');
    for (let size = 1; size <= 12; size++) {
      expect(await collect(withInlineStringsJoined(pieces(sheet, size)))).toBe(sheetWhole);
      expect(await collect(withoutPhoneticGuides(pieces(table, size)))).toBe(tableWhole);
    }
  });

  it('an element that never ends is an input error, not a file held in memory', async () => {
    const endless = async function* () {
      yield '<si><t>a</t><rPh>';
      for (let i = 0; i < 40; i++) yield 'x'.repeat(32 * 1024);
    };
    await expect(collect(withoutPhoneticGuides(endless()))).rejects.toMatchObject({ error: { code: 'xlsx' } });
  });
});
