import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog } from '../src/calllog/read-call-log.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { parseYamlDocument, type ParsedDocument } from '../src/read/parse-document.js';
import { validateDocument } from '../src/validate/validate-document.js';
import { localToday } from '../src/util/dates.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';

/**
 * Red-team cases (issue 11, the siblings): inputs a vendor controls that could make a run pass
 * without having judged what an officer reads. Each test fails without its fix.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-redteam-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const HEADER = ['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded'];
const V1 = '91370102MA3C4F5G9F';
const CALL = (id: string, agent: string) => [id, V1, agent, '2026-10-09 09:00:00', 65, 1];

describe('XLSX: one worksheet with data', () => {
  async function workbook(name: string, sheets: Array<{ name: string; rows: unknown[][]; hidden?: boolean }>): Promise<string> {
    const book = new ExcelJS.Workbook();
    for (const sheet of sheets) {
      const ws = book.addWorksheet(sheet.name, sheet.hidden ? { state: 'hidden' } : {});
      for (const row of sheet.rows) ws.addRow(row);
    }
    const file = path.join(temp, name);
    await book.xlsx.writeFile(file);
    return file;
  }

  it('a hidden clean first sheet cannot stand in for the visible sheet of calls: input error naming both', async () => {
    const file = await workbook('hidden.xlsx', [
      { name: 'clean', hidden: true, rows: [HEADER, CALL('C1', 'A001')] },
      { name: 'calls', rows: [HEADER, CALL('C1', 'A001'), CALL('C2', 'X9')] },
    ]);
    const read = await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);
    expect(read).toMatchObject({ code: 'xlsx-several-sheets' });
    expect((read as { message: { en: string } }).message.en).toContain('"clean" and "calls"');
  });

  it('empty sheets around the sheet of calls do not count: the calls are read', async () => {
    const file = await workbook('empty-first.xlsx', [
      { name: 'empty', rows: [] },
      { name: 'calls', rows: [HEADER, CALL('C1', 'A001'), CALL('C2', 'X9')] },
      { name: 'blank', rows: [['', '']] },
    ]);
    expect(await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)).toMatchObject({ dataRows: 2 });
  });
});

describe('YAML: one reading, the 1.2 core schema', () => {
  const codes = (text: string) => {
    const parsed = parseYamlDocument(text, DEFAULT_LIMITS);
    return Array.isArray(parsed) ? parsed.map((e) => e.code) : parsed.data;
  };

  it('a %YAML 1.1 directive (yes = true, 017 = 15, 1_000 = 1000 there) is an input error, not a second reading', () => {
    expect(codes('%YAML 1.1\n---\na: "x"\nb: yes\nc: 017\n')).toEqual(['yaml-version']);
    expect(codes('%YAML 1.2\n---\nb: yes\nc: 017\n')).toEqual({ b: 'yes', c: 17 });
  });

  it('a merge key << is an input error at it; a quoted "<<" is an ordinary key', () => {
    const parsed = parseYamlDocument('base: &b { hours: 80 }\nagent:\n  <<: *b\n  id: A1\n', DEFAULT_LIMITS);
    expect(parsed).toMatchObject([{ code: 'merge-key', line: 3, column: 3 }]);
    expect(codes('"<<": 1\n')).toEqual({ '<<': 1 });
  });

  it('tags that build other types (!!binary, !!set, !!omap, !!timestamp) are unknown tags, never a Buffer, Set, Map or Date', () => {
    for (const tagged of ['!!binary aGVsbG8=', '!!set { a }', '!!omap [ { a: 1 } ]', '!!timestamp 2026-10-01', '!!pairs [ { a: 1 } ]']) {
      expect(codes(`a: ${tagged}\n`), tagged).toEqual(['unknown-tag']);
    }
  });
});

describe('dates that have not come', () => {
  const dossier = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
  const report = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');
  const validate = (text: string, latest: string) => validateDocument(parseYamlDocument(text, DEFAULT_LIMITS) as ParsedDocument, latest);

  it('a dossier submitted after tomorrow is an input error at /submitted (experience is counted up to it)', () => {
    expect(validate(dossier, '2026-10-08')).toMatchObject({ kind: 'VendorDossier' });
    expect(validate(dossier, '2026-10-07')).toMatchObject([{ code: 'future-date', path: '/submitted', line: 3 }]);
  });

  it('a monthly report of a month after the current one is an input error at /month; the current month is not', () => {
    expect(validate(report, '2026-10-31')).toMatchObject({ kind: 'MonthlyReport' });
    expect(validate(report, '2026-09-30')).toMatchObject([{ code: 'future-date', path: '/month' }]);
  });

  it('end to end, with the clock: eight months of telemarketing do not become two years by dating the dossier ahead', async () => {
    const year = Number(localToday().slice(0, 4));
    const text = dossier
      .replace('submitted: 2026-10-08', `submitted: ${year + 5}-10-08`)
      .replace('telemarketing_since: 2019-04-01', `telemarketing_since: ${year - 1}-04-01`)
      .replace('expires: 2029-04-16', `expires: ${year + 9}-04-16`);
    const file = path.join(temp, 'future-dossier.yaml');
    writeFileSync(file, text);
    const run = await runInProcess(['--format', 'json', '--lang', 'en', file]);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).files[0].errors[0].message).toContain('a dossier cannot be submitted in the future');
  });
});

describe('CSV call logs as Excel exports them', () => {
  it('UTF-16 without a byte-order mark ("Unicode text") is refused as UTF-16, not read as a header of NULs', async () => {
    const file = path.join(temp, 'unicode-text.csv');
    writeFileSync(file, Buffer.from(`${HEADER.join('\t')}\r\n`, 'utf16le'));
    expect(await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)).toMatchObject({ code: 'encoding', message: { en: 'file is UTF-16 encoded; save it as a UTF-8 or GB18030 CSV' } });
  });
});

describe('init onto a path that cannot be written', () => {
  it('a folder that cannot be created is one line naming the file and the reason, in the report language', async () => {
    // Missing folders are created (as for reports); a file standing where a folder should be cannot be.
    const blocker = path.join(temp, 'init-blocker');
    writeFileSync(blocker, '');
    const target = path.join(blocker, 'folder', 'dossier.yaml');
    const en = await runInProcess(['init', 'dossier', target, '--lang', 'en']);
    expect(en.status).toBe(2);
    expect(en.stderr).toBe(`tmcheck: cannot write ${target}: the folder ${path.dirname(target)} cannot be created (ENOTDIR)\n`);
    const zh = await runInProcess(['init', 'dossier', target, '--lang', 'zh']);
    expect(zh.stderr).toBe(`tmcheck: 无法写入 ${target}：无法创建文件夹 ${path.dirname(target)}（ENOTDIR）\n`);
  });
});

describe('a folder walk never skips a spreadsheet unseen', () => {
  it('a .xls (or .et, .ods…) call log beside a compliant dossier is an input error on its path, not a pass', async () => {
    const dir = mkdtempSync(path.join(temp, 'walk-'));
    writeFileSync(path.join(dir, 'dossier.yaml'), readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml')));
    writeFileSync(path.join(dir, 'calls.XLS'), 'not read');
    writeFileSync(path.join(dir, 'readme.txt'), 'not a spreadsheet');
    const run = await runInProcess(['--format', 'json', '--lang', 'en', dir]);
    expect(run.status).toBe(2);
    const files = (JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }> }).files;
    expect(files.map((f) => [path.basename(f.file), f.status, f.errors?.[0]?.message.slice(0, 37)])).toEqual([
      ['calls.XLS', 'invalid', 'a .xls spreadsheet cannot be read: sa'],
      ['dossier.yaml', 'pass', undefined],
    ]);
  });
});
