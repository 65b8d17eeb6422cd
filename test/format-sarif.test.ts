import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTOMATION_ID, formatSarif, FINGERPRINT_KEY, INFORMATION_URI, ruleName, SRCROOT } from '../src/format/sarif.js';
import { findingIdentity, findingScopes } from '../src/report/fingerprint.js';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import type { Report } from '../src/report/model.js';
import { checkFiles, projectRoot } from './support/fixtures.js';
import { allFixtures, validateSarif } from './support/output-schemas.js';
import { multitoolFindings } from './support/sarif-multitool.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn?: number } };
    logicalLocations?: Array<{ fullyQualifiedName: string }>;
  }>;
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; status: string; justification: string }>;
  properties: Record<string, unknown>;
}
interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; fullDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string }; properties: Record<string, unknown> }> } };
    invocations: Array<{
      executionSuccessful: boolean;
      exitCode: number;
      toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }>;
    }>;
    results: SarifResult[];
  }>;
}

const EN = { lang: 'en', color: false, failOn: 'error' } as const;
const sarif = (report: Report, options: Parameters<typeof formatSarif>[1] = EN) => JSON.parse(formatSarif(report, options)) as SarifLog;

describe('SARIF from every fixture', () => {
  const fixtures = allFixtures();
  it('there are fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(1);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: valid SARIF 2.1.0 with one result per finding at its rule, pointer and line`, async () => {
      const report = await checkFiles([fixture]);
      const log = sarif(report);
      expect(validateSarif(log)).toEqual([]);
      const run = log.runs[0]!;
      expect(run.tool.driver.rules.map((r) => r.id)).toEqual(expect.arrayContaining(report.rules.map((r) => r.id)));
      const inputErrors = report.files.flatMap((f) => f.errors.map((error) => ({ file: f.file, error })));
      expect(run.results).toHaveLength(report.findings.length + inputErrors.length);
      // A file that could not be checked is an error result at its place, after the findings.
      inputErrors.forEach(({ file, error }, i) => {
        const result = run.results[report.findings.length + i]!;
        expect(result).toMatchObject({ ruleId: `input/${error.code}`, level: 'error' });
        expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(`input/${error.code}`);
        expect(result.message.text).toContain(error.message.en);
        expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe(file);
        expect(result.locations[0]!.physicalLocation.region.startLine).toBe(error.line ?? error.row ?? 1);
      });
      const scopeOf = findingScopes(report.files);
      report.findings.forEach((finding, i) => {
        const result = run.results[i]!;
        expect(result.ruleId).toBe(finding.ruleId);
        expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(finding.ruleId);
        expect(result.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: fixture, uriBaseId: SRCROOT });
        // A finding on a table row (CSV call logs) has the row for a line, and no pointer.
        expect(result.locations[0]!.physicalLocation.region.startLine).toBe(finding.location.line ?? finding.location.row);
        if (finding.location.path !== undefined) {
          expect(result.locations[0]!.logicalLocations?.[0]?.fullyQualifiedName).toBe(finding.location.path || '/');
          expect(result.properties.jsonPointer).toBe(finding.location.path);
        } else {
          expect(result.properties).toMatchObject({ row: finding.location.row, field: finding.location.field });
        }
        expect(result.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: findingIdentity(finding, scopeOf(finding)) });
      });
      const invalid = report.files.filter((f) => f.status === 'invalid');
      const notifications = run.invocations[0]!.toolExecutionNotifications.filter((n) => n.level === 'error');
      expect(notifications).toHaveLength(invalid.flatMap((f) => f.errors).length);
      expect(run.invocations[0]!.executionSuccessful).toBe(invalid.length === 0);
    });
  }

  it('the whole fixtures folder in one run is valid too', async () => {
    const report = await checkFiles(['fixtures']);
    expect(report.files.length).toBe(allFixtures().length);
    expect(validateSarif(sarif(report))).toEqual([]);
    expect(validateSarif(sarif(report, { ...EN, lang: 'zh' }))).toEqual([]);
  });
});

