import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPresentOperator } from '../src/operators/is-present.js';
import { creditCodeCheckCharacter } from '../src/util/credit-code.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { parseYamlDocument, type ParsedDocument } from '../src/read/parse-document.js';
import { validateDocument } from '../src/validate/validate-document.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { vendorDossiers } from './support/vendor-reports.js';

/**
 * Red-team cases (session 7): inputs a vendor controls that made a run pass without a compliant
 * document. Each test fails without its fix.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-redteam-s7-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
/** The reports' vendor's dossier (--history, agreement signed in 2024): R10-1/R10-3 judge the reports against it. */
const DOSSIERS = vendorDossiers(path.join(temp, 'dossiers'));

const dossier = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const report = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');
const validate = (text: string, latest: string) => validateDocument(parseYamlDocument(text, DEFAULT_LIMITS) as ParsedDocument, latest);

describe('events dated after tomorrow have not happened', () => {
  it('an approval step dated ahead does not complete the R10-1 trail: input error at its date', () => {
    const ahead = dossier.replace('agreement_signed, date: 2026-09-18', 'agreement_signed, date: 2099-09-18');
    expect(validate(dossier, '2026-10-09')).toMatchObject({ kind: 'VendorDossier' });
    expect(validate(ahead, '2026-10-09')).toMatchObject([{ code: 'future-date', path: '/cooperation/approvals/7/date', line: 43 }]);
  });

  it('a spot check, calling day or campaign review later in the current month is an input error; one up to tomorrow is not', () => {
    expect(validate(report, '2026-10-27')).toMatchObject({ kind: 'MonthlyReport' });
    expect(validate(report, '2026-10-26')).toMatchObject([{ code: 'future-date', path: '/inspections/1/date', line: 42 }]);
    const errors = validate(report, '2026-10-05') as Array<{ path: string }>;
    expect(errors.map((e) => e.path)).toEqual(['/inspections/0/date', '/inspections/1/date', '/calling_days/0/date', '/calling_days/1/date', '/campaigns/0/cs_review/date']);
  });
});

describe('a review record id a reader cannot see is no record', () => {
  it('isPresent: strings of only zero-width, format characters or ideographic spaces are absent', () => {
    for (const blank of ['\u200b', '\u2060\u00ad', '\ufeff', '\u3000', ' \u200d\u200c ']) {
      expect(isPresentOperator.evaluate(blank, true), JSON.stringify(blank)).toBe(false);
    }
    expect(isPresentOperator.evaluate('JN\u200b-1', true)).toBe(true);
  });

  it('end to end: invisible record ids fail R19-1 and R23-1 at the ids', async () => {
    const file = path.join(temp, 'invisible-record-ids.yaml');
    writeFileSync(file, report.replace('record_id: JN-CSR-2026-0931', 'record_id: "\u200b"').replace('record_id: JN-NUM-2026-0212', 'record_id: "\u2060"'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', DOSSIERS, file]);
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout).findings as Array<{ ruleId: string; location: { path: string } }>).filter((f) => f.ruleId !== 'R24-3/complaint-compensation');
    expect(findings.map((f) => [f.ruleId, f.location.path])).toEqual([
      ['R19-1/campaign-reviewed', '/campaigns/0/cs_review/record_id'],
      ['R23-1/number-batch-reviewed', '/number_batches/0/cs_review/record_id'],
    ]);
  });
});

