import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runTmcheck } from './support/cli.js';


const tmcheck = (args: string[], env: Record<string, string> = {}) => runTmcheck(args, { env });

beforeAll(() => {
  if (!existsSync(path.join(projectRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before the end-to-end tests');
  }
});

describe('tmcheck (end to end)', () => {
  it('a compliant dossier: exit 0 and a short passed report, no colour when piped', () => {
    const run = tmcheck(['fixtures/dossier-compliant.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('fixtures/dossier-compliant.yaml VendorDossier  ✔ pass');
    expect(run.stdout).toMatch(/✔ 1 file checked: 0 errors, 0 warnings, 0 notices \(1 passed, 0 failed, 0 invalid\)\n$/);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stderr).toBe('');
  });

  it('a failing dossier: exit 1, each violation with file:line:col, message, citation, rule and consequence', () => {
    const run = tmcheck(['fixtures/dossier/dossier-recording-four-months.yaml']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('27:23  error   call recordings are kept 4 months; at least 5 are required (第十条(三)5(6))');
    expect(run.stdout).toContain('R10-P5-6/call-recording · R10-P5-6 · at /vendor/recording/retention_months');
    expect(run.stdout).toContain('consequence: the partner lacks a required qualification and may not be engaged for telemarketing');
    expect(run.stdout).toContain('28:20  error   recordings older than the retention period are not archived');
    expect(run.stdout).toMatch(/✖ 1 file checked: 2 errors, 0 warnings, 0 notices \(0 passed, 1 failed, 0 invalid\)/);
  });

  it('files and folders in one run, one report; an invalid file does not stop the others (exit 2)', () => {
    const run = tmcheck(['--format', 'json', 'fixtures/dossier-compliant.yaml', 'fixtures/dossier-compliant.json', 'fixtures/folder-mixed']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['fixtures/dossier-compliant.json', 'pass'],
      ['fixtures/dossier-compliant.yaml', 'pass'],
      ['fixtures/folder-mixed/dossier-capital-below-minimum.yaml', 'fail'],
      ['fixtures/folder-mixed/dossier-signed-at-city.yaml', 'fail'],
      ['fixtures/folder-mixed/wrong-type.yaml', 'invalid'],
    ]);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['R10-P5-1/registered-capital', 'R10-P4/signed-at-province']);
    expect(report.files[4].errors).toEqual([
      { message: '/vendor/registered_capital_cny must be a number (got string "三百万")', path: '/vendor/registered_capital_cny', line: 10, column: 27 },
    ]);
  });

  it('--format json follows the report contract (docs/report-json.md)', () => {
    const run = tmcheck(['--format', 'json', '--no-timestamp', 'fixtures/dossier/dossier-capital-below-minimum.yaml']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    // The contract's keys, and `lang`, the additive record of the one language its texts are in.
    expect(Object.keys(report)).toEqual(['tool', 'ruleset', 'lang', 'files', 'findings', 'summary']);
    expect(report.lang).toBe('en');
    expect(report.tool).toEqual({ name: 'tmcheck', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(report.ruleset).toEqual({ version: expect.any(String), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(report.files).toEqual([
      // `submitted`: the additive record of the submission its findings are about (docs/report-json.md, Finding identity).
      { file: 'fixtures/dossier/dossier-capital-below-minimum.yaml', kind: 'VendorDossier', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), status: 'fail', submitted: '2026-10-08' },
    ]);
    expect(report.findings).toEqual([
      {
        ruleId: 'R10-P5-1/registered-capital',
        article: '10',
        requirement: 'R10-P5-1',
        severity: 'error',
        message: 'registered capital ¥999,999 is below the required ¥1,000,000 (第十条(三)5(1))',
        consequence: 'the partner lacks a required qualification and may not be engaged for telemarketing',
        location: { file: 'fixtures/dossier/dossier-capital-below-minimum.yaml', path: '/vendor/registered_capital_cny', line: 12, column: 27 },
        vendor: '91370102MA3C4F5G9F',
      },
    ]);
    expect(report.summary).toEqual({ files: 1, errors: 1, warnings: 0, notices: 0 });
  });

  it('--lang zh gives the Chinese report, and LANG=zh_CN picks it by default', () => {
    const explicit = tmcheck(['--lang', 'zh', 'fixtures/dossier/dossier-capital-below-minimum.yaml']);
    // The label is padded by display width (a Chinese character takes two columns): the lines below align.
    expect(explicit.stdout).toContain('  12:27  错误    注册资本 ¥999,999 低于规定的 ¥1,000,000（第十条(三)5(1)）\n                 R10-P5-1/registered-capital');
    expect(explicit.stdout).toContain('后果：合作方不具备规定资质，不得与其开展电话营销合作');
    expect(explicit.stdout).toContain('✖ 检查 1 个文件：1 个错误，0 个警告，0 个提示（0 通过，1 不通过，0 无法检查）');
    const fromLocale = tmcheck(['fixtures/dossier/dossier-capital-below-minimum.yaml'], { LANG: 'zh_CN.UTF-8' });
    expect(fromLocale.stdout).toBe(explicit.stdout);
  });

  it('colours only when asked or on a terminal, and never with NO_COLOR', () => {
    const file = 'fixtures/dossier/dossier-capital-below-minimum.yaml';
    expect(tmcheck([file], { FORCE_COLOR: '1' }).stdout).toContain('\u001b[31m');
    expect(tmcheck([file], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(tmcheck(['--color', file]).stdout).toContain('\u001b[');
    expect(tmcheck(['--no-color', file], { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });

  it('control characters from the input are shown escaped, never sent to the terminal', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-e2e-'));
    const text = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8').replace(
      'handled_by: city_cs',
      'handled_by: "\\e[2J\\e]0;pwned\\u0007\\u202Eevil"',
    );
    writeFileSync(path.join(dir, 'evil.yaml'), text);
    const run = tmcheck([path.join(dir, 'evil.yaml'), '--color']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('handled_by is "\\x1b[2J\\x1b]0;pwned\\x07\\u202eevil"');
    expect(run.stdout).not.toContain('\u001b[2J');
    expect(run.stdout).not.toContain('\u0007');
    expect(run.stdout).not.toContain('\u202e');
  });

  it('hostile and broken inputs: each a clear message with its position, exit 2, no stack trace', () => {
    const cases: Array<[string, string]> = [
      ['yaml-syntax-error.yaml', '4:1  input   YAML syntax error: Flow sequence in block collection must be sufficiently indented'],
      ['duplicate-key.yaml', '4:1  input   duplicate key "city": keys in a mapping must be unique'],
      ['alias-bomb.yaml', '3:8  input   excessive alias count (limit 100): possible alias bomb'],
      ['wrong-type.yaml', '10:27  input   /vendor/registered_capital_cny must be a number (got string "三百万")'],
      ['proto-key-top-level.yaml', '3:1  input   /__proto__ is not a known top-level key'],
      ['empty.yaml', '1:1  input   file is empty: no document found'],
      ['unknown-kind.yaml', '1:7  input   unknown document kind (kind: "VendorDosier"); known kinds: VendorDossier, MonthlyReport'],
      ['missing-required-field.yaml', '5:1  input   /vendor/registered_capital_cny is required but missing'],
      ['unknown-top-level-key.yaml', '4:1  input   /remarks is not a known top-level key'],
      ['two-documents.yaml', '43:1  input   a file holds exactly one document (found a second one after ---)'],
      ['not-a-mapping.yaml', '1:1  input   the document must be a mapping (key: value) at the top level'],
      ['impossible-date.yaml', '2:12  input   /submitted must be a valid date (YYYY-MM-DD)'],
    ];
    // One run over every file (a start-up each cost more than the checks): each file's own message under its name.
    const run = tmcheck(cases.map(([file]) => `fixtures/invalid/${file}`));
    expect(run.status).toBe(2);
    const sections = run.stdout.split(/^(?=fixtures\/invalid\/)/m);
    for (const [file, line] of cases) {
      const section = sections.find((s) => s.startsWith(`fixtures/invalid/${file} `));
      expect(section, file).toContain(line);
      expect(section, file).toContain('✖ invalid');
    }
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  }, 120_000);

  it('a missing file, an empty folder and bad arguments are exit 2 with a message', () => {
    const missing = tmcheck(['no/such/file.yaml', 'fixtures/dossier-compliant.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('no/such/file.yaml  ✖ invalid');
    expect(missing.stdout).toContain('no such file or folder');
    expect(missing.stdout).toContain('fixtures/dossier-compliant.yaml VendorDossier  ✔ pass');

    const empty = mkdtempSync(path.join(tmpdir(), 'tmcheck-empty-'));
    mkdirSync(path.join(empty, 'sub'));
    const none = tmcheck([empty]);
    expect(none.status).toBe(2);
    expect(none.stdout).toContain('folder holds no documents to check');

    const badFormat = tmcheck(['--format', 'pdf', 'fixtures/dossier-compliant.yaml']);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown format "pdf"; valid formats: text, json, sarif/);

    expect(tmcheck([]).status).toBe(2);
    expect(tmcheck(['--as-of', '2026-02-30', 'fixtures/dossier-compliant.yaml']).status).toBe(2);
  });

  it('unknown keys below the top level are warnings; the file is still checked', () => {
    const run = tmcheck(['fixtures/warnings/dossier-unknown-nested-keys.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('26:5  warning /vendor/recording/__proto__ is not a known key; ignored');
    expect(run.stdout).toContain('27:5  warning /vendor/recording/remarks is not a known key; ignored');
  });

  it('--output writes the report to a file and refuses to overwrite an input', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-out-'));
    const out = path.join(dir, 'report.json');
    const run = tmcheck(['--format', 'json', '--output', out, 'fixtures/dossier-compliant.yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.files).toBe(1);

    const input = path.join(dir, 'vendor.yaml');
    writeFileSync(input, readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml')));
    const refused = tmcheck(['--output', input, input]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('refusing to write the report over an input file');
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8'));
  });
});
