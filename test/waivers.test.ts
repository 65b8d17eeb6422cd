import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyWaivers, parseWaivers, waiverCovers, type Waiver, type WaiverFile } from '../src/controls/waivers.js';
import { applyControls } from '../src/controls/apply-controls.js';
import { baselineOf } from '../src/controls/baseline.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import type { Finding } from '../src/report/model.js';
import { runCli } from './support/run-cli.js';
import { validateJunit } from './support/output-schemas.js';
import { CREDIT_CODE, HANDLED_BY_MARKETING, SIGNED_BY_LISTED_COMPANY, dossierText, lineOf, tempDir, writeDossier } from './support/temp-dossier.js';

const SIGNING_POINTER = '/cooperation/agreement/signing_entity';

/** A waivers file: each entry's first line is `  - rule:` or `  - requirement:` so its line is easy to find. */
function waiversYaml(entries: Array<Record<string, string>>): string {
  const lines = ['# approved exceptions', 'waivers:'];
  for (const entry of entries) {
    Object.entries(entry).forEach(([key, value], i) => lines.push(`${i === 0 ? '  - ' : '    '}${key}: ${JSON.stringify(value)}`));
  }
  return lines.join('\n') + '\n';
}

const signingWaiver = {
  rule: 'R7-1/signing-entity',
  vendor: CREDIT_CODE,
  pointer: SIGNING_POINTER,
  reason: '协议已重签，待归档',
  approved_by: '省分客服部 王五',
  expires: '2026-12-31',
};

interface JsonReport {
  files: Array<{ file: string; status: string; errors?: Array<{ message: string; line?: number; column?: number; path?: string }> }>;
  findings: Array<{ ruleId: string; severity: string; message: string; location: { file: string; path?: string; line?: number }; waived?: Record<string, string> }>;
  summary: { errors: number; warnings: number; notices: number };
  notes?: Array<{ file: string; level: string; message: string }>;
}

/** The officer names the waivers file kept beside the dossier: unnamed, a waivers file beside a checked file is not applied. */
const OWN_WAIVERS = ['--waivers', 'tmcheck.waivers.yaml'];

