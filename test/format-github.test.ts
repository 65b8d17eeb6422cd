import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub, workflowCommand } from '../src/format/github.js';
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
    it(`${fixture}: one annotation per finding and per input problem, each at its file, line and column`, async () => {
      const report = await checkFiles([fixture]);
      const lines = formatGithub(report, EN).split('\n').filter(Boolean).map(parseCommand);
      const file = report.files[0]!;
      expect(lines).toHaveLength(report.findings.length + file.errors.length + file.warnings.length);
      const findingLines = lines.slice(file.errors.length + file.warnings.length);
      report.findings.forEach((finding, i) => {
        const line = findingLines[i]!;
        expect(line.command).toBe(finding.severity);
        // A finding on a table row (CSV call logs) is annotated at the row, which is the CSV line.
        expect(line.properties).toMatchObject({ file: fixture, line: String(finding.location.line ?? finding.location.row) });
        expect(line.properties.col).toBe(finding.location.column === undefined ? undefined : String(finding.location.column));
        expect(line.properties.title).toContain(finding.ruleId);
        expect(line.data).toContain(finding.message.en);
        expect(line.data).toContain(`at ${finding.location.path ?? finding.location.field}`);
      });
      file.errors.forEach((error, i) => {
        expect(lines[i]!.command).toBe('error');
        expect(lines[i]!.data).toContain(error.message.en);
        if (error.line !== undefined) expect(lines[i]!.properties.line).toBe(String(error.line));
      });
    });
  }

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
    report.findings[0]!.message.en = `vendor ${hostile}`;
    const out = formatGithub(report, EN);
    expect(out.trim().split('\n')).toHaveLength(1);
    const parsed = parseCommand(out.trim());
    expect(parsed.properties.file).toBe(hostile.replace('\u0001', '\\x01'));
    expect(parsed.data.startsWith(`vendor ${hostile.replace('\u0001', '\\x01')}\n`)).toBe(true);
  });
});
