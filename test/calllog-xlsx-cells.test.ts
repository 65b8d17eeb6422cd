import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import type { InputError } from '../src/read/input-error.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { exitCode } from '../src/report/model.js';
import { projectRoot } from './support/fixtures.js';
import { zipArchive } from './support/zip.js';
import { MAIN, V1, inline, oneSheetBook, headerRow } from './support/xlsx-parts.js';
import { clock } from '../src/calllog/clock.js';

/**
 * XLSX cells read by their type, as Excel shows them. exceljs read every cell that is not a string,
 * boolean or error with parseFloat: an ISO date cell (`t="d"`) became 2026 (a date in 1905), a
 * boolean by "not 0" (`false` read as TRUE: an unrecorded call as recorded), and a value it could not
 * resolve (a shared string not in the table, a date beyond any calendar) as an empty cell, so that a
 * row of such cells was skipped as blank and its call went unseen.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-cells-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));


/** A workbook of one sheet `calls`: the header, then `rows`; style 1 is a date format (numFmtId 22); `sst` is the shared-string table, if any. */
function book(name: string, rows: string, sst?: string): string {
  // Style 2 is a built-in East Asian date format (31: yyyy"年"m"月"d"日" in Chinese Excel), style 3 one of its times (55: 上午/下午 h"时"mm"分").
  const styles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}"><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="31" applyNumberFormat="1"/><xf numFmtId="55" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  const file = path.join(temp, name);
  writeFileSync(file, zipArchive(oneSheetBook(headerRow() + rows, { styles, ...(sst === undefined ? {} : { sharedStrings: sst }) })));
  return file;
}

type Cells = Partial<Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>>;
/** Row `r`: a recorded 65-second call by A001 at 2026-10-09 09:00:00, with the cells of `cells` (by column) in place of those. */
function call(r: number, cells: Cells = {}): string {
  const given: Required<Cells> = { A: inline(`C${r}`, `A${r}`), B: inline(V1, `B${r}`), C: inline('A001', `C${r}`), D: inline('2026-10-09 09:00:00', `D${r}`), E: `<c r="E${r}"><v>65</v></c>`, F: `<c r="F${r}"><v>1</v></c>`, ...cells };
  return `<row r="${r}">${Object.values(given).join('')}</row>`;
}
const read = (file: string) => readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);
const days = async (file: string) => ((await read(file)) as CallLogContents).aggregator.days().map((d) => ({ date: d.date, first: d.firstTime, last: clock(d.endStartSecond), calls: d.calls, recorded: d.recorded }));

describe('XLSX cells typed t="d" (ISO 8601 dates)', () => {
  it('are read as the date and time written, with or without a date format (exceljs read 2026-10-09T… as 1905-07-18, or as 2026)', async () => {
    const file = book(
      'iso-dates.xlsx',
      call(2, { D: '<c r="D2" s="1" t="d"><v>2026-10-09T09:05:00</v></c>' }) +
        call(3, { D: '<c r="D3" t="d"><v>2026-10-09T18:30:59.6</v></c>' }) +
        call(4, { D: `<c r="D4" s="1" t='d'><v>2026-10-10</v></c>` }) +
        call(5, { D: '<c r="D5" t="d"><v> 2026-10-10T07:45 </v></c>' }),
    );
    expect(await days(file)).toEqual([
      // .6 of a second rounds to the next second, as a date cell's serial does.
      { date: '2026-10-09', first: '09:05:00', last: '18:31:00', calls: 2, recorded: 2 },
      { date: '2026-10-10', first: '00:00:00', last: '07:45:00', calls: 2, recorded: 2 },
    ]);
  });

  it('date cells in the built-in East Asian formats (27–36, 50–58) are dates, not serial numbers (exceljs read 46304.375)', async () => {
    const file = book('east-asian.xlsx', call(2, { D: '<c r="D2" s="2"><v>46304.375</v></c>' }) + call(3, { D: '<c r="D3" s="3"><v>46304.5</v></c>' }));
    expect(await days(file)).toEqual([{ date: '2026-10-09', first: '09:00:00', last: '12:00:00', calls: 2, recorded: 2 }]);
  });

  it('a date with a time zone, a date that does not exist or a time alone is an input error at its cell', async () => {
    for (const [value, cell] of [['2026-10-09T01:00:00Z', 'D2'], ['2026-10-09T09:00:00+08:00', 'D2'], ['2026-02-30T09:00:00', 'D2'], ['09:00:00', 'D2'], ['1899-12-31', 'D2']] as const) {
      const error = (await read(book('iso-bad.xlsx', call(2, { D: `<c r="${cell}" s="1" t="d"><v>${value}</v></c>` })))) as InputError;
      expect(error, value).toMatchObject({ code: 'xlsx-cell', row: 2 });
      expect(error.message.en).toContain(`cell D2 of worksheet "calls" cannot be read: the date cell holds "${value}"`);
      expect(error.message.zh).toContain(`工作表「calls」的 D2 单元格无法读取：日期单元格的内容 "${value}"`);
    }
  });
});

