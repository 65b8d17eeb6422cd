import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countInPeriodAtLeastFact } from '../src/facts/count-in-period.js';
import { repeatedRecords, repeatedRecordsFact } from '../src/facts/repeated-records.js';
import { fingerprint } from '../src/report/fingerprint.js';
import type { Finding } from '../src/report/model.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, vendorDossiers, vendorReport as report, writeTree } from './support/vendor-reports.js';

/**
 * Red-team cases (session 10) on the regulation's semantics: inputs on which a run passed what the
 * regulation does not allow, or could not judge. Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s10-');
const compliant = COMPLIANT_REPORT;
const COMPLIANT_INSPECTIONS = '  - { date: 2026-10-14, calls_checked: 20 }\n  - { date: 2026-10-27, calls_checked: 25 }\n';

const write = (files: Record<string, string>): string => writeTree(tempDir(), files);

interface Json {
  findings: Array<{ ruleId: string; severity: string; message?: string; location: { file: string; path?: string; line?: number } }>;
  files: Array<{ file: string; status: string; errors?: Array<{ code?: string; message: string }> }>;
}

/** The vendors' dossiers (--history): R10-1/R10-3 judge every report of the run against them. */
const DOSSIERS = vendorDossiers(tempDir());

async function check(cwd: string, ...args: string[]): Promise<{ status: number; json: Json }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', DOSSIERS, '--lang', 'en', '--today', '2026-11-20', ...args], { cwd });
  return { status: run.status, json: JSON.parse(run.stdout) as Json };
}

const errorsOf = (json: Json) =>
  json.findings
    .filter((f) => f.severity === 'error')
    .map((f) => [f.ruleId, f.location.path])
    .sort((a, b) => String(a).localeCompare(String(b)));

