import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { zipArchive } from './support/zip.js';
import { V1, oneSheetBook, headerRow } from './support/xlsx-parts.js';

/**
 * Rows in the order the format wants. exceljs read two rows of one number (or a row before the one
 * above it) as two calls at one place, where Excel repairs the sheet and may keep either; a row
 * without `r` after them took a number already used. As with two cells at one place, it is an
 * input error (`xlsx-layout`): the sheet reads two ways.
 */
const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-xlsx-rows-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const cell = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
/** A call without cell references (they follow the row's number), `r` as given. */
const call = (r: string, agent: string, recorded: number) => `<row${r}>${cell(`C-${agent}`)}${cell(V1)}${cell(agent)}${cell('2026-10-09 09:00:00')}<c><v>65</v></c><c><v>${recorded}</v></c></row>`;
let count = 0;
const read = (rows: string) => {
  const file = path.join(temp, `rows-${(count += 1)}.xlsx`);
  writeFileSync(file, zipArchive(oneSheetBook(headerRow() + rows)));
  return readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);
};

describe('XLSX rows out of order', () => {
  it.each([
    ['one row number twice', call(' r="2"', 'X9', 0) + call(' r="2"', 'A001', 1), 'row 2 of worksheet "calls" comes after row 2'],
    ['a row before the one above it', call(' r="3"', 'X9', 0) + call(' r="2"', 'A001', 1), 'row 2 of worksheet "calls" comes after row 3'],
    ['a row without r, then the number it took', call(' r="3"', 'X9', 0) + call('', 'A001', 1) + call(' r="4"', 'A002', 1), 'row 4 of worksheet "calls" comes after row 4'],
  ])('%s is an input error naming the rows', async (_label, rows, says) => {
    expect(await read(rows)).toMatchObject({ code: 'xlsx-layout', message: { en: expect.stringContaining(says) } });
  });

  it('rows in order, with and without r, and a gap, are read with their numbers', async () => {
    const contents = (await read(call(' r="2"', 'X9', 0) + call('', 'A001', 1) + call(' r="7"', 'A002', 1))) as CallLogContents;
    expect(contents.aggregator.agents().map((a) => [a.agent, a.firstRow])).toEqual([['A001', 3], ['A002', 7], ['X9', 2]]);
  });
});
