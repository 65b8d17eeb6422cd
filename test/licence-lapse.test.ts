import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_DOSSIER, COMPLIANT_REPORT, VENDORS, writeTree } from './support/vendor-reports.js';
import { NO_DOSSIER_RULE, noDossierFindings } from '../src/cross/unjudged-agreement.js';
import type { ReportFacts } from '../src/ranking/report-summary.js';

/**
 * R10-P5-2/license-in-force-in-month through the real CLI: a licence of the vendor's dossier on file
 * that lapsed before the end of a report's month fails the report (before, licences were judged only
 * on the dossier's submission and signing days, and the November report of a vendor whose telecom
 * licence expired on 2026-10-20 passed, exit 0). Every test has a report the rule must flag, so each
 * fails without the rule (checked by moving rules/10.R10-P5-2.license-in-force-in-month.yaml away).
 */
const tempDir = tempDirMaker('tmcheck-licence-lapse-');
const RULE = 'R10-P5-2/license-in-force-in-month';

/** The compliant dossier (submitted 2026-10-08, agreement 2026-09-18) of `vendor`, its telecom licence expiring on `expires`. */
function dossier(expires: string, options: { vendor?: keyof typeof VENDORS; submitted?: string; number?: string } = {}): string {
  const v = VENDORS[options.vendor ?? 'A'];
  const text = COMPLIANT_DOSSIER.replace('expires: 2029-04-16', `expires: ${expires}`)
    .replace('submitted: 2026-10-08', `submitted: ${options.submitted ?? '2026-10-08'}`)
    .replace('number: B2-20190417', `number: ${options.number ?? 'B2-20190417'}`)
    .replace('91370102MA3C4F5G9F', v.code)
    .replace('济南泉声信息技术有限公司', v.name);
  expect(text).toContain(`expires: ${expires}`);
  return text;
}

/** The compliant report (cooperation started 2026-09-20) of `vendor` for November 2026, its dated entries moved with it. */
function november(vendor: keyof typeof VENDORS = 'A'): string {
  const v = VENDORS[vendor];
  return COMPLIANT_REPORT.replaceAll('2026-10-', '2026-11-').replace('month: 2026-10', 'month: 2026-11').replace('91370102MA3C4F5G9F', v.code).replace('济南泉声信息技术有限公司', v.name);
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; path?: string };
}

/** The rule's findings in a JSON report, as `rule file/pointer`. */
function lapses(json: string): { at: string[]; findings: JsonFinding[] } {
  const findings = (JSON.parse(json) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId === RULE);
  return { at: findings.map((f) => `${f.severity} ${f.location.file}${f.location.path ?? ''}`).sort(), findings };
}

function check(files: Record<string, string>, extra: string[] = [], inputs = ['.']) {
  const dir = writeTree(tempDir(), files);
  const run = runTmcheck(['--format', 'json', ...extra, ...inputs], { cwd: dir });
  return { status: run.status, stderr: run.stderr, ...lapses(run.stdout) };
}

const LAPSED_IN_OCTOBER = { 'dossier.yaml': dossier('2026-10-20'), 'report-11.yaml': november() };
const EXPECTED = ['error report-11.yaml/month'];

