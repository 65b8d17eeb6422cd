import { describe, expect, it } from 'vitest';
import { presentValue } from '../src/operators/is-present.js';
import { FIXTURE_DOSSIER } from './support/fixtures.js';
import { readingKey, readsAs } from '../src/util/plain-text.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, writeTree } from './support/vendor-reports.js';

/**
 * Red-team cases (session 11) on the rules and how documents are read: inputs on which a run passed
 * what the regulation does not allow, or could not judge. Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s11-');
const write = (files: Record<string, string>): string => writeTree(tempDir(), files);

interface Json {
  findings: Array<{ ruleId: string; severity: string; message?: string; location: { file: string; path?: string } }>;
  files: Array<{ file: string; status: string; errors?: Array<{ message: string; path?: string; line?: number }>; warnings?: Array<{ message: string; path?: string }> }>;
}

async function check(cwd: string, ...args: string[]): Promise<{ status: number; json: Json }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', FIXTURE_DOSSIER, '--lang', 'en', '--today', '2026-11-20', ...args], { cwd });
  return { status: run.status, json: JSON.parse(run.stdout) as Json };
}

/** The compliant report with `line` (exact text, newline included) followed by `added`. */
function withLineAfter(line: string, added: string): string {
  expect(COMPLIANT_REPORT).toContain(line);
  return COMPLIANT_REPORT.replace(line, line + added);
}

describe('a key a reader cannot tell from the key beside it is a duplicate key', () => {
  // The officer reads `pre_job_training_hours: 80` and `pre_job_training_hours: 10` for one agent;
  // tmcheck judged the first and ignored the second as an unknown key (a warning): exit 0.
  const cases: Record<string, string> = {
    'zero-width.yaml': withLineAfter('    pre_job_training_hours: 80\n', '    pre_job_training_hours\u200b: 10\n'),
    'cyrillic.yaml': withLineAfter('  vendor_caused: 31\n', '  vendor_c\u0430used: 900\n'),
    'full-width.yaml': withLineAfter('  vendor_caused: 31\n', '  ｖｅｎｄｏｒ_caused: 900\n'),
    'case.yaml': withLineAfter('  calls_recorded: 18240\n', '  Calls_Recorded: 100\n'),
    // At the top level, where an unknown key is the schema's error (it said only "not a known top-level key").
    'top-level.yaml': withLineAfter('month: 2026-10\n', 'm\u043enth: 2026-09\n'),
  };

  it('is an input error at the look-alike key, naming the key it reads as (exit 2; it exited 0)', async () => {
    const dir = write(cases);
    for (const [file, twin] of [['zero-width.yaml', 'pre_job_training_hours'], ['cyrillic.yaml', 'vendor_caused'], ['full-width.yaml', 'vendor_caused'], ['case.yaml', 'calls_recorded'], ['top-level.yaml', 'month']] as const) {
      const { status, json } = await check(dir, file);
      expect(status, file).toBe(2);
      const errors = json.files[0]!.errors ?? [];
      expect(errors.length, file).toBe(1);
      expect(errors[0]!.message, file).toContain(`reads as the key ${twin} beside it`);
      expect(errors[0]!.line, file).toBeGreaterThan(0);
    }
  });

  it('an unknown key that reads as no key beside it stays a warning (a remark), and the report is judged', async () => {
    const dir = write({
      'remark.yaml': withLineAfter('  vendor_caused: 31\n', '  remark: 31 complaints, all resolved\n'),
      // A look-alike of a known key that is absent (an optional one) is a warning: there is no second value.
      'absent.yaml': COMPLIANT_REPORT.replace('{ date: 2026-10-14, calls_checked: 20 }', '{ date: 2026-10-14, calls_checked: 20, rec\u043erd_id: JN-INS-01 }'),
    });
    for (const file of ['remark.yaml', 'absent.yaml']) {
      const { status, json } = await check(dir, file);
      expect(status, file).toBe(0);
      expect(json.files[0]!.warnings?.map((w) => w.message), file).toEqual([expect.stringMatching(/is not a known key; ignored$/)]);
    }
  });

  it('readsAs: width, case, invisible characters and look-alike letters set aside; other letters not', () => {
    expect(readsAs('vendor_c\u0430used', 'vendor_caused')).toBe(true);
    expect(readsAs('ＶＥＮＤＯＲ_caused\u200d', 'vendor_caused')).toBe(true);
    expect(readsAs('vendor_cause', 'vendor_caused')).toBe(false);
    expect(readsAs('vendor_caused_note', 'vendor_caused')).toBe(false);
  });
});

