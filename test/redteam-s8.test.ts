import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPresentOperator } from '../src/operators/is-present.js';
import { normaliseCity } from '../src/profile/city-name.js';
import { withoutSpacing } from '../src/util/plain-text.js';
import { projectRoot, FIXTURE_DOSSIER } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { vendorDossiers } from './support/vendor-reports.js';

/**
 * Red-team cases (session 8): documents a vendor could submit on purpose that made a run exit 0
 * although a requirement was broken or could not be judged. Each test fails without its fix.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-redteam-s8-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const dossier = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const report = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');

type Json = { findings: Array<{ ruleId: string; severity: string; location: { file: string; path?: string; row?: number } }>; files: Array<{ file: string; status: string; errors?: Array<{ code: string; path?: string }> }> };
const errorsOf = (json: Json) => json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.path ?? f.location.row]);

function write(dir: string, files: Record<string, string>): string {
  const folder = path.join(temp, dir);
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

/** With `dossiers` (--history) the reports' vendors have their dossiers: R10-1/R10-3 judge them. */
async function checkWith(dossiers: string, ...args: string[]): Promise<{ status: number; json: Json }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', dossiers, ...args]);
  return { status: run.status, json: JSON.parse(run.stdout) as Json };
}

/** With the fixture dossier (agreement signed 2026-09-18), the compliant report's vendor's. */
const check = (...args: string[]) => checkWith(FIXTURE_DOSSIER, ...args);

/** The vendors' dossiers with agreements signed in 2024: for reports that start before 2026-09-18. */
const EARLY_DOSSIERS = vendorDossiers(path.join(temp, 'dossiers'));

describe('characters a reader cannot see are not text', () => {
  // Default-ignorable code points render as nothing though Unicode calls them letters or marks; U+2800 renders as a space.
  const invisible = ['\u3164', '\uffa0', '\u115f\u1160', '\u034f', '\ufe0f', '\u2800', '\u{e0020}'];

  it('isPresent: a record id of Hangul fillers, a grapheme joiner, variation selectors or a blank braille cell is absent', () => {
    for (const blank of invisible) expect(isPresentOperator.evaluate(blank, true), JSON.stringify(blank)).toBe(false);
    expect(isPresentOperator.evaluate('JN\u3164-1', true)).toBe(true);
  });

  it('names compare as a person reads them: a filler inside a vendor name or a city does not make another one', () => {
    expect(withoutSpacing('济南泉声\u3164信息技术\u2800有限公司')).toBe('济南泉声信息技术有限公司');
    expect(normaliseCity('青\u3164岛\ufe0f')).toBe('青岛');
  });

  it('end to end: a Hangul filler as a campaign record id fails R19-1 at the id', async () => {
    const dir = write('filler-record-id', { 'report.yaml': report.replace('record_id: JN-CSR-2026-0931', 'record_id: "\u3164"') });
    const { status, json } = await check(dir);
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['R19-1/campaign-reviewed', '/campaigns/0/cs_review/record_id']]);
  });
});

describe('a licence is held only with a number that can be verified (R10-P5-2)', () => {
  it('a value-added telecom licence numbered with a zero-width space is not held: error at its number', async () => {
    const dir = write('licence-number', { 'dossier.yaml': dossier.replace('number: B2-20190417', 'number: "\u200b"') });
    const { status, json } = await check(dir);
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['R10-P5-2/license-number', '/vendor/licenses/1/number']]);
  });
});

describe('a report must account for the calls its call log shows', () => {
  const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  const log = `${header}C1,91370102MA3C4F5G9F,A001,2026-10-09 09:00:00,60,1\nC2,91370102MA3C4F5G9F,A002,2026-10-09 10:00:00,60,1\n`;
  // "No calls this month": nothing to list for R19-1 (campaigns) and R23-1 (number batches), and 0 of 0 calls recorded (R21-1).
  const silent = report
    .replace('calls_total: 18240', 'calls_total: 0')
    .replace('calls_recorded: 18240', 'calls_recorded: 0')
    .replace(/calling_days:\n(  - .*\n)+/, 'calling_days: []\n')
    .replace(/campaigns:\n(  .*\n)+/, 'campaigns: []\n')
    .replace(/number_batches:\n(  .*\n)+/, 'number_batches: []\n');

  it('a report of no calls beside a log of two: error on the log, at the month\'s first call (exit 1)', async () => {
    const dir = write('silent-month', { 'report.yaml': silent, 'calls.csv': log });
    const { status, json } = await check(dir);
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['tmcheck/call-log-calls-unreported', 2]]);
    expect(json.findings.find((f) => f.ruleId === 'tmcheck/call-log-calls-unreported')!.location.file).toMatch(/silent-month\/calls\.csv$/);
  });

  it('a report that counts and lists its calling passes beside the same log; more calls than it counts do not', async () => {
    const listed = write('listed-month', { 'report.yaml': report, 'calls.csv': log });
    expect((await check(listed)).status).toBe(0);
    const undercounted = write('undercounted-month', { 'report.yaml': report.replace('calls_total: 18240', 'calls_total: 1').replace('calls_recorded: 18240', 'calls_recorded: 1'), 'calls.csv': log });
    const { status, json } = await check(undercounted);
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['tmcheck/call-log-calls-unreported', 2]]);
  });
});

