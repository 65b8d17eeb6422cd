import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ANNOTATIONS_SHOWN, escapeData, escapeProperty, formatGithub, workflowCommand } from '../src/format/github.js';
import { runInProcess } from './support/run-in-process.js';
import { checkFiles } from './support/fixtures.js';
import { allFixtures } from './support/output-schemas.js';

const EN = { lang: 'en', color: false, failOn: 'error' } as const;

/** Reads a workflow command back the way the Actions runner does (split, then unescape). */
function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescapeProperty = (s: string) => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), unescapeProperty(pair.slice(pair.indexOf('=') + 1))]),
  );
  return { command: match[1]!, properties, data: match[3]!.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%') };
}

describe('escaping for workflow commands', () => {
  it('data escapes %, CR and LF, % first so an input "%0A" stays text', () => {
    expect(escapeData('100% done\r\nnext %0A')).toBe('100%25 done%0D%0Anext %250A');
  });

  it('properties escape : and , too', () => {
    expect(escapeProperty('a:b,c%d\ne::f')).toBe('a%3Ab%2Cc%25d%0Ae%3A%3Af');
  });

  it('other control characters are shown, never passed to the log viewer', () => {
    expect(escapeData('red \u001b[31m bidi \u202e')).toBe('red \\x1b[31m bidi \\u202e');
  });

  it('a hostile file name and message cannot end the command or start another one', () => {
    const file = 'evil,line=1::title=x\n::error::pwned %0A|';
    const message = 'first\n::error file=x::injected\r%0D';
    const line = workflowCommand('warning', { file, line: 3, col: 7, title: 'R1 (第一条)' }, message);
    expect(line.split('\n')).toHaveLength(1);
    const parsed = parseCommand(line);
    expect(parsed).toEqual({ command: 'warning', properties: { file, line: '3', col: '7', title: 'R1 (第一条)' }, data: message });
  });
});