describe('a key written as an alias repeats the key unseen', () => {
  // `&h pre_job_training_hours: 10` then `*h : 80`: the officer reads 10 hours; the alias key is the
  // same key again, which the duplicate-key check (on written keys) did not see, and the data held 80 (exit 0).
  it('is an input error at the alias (exit 2; it exited 0)', async () => {
    const dir = write({
      'hours.yaml': COMPLIANT_REPORT.replace('    pre_job_training_hours: 80\n', '    &h pre_job_training_hours: 10\n    *h : 80\n'),
      'complaints.yaml': COMPLIANT_REPORT.replace('  vendor_caused: 31\n', '  &k vendor_caused: 900\n  *k : 31\n'),
    });
    expect(COMPLIANT_REPORT).toContain('    pre_job_training_hours: 80\n');
    for (const [file, line] of [['hours.yaml', 26], ['complaints.yaml', 46]] as const) {
      const { status, json } = await check(dir, file);
      expect(status, file).toBe(2);
      expect(json.findings, file).toEqual([]);
      expect(json.files[0]!.errors?.map((e) => [e.message, e.line]), file).toEqual([[expect.stringMatching(/^a key cannot be an alias \(\*[hk]\): write the key out$/), line]]);
    }
  });

  it('an alias as a value is read as before', async () => {
    const text = COMPLIANT_REPORT.replace('  calls_total: 18240\n  calls_recorded: 18240\n', '  calls_total: &n 18240\n  calls_recorded: *n\n');
    expect(text).toContain('calls_recorded: *n');
    const dir = write({ 'value.yaml': text });
    const { status, json } = await check(dir, 'value.yaml');
    expect(json.files[0]!.errors ?? []).toEqual([]);
    expect(status).toBe(0);
  });
});

describe('record ids and staff numbers that read the same with letters of another script', () => {
  const COMPLIANT_INSPECTIONS = '  - { date: 2026-10-14, calls_checked: 20 }\n  - { date: 2026-10-27, calls_checked: 25 }\n';

  it('one spot check listed twice, its record id once with a Cyrillic І: counted once (R24-2 fails; it exited 0)', async () => {
    expect(COMPLIANT_REPORT).toContain(COMPLIANT_INSPECTIONS);
    const twice = '  - { date: 2026-10-14, calls_checked: 20, record_id: JN-INS-01 }\n  - { date: 2026-10-14, calls_checked: 20, record_id: JN-\u0406NS-01 }\n';
    const dir = write({ 'r.yaml': COMPLIANT_REPORT.replace(COMPLIANT_INSPECTIONS, twice) });
    const { status, json } = await check(dir, 'r.yaml');
    expect(status).toBe(1);
    expect(json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.path]).sort()).toEqual([
      ['R24-2/inspection-once', '/inspections/1'],
      ['R24-2/inspections-per-month', '/inspections'],
    ]);
  });

  it('two agents under one staff number, once with a Cyrillic А: R20-1/agent-id-once (it exited 0)', async () => {
    const dir = write({ 'r.yaml': COMPLIANT_REPORT.replace('  - id: A002\n', '  - id: \u0410001\n') });
    expect(COMPLIANT_REPORT).toContain('  - id: A002\n');
    const { status, json } = await check(dir, 'r.yaml');
    expect(status).toBe(1);
    expect(json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.path])).toEqual([['R20-1/agent-id-once', '/agents/1']]);
  });

  it('readingKey: Cyrillic and Greek capitals and small letters as the Latin ones they are drawn as', () => {
    expect(readingKey('JN-\u0406NS-\u041E1')).toBe(readingKey('jn-ins-o1'));
    expect(readingKey('\u039D\u0392-01')).toBe('nb-01'); // Greek capitals Ν, Β
    expect(readingKey('\u0410003')).toBe('a003');
    expect(readingKey('JN-INS-01')).not.toBe(readingKey('JN-INS-02'));
  });
});

describe('a record id that says there is none in letters of another script is no record', () => {
  it('N/A in Greek capitals (Ν/Α) and none with a Cyrillic о: R19-1 and R23-1 fail at the ids (they exited 0)', async () => {
    expect(COMPLIANT_REPORT).toContain('record_id: JN-CSR-2026-0931');
    expect(COMPLIANT_REPORT).toContain('record_id: JN-NUM-2026-0212');
    const text = COMPLIANT_REPORT.replace('record_id: JN-CSR-2026-0931', 'record_id: "\u039d/\u0391"').replace('record_id: JN-NUM-2026-0212', 'record_id: n\u043ene');
    const dir = write({ 'r.yaml': text });
    const { status, json } = await check(dir, 'r.yaml');
    expect(status).toBe(1);
    expect(json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.path]).sort()).toEqual([
      ['R19-1/campaign-reviewed', '/campaigns/0/cs_review/record_id'],
      ['R23-1/number-batch-reviewed', '/number_batches/0/cs_review/record_id'],
    ]);
  });
});

describe('more words that say a record is still to come', () => {
  it('isPresent: 待补充, 无编号, 暂缺, 未提供, 待提供, PENDING and TBA are no record; real ids are', () => {
    for (const none of ['待补充', '无编号', '暂缺', '未提供', '待提供', 'PENDING', 'TBA', '（待补充）']) expect(presentValue(none), none).toBe(false);
    for (const id of ['JN-CSR-2026-0931', 'B2-20190417', '补-01']) expect(presentValue(id), id).toBe(true);
  });

  it('end to end: a campaign review record id of 待补充 fails R19-1 at the id (it exited 0)', async () => {
    const dir = write({ 'r.yaml': COMPLIANT_REPORT.replace('record_id: JN-CSR-2026-0931', 'record_id: 待补充') });
    const { status, json } = await check(dir, 'r.yaml');
    expect(status).toBe(1);
    expect(json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.path])).toEqual([['R19-1/campaign-reviewed', '/campaigns/0/cs_review/record_id']]);
  });
});