describe('a cooperation starts once (R24-2 first month)', () => {
  // One check is enough in a first month shorter than a month: a report naming a day of its own month as the start, every month, would need one check every month.
  const oneCheck = report.replace('  - { date: 2026-10-27, calls_checked: 25 }\n', '');
  const october = oneCheck.replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-10-02');
  const september = oneCheck
    .replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-09-02')
    .replace('month: 2026-10', 'month: 2026-09')
    .replace(/2026-10-(\d\d)/g, '2026-09-$1');

  it('two months that each claim to be the first: an error at each report\'s cooperation_started (exit 1)', async () => {
    const dir = write('first-month-twice', { 'sep.yaml': september, 'oct.yaml': october });
    // Alone, October claims a first month, but these dossiers' agreements were signed over a month before its start (R24-2/first-month-contradicted, session 16).
    const alone = await checkWith(EARLY_DOSSIERS, path.join(dir, 'oct.yaml'));
    expect(alone.status).toBe(1);
    expect(errorsOf(alone.json)).toEqual([['R24-2/first-month-contradicted', '/inspections']]);
    const { status, json } = await checkWith(EARLY_DOSSIERS, dir);
    expect(status).toBe(1);
    expect(json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.file.slice(-8), f.location.path]).sort()).toEqual([
      ['R24-2/cooperation-start-agrees', 'oct.yaml', '/cooperation_started'],
      ['R24-2/cooperation-start-agrees', 'sep.yaml', '/cooperation_started'],
      ['R24-2/first-month-contradicted', 'oct.yaml', '/inspections'],
      ['R24-2/first-month-contradicted', 'sep.yaml', '/inspections'],
    ]);
  });

  it('with the earlier month named by --history, only the run\'s report is judged', async () => {
    const dir = write('first-month-history', { 'oct.yaml': october });
    const history = write('first-month-history-earlier', { 'sep.yaml': september });
    const { status, json } = await checkWith(EARLY_DOSSIERS, '--history', history, dir);
    expect(status).toBe(1);
    // Its one check is no longer judged as a first month's either (R24-2/first-month-contradicted, session 16).
    expect(errorsOf(json)).toEqual([['R24-2/cooperation-start-agrees', '/cooperation_started'], ['R24-2/first-month-contradicted', '/inspections']]);
  });
});