describe('GitHub annotations from the pipeline', () => {
  for (const fixture of allFixtures()) {
    it(`${fixture}: one annotation per finding and per input problem (or per rule past ten of a type), each at its file, line and column`, async () => {
      const report = await checkFiles([fixture]);
      const lines = formatGithub(report, EN).split('\n').filter(Boolean).map(parseCommand);
      const file = report.files[0]!;
      const perCommand = (command: string) => report.findings.filter((f) => (f.waived ? 'notice' : f.severity) === command).length + (command === 'error' ? file.errors.length : command === 'warning' ? file.warnings.length : 0);
      const collapsed = ['error', 'warning', 'notice'].some((c) => perCommand(c) > ANNOTATIONS_SHOWN);
      if (!collapsed) expect(lines).toHaveLength(report.findings.length + file.errors.length + file.warnings.length);
      for (const finding of report.findings) {
        const line = lines.find((l) => l.properties.title?.startsWith(finding.ruleId) && l.data.includes(`at ${finding.location.path ?? finding.location.field}`) && l.properties.line === String(finding.location.line ?? finding.location.row));
        if (collapsed && perCommand(finding.severity) > ANNOTATIONS_SHOWN) continue;
        expect(line, finding.ruleId).toBeDefined();
        expect(line!.command).toBe(finding.severity);
        // A finding on a table row (CSV call logs) is annotated at the row, which is the CSV line.
        expect(line!.properties.file).toBe(fixture);
        expect(line!.properties.col).toBe(finding.location.column === undefined ? undefined : String(finding.location.column));
        expect(line!.data).toContain(finding.message.en);
      }
      for (const error of file.errors) {
        const line = lines.find((l) => l.data.includes(error.message.en))!;
        expect(line.command).toBe('error');
        if (error.line !== undefined) expect(line.properties.line).toBe(String(error.line));
      }
    });
  }

  it('errors come before input problems, then warnings and notices; past ten of a type, one annotation per rule and file', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml', 'fixtures/invalid/yaml-syntax-error.yaml', 'fixtures/no-such-file.yaml']);
    const base = report.findings[0]!;
    const at = (i: number, ruleId: string, severity: 'error' | 'warning' | 'notice', file = base.location.file) => ({ ...base, ruleId, severity, location: { ...base.location, file, line: i + 1 } });
    // Notices first in the report: the annotations must not keep the report's order.
    report.findings = [
      ...Array.from({ length: 3 }, (_, i) => at(i, 'R9-9/notice', 'notice')),
      ...Array.from({ length: 25 }, (_, i) => at(i, 'R1-1/a', 'error')),
      ...Array.from({ length: 25 }, (_, i) => at(i, 'R1-2/b', 'error')),
      ...Array.from({ length: 5 }, (_, i) => at(i, 'R1-1/a', 'error', 'other.yaml')),
      at(99, 'R2-1/w', 'warning'),
    ];
    const lines = formatGithub(report, EN).trim().split('\n').map(parseCommand);
    expect(lines.map((l) => `${l.command} ${l.properties.title}`)).toEqual([
      `error R1-1/a (${base.citation}) ×25`,
      `error R1-2/b (${base.citation}) ×25`,
      `error R1-1/a (${base.citation}) ×5`,
      ...report.files.flatMap((f) => f.errors).map(() => 'error tmcheck input error'),
      `warning R2-1/w (${base.citation})`,
      `notice R9-9/notice (${base.citation})`,
      `notice R9-9/notice (${base.citation})`,
      `notice R9-9/notice (${base.citation})`,
    ]);
    expect(lines[0]!.properties).toMatchObject({ file: base.location.file, line: '1' });
    expect(lines[0]!.data).toContain('25 findings of this rule in this file: 1 ');
    expect(lines[0]!.data).toContain(', …');
    expect(lines[2]!.properties.file).toBe('other.yaml');
    // Ten or fewer of a type: one annotation each, as before.
    report.findings = report.findings.slice(0, 3).concat(report.findings.slice(3, 8));
    const few = formatGithub(report, EN).trim().split('\n').map(parseCommand);
    expect(few.filter((l) => l.command === 'error')).toHaveLength(5 + report.files.flatMap((f) => f.errors).length);
  });

  it('with GITHUB_STEP_SUMMARY set, --format github appends the Markdown summary to it and keeps what was there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-summary-'));
    const summary = path.join(dir, 'step_summary.md');
    writeFileSync(summary, '# earlier step\n');
    const run = await runInProcess(['--format', 'github', 'fixtures/dossier/dossier-capital-below-minimum.yaml'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error /);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n## tmcheck results\n')).toBe(true);
    expect(written).toContain('1 file checked: **1** error');
    // Not set, or another format: nothing is written anywhere.
    const again = await runInProcess(['--format', 'json', 'fixtures/dossier/dossier-capital-below-minimum.yaml'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(again.status).toBe(1);
    expect(readFileSync(summary, 'utf8')).toBe(written);
  });

  it('warnings, notices and waived findings use the matching command', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const base = report.findings[0]!;
    report.findings = [
      { ...base, severity: 'warning' },
      { ...base, severity: 'notice' },
      { ...base, severity: 'error', waived: { reason: 'approved exception' } },
    ];
    const lines = formatGithub(report, EN).trim().split('\n').map(parseCommand);
    expect(lines.map((l) => l.command)).toEqual(['warning', 'notice', 'notice']);
    expect(lines[2]!.data).toContain('[waived: approved exception]');
  });

  it('hostile vendor data in a message and file name is escaped', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const hostile = 'a]]>b]]> <script>&\u0001 %0A :: , |\nx';
    report.findings[0]!.location.file = hostile;
    report.findings[0]!.message = { ...report.findings[0]!.message, en: `vendor ${hostile}` }; // shared and frozen: replaced, not edited
    const out = formatGithub(report, EN);
    expect(out.trim().split('\n')).toHaveLength(1);
    const parsed = parseCommand(out.trim());
    expect(parsed.properties.file).toBe(hostile.replace('\u0001', '\\x01'));
    expect(parsed.data.startsWith(`vendor ${hostile.replace('\u0001', '\\x01')}\n`)).toBe(true);
  });
});
