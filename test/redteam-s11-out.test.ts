import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { escapeTerminal } from '../src/util/escape.js';
import { createChecker, exitCode, format, TmcheckConfigError, type FailOn, type Report } from '../src/index.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { validateJunit } from './support/output-schemas.js';
import { marked } from 'marked';
import { CELL_LIMIT, markdownCell } from '../src/format/markdown.js';
import { CHART_WIDTH, renderLineChart } from '../src/format/html/charts.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, writeTree } from './support/vendor-reports.js';

/**
 * Session 11 red team on outputs: what a vendor's strings do in the consumers of tmcheck's text
 * output (a CI log read by GitHub's runner).
 */

/**
 * The workflow command GitHub's runner (actions/runner, ActionCommand.TryParseV2 and TryParse)
 * would take from one line of a step's output, stdout or stderr: `::name …::data` at the start of
 * the line after .NET's TrimStart, or `##[name …]data` anywhere in it. The runner acts only on
 * registered names; every name here counts, as a later runner may register more.
 */
function runnerCommand(line: string): string | undefined {
  const trimmed = line.replace(/^\s+/, '');
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end >= 0) return trimmed.slice(2, end).split(' ')[0];
  }
  const prefix = line.indexOf('##[');
  if (prefix >= 0) {
    const end = line.indexOf(']', prefix);
    if (end >= 0) return line.slice(prefix + 3, end).split(' ')[0];
  }
  return undefined;
}

const tempDir = tempDirMaker('tmcheck-s11-out-');
const dossier = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');

describe('a vendor string in the text report cannot be a GitHub workflow command in the CI log', () => {
  it('the runner model reads what the runner reads', () => {
    expect(runnerCommand('::add-mask::fail')).toBe('add-mask');
    expect(runnerCommand('\u3000 ::stop-commands::tok')).toBe('stop-commands');
    expect(runnerCommand('  5:13  error   handled_by is "x ##[add-mask]fail"')).toBe('add-mask');
    expect(runnerCommand('  5:13  error   a::b, [x], # y')).toBeUndefined();
  });

  it('##[add-mask] in a value, ::stop-commands:: as a file name and as a vendor name: no line of stdout or stderr is a command (four were)', async () => {
    const dir = writeTree(tempDir(), {
      'd.yaml': dossier.replace('handled_by: city_cs', 'handled_by: "x ##[add-mask]fail"'),
      '::stop-commands::tok.yaml': dossier,
      // U+3000 is white space to the runner's TrimStart.
      '\u3000::add-mask::x.yaml': dossier,
      'report.yaml': COMPLIANT_REPORT.replace('name: 济南泉声信息技术有限公司', 'name: "::stop-commands::v"'),
    });
    const run = await runInProcess(['--lang', 'en', '--no-color', '.'], { cwd: dir });
    expect(run.status, run.stderr).toBe(1);
    const lines = `${run.stdout}\n${run.stderr}`.split('\n');
    expect(lines.filter((line) => runnerCommand(line) !== undefined)).toEqual([]);
    // Still there for the reader, shown with one visible escape each.
    expect(run.stdout).toContain('handled_by is "x ##\\x5badd-mask]fail"');
    expect(run.stdout).toContain('\\x3a:stop-commands::tok.yaml VendorDossier');
    expect(run.stdout).toContain('\u3000\\x3a:add-mask::x.yaml VendorDossier');
    expect(run.stdout).toMatch(/^ {2}\\x3a:stop-commands::v /m);
  });

  it('leaves every other #, [ and : as it was', () => {
    expect(escapeTerminal('# [x] a::b #[ ## [ ::')).toBe('# [x] a::b #[ ## [ ::');
    expect(escapeTerminal(':a ::b')).toBe(':a ::b');
    expect(escapeTerminal('###[x]')).toBe('###\\x5bx]');
  });
});

