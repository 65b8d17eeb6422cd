import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, VENDORS, writeTree } from './support/vendor-reports.js';
import { NO_DOSSIER_RULE } from '../src/cross/unjudged-agreement.js';

/**
 * R10-1/calling-before-agreement and R10-3/calling-before-agreement through the real CLI: a report's
 * cooperation_started or calling days before its vendor's dossier's agreement_signed date (2026-09-18
 * in the fixtures) in the same run is an error. Each test has a report the rule must flag, so each
 * fails without the rule files (checked by moving them away).
 */
const tempDir = tempDirMaker('tmcheck-agreement-');
const DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const BUSINESS_DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-business-cooperation-compliant.yaml'), 'utf8');
const DOSSIER_JSON = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.json'), 'utf8');
const SIGNED = '2026-09-18';

/** The compliant report (济南泉声, 2026-10) of vendor `vendor`, with its start moved. */
function report(started: string, vendor: keyof typeof VENDORS = 'A'): string {
  const v = VENDORS[vendor];
  return COMPLIANT_REPORT.replace('cooperation_started: 2026-09-20', `cooperation_started: ${started}`).replace('91370102MA3C4F5G9F', v.code).replace('济南泉声信息技术有限公司', v.name);
}

/** The compliant dossier moved to another vendor. */
function dossierOf(vendor: keyof typeof VENDORS, text = DOSSIER): string {
  return text.replace('91370102MA3C4F5G9F', VENDORS[vendor].code).replace('济南泉声信息技术有限公司', VENDORS[vendor].name);
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; path?: string };
  waived?: unknown;
}

function check(files: Record<string, string>, extra: string[] = []) {
  const dir = writeTree(tempDir(), files);
  const run = runTmcheck(['--format', 'json', ...extra, '.'], { cwd: dir });
  const json = JSON.parse(run.stdout) as { findings: JsonFinding[]; files: Array<{ file: string; status: string; errors: Array<{ path?: string }> }> };
  const agreement = json.findings.filter((f) => f.ruleId.endsWith('/calling-before-agreement'));
  return { status: run.status, json, agreement, at: agreement.map((f) => `${f.ruleId} ${f.location.file}${f.location.path ?? ''}`).sort() };
}