describe('SARIF read by a real consumer: the SARIF multitool with the GitHub ingestion rules', () => {
  let findings: ReturnType<typeof multitoolFindings> = [];
  beforeAll(async () => {
    // The multitool's time grows with the bytes it reads (about 4 s of CPU per MB, each log carrying
    // every rule's descriptor), so every fixture is read in the folder's one run (it holds every
    // fixture's findings and every unreadable file's result), the dossiers and monthly reports in
    // Chinese too, beside single-file runs that pass (exit 0) and fail (exit 1); the run of invalid
    // files and call logs is the exit 2.
    const logs: Array<{ name: string; log: unknown }> = [];
    logs.push({ name: 'all-fixtures-en', log: sarif(await checkFiles(['fixtures'])) });
    logs.push({ name: 'dossiers-and-reports-zh', log: sarif(await checkFiles(['fixtures/dossier', 'fixtures/monthly']), { ...EN, lang: 'zh' }) });
    expect((logs[0]!.log as SarifLog).runs[0]!.results.length).toBeGreaterThan(100);
    logs.push({ name: 'invalid-and-calllogs', log: sarif(await checkFiles(['fixtures/invalid', 'fixtures/calllogs', 'fixtures/no-such-file.yaml'])) });
    for (const fixture of ['fixtures/dossier-compliant.yaml', 'fixtures/dossier/dossier-capital-below-minimum.yaml']) {
      logs.push({ name: fixture, log: sarif(await checkFiles([fixture])) });
    }
    // A canary the rules must catch, so an empty answer cannot mean the rules did not run.
    const canary = sarif(await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml'])) as unknown as { runs: Array<{ tool: { driver: Record<string, unknown> }; results: Array<{ locations: Array<{ physicalLocation: Record<string, unknown> }> }> }> };
    delete canary.runs[0]!.tool.driver.informationUri;
    delete canary.runs[0]!.results[0]!.locations[0]!.physicalLocation.region;
    logs.push({ name: 'canary', log: canary as unknown });
    findings = multitoolFindings(logs);
  }, 240_000);

  it('finds no error or warning in any fixture\'s SARIF, the whole folder, or a run with invalid files and call logs', () => {
    expect(findings.filter((f) => !f.file.includes('canary') && f.level !== 'note')).toEqual([]);
  });

  it('does run the SARIF and GitHub rules (the canary without informationUri and region is caught)', () => {
    const canary = findings.filter((f) => f.file.includes('canary')).map((f) => f.ruleId);
    expect(canary).toContain('SARIF2005');
    expect(canary.some((id) => id.startsWith('GH'))).toBe(true);
  });
});

describe('SARIF content', () => {
  it('names the tool, each rule, the category and where to learn more', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml', 'fixtures/no-such-file.yaml']);
    const log = sarif(report) as unknown as { runs: Array<{ automationDetails: { id: string }; tool: { driver: { informationUri: string; rules: Array<{ id: string; name: string; help: { text: string } }> } } }> };
    const run = log.runs[0]!;
    expect(run.automationDetails).toEqual({ id: AUTOMATION_ID });
    expect(run.tool.driver.informationUri).toBe(INFORMATION_URI);
    // The README it points to exists: no invented address.
    expect(readFileSync(new URL(INFORMATION_URI), 'utf8')).toContain('## Exit status');
    for (const rule of run.tool.driver.rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9_]*$/);
      expect(rule.help.text.length).toBeGreaterThan(0);
    }
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('input/not-found');
    expect(ruleName('R10-1/step-order')).toBe('R10_1StepOrder');
    expect(ruleName('R101/step')).not.toBe(ruleName('R10-1/step'));
    expect(ruleName('input/not-found')).toBe('InputNotFound');
  });

  it('a finding carries level, message, article, requirement and the rule descriptor its Chinese text', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const finding = report.findings[0]!;
    const log = sarif(report);
    const result = log.runs[0]!.results[0]!;
    expect(result).toMatchObject({
      ruleId: finding.ruleId,
      level: 'error',
      message: { text: finding.message.en },
      properties: { article: finding.article, requirement: finding.requirement, jsonPointer: finding.location.path },
    });
    expect(result.locations[0]!.physicalLocation.region).toEqual({ startLine: finding.location.line, startColumn: finding.location.column });
    const rule = report.rules.find((r) => r.id === finding.ruleId)!;
    const descriptor = log.runs[0]!.tool.driver.rules[result.ruleIndex]!;
    expect(descriptor.fullDescription.text).toContain(rule.sourceZh);
    expect(descriptor.help.text).toContain(rule.sourceZh);
    expect(descriptor.defaultConfiguration.level).toBe('error');
    expect(descriptor.properties).toMatchObject({ article: rule.article, requirement: rule.requirement, sourceZh: rule.sourceZh, citation: rule.citation });
  });

  it('one descriptor per rule in force, in a stable order', async () => {
    const report = await checkFiles(['fixtures/dossier-compliant.yaml']);
    const ids = sarif(report).runs[0]!.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(report.rules.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(sarif(await checkFiles(['fixtures/dossier-compliant.yaml'])).runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(ids);
  });

  it('partialFingerprints survive an edit that only moves lines; the line itself moves', async () => {
    const source = readFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-capital-below-minimum.yaml'), 'utf8');
    const before = await checkTemp('dossier.yaml', source);
    const after = await checkTemp('dossier.yaml', `# a comment added above\n# and another\n\n${source}`);
    const [a, b] = [sarif(before).runs[0]!.results[0]!, sarif(after).runs[0]!.results[0]!];
    expect(b.locations[0]!.physicalLocation.region.startLine).toBe(a.locations[0]!.physicalLocation.region.startLine + 3);
    expect(b.partialFingerprints).toEqual(a.partialFingerprints);
    expect(b.ruleId).toBe(a.ruleId);
  });

  it('a waived finding is an accepted external suppression with its reason', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    report.findings[0]!.waived = { reason: 'capital increase filed <2026-11>', approvedBy: 'Li Wei', expires: '2027-01-01' };
    const log = sarif(report);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]!.results[0]!.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'capital increase filed <2026-11>', properties: { approvedBy: 'Li Wei', expires: '2027-01-01' } },
    ]);
  });

  it('input errors are tool execution notifications with locations; executionSuccessful follows the exit status', async () => {
    const invalid = await checkTemp('broken.yaml', 'kind: VendorDossier\nvendor: {name: [unclosed\n');
    const error = invalid.files[0]!.errors[0]!;
    expect(error.line).toBeGreaterThan(0);
    const run = sarif(invalid).runs[0]!;
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 2 });
    expect(run.invocations[0]!.toolExecutionNotifications[0]).toMatchObject({
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.yaml' }, region: { startLine: error.line } } }],
    });
    expect(run.invocations[0]!.toolExecutionNotifications[0]!.message.text).toContain(error.message.en);

    const failing = sarif(await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml'])).runs[0]!.invocations[0];
    expect(failing).toMatchObject({ executionSuccessful: true, exitCode: 1 });
    const passing = sarif(await checkFiles(['fixtures/dossier-compliant.yaml'])).runs[0]!.invocations[0];
    expect(passing).toMatchObject({ executionSuccessful: true, exitCode: 0 });
  });

  it('hostile file names and messages stay valid SARIF and round-trip through the URI', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml', 'fixtures/no-such-file.yaml']);
    const hostile = 'dir #1/a]]>b]]>c <script>&"x"%0A::|\u0001\u001b.yaml';
    for (const finding of report.findings) {
      finding.location.file = hostile;
      // A report's texts are shared between findings and frozen (src/report/compact.ts): replaced, not edited.
      finding.message = { ...finding.message, en: `vendor ]]> <script>alert(1)</script> & \u0000 %0A :: |` };
      finding.vendor = '<script>&';
    }
    report.files[0]!.file = hostile;
    report.files[1]!.file = 'C:/Users/x/evil%20name.yaml';
    const log = sarif(report);
    expect(validateSarif(log)).toEqual([]);
    const uri = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri.split('/').map(decodeURIComponent).join('/')).toBe(hostile);
    // Shown as text, with the NUL as a visible escape (a code-scanning page would render it).
    expect(log.runs[0]!.results[0]!.message.text).toBe('vendor ]]> <script>alert(1)</script> & \\x00 %0A :: |');
    const notification = log.runs[0]!.invocations[0]!.toolExecutionNotifications[0]!;
    expect(notification.locations[0]!.physicalLocation.artifactLocation.uri).toBe('file:///C:/Users/x/evil%2520name.yaml');
  });
});

