import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog } from '../src/calllog/read-call-log.js';
import { isFormula } from '../src/calllog/read-xlsx.js';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { exitCode } from '../src/report/model.js';
import type { InputError } from '../src/read/input-error.js';
import { projectRoot } from './support/fixtures.js';

/**
 * A formula cell of an XLSX call log reads two ways: the file stores the result last computed (which
 * whatever wrote the file may set at will), Excel shows the value it computes again. tmcheck reads
 * no formula: it is an input error naming the worksheet and the cell.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-formula-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const HEADER = ['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded'];
const V1 = '91370102MA3C4F5G9F';

async function workbook(name: string, fill: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = new ExcelJS.Workbook();
  fill(book);
  const file = path.join(temp, name);
  await book.xlsx.writeFile(file);
  return file;
}

describe('XLSX call logs: formula cells', () => {
  it('a formula whose saved result names a listed agent is an input error at its sheet and cell, in both languages', async () => {
    const file = await workbook('agent-formula.xlsx', (book) => {
      const sheet = book.addWorksheet('calls');
      sheet.addRow(HEADER);
      sheet.addRow(['C1', V1, 'A001', '2026-10-09 09:00:00', 60, 1]);
      // Excel computes "X9" (an agent no report lists); the saved result says "A001".
      sheet.addRow(['C2', V1, { formula: '"X"&"9"', result: 'A001' }, '2026-10-09 10:00:00', 60, 1]);
    });
    const read = (await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as InputError;
    expect(read).toMatchObject({ code: 'xlsx-formula', row: 3 });
    expect(read.message.en).toBe(
      'cell C3 of worksheet "calls" is a formula: the result saved in the file may differ from what Excel shows after computing it again, so tmcheck does not read formulas; turn formulas into values (copy, then Paste Special → Values) and check again',
    );
    expect(read.message.zh).toBe(
      '工作表「calls」的 C3 单元格是公式：文件中保存的计算结果可能与 Excel 重新计算后显示的不同，本工具不读取公式；请把公式转为数值（复制后“选择性粘贴 → 数值”）后重新检查',
    );

    // In a run: the log is invalid (exit 2), never judged by the saved result.
    const report = await runCheck({ inputs: [file], cwd: projectRoot, ruleSet: loadRuleSet({ cwd: projectRoot }), limits: DEFAULT_LIMITS, callLog: DEFAULT_CALL_LOG_OPTIONS });
    expect(report.files.map((f) => [f.status, f.errors.map((e) => e.code)])).toEqual([['invalid', ['xlsx-formula']]]);
    expect(exitCode(report)).toBe(2);
  });

  it('a formula in a worksheet that looks empty by its saved results is refused too (Excel may show values there)', async () => {
    const file = await workbook('empty-looking.xlsx', (book) => {
      const calls = book.addWorksheet('calls');
      calls.addRow(HEADER);
      calls.addRow(['C1', V1, 'A001', '2026-10-09 09:00:00', 60, 1]);
      book.addWorksheet('notes').getCell('AB7').value = { formula: 'calls!A2', result: '' };
    });
    const read = (await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as InputError;
    expect(read).toMatchObject({ code: 'xlsx-formula', row: 7 });
    expect(read.message.en).toContain('cell AB7 of worksheet "notes" is a formula');
  });

  it('the cells of a shared formula are refused as well, and a workbook of values is read', async () => {
    const shared = await workbook('shared.xlsx', (book) => {
      const sheet = book.addWorksheet('calls');
      sheet.addRow(HEADER);
      sheet.addRow(['C1', V1, 'A001', '2026-10-09 09:00:00', 60, 1]);
      sheet.addRow(['C2', V1, 'A001', '2026-10-09 10:00:00', 60, 1]);
      sheet.getCell('F2').value = { formula: '0+1', result: 1, shareType: 'shared', ref: 'F2:F3' } as ExcelJS.CellValue;
      sheet.getCell('F3').value = { sharedFormula: 'F2', result: 1 } as ExcelJS.CellValue;
    });
    expect(await readCallLog(shared, DEFAULT_CALL_LOG_OPTIONS)).toMatchObject({ code: 'xlsx-formula', row: 2 });
    // The other cells of a shared formula (`<f t="shared" si="0"/>`) reach tmcheck as exceljs's streaming reader gives them: an empty formula.
    expect([isFormula({ formula: '', result: 1 }), isFormula({ sharedFormula: 'F2', result: 1 }), isFormula({ richText: [{ text: 'A001' }] }), isFormula('=1')]).toEqual([true, true, false, false]);

    const values = await workbook('values.xlsx', (book) => {
      const sheet = book.addWorksheet('calls');
      sheet.addRow(HEADER);
      sheet.addRow(['C1', V1, 'A001', '2026-10-09 09:00:00', 60, 1]);
    });
    expect(await readCallLog(values, DEFAULT_CALL_LOG_OPTIONS)).toMatchObject({ dataRows: 1, badRows: 0 });
  });
});