describe('R24-2: a spot check listed twice counts once (lead decision, session 10)', () => {
  const inspections = (...rows: string[]) => compliant.replace(COMPLIANT_INSPECTIONS, rows.map((row) => `  - ${row}\n`).join(''));

  it('the compliant report is as this test expects', () => {
    expect(compliant).toContain(COMPLIANT_INSPECTIONS);
  });

  it('end to end: one check of 20 calls listed twice fails R24-2 and the repeat is a data-quality error at its entry (it exited 0)', async () => {
    const dir = write({ 'r.yaml': inspections('{ date: 2026-10-14, calls_checked: 20 }', '{ date: 2026-10-14, calls_checked: 20 }') });
    const { status, json } = await check(dir, 'r.yaml');
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([
      ['R24-2/inspection-once', '/inspections/1'],
      ['R24-2/inspections-per-month', '/inspections'],
    ]);
  });

  it('two checks of one day with distinct record ids, or of different sizes, are two checks (exit 0)', async () => {
    const dir = write({
      'ids.yaml': inspections('{ date: 2026-10-14, calls_checked: 20, record_id: JN-INS-01 }', '{ date: 2026-10-14, calls_checked: 20, record_id: JN-INS-02 }'),
      'sizes.yaml': inspections('{ date: 2026-10-14, calls_checked: 20 }', '{ date: 2026-10-14, calls_checked: 21 }'),
    });
    for (const file of ['ids.yaml', 'sizes.yaml']) {
      const { status, json } = await check(dir, file);
      expect(errorsOf(json), file).toEqual([]);
      expect(status, file).toBe(0);
    }
  });

  it('record ids that read the same (full-width, case, spacing, punctuation) do not tell two entries apart', () => {
    const on = (record_id?: unknown) => ({ date: '2026-10-14', calls_checked: 20, ...(record_id === undefined ? {} : { record_id }) });
    const repeats = (...items: unknown[]) => Object.fromEntries(repeatedRecords(items, '/date', '/calls_checked', '/record_id'));
    expect(repeats(on('JN-INS-01'), on('ＪＮ－ＩＮＳ－０１ '))).toEqual({ 1: 0 });
    expect(repeats(on('JN-INS-01'), on('jn ins 01'))).toEqual({ 1: 0 });
    expect(repeats(on('JN-INS-01'), on('JN-INS-01\u200b'))).toEqual({ 1: 0 });
    expect(repeats(on('JN-INS-01'), on('JN-INS-02'))).toEqual({});
  });

  it('one archived record cited on two days is one check, counted once', () => {
    const items = [
      { date: '2026-10-14', calls_checked: 20, record_id: 'JN-INS-01' },
      { date: '2026-10-27', calls_checked: 25, record_id: 'ｊｎ ins 01' },
      { date: '2026-10-28', calls_checked: 25, record_id: 'JN-INS-02' },
    ];
    expect(Object.fromEntries(repeatedRecords(items, '/date', '/calls_checked', '/record_id'))).toEqual({ 1: 0 });
    const doc = { month: '2026-10', cooperation_started: '2026-01-01', inspections: items.slice(0, 2) };
    const params = { path: '/inspections', field: '/calls_checked', min: 20, date: '/date', month: '/month', from: '/cooperation_started', id: '/record_id' };
    expect(countInPeriodAtLeastFact.compute(params, { doc })).toBe(1);
  });

  it('an entry without a record id (or with 无) cannot be told from another of its day and size', () => {
    const on = (record_id?: unknown) => ({ date: '2026-10-14', calls_checked: 20, ...(record_id === undefined ? {} : { record_id }) });
    const repeats = (...items: unknown[]) => Object.fromEntries(repeatedRecords(items, '/date', '/calls_checked', '/record_id'));
    expect(repeats(on(), on('A'))).toEqual({ 1: 0 });
    expect(repeats(on('A'), on())).toEqual({ 1: 0 });
    expect(repeats(on('A'), on('无'))).toEqual({ 1: 0 });
    // Two distinct ids make two checks; an id-less third entry may be either of them.
    expect(repeats(on(), on('A'), on('B'))).toEqual({ 1: 0 });
    expect(repeats(on('A'), on('B'), on())).toEqual({ 2: 0 });
    // Without an id pointer, the day and size alone identify a check.
    expect(Object.fromEntries(repeatedRecords([on('A'), on('B')], '/date', '/calls_checked', undefined))).toEqual({ 1: 0 });
  });

  it('the count of the month is the number of distinct checks', () => {
    const doc = (inspections: unknown[]) => ({ month: '2026-10', cooperation_started: '2026-01-01', inspections });
    const count = (...inspections: unknown[]) =>
      countInPeriodAtLeastFact.compute({ path: '/inspections', field: '/calls_checked', min: 20, date: '/date', month: '/month', from: '/cooperation_started', id: '/record_id' }, { doc: doc(inspections) });
    const on = (date: string, calls_checked: number, record_id?: string) => ({ date, calls_checked, ...(record_id === undefined ? {} : { record_id }) });
    expect(count(on('2026-10-14', 20), on('2026-10-14', 20), on('2026-10-14', 20))).toBe(1);
    expect(count(on('2026-10-14', 20, 'A'), on('2026-10-14', 20, 'a'))).toBe(1);
    expect(count(on('2026-10-14', 20, 'A'), on('2026-10-14', 20, 'B'), on('2026-10-14', 20))).toBe(2);
    expect(count(on('2026-10-14', 20), on('2026-10-15', 20))).toBe(2);
  });

  it('the fact numbers entries from 1 and points at the repeat', () => {
    const offences = repeatedRecordsFact.compute(
      { path: '/inspections', date: '/date', field: '/calls_checked', id: '/record_id' },
      { doc: { inspections: [{ date: '2026-10-14', calls_checked: 20 }, { date: '2026-10-27', calls_checked: 25 }, { date: '2026-10-14', calls_checked: 20 }] } },
    );
    expect(offences).toEqual([{ pointer: '/inspections/2', values: { date: '2026-10-14', size: 20, entry: 3, earlier_entry: 1 } }]);
  });
});