async function check(dir: string, args: string[]): Promise<{ status: number; report: JsonReport; stderr: string }> {
  const run = await runCli([...args, '--format', 'json', '--no-timestamp', '--lang', 'en'], dir);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

function setUp(waivers: Array<Record<string, string>>): { dir: string; dossierLine: number } {
  const dir = tempDir();
  writeDossier(dir, 'dossier.yaml', SIGNED_BY_LISTED_COMPANY);
  writeFileSync(path.join(dir, 'tmcheck.waivers.yaml'), waiversYaml(waivers));
  return { dir, dossierLine: lineOf(dossierText(SIGNED_BY_LISTED_COMPANY), 'signing_entity:') };
}

describe('waivers in a check', () => {
  it('marks a covered finding waived, keeps it in the report and does not count it', async () => {
    const { dir, dossierLine } = setUp([signingWaiver]);
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-11-01']);
    expect(status).toBe(0);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'R7-1/signing-entity',
      location: { file: 'dossier.yaml', path: SIGNING_POINTER, line: dossierLine },
      waived: { reason: '协议已重签，待归档', approvedBy: '省分客服部 王五', expires: '2026-12-31' },
    });
    expect(report.summary.errors).toBe(0);
    expect(report.files.find((f) => f.file === 'dossier.yaml')?.status).toBe('pass');
  });

  it('shows the waiver in the text report', async () => {
    const { dir } = setUp([signingWaiver]);
    const run = await runCli(['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-11-01', '--lang', 'en'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('[waived: 协议已重签，待归档]');
  });

  it('still waives on the expiry date itself', async () => {
    const { dir } = setUp([signingWaiver]);
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-12-31']);
    expect(status).toBe(0);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['R7-1/signing-entity']);
    expect(report.findings[0]!.waived).toBeDefined();
  });

  it('reports an expired waiver as a warning at its line and counts the finding again', async () => {
    const { dir, dossierLine } = setUp([signingWaiver]);
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2027-01-01']);
    expect(status).toBe(1);
    const rule = report.findings.find((f) => f.ruleId === 'R7-1/signing-entity')!;
    expect(rule.waived).toBeUndefined();
    expect(rule.location).toMatchObject({ file: 'dossier.yaml', path: SIGNING_POINTER, line: dossierLine });
    const expired = report.findings.find((f) => f.ruleId === 'tmcheck/waiver-expired')!;
    expect(expired).toMatchObject({ severity: 'warning', location: { file: 'tmcheck.waivers.yaml', path: '/waivers/0', line: 3 } });
    expect(expired.message).toContain('expired on 2026-12-31 (judged on 2027-01-01)');
    expect(report.summary).toMatchObject({ errors: 1, warnings: 1 });
  });

  it('puts a finding in the waivers file into the JUnit report as a testsuite of its own', async () => {
    const { dir } = setUp([signingWaiver]);
    const run = await runCli(['dossier.yaml', ...OWN_WAIVERS, '--today', '2027-01-01', '--format', 'junit', '--lang', 'en'], dir);
    expect(run.status).toBe(1);
    expect(await validateJunit(run.stdout)).toEqual([]);
    // An expired waiver is a warning: told in the testcase, a failure only from --fail-on warning.
    const suite = /<testsuite name="tmcheck\.waivers\.yaml" tests="1" failures="0" errors="0"[^>]*>([\s\S]*?)<\/testsuite>/.exec(run.stdout);
    expect(suite, run.stdout).not.toBeNull();
    expect(suite![1]).toContain('tmcheck/waiver-expired');
    expect(suite![1]).toContain('<system-out>');
    const strict = await runCli(['dossier.yaml', ...OWN_WAIVERS, '--today', '2027-01-01', '--format', 'junit', '--lang', 'en', '--fail-on', 'warning'], dir);
    expect(strict.stdout).toMatch(/<testsuite name="tmcheck\.waivers\.yaml" tests="1" failures="1" errors="0"/);
    expect(run.stdout).toContain('<testsuite name="dossier.yaml"');
  });

  it('judges expiry on --as-of when it is given, before --today', async () => {
    const { dir } = setUp([signingWaiver]);
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--as-of', '2027-01-01', '--today', '2026-11-01']);
    expect(status).toBe(1);
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['R7-1/signing-entity', 'tmcheck/waiver-expired']);
  });

  it('reports a waiver that matches nothing as an unused notice at its line', async () => {
    const otherVendor = { ...signingWaiver, vendor: '91370200MA3ABCDE1X', expires: '2027-06-30' };
    const { dir } = setUp([signingWaiver, otherVendor]);
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-11-01']);
    expect(status).toBe(0);
    const unused = report.findings.filter((f) => f.ruleId === 'tmcheck/waiver-unused');
    expect(unused).toHaveLength(1);
    // The second entry starts on line 3 + 6 lines of the first.
    expect(unused[0]).toMatchObject({ severity: 'notice', location: { file: 'tmcheck.waivers.yaml', path: '/waivers/1', line: 9 } });
    expect(unused[0]!.message).toContain('vendor 91370200MA3ABCDE1X');
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, notices: 1 });
  });

  it('waives only at or below its pointer', async () => {
    const { dir } = setUp([{ ...signingWaiver, pointer: '/vendor' }]);
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-11-01']);
    expect(status).toBe(1);
    expect(report.findings.find((f) => f.ruleId === 'R7-1/signing-entity')!.waived).toBeUndefined();
    expect(report.findings.find((f) => f.ruleId === 'tmcheck/waiver-unused')!.location.line).toBe(3);
  });

  it('waives every rule of a requirement named by id, without a pointer', async () => {
    const { rule: _rule, pointer: _pointer, ...rest } = signingWaiver;
    const { dir } = setUp([{ requirement: 'R7-1', ...rest }]);
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-11-01']);
    expect(status).toBe(0);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.waived?.approvedBy).toBe('省分客服部 王五');
  });

  it('never applies a waivers file beside an input when run from another folder, and warns about it', async () => {
    const { dir } = setUp([signingWaiver]);
    const elsewhere = tempDir();
    const { status, report } = await check(elsewhere, [path.join(dir, 'dossier.yaml'), '--today', '2026-11-01']);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.waived])).toEqual([['R7-1/signing-entity', undefined]]);
    expect(report.notes).toEqual([{ file: path.join(dir, 'tmcheck.waivers.yaml'), level: 'warning', message: expect.stringMatching(/^ignored: waivers are only read from --waivers/) }]);
  });

  it('never applies a waivers file inside a checked folder; it is not read as a document', async () => {
    const { dir } = setUp([signingWaiver]);
    const elsewhere = tempDir();
    const { status, report } = await check(elsewhere, [dir, '--today', '2026-11-01']);
    expect(status).toBe(1);
    expect(report.files.map((f) => f.file)).toEqual([path.join(dir, 'dossier.yaml')]);
    expect(report.findings.map((f) => [f.ruleId, f.waived])).toEqual([['R7-1/signing-entity', undefined]]);
    expect(report.notes).toEqual([{ file: path.join(dir, 'tmcheck.waivers.yaml'), level: 'warning', message: expect.stringMatching(/^ignored: waivers are only read from --waivers/) }]);
    const text = await runCli([dir, '--today', '2026-11-01', '--lang', 'en'], elsewhere);
    expect(text.stdout).toMatch(/tmcheck\.waivers\.yaml {2}warning +ignored: waivers are only read from --waivers/);
  });

  it('does not apply the working folder\'s waivers file when that folder is itself under check (`tmcheck .`)', async () => {
    const { dir } = setUp([signingWaiver]);
    const { status, report } = await check(dir, ['.', '--today', '2026-11-01']);
    expect(status).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.waived])).toEqual([['R7-1/signing-entity', undefined]]);
    expect(report.files.map((f) => f.file)).toEqual(['dossier.yaml']);
    expect(report.notes).toEqual([{ file: 'tmcheck.waivers.yaml', level: 'warning', message: expect.stringContaining('name it with --waivers tmcheck.waivers.yaml') }]);
    // Named explicitly, the officer's file applies, and the walk still does not read it as a document.
    const named = await check(dir, ['.', '--today', '2026-11-01', '--waivers', 'tmcheck.waivers.yaml']);
    expect(named.status).toBe(0);
    expect(named.report.findings[0]!.waived).toBeDefined();
    expect(named.report.files.map((f) => f.file)).toEqual(['dossier.yaml']);
    expect(named.report.notes).toEqual([{ file: 'tmcheck.waivers.yaml', level: 'note', message: expect.stringContaining('given with --waivers (applied)') }]);
  });

  it('does not apply the working folder\'s waivers file under a pattern whose folder holds the working folder', async () => {
    const { dir } = setUp([signingWaiver]);
    const { status, report } = await check(dir, ['*.yaml', '--today', '2026-11-01']);
    expect(status).toBe(1);
    expect(report.findings[0]!.waived).toBeUndefined();
  });

  it('does not apply a waivers file beside a file checked from its own folder (the upload may have brought it)', async () => {
    // `cd upload && tmcheck dossier.yaml`: the vendor's own tmcheck.waivers.yaml must not waive its finding.
    const { dir } = setUp([signingWaiver]);
    const { status, report } = await check(dir, ['dossier.yaml', '--today', '2026-11-01']);
    expect(status).toBe(1);
    expect(report.findings.find((f) => f.ruleId === 'R7-1/signing-entity')!.waived).toBeUndefined();
    expect(report.notes).toEqual([{ file: 'tmcheck.waivers.yaml', level: 'warning', message: expect.stringContaining('the checked file dossier.yaml is beside it in the working folder') }]);
  });

  it('applies the working folder\'s waivers file when the inputs are elsewhere', async () => {
    const { dir } = setUp([]);
    const officer = tempDir();
    writeFileSync(path.join(officer, 'tmcheck.waivers.yaml'), waiversYaml([signingWaiver]));
    const { status, report } = await check(officer, [dir, '--today', '2026-11-01']);
    expect(status).toBe(0);
    expect(report.findings.find((f) => f.ruleId === 'R7-1/signing-entity')!.waived).toBeDefined();
  });

  it('uses the file given with --waivers', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml', SIGNED_BY_LISTED_COMPANY);
    mkdirSync(path.join(dir, 'approvals'));
    writeFileSync(path.join(dir, 'approvals', 'q4.yaml'), waiversYaml([signingWaiver]));
    const without = await check(dir, ['dossier.yaml', '--today', '2026-11-01']);
    expect(without.status).toBe(1);
    const withFile = await check(dir, ['dossier.yaml', '--today', '2026-11-01', '--waivers', 'approvals/q4.yaml']);
    expect(withFile.status).toBe(0);
    expect(withFile.report.findings[0]!.waived?.reason).toBe('协议已重签，待归档');
  });

  it('never waives a finding of another vendor or another rule in the same file', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml', SIGNED_BY_LISTED_COMPANY, HANDLED_BY_MARKETING);
    writeFileSync(path.join(dir, 'tmcheck.waivers.yaml'), waiversYaml([signingWaiver]));
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-11-01']);
    expect(status).toBe(1);
    const handled = report.findings.find((f) => f.ruleId === 'R5-1/handled-by-cs')!;
    expect(handled.waived).toBeUndefined();
    expect(handled.location).toMatchObject({ path: '/handled_by', line: lineOf(dossierText(HANDLED_BY_MARKETING), 'handled_by:') });
  });
});

