import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, templatesDir } from '../src/paths.js';
import { createChecker, format } from '../src/index.js';
import { runCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dossier.js';

// Usability defects found by following the README and docs/ as a newcomer (session 10).

describe('tmcheck init into a folder that does not exist yet', () => {
  it('creates the folder, as a report output does (docs/cli.md: `init report reports/2026-11.yaml`)', async () => {
    const dir = tempDir();
    const run = await runCli(['init', 'report', 'reports/2026-11.yaml', '--lang', 'en'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, 'reports', '2026-11.yaml'), 'utf8')).toBe(readFileSync(path.join(templatesDir, 'en', 'monthly-report.yaml'), 'utf8'));
    expect(readdirSync(path.join(dir, 'reports'))).toEqual(['2026-11.yaml']);
  });

  it('names the folder when a file stands in its way (exit 2), and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'uploads'), 'not a folder\n');
    const run = await runCli(['init', 'dossier', 'uploads/vendor-dossier.yaml', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^tmcheck: cannot write \S*uploads\/vendor-dossier\.yaml: the folder \S*uploads cannot be created \((EEXIST|ENOTDIR)\)\n$/);
    expect(readdirSync(dir)).toEqual(['uploads']);
  });
});

describe('docs/report-json.md lists every key a JSON report holds, and no other', () => {
  /** The key paths of the "Every field" table: `a.b`, `.c` (a sibling of the item before) → a.b, a.c. */
  function documentedKeys(): Set<string> {
    const page = readFileSync(path.join(packageRoot, 'docs', 'report-json.md'), 'utf8');
    const section = page.slice(page.indexOf('## Every field'));
    const keys = new Set<string>();
    for (const line of section.split('\n')) {
      if (!line.startsWith('| `')) continue;
      const cell = line.split(' | ')[0]!;
      let previous = '';
      for (const [, item] of cell.matchAll(/`([^`]+)`/g)) {
        const key = item!.startsWith('.') ? previous.slice(0, previous.lastIndexOf('.')) + item : item!;
        keys.add(key);
        previous = key;
      }
    }
    return keys;
  }

  /** Every key path of a JSON value, `[]` for a list's items. */
  function keysOf(value: unknown, at = '', into = new Set<string>()): Set<string> {
    if (Array.isArray(value)) for (const item of value) keysOf(item, `${at}[]`, into);
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) keysOf(item, at ? `${at}.${key}` : key, into);
    else into.add(at);
    return into;
  }

  it('a report with every optional part (batch, call logs, waivers, baseline, --as-of, --shard, notes)', async () => {
    const dir = tempDir();
    const fixture = (name: string) => path.join(packageRoot, 'fixtures', name);
    const put = (name: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    };
    put('in/capital.yaml', readFileSync(fixture('dossier/dossier-capital-below-minimum.yaml'), 'utf8'));
    put('in/signed.yaml', readFileSync(fixture('dossier/dossier-signed-by-listed-company.yaml'), 'utf8'));
    put('in/wrong-type.yaml', readFileSync(fixture('invalid/wrong-type.yaml'), 'utf8'));
    put('in/nested.yaml', readFileSync(fixture('warnings/dossier-unknown-nested-keys.yaml'), 'utf8'));
    // A file the walk does not read: unreadFiles.
    put('in/notes.txt', 'x');
    cpSync(fixture('batch-incomplete'), path.join(dir, 'in/batch'), { recursive: true });
    // A finding in a list item with an id (location.item): an agent short of training.
    const zibo = path.join(dir, 'in/batch/2026-10/zibo-boyuan.yaml');
    writeFileSync(zibo, readFileSync(zibo, 'utf8').replace('pre_job_training_hours: 80', 'pre_job_training_hours: 10'));
    // A call log joined to the batch's 2026-10 report: a quoted line break (line beside row) and an unreadable row.
    const rows = readFileSync(fixture('calllogs/calllog-2026-10-utf8-bom.csv'), 'utf8').trimEnd().split(/\r?\n/);
    rows.splice(3, 0, '"C0100","91370102MA3C4F5G9F","A009\nx","2026-10-09 23:30:00","60","0"', 'C0101,91370102MA3C4F5G9F,A001,2026-10-32 09:00:00,60,1');
    put('in/calls/calls.csv', `${rows.join('\n')}\n`);
    put('in/calls/bad.csv', 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\nC1,91370102MA3C4F5G9F,A001,2026-10-32 09:00:00,60,1\n');
    put('waivers.yaml', 'waivers:\n  - rule: R7-1/signing-entity\n    vendor: 91370102MA3C4F5G9F\n    reason: test\n    approved_by: office\n    expires: 2099-12-31\n');
    // A custom rule not yet in force on --as-of: skippedRules.
    const rule = readFileSync(path.join(packageRoot, 'rules', '20.R20-1.pre-job-training-hours.yaml'), 'utf8');
    put('rules/later.yaml', rule.replace('id: R20-1/pre-job-training-hours', 'id: R20-1/later-test').replace('effective_from: "2008-01-01"', 'effective_from: "2030-01-01"'));
    const checker = createChecker({ cwd: dir, rules: ['rules'], asOf: '2026-12-01', jobs: 1 });
    const first = await checker.checkWithBaseline(['in/capital.yaml']);
    put('baseline.json', first.baseline);
    // A report of tmcheck's own among the inputs: skipped with a note.
    put('in/old-report.json', format(first.report, 'json', { lang: 'en' }));
    // The branch's assessment of a month of the batch: batch.assessedMonths.
    put('assess.yaml', 'kind: MonthlyAssessment\nmonth: 2026-10\nscores:\n  - credit_code: 91370102MA3C4F5G9F\n    score: 80\n');
    const report = await checker.check(['in'], { waivers: ['waivers.yaml'], baseline: 'baseline.json', assessments: ['assess.yaml'], shard: '1/1', generatedAt: '2026-12-03T00:00:00.000Z' });
    const written = keysOf(JSON.parse(format(report, 'json', { lang: 'en' })));
    const documented = documentedKeys();
    expect([...written].filter((key) => !documented.has(key)).sort()).toEqual([]);
    expect([...documented].filter((key) => !written.has(key)).sort()).toEqual([]);
  });
});

describe('a usage error is one line and a pointer to --help, not the whole help', () => {
  it('names the mistake last on the screen, in the language asked for', async () => {
    const dir = tempDir();
    const typo = await runCli(['--formt', 'json', 'x.yaml'], dir);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe("error: unknown option '--formt'\n(Did you mean --format?)\n(tmcheck --help lists every option)\n");
    const zh = await runCli(['--lang', 'zh', '--fail-on', 'sometimes', 'x.yaml'], dir);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toBe('错误：选项 --fail-on <severity> 的取值「sometimes」无效，可选：error, warning, notice, never\n（全部选项见 tmcheck --help）\n');
    const sub = await runCli(['rules', 'list', '--format', 'csv'], dir);
    expect(sub.status).toBe(2);
    expect(sub.stderr).toBe("error: option '-f, --format <name>' argument 'csv' is invalid. Allowed choices are text, json, markdown.\n(tmcheck rules list --help lists every option)\n");
  });

  it('a reason tmcheck gives in both languages is shown in one', async () => {
    const dir = tempDir();
    const en = await runCli(['--lang', 'en', '--format', 'xml', 'x.yaml'], dir);
    expect(en.stderr).toBe(
      `error: option '-f, --format <name[=file]>' argument 'xml' is invalid. unknown format "xml"; valid formats: text, json, sarif, junit, github, markdown, html\n(tmcheck --help lists every option)\n`,
    );
    const zh = await runCli(['--lang', 'zh', '--shard', '5/4', 'x.yaml'], dir);
    expect(zh.stderr).toBe('错误：选项 --shard <k/n> 的取值「5/4」无效：应为 k/n，且 1 ≤ k ≤ n，例如 2/4\n（全部选项见 tmcheck --help）\n');
  });
});

describe('links to a heading of a page find that heading', () => {
  const pages = ['README.md', 'CHANGELOG.md', ...readdirSync(path.join(packageRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const withoutCode = (page: string) => readFileSync(path.join(packageRoot, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  /** The anchors GitHub gives a page: each heading's slug (repeats numbered), and explicit `<a id>`s. */
  function anchorsOf(page: string): Set<string> {
    const text = withoutCode(page);
    const anchors = new Set<string>([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!));
    const seen = new Map<string, number>();
    for (const [, heading] of text.matchAll(/^#{1,6}\s+(.*)$/gm)) {
      const slug = heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      anchors.add(n === 0 ? slug : `${slug}-${n}`);
    }
    return anchors;
  }

  it.each(pages)('%s', (page) => {
    const broken: string[] = [];
    for (const [, link] of withoutCode(page).matchAll(/\]\(([^)\s]*#[^)\s]+)\)/g)) {
      const [target, anchor] = link!.split('#') as [string, string];
      if (/^(https?|mailto):/.test(target)) continue;
      const file = target === '' ? page : path.normalize(path.join(path.dirname(page), target));
      if (file.endsWith('.md') && !anchorsOf(file).has(decodeURIComponent(anchor))) broken.push(link!);
    }
    expect(broken).toEqual([]);
  });
});

describe('a profile error reads in Chinese, and names itself apart from the config file', () => {
  it('says what the regulation requires in the language asked for', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'loose.yaml'),
      'defaults:\n  R20-1/pre-job-training-hours: { min_hours: 40 }\n  R10-P3/settlement-basis: { allowed_basis: call_count }\n  R10-P5-2/required-licenses: { required_kinds: [business_license] }\n',
    );
    writeFileSync(path.join(dir, 'report.yaml'), readFileSync(path.join(templatesDir, 'monthly-report.yaml')));
    const zh = await runCli(['--lang', 'zh', '--profile', 'loose.yaml', 'report.yaml'], dir);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toBe(
      [
        'tmcheck: 分公司参数配置（--profile）无法使用：',
        '  loose.yaml:2:46: R20-1/pre-job-training-hours 的参数 min_hours 取值 40 无效（min_hours 应当为 >= 80）',
        '  loose.yaml:3:45: R10-P3/settlement-basis 的参数 allowed_basis 取值 "call_count" 无效（allowed_basis 须为 "effective_revenue"）',
        '  loose.yaml:4:49: R10-P5-2/required-licenses 的参数 required_kinds 取值 ["business_license"] 无效（required_kinds 须包含 "value_added_telecom"）',
        '',
      ].join('\n'),
    );
    const en = await runCli(['--lang', 'en', '--profile', 'loose.yaml', 'report.yaml'], dir);
    expect(en.stderr).toContain('  loose.yaml:2:46: R20-1/pre-job-training-hours parameter min_hours: 40 is invalid (min_hours must be >= 80)\n');
    expect(en.stderr).toContain('(required_kinds must include "value_added_telecom")\n');
  });
});

describe('tmcheck config print', () => {
  it('shows what an unset --waivers means (the working folder\'s file), not "(none)"', async () => {
    const dir = tempDir();
    const en = await runCli(['config', 'print', '--lang', 'en'], dir);
    expect(en.status).toBe(0);
    expect(en.stdout).toMatch(/^ {2}--waivers +\.\/tmcheck\.waivers\.yaml \(if any\) +default$/m);
    const zh = await runCli(['config', 'print', '--lang', 'zh'], dir);
    expect(zh.stdout).toMatch(/^ {2}--waivers +\.\/tmcheck\.waivers\.yaml（如有） +默认值$/m);
  });
});

describe('explain and rules list speak words, not codes, to a Chinese reader', () => {
  it('severity and consequence kind in the language asked for', async () => {
    const zh = await runCli(['explain', 'R10-P5-1/credit-code-check-digit', '--lang', 'zh'], packageRoot);
    expect(zh.stdout).toContain('R10-P5-1/credit-code-check-digit  [错误]\n');
    expect(zh.stdout).toMatch(/^ {2}后果 \(数据质量\)：/m);
    const en = await runCli(['explain', 'R10-P5-1/credit-code-check-digit', '--lang', 'en'], packageRoot);
    expect(en.stdout).toMatch(/^ {2}Consequence \(data quality\): /m);
    const list = await runCli(['rules', 'list', '--lang', 'zh'], packageRoot);
    expect(list.stdout).toMatch(/^R10-1\/step-dates +错误 {5}R10-1 {2}第十条\(二\)1 {2}/m);
    expect(list.stdout).not.toMatch(/ (error|warning|notice) /);
  });
});

describe('--help speaks to people', () => {
  it('a repeatable option given no value defaults to "none", not "[]"', async () => {
    const dir = tempDir();
    for (const args of [['--help'], ['explain', '--help'], ['rules', 'list', '--help']]) {
      const help = await runCli(args, dir);
      expect(help.stdout).toContain('(default: none)');
      expect(help.stdout).not.toContain('[]');
    }
  });
});

describe('a --rules folder that is not there', () => {
  it('says so in words, naming the folder (exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'not-a-folder'), '');
    const run = await runCli(['--rules', 'missing-rules', '--rules', 'not-a-folder', 'x.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('missing-rules:1:1: cannot read the rules folder: it does not exist\n');
    expect(run.stderr).toContain('not-a-folder:1:1: cannot read the rules folder: it is not a folder\n');
  });
});