describe('R24-6: a streak is not cut short by a month in which another vendor\'s gap left the vendor alone', () => {
  // 济南 (A) is last in 2026-08 and 2026-09. 青岛 (B) skips 2026-10, so 济南 is the only vendor ranked
  // there and nobody is last; in 2026-11 济南 is last again. Had 青岛 reported October, 济南 could have
  // been last four months in a row (termination). 济南's November report passed: a streak of 1.
  const files = {
    'A-08.yaml': report('A', '2026-08', 60),
    'B-08.yaml': report('B', '2026-08', 90),
    'A-09.yaml': report('A', '2026-09', 60),
    'B-09.yaml': report('B', '2026-09', 90),
    'A-10.yaml': report('A', '2026-10', 60),
    'A-11.yaml': report('A', '2026-11', 60),
    'B-11.yaml': report('B', '2026-11', 90),
  };

  it('the October report of the vendor left alone, and its November last place, are errors (both passed), beside 青岛\'s gap', async () => {
    const dir = write(files);
    const { status, json } = await check(dir, '--history', 'A-08.yaml', '--history', 'B-08.yaml', '--history', 'A-09.yaml', '--history', 'B-09.yaml', 'A-10.yaml', 'A-11.yaml', 'B-11.yaml');
    expect(status).toBe(1);
    const streak = json.findings.filter((f) => f.ruleId === 'R24-6/last-place-streak').map((f) => [path.basename(f.location.file), f.location.path, f.severity]);
    expect(streak.sort()).toEqual([
      ['A-10.yaml', '/assessment_score', 'error'],
      ['A-11.yaml', '/assessment_score', 'error'],
      ['B-11.yaml', '/month', 'error'],
    ]);
    const message = (file: string) => json.findings.find((f) => f.ruleId === 'R24-6/last-place-streak' && f.location.file.endsWith(file))?.message;
    expect(message('A-11.yaml')).toContain('in 2026-10 the vendor was the only one ranked');
    // October itself: alone, after two months last; last there too would be the third (termination).
    expect(message('A-10.yaml')).toContain('was the only vendor ranked in 2026-10');
    expect(message('A-10.yaml')).toContain('would make 3 months in a row');
  });

  it('a month left to one vendor by another\'s gap leaves the next streak unjudged; with no gap it ends the streak', async () => {
    const dir = write({ 'A-08.yaml': report('A', '2026-08', 60), 'B-08.yaml': report('B', '2026-08', 90), 'A-09.yaml': report('A', '2026-09', 60), 'A-10.yaml': report('A', '2026-10', 60), 'C-10.yaml': report('B', '2026-10', 90) });
    const { json } = await check(dir, '--history', 'A-08.yaml', '--history', 'B-08.yaml', 'A-09.yaml', 'A-10.yaml', 'C-10.yaml');
    // 2026-09: 济南 alone, 青岛 reported before (08) and after (10) but not then: alone because of a gap.
    const streak = json.findings.filter((f) => f.ruleId === 'R24-6/last-place-streak').map((f) => [path.basename(f.location.file), f.location.path, f.severity]);
    // A-09: alone, after August last (two in a row if last); A-10: its streak runs into September, unknown; C-10: 青岛's gap.
    expect(streak.sort()).toEqual([
      ['A-09.yaml', '/assessment_score', 'error'],
      ['A-10.yaml', '/assessment_score', 'error'],
      ['C-10.yaml', '/month', 'error'],
    ]);
    // Without the gap (青岛 ends its cooperation after August), September's single vendor is a known stop.
    const ended = write({ 'A-08.yaml': report('A', '2026-08', 60), 'B-08.yaml': report('B', '2026-08', 90), 'A-09.yaml': report('A', '2026-09', 60) });
    const { json: json2 } = await check(ended, '--history', 'A-08.yaml', '--history', 'B-08.yaml', 'A-09.yaml');
    expect(json2.findings.filter((f) => f.ruleId === 'R24-6/last-place-streak')).toEqual([]);
  });
});

describe('R24-2: a cooperation cannot start after a month the vendor reported', () => {
  // Every report says the cooperation began on 2026-10-02 (they agree), so October is a "first month"
  // and one spot check sufficed; but the vendor's September report shows it was running in September.
  const moved = (month: string, started: string, inspections: string) =>
    compliant
      .replaceAll('2026-10-', `${month}-`)
      .replace('month: 2026-10', `month: ${month}`)
      .replace('cooperation_started: 2026-09-20', `cooperation_started: ${started}`)
      .replace(COMPLIANT_INSPECTIONS.replaceAll('2026-10-', `${month}-`), inspections);
  const september = moved('2026-09', '2026-10-02', COMPLIANT_INSPECTIONS.replaceAll('2026-10-', '2026-09-'));
  const october = moved('2026-10', '2026-10-02', '  - { date: 2026-10-14, calls_checked: 20 }\n');

  it('October with one spot check and September in --history: an error at October\'s /cooperation_started (it exited 0)', async () => {
    expect(october).toContain('cooperation_started: 2026-10-02');
    const dir = write({ 'A-09.yaml': september, 'A-10.yaml': october });
    const { status, json } = await check(dir, 'A-10.yaml', '--history', 'A-09.yaml');
    // Its one check is no longer judged as a first month's either (R24-2/first-month-contradicted, session 16).
    expect(errorsOf(json)).toEqual([['R24-2/cooperation-start-agrees', '/cooperation_started'], ['R24-2/first-month-contradicted', '/inspections']]);
    expect(status).toBe(1);
  });

  it('a start inside the first reported month is not contradicted', async () => {
    const dir = write({ 'A-09.yaml': moved('2026-09', '2026-09-02', COMPLIANT_INSPECTIONS.replaceAll('2026-10-', '2026-09-')), 'A-10.yaml': moved('2026-10', '2026-09-02', COMPLIANT_INSPECTIONS) });
    const { status, json } = await check(dir, 'A-10.yaml', '--history', 'A-09.yaml');
    expect(errorsOf(json)).toEqual([]);
    expect(status).toBe(0);
  });
});