describe('a vendor in last place cannot leave out its next report (R24-6)', () => {
  const QINGDAO = '91370202MA3D7K2H1J';
  const monthOf = (month: string, qingdao: boolean, score: number) => {
    const text = report
      .replace('month: 2026-10', `month: ${month}`)
      .replace(/2026-10-(\d\d)/g, `${month}-$1`)
      .replace('cooperation_started: 2026-09-20', 'cooperation_started: 2025-01-10')
      .replace('assessment_score: 88.5', `assessment_score: ${score}`);
    return qingdao ? text.replace('name: 济南泉声信息技术有限公司', 'name: 青岛海韵通信服务有限公司').replace('91370102MA3C4F5G9F', QINGDAO).replace('city: 济南', 'city: 青岛') : text;
  };

  it('last in August, no September report while the run ranks September: input error at its August /month (exit 2)', async () => {
    const history = write('trailing-history', { 'jinan-08.yaml': monthOf('2026-08', false, 60), 'qingdao-08.yaml': monthOf('2026-08', true, 90) });
    const run = write('trailing-run', { 'qingdao-09.yaml': monthOf('2026-09', true, 90) });
    const { status, json } = await checkWith(EARLY_DOSSIERS, '--history', history, run);
    expect(status).toBe(2);
    const invalid = json.files.filter((f) => f.status === 'invalid');
    expect(invalid.map((f) => [path.basename(f.file), f.errors![0]!.path])).toEqual([['jinan-08.yaml', '/month']]);
    expect((invalid[0]!.errors![0] as unknown as { message: string }).message).toContain('ranked last in 2026-08, but the run ranks 2026-09 without a report of it');
  });

  it('with its September report the run judges it; a vendor not last in August may leave (exit 0)', async () => {
    const history = write('trailing-history-2', { 'jinan-08.yaml': monthOf('2026-08', false, 60), 'qingdao-08.yaml': monthOf('2026-08', true, 90) });
    const both = write('trailing-run-2', { 'qingdao-09.yaml': monthOf('2026-09', true, 90), 'jinan-09.yaml': monthOf('2026-09', false, 95) });
    expect((await checkWith(EARLY_DOSSIERS, '--history', history, both)).status).toBe(0);
    const leaver = write('trailing-history-3', { 'jinan-08.yaml': monthOf('2026-08', false, 95), 'qingdao-08.yaml': monthOf('2026-08', true, 60) });
    const qingdaoOnly = write('trailing-run-3', { 'qingdao-09.yaml': monthOf('2026-09', true, 90) });
    expect((await checkWith(EARLY_DOSSIERS, '--history', leaver, qingdaoOnly)).status).toBe(0);
  });
});

describe('a call-log agent id a reader cannot see names nobody (R20-1)', () => {
  it('calls under a zero-width agent id, listed in the report as a trained agent of the same id, have no training record', async () => {
    const invisible = report.replace('  - id: A002\n', '  - id: "\u200b"\n');
    const log = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\nC1,91370102MA3C4F5G9F,A001,2026-10-09 09:00:00,60,1\nC2,91370102MA3C4F5G9F,\u200b,2026-10-09 10:00:00,60,1\n';
    const dir = write('invisible-agent', { 'report.yaml': invisible, 'calls.csv': log });
    const { status, json } = await check(dir);
    expect(status).toBe(1);
    // Since session 13 the report's own agent of that id is an error too (R20-1/agent-id-present).
    expect(errorsOf(json)).toEqual([['R20-1/call-log-untrained-agent', 3], ['R20-1/agent-id-present', '/agents/1/id']]);
  });
});

describe("with a profile that sets cities, a report's city is the register's word, never the vendor's", () => {
  const example = readFileSync(path.join(projectRoot, 'profiles/shandong-example.yaml'), 'utf8');
  // 青岛 allows 11 hours, 09:00–21:00: the report's 09:00–20:30 day breaks it, 济南's 12 hours do not.
  const qingdaoDossier = dossier.replace('city: 济南', 'city: 青岛');

  it("a report saying 济南 is an input error at its city without a register, alone or beside a dossier that agrees (exit 2)", async () => {
    const profile = path.join(projectRoot, 'profiles/shandong-example.yaml');
    // A vendor uploads both files: a dossier that says 济南 too proves nothing.
    const agreeing = write('city-agreeing', { 'dossier.yaml': dossier, 'report.yaml': report });
    const dodging = write('city-dodge', { 'dossier.yaml': qingdaoDossier, 'report.yaml': report });
    for (const input of [path.join(agreeing, 'report.yaml'), agreeing, dodging]) {
      const { status, json } = await check('--profile', profile, input);
      expect(status).toBe(2);
      const invalid = json.files.filter((f) => f.status === 'invalid');
      expect(invalid.map((f) => [path.basename(f.file), f.errors!.map((e) => e.path)])).toEqual([['report.yaml', ['/city']]]);
    }
  });

  it('under a register naming 青岛, the same city written otherwise (青岛市分公司) is judged by its hours (exit 1)', async () => {
    const registered = write('city-register', { 'profile.yaml': `${example}\nvendors:\n  91370102MA3C4F5G9F: 青岛\n` });
    const dir = write('city-same', { 'dossier.yaml': qingdaoDossier, 'report.yaml': report.replace('city: 济南', 'city: 青岛市分公司') });
    const { status, json } = await check('--profile', path.join(registered, 'profile.yaml'), dir);
    expect(status).toBe(1);
    expect(json.files.every((f) => f.status !== 'invalid')).toBe(true);
  });
});
