import { beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { formatJunit } from '../src/format/junit.js';
import { replaceXmlForbidden } from '../src/format/xml-escape.js';
import type { Report } from '../src/report/model.js';
import { checkFiles } from './support/fixtures.js';
import { allFixtures, readJunit, validateJunit, validateJunitMany } from './support/output-schemas.js';

const EN = { lang: 'en', color: false, failOn: 'error' } as const;

/** The testcases of one testsuite, read from the XML: name, classname and what they hold. */
function testcases(xml: string): Array<{ name: string; classname: string; body: string }> {
  return [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({
    name: m[1]!,
    classname: m[2]!,
    body: m[3] ?? '',
  }));
}

describe('the batched JUnit validator the fixture tests rely on', () => {
  it('gives each document its own errors: a broken one between valid ones fails alone', async () => {
    const valid = '<?xml version="1.0"?><testsuites/>';
    const [first, broken, last] = await validateJunitMany([valid, '<testsuites><bogus/></testsuites>', valid]);
    expect(first).toEqual([]);
    expect(last).toEqual([]);
    expect(broken!.join('\n')).toMatch(/Element 'bogus': This element is not expected/);
  });
});

describe('JUnit from every fixture', () => {
  const fixtures = allFixtures();
  // Every fixture's report is checked first and validated in one xmllint run; each test reads its own.
  const runs = new Map<string, { report: Report; xml: string; errors: string[] }>();
  beforeAll(async () => {
    const reports = await Promise.all(fixtures.map((fixture) => checkFiles([fixture])));
    const xmls = reports.map((report) => formatJunit(report, EN));
    const errors = await validateJunitMany(xmls);
    fixtures.forEach((fixture, i) => runs.set(fixture, { report: reports[i]!, xml: xmls[i]!, errors: errors[i]! }));
  }, 120_000);

  for (const fixture of fixtures) {
    it(`${fixture}: valid against junit-10.xsd, one testcase per rule evaluated, a failure per error`, () => {
      const { report, xml, errors } = runs.get(fixture)!;
      expect(errors).toEqual([]);
      const file = report.files[0]!;
      const { suites } = readJunit(xml);
      expect(suites).toHaveLength(1);
      expect(suites[0]!.attributes.file).toBe(fixture);
      const cases = suites[0]!.cases;
      // Jenkins splits classname at its last dot: there is none, so no class named "yaml".
      expect(cases.every((c) => c.classname === fixture.replace(/\./g, '_') && !c.classname.includes('.'))).toBe(true);
      if (file.status === 'invalid') {
        expect(cases).toHaveLength(1);
        expect(cases[0]!.errors).toBe(1);
        return;
      }
      for (const [ruleId, outcome] of Object.entries(file.outcomes)) {
        const ruleCases = cases.filter((c) => c.name.startsWith(`${ruleId} `));
        const findings = report.findings.filter((f) => f.ruleId === ruleId);
        const errorFindings = findings.filter((f) => f.severity === 'error' && !f.waived);
        if (outcome === 'fail') {
          // One failing testcase per error (--fail-on error); warnings and notices are told, not failed.
          expect(ruleCases.filter((c) => c.failures === 1)).toHaveLength(errorFindings.length);
          expect(ruleCases).toHaveLength(Math.max(1, errorFindings.length));
          const text = ruleCases.map((c) => c.text).join('\n');
          for (const finding of findings) {
            const where = finding.location;
            expect(text).toContain(where.line !== undefined ? `${fixture}:${where.line}:${where.column} ${where.path}` : `${fixture} row ${where.row} ${where.field}`);
            expect(text).toContain(`requirement: ${finding.requirement}`);
            expect(text).toContain(`article: ${finding.citation} (${finding.article})`);
            if (finding.severity !== 'error') expect(ruleCases[0]!.systemOut).toContain(finding.message.en);
          }
        } else if (outcome === 'not_applicable') {
          expect(ruleCases).toHaveLength(1);
          expect(ruleCases[0]!.skipped).toBe(1);
        } else {
          expect(ruleCases).toHaveLength(1);
          expect(ruleCases[0]!.text).toBe('');
          expect(findings).toEqual([]);
        }
      }
      const failures = report.findings.filter((f) => f.severity === 'error' && !f.waived).length;
      expect(suites[0]!.attributes).toMatchObject({ tests: String(cases.length), failures: String(failures), errors: '0' });
    });
  }

  it('the dashboard counts as many failures as tmcheck counts findings at or above --fail-on, and a pass file is green', async () => {
    // A monthly batch (its R24-6 streaks: an error and a warning; R24-3 notices) beside the dossier fixtures (errors, invalid
    // files, passes): findings of every severity, so the four thresholds give four different totals.
    const report = await checkFiles(['fixtures/batch', 'fixtures/dossier', 'fixtures/invalid', 'fixtures/dossier-compliant.yaml']);
    const counted = report.findings.filter((f) => !f.waived);
    const expected = { error: report.summary.errors, warning: report.summary.errors + report.summary.warnings, notice: counted.length, never: 0 };
    expect(new Set(Object.values(expected)).size).toBe(4);
    const xmls = (['error', 'warning', 'notice', 'never'] as const).map((failOn) => formatJunit(report, { ...EN, failOn }));
    expect(await validateJunitMany(xmls)).toEqual(xmls.map(() => []));
    (['error', 'warning', 'notice', 'never'] as const).forEach((failOn, i) => {
      const junit = readJunit(xmls[i]!);
      const cases = junit.suites.flatMap((s) => s.cases);
      const failures = cases.reduce((sum, c) => sum + c.failures, 0);
      expect(failures, failOn).toBe(expected[failOn]);
      expect(junit.attributes.failures, failOn).toBe(String(failures));
      // Files that could not be checked stay errors, whatever --fail-on says.
      expect(cases.reduce((sum, c) => sum + c.errors, 0)).toBe(report.files.filter((f) => f.status === 'invalid').length);
      if (failOn !== 'notice') {
        for (const file of report.files.filter((f) => f.status === 'pass')) {
          const suite = junit.suites.find((s) => s.attributes.file === file.file)!;
          expect(suite.cases.reduce((sum, c) => sum + c.failures, 0), `${file.file} --fail-on ${failOn}`).toBe(0);
        }
      }
    });
  });

  it('the whole fixtures folder in one run: one testsuite per file, valid in both languages', async () => {
    const report = await checkFiles(['fixtures']);
    const xml = formatJunit(report, EN);
    expect(await validateJunit(xml)).toEqual([]);
    expect(await validateJunit(formatJunit(report, { ...EN, lang: 'zh' }))).toEqual([]);
    expect(xml.match(/<testsuite /g)).toHaveLength(report.files.length);
  });
});

describe('JUnit content', () => {
  it('a failing rule carries message, article, requirement, location and consequence', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const finding = report.findings[0]!;
    const testcase = testcases(formatJunit(report, EN)).find((c) => c.name.startsWith(finding.ruleId))!;
    expect(testcase.body).toContain(`<failure type="error" message="${finding.message.en}">`);
    expect(testcase.body).toContain(`at: fixtures/dossier/dossier-capital-below-minimum.yaml:${finding.location.line}:${finding.location.column} ${finding.location.path}`);
    expect(testcase.body).toContain(`consequence: ${finding.consequence.en}`);
  });

  it('a file that cannot be read is a testcase with an <error> naming the problem', async () => {
    const report = await checkFiles(['fixtures/no-such-file.yaml']);
    const xml = formatJunit(report, EN);
    expect(await validateJunit(xml)).toEqual([]);
    expect(xml).toContain('tests="1" failures="0" errors="1"');
    expect(testcases(xml)[0]!.body).toContain(`<error type="not-found" message="${report.files[0]!.errors[0]!.message.en}">`);
  });

  it('a rule whose every finding is waived passes, and shows the waiver', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    report.findings[0]!.waived = { reason: 'capital increase filed', approvedBy: 'Li Wei' };
    const xml = formatJunit(report, EN);
    expect(await validateJunit(xml)).toEqual([]);
    expect(xml).not.toContain('<failure');
    expect(xml).toContain('waived: capital increase filed · approved by: Li Wei');
  });

  it('hostile vendor and file names are escaped: valid XML, no forbidden characters, read back intact', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const hostile = 'a]]>b]]>c <script>alert("x")</script> & \'q\' %0A :: | \u0000\u0001\u0008\u000b\u001b \ufffe \ud800';
    relocate(report, hostile);
    report.findings[0]!.message = { ...report.findings[0]!.message, en: `vendor ${hostile}` }; // shared and frozen: replaced, not edited
    report.files[0]!.vendor = { name: hostile, creditCode: hostile };
    const xml = formatJunit(report, EN);
    expect(await validateJunit(xml)).toEqual([]);
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/);
    expect(xml).not.toContain(']]>');
    expect(xml).not.toContain('<script>');
    // libxml2 reads the attribute back as the input with only the forbidden characters replaced.
    const canonical = await validateXML({ xml: { fileName: 'r.xml', contents: xml }, normalization: 'c14n' });
    const classname = /<testcase classname="([^"]*)"/.exec(canonical.normalized)![1]!;
    expect(classname.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(replaceXmlForbidden(hostile));
  });
});