describe('a baseline never holds back what could not be judged (as a waiver never covers it)', () => {
  it('a calling day listed twice (data quality) is written into no baseline and held back by none (it exited 0)', async () => {
    const dir = write({ 'r.yaml': readFileSync(path.join(projectRoot, 'fixtures/monthly/report-calling-day-listed-twice.yaml'), 'utf8') });
    const first = await check(dir, 'r.yaml', '--write-baseline', 'b.json');
    expect(errorsOf(first.json)).toEqual([['R22-1/calling-day-once', '/calling_days/1/date']]);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')) as { findings: Array<{ ruleId: string }> };
    expect(baseline.findings.map((f) => f.ruleId)).not.toContain('R22-1/calling-day-once');
    // An entry for it written by an earlier tmcheck holds nothing back either.
    const finding = first.json.findings.find((f) => f.ruleId === 'R22-1/calling-day-once') as unknown as Finding;
    const entry = { fingerprint: fingerprint(finding), ruleId: 'R22-1/calling-day-once', severity: 'error', file: 'r.yaml', pointer: '/calling_days/1/date' };
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ tool: 'tmcheck', baselineVersion: 1, findings: [entry] }));
    const second = await check(dir, 'r.yaml', '--baseline', 'old.json');
    expect(errorsOf(second.json)).toEqual([['R22-1/calling-day-once', '/calling_days/1/date']]);
    expect(second.status).toBe(1);
  });

  it('an ordinary breach is still held back by the baseline that accepted it', async () => {
    const dir = write({ 'r.yaml': readFileSync(path.join(projectRoot, 'fixtures/monthly/report-training-topics-missing.yaml'), 'utf8') });
    await check(dir, 'r.yaml', '--write-baseline', 'b.json');
    const again = await check(dir, 'r.yaml', '--baseline', 'b.json');
    expect(errorsOf(again.json)).toEqual([]);
    expect(again.status).toBe(0);
  });
});

describe('a profile city that names none of Shandong\'s sixteen cities', () => {
  it('is a profile error (exit 2) naming it: 清岛 for 青岛 left 青岛\'s 11 hours unused and the report passed by the defaults', async () => {
    const code = '91370202MA3D7K2H1J';
    const qingdao = compliant.replace('91370102MA3C4F5G9F', code).replace('city: 济南', 'city: 青岛');
    const profile = ['cities:', '  清岛:', '    R22-1:', '      max_span_minutes: 660', 'vendors:', `  ${code}: 青岛`, ''].join('\n');
    const dir = write({ 'r.yaml': qingdao, 'p.yaml': profile });
    const run = await runInProcess(['--profile', 'p.yaml', '--format', 'json', '--no-timestamp', '--lang', 'en', '--today', '2026-11-20', 'r.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`"清岛" is not one of Shandong's sixteen cities`);
    // Spelled as a city (青岛), the profile judges the 11.5-hour day of 2026-10-09 against 11 hours.
    writeFileSync(path.join(dir, 'p.yaml'), profile.replace('清岛', '青岛'));
    const { status, json } = await check(dir, '--profile', 'p.yaml', 'r.yaml');
    expect(errorsOf(json).map(([rule]) => rule)).toContain('R22-1/calling-hours');
    expect(status).toBe(1);
  });
});