describe('SARIF message text: no link from the input', () => {
  // A plain-text message may embed `[text](N)` (a related location) or `[text](uri)` (SARIF 2.1.0
  // §3.11.6), and code scanning shows it as a link: a vendor's value must never make one. The SARIF
  // multitool does not look at embedded links (it finds nothing in a log whose message links to
  // https://evil.example), so the messages are read here as the spec's grammar and as a viewer's
  // simple pattern (sarif-web-component's) read them.
  const SPEC_LINK = /\[(?:[^[\]\\]|\\[[\]\\])*\]\([^)\s]+\)/;
  const VIEWER_LINK = /\[([^\]]*)\]\(([^)]+)\)/;

  it('a finding, an input error and a notification holding [text](target) show the text, and no link', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml', 'fixtures/no-such-file.yaml']);
    const links = 'see [查看](https://evil.example/pay), [here](0), [x](sarif:/runs/0/results/0) and [a\\]b](1)';
    report.findings[0]!.message = { ...report.findings[0]!.message, en: links }; // shared and frozen: replaced, not edited
    report.files[1]!.errors[0]!.message = { ...report.files[1]!.errors[0]!.message, en: links };
    expect(links).toMatch(SPEC_LINK);
    expect(links).toMatch(VIEWER_LINK);
    const log = sarif(report);
    const texts = [...log.runs[0]!.results.map((r) => r.message.text), ...log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text)];
    const withLinks = texts.filter((text) => text.replace(/\u200b/g, '').includes(links));
    expect(withLinks).toHaveLength(3); // the finding, the input error's result and its notification
    for (const text of texts) {
      expect(text).not.toMatch(SPEC_LINK);
      expect(text).not.toMatch(VIEWER_LINK);
    }
    // Text without `](` is as before.
    const plain = 'brackets [1] (2), a]b, c(d) [e]';
    report.findings[0]!.message = { ...report.findings[0]!.message, en: plain };
    expect(sarif(report).runs[0]!.results.find((r) => !r.ruleId.startsWith('input/'))!.message.text).toBe(plain);
  });
});

async function checkTemp(name: string, content: string): Promise<Report> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-sarif-'));
  writeFileSync(path.join(dir, name), content);
  return runCheck({ inputs: [name], cwd: dir, ruleSet: loadRuleSet({ cwd: dir }), limits: DEFAULT_LIMITS });
}