describe('malformed waivers files', () => {
  it('is an input error with file and line, exit 2, and the documents are still checked', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml', SIGNED_BY_LISTED_COMPANY);
    const { approved_by: _approved, ...missingApprover } = signingWaiver;
    writeFileSync(path.join(dir, 'tmcheck.waivers.yaml'), waiversYaml([missingApprover]));
    const { status, report } = await check(dir, ['dossier.yaml', ...OWN_WAIVERS, '--today', '2026-11-01']);
    expect(status).toBe(2);
    const entry = report.files.find((f) => f.file === 'tmcheck.waivers.yaml')!;
    expect(entry.status).toBe('invalid');
    expect(entry.errors).toEqual([expect.objectContaining({ path: '/waivers/0/approved_by', line: 3, message: expect.stringContaining('"approved_by" is missing') })]);
    expect(report.findings.find((f) => f.ruleId === 'R7-1/signing-entity')?.waived).toBeUndefined();
  });

  it('names a missing --waivers file', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml');
    const { status, report } = await check(dir, ['dossier.yaml', '--waivers', 'nope.yaml']);
    expect(status).toBe(2);
    expect(report.files.find((f) => f.file === 'nope.yaml')).toMatchObject({ status: 'invalid', errors: [{ message: 'file not found' }] });
  });

  const parse = (text: string) => parseWaivers(text, 'w.yaml', DEFAULT_LIMITS);

  it('asks for exactly one of rule or requirement, once, at the waiver', () => {
    const both = waiversYaml([{ ...signingWaiver, requirement: 'R7-1' }]);
    const errors = parse(both);
    expect(Array.isArray(errors)).toBe(true);
    expect(errors).toEqual([expect.objectContaining({ path: '/waivers/0', line: 3, message: expect.objectContaining({ en: expect.stringContaining('exactly one of rule') }) })]);
  });

  it('rejects an impossible expiry date at its line', () => {
    const errors = parse(waiversYaml([{ ...signingWaiver, expires: '2026-02-30' }]));
    expect(errors).toEqual([expect.objectContaining({ path: '/waivers/0/expires', line: 8, message: expect.objectContaining({ en: expect.stringContaining('real calendar date') }) })]);
  });

  it('rejects unknown fields and malformed rule ids, in both languages', () => {
    const errors = parse(waiversYaml([{ ...signingWaiver, rule: 'signing-entity', approver: 'x' }])) as Array<{ path: string; line: number; message: { zh: string; en: string } }>;
    expect(errors.map((e) => [e.path, e.line])).toEqual(expect.arrayContaining([['/waivers/0/rule', 3], ['/waivers/0/approver', 9]]));
    for (const error of errors) expect(error.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reports YAML syntax errors with their line', () => {
    const errors = parse('waivers:\n  - rule: [unclosed\n');
    expect(Array.isArray(errors)).toBe(true);
    expect((errors as Array<{ line?: number }>)[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('accepts an empty list', () => {
    expect(parse('waivers: []\n')).toEqual({ file: 'w.yaml', waivers: [] });
  });
});

describe('applyWaivers', () => {
  const finding = (ruleId: string, pointer: string, vendor = CREDIT_CODE): Finding => ({
    ruleId,
    article: '20',
    requirement: ruleId.split('/')[0]!,
    severity: 'error',
    message: { zh: 'x', en: 'x' },
    consequence: { zh: 'x', en: 'x' },
    consequenceKind: 'rectification',
    citation: '第二十条',
    location: { file: 'r.yaml', path: pointer, line: 10, column: 3 },
    vendor,
  });
  const file = (pointer: string | undefined, expires = '2026-12-31'): WaiverFile => ({
    file: 'w.yaml',
    waivers: [{ target: { rule: 'R20-1/pre-job-training-hours' }, vendor: CREDIT_CODE, ...(pointer !== undefined ? { pointer } : {}), reason: 'r', approvedBy: 'a', expires, file: 'w.yaml', at: '/waivers/0', line: 2, column: 5 }],
  });

  it('covers the pointer and what lies below it, not a sibling whose name starts the same', () => {
    const inItem = (f: Finding, path: string, id: string): Finding => ({ ...f, location: { ...f.location, item: { path, id } } });
    const findings = [
      inItem(finding('R20-1/pre-job-training-hours', '/agents/1/pre_job_training_hours'), '/agents/1', 'A1'),
      inItem(finding('R20-1/pre-job-training-hours', '/agents/10/pre_job_training_hours'), '/agents/10', 'A10'),
    ];
    const waivers = file('/agents/1');
    waivers.waivers[0]!.itemId = 'A1';
    const outcome = applyWaivers(findings, [waivers], '2026-11-01', new Set(['R20-1/pre-job-training-hours']));
    expect(outcome.findings.map((f) => f.waived !== undefined)).toEqual([true, false]);
    expect(outcome.waiverFindings).toEqual([]);
  });

  it('says when an unused waiver names a rule that is not loaded', () => {
    const outcome = applyWaivers([], [file(undefined)], '2026-11-01', new Set());
    expect(outcome.waiverFindings).toEqual([expect.objectContaining({ ruleId: 'tmcheck/waiver-unused', requirement: 'R20-1', article: '20', location: { file: 'w.yaml', path: '/waivers/0', line: 2, column: 5 } })]);
    expect(outcome.waiverFindings[0]!.message.en).toContain('no rule in force has this id');
    expect(outcome.waiverFindings[0]!.message.zh).toContain('没有生效的规则使用此编号');
  });

  it('does not let an expired waiver waive, and reports it only as expired', () => {
    const outcome = applyWaivers([finding('R20-1/pre-job-training-hours', '/agents/0/pre_job_training_hours')], [file(undefined, '2026-10-31')], '2026-11-01', new Set(['R20-1/pre-job-training-hours']));
    expect(outcome.findings[0]!.waived).toBeUndefined();
    expect(outcome.waiverFindings.map((f) => f.ruleId)).toEqual(['tmcheck/waiver-expired']);
  });
});

describe('controls scale linearly', () => {
  /** Counts every property read of the objects it wraps: the work done on them, independent of the machine's speed. */
  function counter() {
    let reads = 0;
    const wrap = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(object, key, receiver) {
          reads += 1;
          return Reflect.get(object, key, receiver) as unknown;
        },
      });
    return { wrap, reads: () => reads };
  }

  /** n findings on n/10 files, n/2 waivers (half of them matching), a baseline of n/4 findings: the reads applyControls makes. */
  function readsFor(n: number): number {
    const { wrap, reads } = counter();
    const findings: Finding[] = [];
    for (let i = 0; i < n; i++) {
      findings.push(
        wrap<Finding>({
          ruleId: 'R20-1/pre-job-training-hours',
          article: '20',
          requirement: 'R20-1',
          severity: 'error',
          message: { zh: 'x', en: 'x' },
          consequence: { zh: 'x', en: 'x' },
          consequenceKind: 'rectification',
          citation: '第二十条',
          location: { file: `r${i % (n / 10)}.yaml`, path: `/agents/${i}/pre_job_training_hours`, line: i + 1, column: 3, item: { path: `/agents/${i}`, id: `A${i}` } },
          vendor: CREDIT_CODE,
        }),
      );
    }
    const waivers = Array.from({ length: n / 2 }, (_, i) =>
      wrap({ target: { rule: 'R20-1/pre-job-training-hours' }, vendor: CREDIT_CODE, pointer: `/agents/${i * 2}`, itemId: `A${i * 2}`, reason: 'r', approvedBy: 'a', expires: '2026-12-31', file: 'w.yaml', at: `/waivers/${i}`, line: i + 2, column: 5 }),
    );
    const baseline = baselineOf(findings.filter((_, i) => i % 4 === 1));
    const files = Array.from({ length: n / 10 }, (_, i) => ({ file: `r${i}.yaml`, status: 'fail' as const, errors: [], warnings: [], outcomes: {} }));
    const report = { tool: { name: 'tmcheck', version: '0' }, ruleset: { version: '0', sha256: '0' }, files, findings, rules: [], skippedRules: [], summary: { files: 0, errors: 0, warnings: 0, notices: 0 } };
    const before = reads();
    const outcome = applyControls(report, { waiverFiles: [{ file: 'w.yaml', waivers }], waiverProblems: [], ignoredWaivers: [], judgedOn: '2026-11-01', baseline: { file: 'b.json', baseline } });
    // The controls did their work: half waived, a quarter held back by the baseline.
    expect(outcome.report.findings.filter((f) => f.waived).length).toBe(n / 2);
    expect(outcome.report.baseline?.suppressed).toBe(n / 4);
    return reads() - before;
  }

  it('waivers and the baseline: twice the findings and waivers take at most 2.5 times the reads', () => {
    const small = readsFor(2000);
    const large = readsFor(4000);
    expect(large / small).toBeLessThanOrEqual(2.5);
  });

  it('indexed matching agrees with waiverCovers, finding by finding', () => {
    const pointers = [undefined, '', '/agents', '/agents/1', '/agents/10', '/agents/1/pre_job_training_hours', '/vendor'];
    const targets = [{ rule: 'R20-1/pre-job-training-hours' }, { rule: 'R20-2/x' }, { requirement: 'R20-1' }];
    const all: Waiver[] = [];
    for (const target of targets) {
      for (const pointer of pointers) {
        for (const vendor of [CREDIT_CODE, '91370200MA3ABCDE1X']) {
          all.push({ target, vendor, ...(pointer !== undefined ? { pointer } : {}), reason: `${all.length}`, approvedBy: 'a', expires: '2026-12-31', file: 'w.yaml', at: `/waivers/${all.length}`, line: 1, column: 1 });
        }
      }
    }
    const findingAt = (path: string | undefined, vendor: string | undefined): Finding => ({
      ruleId: 'R20-1/pre-job-training-hours', article: '20', requirement: 'R20-1', severity: 'error', message: { zh: 'x', en: 'x' }, consequence: { zh: 'x', en: 'x' },
      consequenceKind: 'rectification', citation: '第二十条', location: { file: 'r.yaml', ...(path !== undefined ? { path } : {}) }, ...(vendor !== undefined ? { vendor } : {}),
    });
    for (const path of [undefined, '/agents/1/pre_job_training_hours', '/agents/10/pre_job_training_hours', '/agents', '/vendor/name', '/x']) {
      for (const vendor of [CREDIT_CODE, undefined]) {
        // Each waiver alone, so "covers" is observed per waiver; and all together, for which one gives the reason.
        for (const waiver of all) {
          const outcome = applyWaivers([findingAt(path, vendor)], [{ file: 'w.yaml', waivers: [waiver] }], '2026-11-01', new Set());
          expect(outcome.findings[0]!.waived !== undefined, `${JSON.stringify(waiver)} on ${path}`).toBe(waiverCovers(waiver, findingAt(path, vendor)));
        }
        const together = applyWaivers([findingAt(path, vendor)], [{ file: 'w.yaml', waivers: all }], '2026-11-01', new Set());
        expect(together.findings[0]!.waived?.reason).toBe(all.find((w) => waiverCovers(w, findingAt(path, vendor)))?.reason);
      }
    }
  });
});