describe('the ranking follows a vendor by credit code: one name under two codes is an input error', () => {
  it('a vendor last two months as one code and the third as another cannot start a new streak unseen', async () => {
    const body = '91370102MA3C4F5G8';
    const other = body + creditCodeCheckCharacter(body)!;
    const september = path.join(temp, 'renamed-2026-09.yaml');
    const october = path.join(temp, 'renamed-2026-10.yaml');
    writeFileSync(september, report.replace('month: 2026-10', 'month: 2026-09').replace(/2026-10-(\d\d)/g, '2026-09-$1').replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-08-20'));
    // The same name, spelled with a full-width space and a zero-width space: read as a person reads it.
    writeFileSync(october, report.replace('91370102MA3C4F5G9F', other).replace('name: 济南泉声信息技术有限公司', 'name: "济南泉声\u3000信息技术\u200b有限公司"'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', september, october]);
    expect(run.status).toBe(2);
    const files = JSON.parse(run.stdout).files as Array<{ status: string; errors: Array<{ code?: string; path?: string; line?: number; message: string }> }>;
    expect(files.map((f) => [f.status, f.errors.map((e) => [e.path, e.line])])).toEqual([
      ['invalid', [['/vendor/credit_code', 7]]],
      ['invalid', [['/vendor/credit_code', 7]]],
    ]);
    expect(files[0]!.errors[0]!.message).toContain(`also ${other}`);
  });

  it('one credit code under two names (a company renamed) is not an error', async () => {
    const september = path.join(temp, 'newname-2026-09.yaml');
    writeFileSync(september, report.replace('month: 2026-10', 'month: 2026-09').replace(/2026-10-(\d\d)/g, '2026-09-$1').replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-08-20').replace('name: 济南泉声信息技术有限公司', 'name: 济南泉声科技有限公司'));
    // Both state one cooperation start (R24-2/cooperation-start-agrees): the rename is the only difference.
    const october = path.join(temp, 'newname-2026-10.yaml');
    writeFileSync(october, report.replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-08-20'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', DOSSIERS, september, october]);
    expect(run.status).toBe(0);
  });
});

describe('a day of calls split over two call logs is judged as one day', () => {
  it('08:00–14:00 in one log and 14:30–22:00 in the other is a 14-hour day, at the last call in its log', async () => {
    const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
    const morning = path.join(temp, 'split-morning.csv');
    const evening = path.join(temp, 'split-evening.csv');
    writeFileSync(morning, `${header}C1,91370102MA3C4F5G9F,A001,2026-10-09 08:00:00,60,1\nC2,91370102MA3C4F5G9F,A001,2026-10-09 14:00:00,60,1\n`);
    writeFileSync(evening, `${header}C3,91370102MA3C4F5G9F,A002,2026-10-09 14:30:00,60,1\nC4,91370102MA3C4F5G9F,A002,2026-10-09 22:00:00,60,0\n`);
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', path.join(projectRoot, 'fixtures/calllogs/report-2026-10-jinan.yaml'), morning, evening]);
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout).findings as Array<{ ruleId: string; message: string; location: { file: string; row?: number } }>).filter((f) => f.location.file.endsWith('.csv'));
    expect(findings.map((f) => [path.basename(f.location.file), f.location.row, f.ruleId])).toEqual([
      ['split-evening.csv', 3, 'R21-1/call-log-all-recorded'],
      ['split-evening.csv', 3, 'R22-1/call-log-calling-hours'],
    ]);
    expect(findings[0]!.message).toContain('3 of 4'); // the day's calls over both logs
    expect(findings[1]!.message).toContain('from 08:00:00 to 22:01:00');
  });

  it('the same log under two names is refused the second time (its calls would count twice), not a second finding', async () => {
    const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
    const once = path.join(temp, 'once.csv');
    const again = path.join(temp, 'again.csv');
    for (const file of [once, again]) writeFileSync(file, `${header}C1,91370102MA3C4F5G9F,A001,2026-10-09 08:00:00,60,1\nC2,91370102MA3C4F5G9F,A001,2026-10-09 19:59:00,60,1\n`);
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', DOSSIERS, path.join(projectRoot, 'fixtures/calllogs/report-2026-10-jinan.yaml'), once, again]);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }> };
    // Files are taken in path order: again.csv first, so once.csv is the copy.
    const logs = report.files.filter((f) => f.file.endsWith('.csv'));
    expect(logs.map((f) => [path.basename(f.file), f.status])).toEqual([
      ['again.csv', 'pass'],
      ['once.csv', 'invalid'],
    ]);
    expect(logs[1]!.errors?.map((e) => e.message)).toEqual([expect.stringMatching(/same content as .*again\.csv: the same calls cannot be counted twice/)]);
    expect(report.findings.filter((f) => JSON.stringify(f).includes('.csv'))).toEqual([]);
  });
});
