import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInputs, DOCUMENT_EXTENSIONS, TABLE_EXTENSIONS } from '../src/read/discover.js';
import { unreadInputError } from '../src/read/unread-names.js';
import { projectRoot, FIXTURE_DOSSIER } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * A folder walk reads the files whose extension (any case) is one tmcheck reads. A call log or a
 * document whose name only looks so (`calls.ｃｓｖ`, `calls.csv `, a Cyrillic с) or that tmcheck cannot
 * open (.xltx, .numbers, calls.csv.gz, Notepad's calls.csv.txt) was skipped without a word and the
 * run passed: the officer sees calls.csv in the folder and signs for calls nobody judged. Each is an
 * input error on its path (exit 2); the other files are still checked.
 */
const tempDir = tempDirMaker('tmcheck-unread-names-');
const ALL = [...DOCUMENT_EXTENSIONS, ...TABLE_EXTENSIONS];
const codeOf = (name: string, extensions = ALL) => unreadInputError(name, extensions, extensions.includes('.xlsx'))?.code;

describe('names that look like inputs', () => {
  it.each([
    ['calls.ｃｓｖ', 'full-width letters'],
    ['calls．csv', 'full-width dot'],
    ['calls。csv', 'ideographic full stop typed by a Chinese input method'],
    ['calls.ＣＳＶ', 'full-width capitals'],
    ['calls.csv ', 'trailing space'],
    ['calls.csv\u3000', 'trailing ideographic space'],
    ['calls.csv.', 'trailing dot'],
    ['calls.csv. .', 'trailing dots and space'],
    ['calls.c\u200bsv', 'zero-width space inside'],
    ['calls.csv\u200e', 'trailing left-to-right mark'],
    ['calls.\u0441sv', 'Cyrillic es'],
    ['calls.xl\u0455x', 'Cyrillic dze'],
    ['report.yam\u217c', 'roman numeral fifty'],
    ['report.\u0443aml', 'Cyrillic u'],
    ['dossier.js\u043en', 'Cyrillic o'],
    ['dossier.JSO\u039d', 'Greek capital Nu (its small letter ν looks like v)'],
    ['report.\u03a5\u0391\u039cL', 'Greek capitals Upsilon, Alpha, Mu'],
    ['calls.\u0421SV', 'Cyrillic capital Es'],
    ['calls.csv.txt', 'Notepad: .txt after .csv'],
    ['report.yaml.TXT', 'Notepad, upper case'],
  ])('%j (%s) is a look-alike name', (name) => {
    expect(codeOf(name)).toBe('look-alike-name');
  });

  it.each(['old.xls', 'calls.XLSM', 'b.xlsb', 't.xltx', 't.xltm', 't.xlt', 'c.ods', 'c.fods', 'c.numbers', 'wps.et', 'wps.ett', 'c.tsv', 'calls.slk', 'calls.DIF', 'calls.ｘｌｓ', 'calls.xls '])(
    '%j is a spreadsheet tmcheck cannot read where call logs are looked for, nothing in a documents-only walk',
    (name) => {
      expect(codeOf(name)).toBe('unread-spreadsheet');
      expect(codeOf(name, DOCUMENT_EXTENSIONS)).toBeUndefined();
    },
  );

  it.each(['calls.csv.gz', 'calls.xlsx.zip', 'report.yaml.bz2', 'calls.ｃｓｖ.xz', 'old.xls.7z', 'calls.csv.zst', 'calls.csv.rar'])('%j is a compressed input', (name) => {
    expect(codeOf(name)).toBe('compressed-input');
  });

  it('a documents-only walk (--history) flags look-alike documents, not call logs', () => {
    expect(codeOf('report-2026-09.yaml ', DOCUMENT_EXTENSIONS)).toBe('look-alike-name');
    expect(codeOf('calls.ｃｓｖ', DOCUMENT_EXTENSIONS)).toBeUndefined();
    expect(codeOf('calls.csv.gz', DOCUMENT_EXTENSIONS)).toBeUndefined();
  });

  it.each(['notes.txt', 'readme.md', 'contract.pdf', 'scan.png', 'backup.tar.gz', 'upload.zip', 'csv', 'data', 'calls.csvx', 'x.yaml.bak', 'calls-csv.txt'])(
    '%j is not an input: no error',
    (name) => {
      expect(codeOf(name)).toBeUndefined();
    },
  );

  it('says what to do, in both languages, naming the extension', () => {
    const error = unreadInputError('calls.ｃｓｖ ', ALL, true)!;
    expect(error.message.en).toBe(
      'the name looks like it ends in .csv but has full-width characters, spaces or extra dots; not checked: rename the file so that its name ends in exactly .csv',
    );
    expect(error.message.zh).toBe('文件名看似以 .csv 结尾，但含有全角字符、空格或多余的句点，未检查：请改名，使文件名以 .csv 结尾（半角字符，其后没有空格或句点）');
    expect(unreadInputError('calls.\u0441sv', ALL, true)!.message.en).toContain('has letters of another script that look Latin;');
    expect(unreadInputError('calls。csv', ALL, true)!.message.en).toContain('has a Chinese full stop;');
    expect(unreadInputError('calls.csv\u200b', ALL, true)!.message.en).toContain('has invisible characters;');
    expect(unreadInputError('calls.csv.gz', ALL, true)!.message).toEqual({
      zh: '.csv 文件被压缩为 .gz，未检查：请解压后再检查',
      en: 'a .csv file compressed as .gz is not checked: decompress it to have it checked',
    });
    expect(unreadInputError('calls.csv.txt', ALL, true)!.message.en).toBe(
      'the name has .txt after .csv (shown as a .csv file where extensions are hidden); not checked: rename the file so that its name ends in .csv',
    );
  });
});

describe('a folder walk', () => {
  const report = path.join(projectRoot, 'fixtures/calllogs/report-2026-10-jinan.yaml');

  it('reports each look-alike as an input error (exit 2) on its path and still checks the rest', async () => {
    const dir = tempDir();
    copyFileSync(report, path.join(dir, 'report.yaml'));
    for (const name of ['calls.ｃｓｖ', 'calls.csv ', 'calls.csv.gz', 'old.numbers', 'notes.txt', 'dossier.JSO\u039d']) writeFileSync(path.join(dir, name), 'x');
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', FIXTURE_DOSSIER, '.'], { cwd: dir }); // with the report's vendor's dossier
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const files = (JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }> }).files;
    expect(files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([
      ['calls.csv ', 'invalid', unreadInputError('calls.csv ', ALL, true)!.message.en],
      ['calls.csv.gz', 'invalid', unreadInputError('calls.csv.gz', ALL, true)!.message.en],
      ['calls.ｃｓｖ', 'invalid', unreadInputError('calls.ｃｓｖ', ALL, true)!.message.en],
      ['dossier.JSO\u039d', 'invalid', 'the name looks like it ends in .json but has letters of another script that look Latin; not checked: rename the file so that its name ends in exactly .json'],
      ['old.numbers', 'invalid', 'a .numbers spreadsheet cannot be read: save a call log as .xlsx or CSV (UTF-8 or GB18030) to have it checked, and move any other spreadsheet out of the checked folder'],
      ['report.yaml', 'pass', undefined],
    ]);
  });

  it('a call log or spreadsheet named on the command line under such a name is that error, not a document that is not a mapping', () => {
    const dir = tempDir();
    for (const name of ['calls.ｃｓｖ', 'old.xls', 'calls.csv.gz', 'report.txt']) writeFileSync(path.join(dir, name), 'x');
    const found = discoverInputs(['calls.ｃｓｖ', 'old.xls', 'calls.csv.gz', 'report.txt'], dir);
    expect(found.problems.map((p) => [p.display, p.error.code])).toEqual([
      ['calls.ｃｓｖ', 'look-alike-name'],
      ['old.xls', 'unread-spreadsheet'],
      ['calls.csv.gz', 'compressed-input'],
    ]);
    // Any other name given by hand is read as a document, as before; a documents-only run names no call log.
    expect(found.files.map((f) => f.display)).toEqual(['report.txt']);
    expect(discoverInputs(['old.xls'], dir, DOCUMENT_EXTENSIONS).files.map((f) => f.display)).toEqual(['old.xls']);
  });

  it('a pattern picks what it matches and reports nothing it does not match', () => {
    const dir = tempDir();
    copyFileSync(report, path.join(dir, 'report.yaml'));
    writeFileSync(path.join(dir, 'calls.ｃｓｖ'), 'x');
    const found = discoverInputs(['*.yaml'], dir);
    expect(found.files.map((f) => f.display)).toEqual(['report.yaml']);
    expect(found.problems).toEqual([]);
  });
});