describe('a licence lapsed before the end of a report\'s month', () => {
  it('the November report of a vendor whose licence expired on 2026-10-20 is an error at its /month (exit 1)', () => {
    const run = check(LAPSED_IN_OCTOBER);
    expect(run.status).toBe(1);
    expect(run.at).toEqual(EXPECTED);
    expect(run.findings[0]!.message).toBe(
      '济南泉声信息技术有限公司 (91370102MA3C4F5G9F): licence "value-added telecommunications business licence" (no. B2-20190417) expired on 2026-10-20, before 2026-11 began, and its dossier submitted on 2026-10-08 (dossier.yaml) was on file in the month: the partner cooperated without it; the report lists 2 calling day(s) in that time (第十条(三)5(2))',
    );
  });

  it('a licence expiring within the month is an error too, counting the calling days after it; one in force to the month\'s last day is not', () => {
    const run = check({
      'dossier-a.yaml': dossier('2026-11-30'),
      'dossier-b.yaml': dossier('2026-11-09', { vendor: 'B' }),
      'report-a.yaml': november(),
      'report-b.yaml': november('B'),
    });
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['error report-b.yaml/month']);
    // The report lists calling days on the 9th and 10th: one after the lapse.
    expect(run.findings[0]!.message).toContain('expired on 2026-11-09, before 2026-11 ended, while its dossier submitted on 2026-10-08 (dossier-b.yaml) was on file: the partner lacked it from the next day; the report lists 1 calling day(s) in that time');
  });

  it('a renewal in a later dossier submitted before the old licence lapsed clears the month; one submitted within the month, or after it, leaves a gap', () => {
    const run = check({
      'dossier-a-1.yaml': dossier('2026-10-20'),
      'dossier-a-2.yaml': dossier('2029-10-20', { submitted: '2026-10-15', number: 'B2-20261015' }),
      'dossier-b-1.yaml': dossier('2026-10-20', { vendor: 'B' }),
      'dossier-b-2.yaml': dossier('2029-10-20', { vendor: 'B', submitted: '2026-11-05', number: 'B2-20261105' }),
      'dossier-c-1.yaml': dossier('2026-10-20', { vendor: 'C' }),
      'dossier-c-2.yaml': dossier('2029-10-20', { vendor: 'C', submitted: '2026-12-01', number: 'B2-20261201' }),
      'report-a.yaml': november(),
      'report-b.yaml': november('B'),
      'report-c.yaml': november('C'),
    }, ['--as-of', '2026-12-02']);
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['error report-b.yaml/month', 'error report-c.yaml/month']);
    const message = (file: string) => run.findings.find((f) => f.location.file === file)!.message;
    // 1 to 4 November without a licence on file; the report's calling days (9th, 10th) are after the renewal.
    expect(message('report-b.yaml')).toContain('its dossier submitted on 2026-10-08 (dossier-b-1.yaml) was on file in the month (until a later dossier was submitted on 2026-11-05): the partner cooperated without it (第十条');
    expect(message('report-c.yaml')).toContain('its dossier submitted on 2026-10-08 (dossier-c-1.yaml) was on file in the month: the partner cooperated without it; the report lists 2 calling day(s)');
  });

  it('the same finding through worker threads (--jobs 2) and a warm --cache rerun', () => {
    expect(check(LAPSED_IN_OCTOBER, ['--jobs', '2']).at).toEqual(EXPECTED);
    const dir = writeTree(tempDir(), LAPSED_IN_OCTOBER);
    const cache = ['--cache-location', path.join(tempDir(), 'cache')];
    for (const pass of ['cold', 'warm']) {
      const run = runTmcheck(['--format', 'json', ...cache, '.'], { cwd: dir });
      if (pass === 'warm') expect(run.stderr).toMatch(/cache: 2 of 2 documents reused/);
      expect([run.status, lapses(run.stdout).at], pass).toEqual([1, EXPECTED]);
    }
  });

  it('the same finding with the dossier named with --history, where a renewal is dated by its submission as in the run', () => {
    const dossiers = writeTree(tempDir(), {
      'dossiers/dossier.yaml': dossier('2026-10-20'),
      // Vendor B renewed before the lapse: with its dossiers' submission dates lost, both would count all month.
      'dossiers/dossier-b-1.yaml': dossier('2026-10-20', { vendor: 'B' }),
      'dossiers/dossier-b-2.yaml': dossier('2029-10-20', { vendor: 'B', submitted: '2026-10-15', number: 'B2-20261015' }),
    });
    const run = check({ 'report-11.yaml': november(), 'report-b.yaml': november('B') }, ['--history', path.join(dossiers, 'dossiers')]);
    expect(run.status).toBe(1);
    expect(run.at).toEqual(EXPECTED);
  });

  it('the same finding from the sharded recipe: dossiers in --shard 1/2 and 2/2, reports in 1/1 with --history dossiers/, then tmcheck merge', () => {
    const dir = writeTree(tempDir(), {
      'dossiers/dossier.yaml': dossier('2026-10-20'),
      'dossiers/dossier-b.yaml': dossier('2029-04-16', { vendor: 'B' }),
      'reports/report-11.yaml': november(),
    });
    const parts = ['1/2', '2/2'].map((shard, i) => {
      const run = runTmcheck(['--no-timestamp', '--shard', shard, '--format', `json=shard-${i + 1}.json`, 'dossiers/'], { cwd: dir });
      expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
      return `shard-${i + 1}.json`;
    });
    const monthly = runTmcheck(['--no-timestamp', '--shard', '1/1', '--history', 'dossiers/', '--format', 'json=monthly.json', 'reports/'], { cwd: dir });
    expect(monthly.status).toBe(1);
    const merged = runTmcheck(['merge', ...parts, 'monthly.json', '-o', 'merged.json'], { cwd: dir });
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(1);
    expect(lapses(readFileSync(path.join(dir, 'merged.json'), 'utf8')).at).toEqual(['error reports/report-11.yaml/month']);
  });

  it('a report without its vendor\'s dossier is tmcheck/report-no-dossier\'s, which says what was not checked by the rules in force and files it under the first', () => {
    const report = { file: 'report-11.yaml', month: '2026-11', creditCode: VENDORS.A.code, vendorName: VENDORS.A.name, creditCodePosition: { line: 7, column: 16 } } as ReportFacts;
    const licence = { id: RULE, requirement: 'R10-P5-2', cross_document: { check: 'licenceInForceInMonth' } };
    const calling = { id: 'R10-1/calling-before-agreement', requirement: 'R10-1', cross_document: { check: 'callingBeforeAgreement' } };
    const [alone] = noDossierFindings([report], () => false, [licence]);
    expect(alone).toMatchObject({ ruleId: NO_DOSSIER_RULE, requirement: 'R10-P5-2', severity: 'error', location: { file: 'report-11.yaml', path: '/vendor/credit_code' } });
    expect(alone!.message.en).toBe(`no dossier of ${VENDORS.A.name} (${VENDORS.A.code}) is in this run or in --history, so whether its licences were in force through 2026-11 was not checked (${RULE}, Article 10)`);
    expect(alone!.message.zh).toContain('其证照在 2026-11 是否均有效未核对');
    const [both] = noDossierFindings([report], () => false, [licence, calling]);
    expect(both!.requirement).toBe('R10-1');
    expect(both!.message.en).toContain("so whether its 2026-11 report's cooperation start and calling days precede the signing of its agreement, and whether its licences were in force through 2026-11, were not checked (R10-1/calling-before-agreement, R10-P5-2/license-in-force-in-month, Article 10)");
    expect(noDossierFindings([report], () => true, [licence])).toEqual([]);
  });
});