describe('XLSX cells that exceljs could not render', () => {
  it('a row whose cells all refer to shared strings the table does not have is an input error, not a blank row whose call goes unseen', async () => {
    const lost = '<row r="3">' + ['A', 'B', 'C', 'D', 'E', 'F'].map((col) => `<c r="${col}3" t="s"><v>${7 + col.charCodeAt(0)}</v></c>`).join('') + '</row>';
    const file = book('sst-out-of-range.xlsx', call(2) + lost, '<si><t>x</t></si>');
    expect(await read(file)).toMatchObject({ code: 'xlsx-cell', row: 3, message: { en: expect.stringContaining('cell A3 of worksheet "calls" cannot be read: it refers to shared string "72"') } });
    // In a run, the log cannot be judged: exit 2.
    const report = await runCheck({ inputs: [file], cwd: projectRoot, ruleSet: loadRuleSet({ cwd: projectRoot }), limits: DEFAULT_LIMITS, callLog: DEFAULT_CALL_LOG_OPTIONS });
    expect(report.files.map((f) => [f.status, f.errors.map((e) => e.code)])).toEqual([['invalid', ['xlsx-cell']]]);
    expect(exitCode(report)).toBe(2);
  });

  it('shared strings in a workbook without a table, and a date beyond any calendar, are input errors too', async () => {
    const noTable = '<row r="3">' + ['A', 'B', 'C', 'D', 'E', 'F'].map((col) => `<c r="${col}3" t="s"><v>0</v></c>`).join('') + '</row>';
    expect(await read(book('no-table.xlsx', call(2) + noTable))).toMatchObject({ code: 'xlsx-cell', row: 3, message: { en: expect.stringContaining('the workbook has no shared-string table') } });
    const beyond = '<row r="3">' + ['A', 'B', 'C', 'D', 'E', 'F'].map((col) => `<c r="${col}3" s="1"><v>1e300</v></c>`).join('') + '</row>';
    expect(await read(book('beyond.xlsx', call(2) + beyond))).toMatchObject({ code: 'xlsx-cell', row: 3, message: { en: expect.stringContaining('cell A3 of worksheet "calls" cannot be read') } });
  });

  it('shared strings in the table, plain numbers and empty values (an empty row stays blank) are read', async () => {
    const file = book('plain.xlsx', call(2, { A: '<c r="A2" t="s"><v>0</v></c>', C: '<c r="C2" t="s"><v>1</v></c>', E: '<c r="E2"><v> 6.5E1 </v></c>' }) + '<row r="3"><c r="A3" t="b"><v/></c><c r="B3"><v></v></c></row>' + call(4), '<si><t>C2</t></si><si><t>A001</t></si>');
    const contents = (await read(file)) as CallLogContents;
    expect([contents.dataRows, contents.badRows]).toEqual([2, 0]);
    expect(contents.aggregator.agents().map((a) => [a.agent, a.calls])).toEqual([['A001', 2]]);
  });
});

