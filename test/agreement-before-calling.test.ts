import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, VENDORS, writeTree } from './support/vendor-reports.js';

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
  message: string;
  location: { file: string; path?: string };
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

  it("without the vendor's dossier in the run a report is not judged; the vendor with one still is", () => {
    const run = check({ 'dossier-b.yaml': dossierOf('B'), 'report-a.yaml': report('2026-09-01'), 'report-b.yaml': report('2026-09-01', 'B') });
    expect(run.status).toBe(1);
    expect(run.at).toEqual(['R10-1/calling-before-agreement report-b.yaml/cooperation_started']);
  });

  it('reports no dossier joins get one note (level note, exit status unchanged) counting them and saying how to have them judged; none when every vendor has one', () => {
    const notes = (run: ReturnType<typeof check>) => (run.json as unknown as { notes?: Array<{ file: string; level: string; message: string }> }).notes ?? [];
    const alone = check({ 'report-a.yaml': report(SIGNED), 'report-b.yaml': report(SIGNED, 'B') });
    expect(notes(alone)).toEqual([{ file: 'report-a.yaml', level: 'note', message: expect.stringMatching(/^this monthly report and 1 other were not judged by R10-1\/calling-before-agreement, R10-3\/calling-before-agreement .*not a pass.*--history dossiers\//) }]);
    // One vendor's dossier in the run: the other's report alone is counted.
    expect(notes(check({ 'dossier-b.yaml': dossierOf('B'), 'report-a.yaml': report(SIGNED), 'report-b.yaml': report(SIGNED, 'B') })).map((n) => n.message)).toEqual([
      expect.stringMatching(/^this monthly report was not judged by .*no dossier of its vendor is in this run/),
    ]);
    expect(notes(check({ 'dossier.yaml': DOSSIER, 'report.yaml': report(SIGNED) }))).toEqual([]);
    const dir = writeTree(tempDir(), { 'dossiers/dossier.yaml': DOSSIER });
    expect(notes(check({ 'report.yaml': report(SIGNED) }, ['--history', path.join(dir, 'dossiers')]))).toEqual([]);
    // The text report says it beside the file's ✔.
    const text = runTmcheck(['--no-timestamp', '--lang', 'en', 'report-a.yaml'], { cwd: writeTree(tempDir(), { 'report-a.yaml': report(SIGNED) }) });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/report-a\.yaml {2}note {4}this monthly report was not judged by R10-1\/calling-before-agreement/);
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
