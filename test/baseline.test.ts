import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineOf } from '../src/controls/baseline.js';
import { fingerprint } from '../src/report/fingerprint.js';
import type { Finding } from '../src/report/model.js';
import { runCli } from './support/run-cli.js';
import { CREDIT_CODE, HANDLED_BY_MARKETING, SIGNED_BY_LISTED_COMPANY, dossierText, lineOf, tempDir, writeDossier } from './support/temp-dossier.js';

interface JsonReport {
  files: Array<{ file: string; status: string }>;
  findings: Array<{ ruleId: string; location: { file: string; path?: string; line?: number } }>;
  baseline?: { file: string; suppressed: number };
  summary: { errors: number };
}

async function check(dir: string, args: string[]): Promise<{ status: number; report: JsonReport; stderr: string }> {
  const run = await runCli([...args, '--format', 'json', '--no-timestamp', '--lang', 'en'], dir);
  return { status: run.status, report: run.stdout ? (JSON.parse(run.stdout) as JsonReport) : ({} as JsonReport), stderr: run.stderr };
}

/** A folder with a dossier signed by the listed company, and a baseline written from it. */
async function withBaseline(): Promise<string> {
  const dir = tempDir();
  writeDossier(dir, 'dossier.yaml', SIGNED_BY_LISTED_COMPANY);
  const written = await check(dir, ['dossier.yaml', '--write-baseline', 'baseline.json']);
  expect(written.status).toBe(1);
  return dir;
}

describe('--write-baseline', () => {
  it('writes fingerprints, severities and the dossier submitted date, plus rule, file and pointer for people, and no line numbers', async () => {
    const dir = await withBaseline();
    const baseline = JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { tool: string; baselineVersion: number; findings: Array<Record<string, unknown>> };
    expect(baseline).toMatchObject({ tool: 'tmcheck', baselineVersion: 1 });
    expect(baseline.findings).toEqual([
      { fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), ruleId: 'R7-1/signing-entity', severity: 'error', file: 'dossier.yaml', pointer: '/cooperation/agreement/signing_entity', vendor: CREDIT_CODE, submitted: '2026-10-08' },
    ]);
    expect(readFileSync(path.join(dir, 'baseline.json'), 'utf8')).not.toMatch(/"line"/);
    // Atomic: nothing but the target is left behind.
    expect(readdirSync(dir).sort()).toEqual(['baseline.json', 'dossier.yaml']);
  });

  it('writes the same bytes for the same findings', async () => {
    const dir = await withBaseline();
    const first = readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    await check(dir, ['dossier.yaml', '--write-baseline', 'baseline.json']);
    expect(readFileSync(path.join(dir, 'baseline.json'), 'utf8')).toBe(first);
  });

  it('refuses to write the baseline over a file being checked', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml', SIGNED_BY_LISTED_COMPANY);
    const before = readFileSync(path.join(dir, 'dossier.yaml'), 'utf8');
    const run = await runCli(['dossier.yaml', '--write-baseline', 'dossier.yaml', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('refusing to write the baseline over a file being checked: dossier.yaml');
    expect(readFileSync(path.join(dir, 'dossier.yaml'), 'utf8')).toBe(before);
  });
});

describe('--baseline', () => {
  it('drops the findings it knows and counts them in a note', async () => {
    const dir = await withBaseline();
    const { status, report } = await check(dir, ['dossier.yaml', '--baseline', 'baseline.json']);
    expect(status).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.baseline).toEqual({ file: 'baseline.json', suppressed: 1 });
    expect(report.files[0]).toMatchObject({ file: 'dossier.yaml', status: 'pass' });
    const text = await runCli(['dossier.yaml', '--baseline', 'baseline.json', '--lang', 'en'], dir);
    expect(text.stdout).toContain('1 finding already in the baseline baseline.json not shown');
    const zh = await runCli(['dossier.yaml', '--baseline', 'baseline.json', '--lang', 'zh'], dir);
    expect(zh.stdout).toContain('基线 baseline.json 中已有的 1 个发现未列出');
  });

  it('keeps recognising a finding after an edit elsewhere moves its line', async () => {
    const dir = await withBaseline();
    const moved = `# reviewed by the city branch\n# second comment line\n${dossierText(SIGNED_BY_LISTED_COMPANY)}`;
    writeFileSync(path.join(dir, 'dossier.yaml'), moved);
    const plain = await check(dir, ['dossier.yaml']);
    expect(plain.report.findings[0]!.location.line).toBe(lineOf(moved, 'signing_entity:'));
    const { status, report } = await check(dir, ['dossier.yaml', '--baseline', 'baseline.json']);
    expect(status).toBe(0);
    expect(report.baseline?.suppressed).toBe(1);
  });

  it('never hides a new finding in the same file', async () => {
    const dir = await withBaseline();
    const text = dossierText(SIGNED_BY_LISTED_COMPANY, HANDLED_BY_MARKETING);
    writeFileSync(path.join(dir, 'dossier.yaml'), text);
    const { status, report } = await check(dir, ['dossier.yaml', '--baseline', 'baseline.json']);
    expect(status).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'R5-1/handled-by-cs', location: expect.objectContaining({ file: 'dossier.yaml', path: '/handled_by', line: lineOf(text, 'handled_by:') }) })]);
    expect(report.baseline?.suppressed).toBe(1);
  });

  it('does not carry over to another file with the same problem', async () => {
    const dir = await withBaseline();
    writeDossier(dir, 'second.yaml', SIGNED_BY_LISTED_COMPANY);
    const { status, report } = await check(dir, ['dossier.yaml', 'second.yaml', '--baseline', 'baseline.json']);
    expect(status).toBe(1);
    expect(report.findings.map((f) => `${f.location.file}${f.location.path}`)).toEqual(['second.yaml/cooperation/agreement/signing_entity']);
  });

  it('is an input problem (exit 2, file and line) when the baseline is not valid JSON', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml');
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "tool": "tmcheck",\n  oops\n}\n');
    const run = await runCli(['dossier.yaml', '--baseline', 'broken.json', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot use the baseline broken\.json:3:\d+: the baseline is not valid JSON/);
    expect(run.stdout).toBe('');
  });

  it('is an input problem when the file is JSON but not a baseline, or missing', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml');
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ findings: [] }));
    const wrong = await runCli(['dossier.yaml', '--baseline', 'other.json', '--lang', 'zh'], dir);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('无法使用基线文件 other.json: 不是 tmcheck --write-baseline 写出的基线文件');
    const missing = await runCli(['dossier.yaml', '--baseline', 'nope.json', '--lang', 'en'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot use the baseline nope.json: file not found');
  });
});