function relocate(report: Report, file: string): void {
  for (const f of report.files) f.file = file;
  for (const f of report.findings) f.location.file = file;
}

describe("a failing testcase's name carries the period of its finding (dashboards track failures by name)", () => {
  /** One file's report with one failing finding at a fixed place; the file's and the finding's period as given. */
  function oneFailure(file: Partial<Report['files'][number]>, finding: Partial<Report['findings'][number]> = {}): Report {
    const name = file.file ?? 'report.yaml';
    return {
      tool: { name: 'tmcheck', version: '0.1.0' },
      ruleset: { version: '2026.11.0', sha256: 'f'.repeat(64) },
      files: [{ file: name, status: 'fail', errors: [], warnings: [], outcomes: { 'R24-4/complaint-deduction': 'fail' }, ...file }],
      findings: [
        {
          ruleId: 'R24-4/complaint-deduction', article: '24', requirement: 'R24-4', severity: 'error', message: { zh: 'm', en: 'm' }, consequence: { zh: 'c', en: 'c' },
          consequenceKind: 'deduction', citation: '第二十四条(二)', location: { file: name, path: '/complaints/vendor_caused', line: 45, column: 18 }, ...finding,
        },
      ],
      rules: [],
      skippedRules: [],
      summary: { files: 1, errors: 1, warnings: 0, notices: 0 },
    };
  }
  const failingName = (report: Report) => {
    const failing = testcases(formatJunit(report, EN)).filter((c) => c.body.includes('<failure'));
    expect(failing).toHaveLength(1);
    return failing[0]!.name;
  };

  it("October's and November's report under one name: two failures; the same month: one", () => {
    const october = failingName(oneFailure({ month: '2026-10' }));
    expect(october).toBe('R24-4/complaint-deduction 第二十四条(二) (2026-10)');
    expect(failingName(oneFailure({ month: '2026-10' }))).toBe(october);
    expect(failingName(oneFailure({ month: '2026-11' }))).not.toBe(october);
  });

  it("a dossier's submission and a call-log finding's month", () => {
    expect(failingName(oneFailure({ file: 'd.yaml', submitted: '2026-10-08' }))).toBe('R24-4/complaint-deduction 第二十四条(二) (2026-10-08)');
    expect(failingName(oneFailure({ file: 'calls.csv' }, { month: '2026-11' }))).toBe('R24-4/complaint-deduction 第二十四条(二) (2026-11)');
    // Nothing to scope by: the name as before.
    expect(failingName(oneFailure({ file: 'x.yaml' }))).toBe('R24-4/complaint-deduction 第二十四条(二)');
  });
});