describe('the library never reports a pass for what it did not judge', () => {
  const checker = createChecker({ cwd: projectRoot });
  const failing = { name: 'upload.yaml', content: dossier.replace('handled_by: city_cs', 'handled_by: sales') };

  it('exitCode refuses a failOn that is none of the four (a typo exited 0 on a failing report)', async () => {
    const report = await checker.check([failing]);
    expect(exitCode(report)).toBe(1);
    for (const typo of ['errors', 'Error', 'warn', '']) {
      expect(() => exitCode(report, typo as FailOn), typo).toThrow(TmcheckConfigError);
    }
    expect(exitCode(report, 'never')).toBe(0);
  });

  it('check([]) and a string in place of the list are TmcheckConfigError input (an empty list exited 0)', async () => {
    for (const inputs of [[], 'fixtures/dossier-compliant.yaml']) {
      const error = await checker.check(inputs as never).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TmcheckConfigError);
      expect((error as TmcheckConfigError).code).toBe('input');
    }
    await expect(checker.checkWithBaseline([])).rejects.toThrow(/no inputs to check/);
  });
});

describe('JUnit shows C1 control characters, as every other format does', () => {
  it('NEL (a line break to XML 1.1 readers), CSI and DEL in a value are \\xNN in the XML (they were raw)', async () => {
    const dir = writeTree(tempDir(), { 'd.yaml': dossier.replace('handled_by: city_cs', 'handled_by: "a\\x85b\\x9b31mc\\x7fd"') });
    const run = await runInProcess(['--lang', 'en', '--format', 'junit', '--no-timestamp', '.'], { cwd: dir });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).not.toMatch(/[\u007f-\u009f]/);
    expect(run.stdout).toContain('a\\x85b\\x9b31mc\\x7fd');
    expect(await validateJunit(run.stdout)).toEqual([]);
  });
});

describe('SARIF: an input error result shows control and bidirectional characters, as a finding does', () => {
  it('an unknown key with U+202E and ESC is \\u202e and \\x1b in the code-scanning alert text (they were raw)', async () => {
    const dir = writeTree(tempDir(), { 'd.yaml': `${dossier}"evil\\u202eKEY\\e[31m": 1\n` });
    const run = await runInProcess(['--lang', 'en', '--format', 'sarif', '--no-timestamp', '.'], { cwd: dir });
    expect(run.status, run.stderr).toBe(2);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string } }> }> };
    const inputResults = sarif.runs[0]!.results.filter((r) => r.ruleId.startsWith('input/'));
    expect(inputResults.length).toBeGreaterThan(0);
    for (const r of inputResults) expect(r.message.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(inputResults.map((r) => r.message.text).join('\n')).toContain('evil\\u202eKEY\\x1b[31m');
  });
});