describe('XLSX cells whose value is not of their type', () => {
  it('a TRUE/FALSE cell written `false` is FALSE (exceljs read it as TRUE: an unrecorded call as recorded); `true` is TRUE', async () => {
    const file = book('booleans.xlsx', call(2, { F: '<c r="F2" t="b"><v>false</v></c>' }) + call(3, { F: '<c r="F3" t="b"><v>true</v></c>' }) + call(4, { F: '<c r="F4" t="b"><v>0</v></c>' }));
    expect(await days(file)).toEqual([{ date: '2026-10-09', first: '09:00:00', last: '09:00:00', calls: 3, recorded: 1 }]);
  });

  it('an empty TRUE/FALSE value is an empty cell (exceljs read it as TRUE), so the row is a bad row', async () => {
    const contents = (await read(book('boolean-empty.xlsx', call(2, { F: '<c r="F2" t="b"><v></v></c>' })))) as CallLogContents;
    expect([contents.dataRows, contents.badRows, contents.aggregator.days().length]).toEqual([1, 1, 0]);
  });

  it('a number cell holding text (exceljs read `1 no` as 1), a boolean that is neither, two values or an unknown type are input errors at the cell', async () => {
    const cases: Array<[string, string]> = [
      ['<c r="F2"><v>1 no</v></c>', 'the number cell holds "1 no", which is not a number'],
      ['<c r="F2" t="n"><v>NaN</v></c>', 'the number cell holds "NaN", which is not a number'],
      ['<c r="F2" t="b"><v>yes</v></c>', 'the TRUE/FALSE cell holds "yes", which is neither'],
      ['<c r="F2"><v>0</v><v>1</v></c>', 'it holds more than one value'],
      ['<c r="F2"><is><t>1</t></is></c>', 'a cell of type t="n" holds an inline string'],
      ['<c r="F2" t="x"><v>1</v></c>', 'its type t="x" is not a cell type of the format'],
    ];
    for (const [cell, why] of cases) {
      const error = (await read(book('typed.xlsx', call(2, { F: cell })))) as InputError;
      expect(error, cell).toMatchObject({ code: 'xlsx-cell', row: 2 });
      expect(error.message.en, cell).toBe(`cell F2 of worksheet "calls" cannot be read: ${why}; check the cell in Excel, save the workbook again and check again`);
    }
  });
});

describe('XLSX cells out of column order', () => {
  it('two cells at one place, or a cell before the previous one, are an input error (exceljs kept the last: a recorded 0 then a 1 read as recorded)', async () => {
    const twice = (await read(book('cell-twice.xlsx', call(2, { F: '<c r="F2"><v>0</v></c><c r="F2"><v>1</v></c>' })))) as InputError;
    expect(twice).toMatchObject({ code: 'xlsx-cell', row: 2 });
    expect(twice.message.en).toBe('cell F2 of worksheet "calls" cannot be read: it comes after F2 in its row (two cells at one place, or out of order); check the cell in Excel, save the workbook again and check again');
    const back = `<row r="2"><c r="F2"><v>0</v></c>${call(2).slice('<row r="2">'.length)}`;
    expect(await read(book('cell-back.xlsx', back))).toMatchObject({ code: 'xlsx-cell', row: 2, message: { en: expect.stringContaining('cell A2 of worksheet "calls" cannot be read: it comes after F2 in its row') } });
    // Cells without `r` follow the one before, and a new row starts again at A.
    const contents = (await read(book('no-refs.xlsx', '<row r="2"><c t="inlineStr"><is><t>C2</t></is></c><c r="B2" t="inlineStr"><is><t>' + V1 + '</t></is></c><c t="inlineStr"><is><t>A001</t></is></c><c t="inlineStr"><is><t>2026-10-09 09:00:00</t></is></c><c><v>65</v></c><c><v>0</v></c></row>' + call(3)))) as CallLogContents;
    expect([contents.dataRows, contents.badRows, contents.aggregator.days()[0]?.recorded]).toEqual([2, 0, 1]);
  });
});

describe('XLSX string values (t="str")', () => {
  it('are decoded once, as Excel shows them: A&amp;lt;1 is A&lt;1 (exceljs decoded it again to A<1)', async () => {
    const file = book('str.xlsx', call(2, { C: '<c r="C2" t="str"><v>A&amp;lt;1&amp;amp;&#65;</v></c>' }) + call(3, { C: '<c r="C3" t="inlineStr"><v>B&amp;gt;</v></c>' }));
    const contents = (await read(file)) as CallLogContents;
    expect(contents.aggregator.agents().map((a) => a.agent)).toEqual(['A&lt;1&amp;A', 'B&gt;']);
    expect(await read(book('str-twice.xlsx', call(2, { C: '<c r="C2" t="inlineStr"><is><t>A001</t></is><v>X9</v></c>' })))).toMatchObject({ code: 'xlsx-cell', row: 2, message: { en: expect.stringContaining('it holds more than one value') } });
  });
});