describe('calling before the agreement was signed', () => {
  it('a start the day before the agreement is an error at /cooperation_started (exit 1); one on the agreement day is not', () => {
    const run = check({ 'dossier-a.yaml': DOSSIER, 'dossier-b.yaml': dossierOf('B'), 'report-a.yaml': report('2026-09-17'), 'report-b.yaml': report(SIGNED, 'B') });
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report-a.yaml/cooperation_started']);
    expect(run.agreement[0]!.message).toContain(`2026-09-17, before its seat outsourcing agreement was signed on ${SIGNED}`);
  });

  it('the same finding from worker threads (--jobs 2) and from a warm --cache rerun, where the dossier is read back from the cache', () => {
    const files = { 'dossier.yaml': DOSSIER, 'report.yaml': report('2026-09-17') };
    const expected = ['R10-1/calling-before-agreement report.yaml/cooperation_started'];
    expect(check(files, ['--jobs', '2']).at).toEqual(expected);
    const dir = writeTree(tempDir(), files);
    const cache = ['--cache-location', path.join(tempDir(), 'cache')];
    for (const pass of ['cold', 'warm']) {
      const run = runTmcheck(['--format', 'json', ...cache, '.'], { cwd: dir });
      if (pass === 'warm') expect(run.stderr).toMatch(/cache: 2 of 2 documents reused/);
      const found = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId.endsWith('/calling-before-agreement'));
      expect(found.map((f) => `${f.ruleId} ${f.location.file}${f.location.path}`), pass).toEqual(expected);
    }
  });

  it('a calling day before the agreement, under a start on the agreement day, is an error at that calling day', () => {
    const early = report(SIGNED).replace('{ date: 2026-10-10, first_call', '{ date: 2026-09-16, first_call');
    const run = check({ 'dossier.yaml': DOSSIER, 'report.yaml': early });
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report.yaml/calling_days/1/date']);
  });

  it("a business cooperation dossier's agreement is R10-3's", () => {
    const run = check({ 'dossier.yaml': BUSINESS_DOSSIER, 'report.yaml': report('2026-09-17') });
    expect(run.at).toEqual(['R10-3/calling-before-agreement report.yaml/cooperation_started']);
  });

  it('with dossiers of both modes, each rule names the dossier of its own mode as the evidence', () => {
    // a-seat.yaml sorts first: before the fix R10-3 named it as holding "its business cooperation agreement".
    const run = check({ 'a-seat.yaml': DOSSIER, 'b-business.yaml': BUSINESS_DOSSIER, 'report.yaml': report('2026-09-17') });
    const named = Object.fromEntries(run.agreement.map((f) => [f.ruleId, /\(dossier ([^)]+)\)/.exec(f.message)?.[1]]));
    expect(named).toEqual({ 'R10-1/calling-before-agreement': 'a-seat.yaml', 'R10-3/calling-before-agreement': 'b-business.yaml' });
  });

  it("without the vendor's dossier in the run a report is not judged by the rule (tmcheck/report-no-dossier says so, below); the vendor with one still is", () => {
    const run = check({ 'dossier-b.yaml': dossierOf('B'), 'report-a.yaml': report('2026-09-01'), 'report-b.yaml': report('2026-09-01', 'B') });
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report-b.yaml/cooperation_started']);
  });

  it("a report whose vendor has no dossier in the run nor in --history is an error (tmcheck/report-no-dossier, exit 1) at its /vendor/credit_code; none once the dossier is in the run or in --history", () => {
    const noDossier = (run: ReturnType<typeof check>) => run.json.findings.filter((f) => f.ruleId === NO_DOSSIER_RULE);
    const alone = check({ 'report.yaml': report(SIGNED) });
    expect(alone.status).toBe(1);
    // Exactly this finding: the report is otherwise compliant (its R24-3 tier notice aside).
    expect(alone.json.findings.filter((f) => f.severity !== 'notice')).toEqual([
      expect.objectContaining({
        ruleId: NO_DOSSIER_RULE,
        severity: 'error',
        requirement: 'R10-1',
        article: '10',
        vendor: VENDORS.A.code,
        location: { file: 'report.yaml', path: '/vendor/credit_code', line: 7, column: 16 },
        message: expect.stringMatching(/^no dossier of 济南泉声信息技术有限公司 \(91370102MA3C4F5G9F\) is in this run or in --history, so whether its 2026-10 report's cooperation start and calling days precede the signing of its agreement, and whether its licences were in force through 2026-10, were not checked \(R10-1\/calling-before-agreement, R10-3\/calling-before-agreement, R10-P5-2\/license-in-force-in-month, Article 10\)$/),
        consequence: expect.stringContaining('--history dossiers/'),
      }),
    ]);
    expect(alone.json.files).toEqual([expect.objectContaining({ file: 'report.yaml', status: 'fail' })]);
    // One finding per report without a dossier; the vendor whose dossier is in the run has none.
    const two = check({ 'dossier-b.yaml': dossierOf('B'), 'report-a.yaml': report(SIGNED), 'report-b.yaml': report(SIGNED, 'B') });
    expect(noDossier(two).map((f) => f.location.file)).toEqual(['report-a.yaml']);
    const withDossier = check({ 'dossier.yaml': DOSSIER, 'report.yaml': report(SIGNED) });
    expect([withDossier.status, noDossier(withDossier)]).toEqual([0, []]);
    // A dossier of the other mode joins too (R10-3 judges it).
    expect(noDossier(check({ 'dossier.yaml': BUSINESS_DOSSIER, 'report.yaml': report(SIGNED) }))).toEqual([]);
    const dir = writeTree(tempDir(), { 'dossiers/dossier.yaml': DOSSIER });
    const history = check({ 'report.yaml': report(SIGNED) }, ['--history', path.join(dir, 'dossiers')]);
    expect([history.status, noDossier(history)]).toEqual([0, []]);
    // The text report shows it at the file, in Chinese too.
    const text = runTmcheck(['--no-timestamp', '--lang', 'zh', 'report.yaml'], { cwd: writeTree(tempDir(), { 'report.yaml': report(SIGNED) }) });
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/7:16 +错误 +本次检查（包括 --history）中没有济南泉声信息技术有限公司（91370102MA3C4F5G9F）的资质档案/);
    expect(text.stdout).toContain('--history dossiers/');
  });

  it('neither a baseline nor a waiver of R10-1 hides a report left unjudged for want of its dossier', () => {
    const controls = tempDir();
    const baseline = path.join(controls, 'baseline.json');
    const waivers = path.join(controls, 'waivers.yaml');
    writeFileSync(waivers, `waivers:\n  - requirement: R10-1\n    vendor: ${VENDORS.A.code}\n    reason: 档案补交中 / dossier to follow\n    approved_by: 省分客服部 王五\n    expires: 2099-12-31\n`);
    const files = { 'report.yaml': report(SIGNED) };
    const written = check(files, ['--write-baseline', baseline]);
    expect(written.status).toBe(1);
    for (const extra of [['--baseline', baseline], ['--waivers', waivers], ['--baseline', baseline, '--waivers', waivers]]) {
      const run = check(files, extra);
      expect(run.status, extra.join(' ')).toBe(1);
      expect(run.json.findings.filter((f) => f.ruleId === NO_DOSSIER_RULE), extra.join(' ')).toEqual([expect.not.objectContaining({ waived: expect.anything() })]);
    }
  });

  it('a --history report is context: not judged, while the run\'s own is', () => {
    const dir = writeTree(tempDir(), { 'history/report-09.yaml': report('2026-09-01').replace('month: 2026-10', 'month: 2026-09').replaceAll('2026-10-', '2026-09-') });
    const run = check({ 'dossier.yaml': DOSSIER, 'report.yaml': report('2026-09-01') }, ['--history', path.join(dir, 'history')]);
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report.yaml/cooperation_started']);
  });

  it('a --history dossier joins the run\'s reports as one of the run does; its own findings are not reported, and one that cannot be read is an input error (exit 2)', () => {
    // The vendor's dossier, with a finding of its own (capital below the minimum), kept beside the run.
    const poorDossier = DOSSIER.replace('registered_capital_cny: 3000000', 'registered_capital_cny: 100');
    expect(poorDossier).not.toBe(DOSSIER);
    const dir = writeTree(tempDir(), { 'dossiers/dossier.yaml': poorDossier });
    const run = check({ 'report.yaml': report('2026-09-17') }, ['--history', path.join(dir, 'dossiers')]);
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report.yaml/cooperation_started']);
    expect(run.json.files.map((f) => f.file)).toEqual(['report.yaml']);
    expect(run.json.findings.every((f) => f.location.file === 'report.yaml')).toBe(true);

    const broken = writeTree(tempDir(), { 'dossiers/dossier.yaml': DOSSIER.replace('kind: VendorDossier', 'kind: VendorDossier\nkind: VendorDossier') });
    const unreadable = check({ 'report.yaml': report('2026-09-17') }, ['--history', path.join(broken, 'dossiers')]);
    expect(unreadable.status).toBe(2);
    expect(unreadable.json.files.find((f) => f.file.endsWith('dossier.yaml'))?.status).toBe('invalid');
  });

  it('a credit code written differently: JSON escapes are joined; lower-case or full-width codes are refused (exit 2), never passed unjoined', () => {
    const escaped = DOSSIER_JSON.replace('"91370102MA3C4F5G9F"', `"${[...'91370102MA3C4F5G9F'].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`);
    expect(escaped).not.toContain('91370102MA3C4F5G9F');
    const run = check({
      'dossier.json': escaped,
      'report.yaml': report('2026-09-17'),
      'report-lower.yaml': report('2026-09-17').replace('91370102MA3C4F5G9F', '91370102ma3c4f5g9f'),
      'report-wide.yaml': report('2026-09-17').replace('91370102MA3C4F5G9F', '９１３７０１０２MA3C4F5G9F'),
    });
    expect(run.status).toBe(2);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report.yaml/cooperation_started']);
    for (const name of ['report-lower.yaml', 'report-wide.yaml']) {
      const file = run.json.files.find((f) => f.file === name)!;
      expect(file.status).toBe('invalid');
      expect(file.errors.map((e) => e.path)).toContain('/vendor/credit_code');
    }
  });

  it("two dossiers of the vendor with different agreement dates: a data-quality error on each report naming both, not the later date's pass", () => {
    // The start (2026-09-20) lies after one date and before the other: picking either would decide the verdict.
    const later = dossierOf('A').replace(`step: agreement_signed, date: ${SIGNED}`, 'step: agreement_signed, date: 2026-09-25');
    const run = check({ 'dossier-1.yaml': DOSSIER, 'dossier-2.yaml': later, 'report.yaml': report('2026-09-20') });
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report.yaml/cooperation_started']);
    expect(run.agreement[0]!.message).toContain(`${SIGNED} (dossier-1.yaml), 2026-09-25 (dossier-2.yaml)`);
  });
});