describe('Markdown: one long vendor value cannot push the findings table out of the comment', () => {
  it('8,000 @ in one value (72,000 characters escaped): every finding of the batch is still a row (all 9 were left out)', async () => {
    const recording = readFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-recording-four-months.yaml'), 'utf8');
    const penalty = readFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-administrative-penalty.yaml'), 'utf8');
    const dir = writeTree(tempDir(), {
      'a.yaml': recording.replace('handled_by: city_cs', `handled_by: "${'@'.repeat(8000)}"`),
      'b1.yaml': penalty,
      'b2.yaml': penalty,
      'b3.yaml': penalty,
    });
    const json = await runInProcess(['--format', 'json', '.'], { cwd: dir });
    const findings = (JSON.parse(json.stdout) as { findings: unknown[] }).findings.length;
    expect(findings).toBe(9);
    const run = await runInProcess(['--lang', 'en', '--format', 'markdown', '.'], { cwd: dir });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).not.toContain('Left out');
    const rendered = marked.parse(run.stdout, { gfm: true, async: false });
    expect(rendered.match(/<tr>/g)).toHaveLength(findings + 1); // the header and one row per finding
    expect(rendered).toContain('@\u200b@\u200b');
    expect(rendered).toContain('…');
  });

  it('a cut cell is at most CELL_LIMIT characters, ends in …, and never splits an escape or a surrogate pair', () => {
    for (const text of ['@'.repeat(5000), '&'.repeat(5000), `${'x'.repeat(CELL_LIMIT - 2)}😀😀`, 'a|b\n'.repeat(2000)]) {
      const cell = markdownCell(text);
      expect(cell.length, text.slice(0, 10)).toBeLessThanOrEqual(CELL_LIMIT);
      expect(cell.endsWith('…')).toBe(true);
      expect(cell).not.toMatch(/&[#\w]*…$|\ud83d…$|\\…$/);
    }
    const short = 'handled_by is "x|y"';
    expect(markdownCell(short)).toBe('handled\\_by is "x&#124;y"');
  });
});

describe('HTML charts: one long vendor name cannot push the legend out of the picture', () => {
  /** Each legend name's position: ECharts draws a legend item's text at translate(x y). */
  function legend(names: string[]) {
    const svg = renderLineChart({
      id: 't',
      categories: ['2026-09', '2026-10'],
      series: names.map((name, i) => ({ name, points: [{ value: 50 + i }, { value: 60 + i }] })),
      yAxisName: 'score',
    }).value;
    const height = Number(/^<svg[^>]*height="(\d+)"/.exec(svg)![1]);
    const items = [...svg.matchAll(/<text[^>]*transform="translate\(([-\d.]+) ([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)]
      .filter((m) => m[3]!.startsWith('Vendor') || m[3]!.startsWith('WWW'))
      .map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
    return { height, items };
  }

  it('a 400-character name: every vendor is named inside the chart (all were drawn left of it, at x < -1300)', () => {
    const names = ['W'.repeat(400), ...'BCDEFGH'.split('').map((c) => `Vendor ${c}`)];
    const { height, items } = legend(names);
    expect(items).toHaveLength(names.length);
    for (const item of items) {
      expect(item.x, item.text.slice(0, 10)).toBeGreaterThanOrEqual(0);
      expect(item.x).toBeLessThan(CHART_WIDTH);
      expect(item.y).toBeLessThan(height);
    }
    const long = items.find((item) => item.text.startsWith('WWW'))!;
    expect(long.text.length).toBeLessThan(60);
    expect(long.text.endsWith('...') || long.text.endsWith('…')).toBe(true);
  });

  it('ordinary names are drawn whole', () => {
    const names = ['Vendor 济南泉声信息技术有限公司', 'Vendor 青岛海韵通信服务有限公司', 'Vendor C'];
    expect(legend(names).items.map((item) => item.text)).toEqual(names);
  });
});

describe('text summary: a run that fails is never marked ✔', () => {
  it('notices alone under --fail-on notice, warnings alone under --fail-on warning: ✖ (they were ✔ and ⚠ while the run exited 1)', async () => {
    const checked = await createChecker({ cwd: projectRoot }).check([{ name: 'upload.yaml', content: dossier.replace('handled_by: city_cs', 'handled_by: sales') }]);
    const only = (severity: 'notice' | 'warning'): Report => ({
      ...checked,
      findings: checked.findings.map((f) => ({ ...f, severity })),
      summary: { ...checked.summary, errors: 0, warnings: severity === 'warning' ? checked.findings.length : 0, notices: severity === 'notice' ? checked.findings.length : 0 },
    });
    const mark = (report: Report, failOn: FailOn) => format(report, 'text', { failOn }).trimEnd().split('\n').at(-1)!.charAt(0);
    expect(exitCode(only('notice'), 'notice')).toBe(1);
    expect(mark(only('notice'), 'notice')).toBe('✖');
    expect(mark(only('notice'), 'error')).toBe('✔');
    expect(mark(only('warning'), 'warning')).toBe('✖');
    expect(mark(only('warning'), 'error')).toBe('⚠');
  });
});
