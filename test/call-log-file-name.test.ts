import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCallLogFile } from '../src/calllog/call-log-options.js';

// isCallLogFile skips extname for names whose last character cannot end ".csv" or ".xlsx": the
// answer must be extname's for every name, whatever its case, separators or look-alike letters.
const byExtname = (file: string): boolean => ['.csv', '.xlsx'].includes(path.extname(file).toLowerCase());

describe('isCallLogFile', () => {
  it('says what extname says for names that end like a call log, or almost', () => {
    const names = [
      '/a/calls.csv', '/a/calls.CSV', '/a/calls.CsV', '/a/calls.xlsx', '/a/CALLS.XLSX', '/a/calls.xlsX',
      '/a/calls.csv/', '/a/calls.xlsx//', 'calls.csv\\', '/a/.csv', '/a/.xlsx', '/a/calls.csv.txt',
      '/a/calls.xls', '/a/calls.cs', '/a/calls.ｃｓｖ', '/a/calls.cs\u0056', '/a/calls.csⅤ', '/a/calls.xlsⅩ',
      '/a/report.yaml', '/a/v', '/a/x', '', '.', 'csv', '/a/calls.tsv', '/a/calls.csv ',
    ];
    for (const name of names) expect([name, isCallLogFile(name)]).toEqual([name, byExtname(name)]);
    expect(['/a/calls.CsV', '/a/calls.csv/', '/a/CALLS.XLSX'].every(isCallLogFile)).toBe(true);
  });

  it('says what extname says for any name made of path characters, extension letters and look-alikes', () => {
    const piece = fc.constantFrom('/', '\\', '.', 'c', 'C', 's', 'S', 'v', 'V', 'x', 'X', 'l', 'L', 'a', 'ⅴ', 'Ⅴ', 'ｖ', ' ', 'İ', '\u212a');
    const ending = fc.constantFrom('.csv', '.CSV', '.cSv', '.xlsx', '.XLSX', '.xlsX', '.cs', '.xls', '.csⅤ', '.xlsⅩ', '.ｃｓｖ', '');
    const separators = fc.array(fc.constantFrom('/', '\\', '.', ' '), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), ending, separators, (pieces, end, after) => {
        const name = pieces.join('') + end + after.join('');
        expect(isCallLogFile(name)).toBe(byExtname(name));
      }),
      { numRuns: 5000 },
    );
  });
});