describe('applyBaseline', () => {
  const finding = (pointer: string, extra: Partial<Finding> = {}): Finding => ({
    ruleId: 'R20-1/pre-job-training-hours',
    article: '20',
    requirement: 'R20-1',
    severity: 'error',
    message: { zh: 'x', en: 'x' },
    consequence: { zh: 'x', en: 'x' },
    consequenceKind: 'rectification',
    citation: '第二十条',
    location: { file: 'r.yaml', path: pointer, line: 7, column: 3 },
    vendor: CREDIT_CODE,
    ...extra,
  });

  it('accepts a fingerprint as often as the baseline holds it, so a second identical finding is new', () => {
    const one = finding('/agents/1/pre_job_training_hours');
    const outcome = applyBaseline([one, { ...one, location: { ...one.location, line: 99 } }], baselineOf([one]));
    expect(outcome.suppressed).toBe(1);
    expect(outcome.findings).toHaveLength(1);
  });

  it('ignores lines but not pointers, vendors or files', () => {
    const base = finding('/agents/1/pre_job_training_hours');
    expect(fingerprint({ ...base, location: { ...base.location, line: 50, column: 9 } })).toBe(fingerprint(base));
    expect(fingerprint(finding('/agents/2/pre_job_training_hours'))).not.toBe(fingerprint(base));
    expect(fingerprint(finding('/agents/1/pre_job_training_hours', { vendor: '91370200MA3ABCDE1X' }))).not.toBe(fingerprint(base));
    expect(fingerprint({ ...base, location: { ...base.location, file: 'other.yaml' } })).not.toBe(fingerprint(base));
  });

  it('keeps waived findings and findings about waivers out of a baseline, so they are never silenced by it', () => {
    const waived = finding('/agents/0/pre_job_training_hours', { waived: { reason: 'r', approvedBy: 'a', expires: '2026-12-31' } });
    const expired = finding('/waivers/0', { ruleId: 'tmcheck/waiver-expired', severity: 'warning', location: { file: 'tmcheck.waivers.yaml', path: '/waivers/0', line: 3 } });
    expect(baselineOf([waived, expired]).findings).toEqual([]);
    const unwaived = { ...waived, waived: undefined };
    const outcome = applyBaseline([waived, expired], baselineOf([unwaived, { ...expired, ruleId: 'R20-1/x' }]));
    expect(outcome).toEqual({ findings: [waived, expired], suppressed: 0 });
  });

  it('holds back a finding only at the severity it was accepted at: a warning grown into an error at the same place is new', () => {
    // R24-6 gives a warning at a report the second month last, and its termination error at the same place later.
    const warning = finding('/assessment_score', { ruleId: 'R24-6/last-place-streak', severity: 'warning' });
    const error = { ...warning, severity: 'error' as const };
    const baseline = baselineOf([warning]);
    expect(baseline.findings.map((entry) => entry.severity)).toEqual(['warning']);
    expect(applyBaseline([error], baseline)).toEqual({ findings: [error], suppressed: 0 });
    expect(applyBaseline([warning], baseline)).toEqual({ findings: [], suppressed: 1 });
  });

  it('an entry written before severities were recorded holds back warnings and notices, never an error', () => {
    const warning = finding('/assessment_score', { ruleId: 'R24-6/last-place-streak', severity: 'warning' });
    const error = { ...warning, severity: 'error' as const };
    const { severity: _recorded, ...legacy } = baselineOf([warning]).findings[0]!;
    const baseline = { tool: 'tmcheck' as const, baselineVersion: 1 as const, findings: [legacy] };
    expect(applyBaseline([error], baseline)).toEqual({ findings: [error], suppressed: 0 });
    expect(applyBaseline([warning], baseline)).toEqual({ findings: [], suppressed: 1 });
  });
});
