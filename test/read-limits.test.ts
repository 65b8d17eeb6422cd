import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isCollection, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { maxJobs } from '../src/check/parallel.js';
import { loadRules, RuleLoadError } from '../src/rules/load-rules.js';
import { builtInRulesDir } from '../src/paths.js';
import { availableParallelism } from 'node:os';

/**
 * Limits on what one document may hold once read: values (--max-nodes), nesting (--max-depth), exact
 * integers; and the messages of the reader's other refusals. Each over-limit document is an input
 * error (exit 2) with its position, and the other files of the run are still checked.
 */
const tempDir = tempDirMaker('tmcheck-read-limits-');
const bin = path.join(projectRoot, 'bin', 'tmcheck.js');
const compliantYaml = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const compliantJson = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.json'), 'utf8');

interface JsonReport {
  files: Array<{ file: string; status: string; errors?: Array<{ message: string; path?: string; line?: number; column?: number }> }>;
  findings: Array<{ ruleId: string; severity: string; location: { path: string } }>;
}

async function checkJson(args: string[], cwd: string): Promise<{ status: number; report: JsonReport; stderr: string }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', ...args], { cwd });
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

/** The real CLI in a child process (built dist/), so that memory and stack are those of a real run. */
function tmcheckBin(args: string[], cwd: string, nodeArgs: string[] = []) {
  const run = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' },
  });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** Values in a JSON document as yaml's tree has them: every scalar (keys too), list and mapping. */
function countValues(text: string): number {
  let count = 0;
  visit(parseDocument(text), (_key, node) => {
    if (isScalar(node) || isCollection(node)) count += 1;
  });
  return count;
}

function lastScalarPosition(text: string): { line: number; column: number } {
  const lineCounter = new LineCounter();
  let last = 0;
  visit(parseDocument(text, { lineCounter }), (_key, node) => {
    if (isScalar(node) && node.range) last = Math.max(last, node.range[0]);
  });
  const { line, col } = lineCounter.linePos(last);
  return { line, column: col };
}

/** The compliant JSON dossier with an unknown list of `extra` ones under vendor (a warning, not an error). */
function jsonDossierWithList(extra: number): string {
  return compliantJson.replace('"vendor": {', `"vendor": {\n    "notes": [${Array(extra).fill('1').join(',')}],`);
}

describe('--max-nodes', () => {
  it('a document one value over the budget is an input error naming the limit and the option; at the budget it is checked; the other file is still reported', async () => {
    const dir = tempDir();
    // A budget of 5,000 set with --max-nodes: the same count and the same off-by-one as the default
    // 100,000 (which the million-number test below meets), at a twentieth of the parsing.
    const budget = 5000;
    const base = countValues(jsonDossierWithList(0));
    // The list adds one value per number: bring the whole document to exactly the budget.
    const fill = budget - base;
    writeFileSync(path.join(dir, 'at.json'), jsonDossierWithList(fill));
    writeFileSync(path.join(dir, 'over.json'), jsonDossierWithList(fill + 1));
    writeFileSync(path.join(dir, 'other.yaml'), compliantYaml);
    expect(countValues(jsonDossierWithList(fill))).toBe(budget);

    const run = await checkJson(['--max-nodes', String(budget), 'over.json', 'at.json', 'other.yaml'], dir);
    expect(run.status).toBe(2);
    const byName = Object.fromEntries(run.report.files.map((f) => [f.file, f]));
    expect(byName['at.json']!.status).toBe('pass');
    expect(byName['other.yaml']!.status).toBe('pass');
    expect(byName['over.json']!.status).toBe('invalid');
    // The value past the budget is the document's last one, in reading order.
    expect(byName['over.json']!.errors).toEqual([
      {
        message: 'the document has more than 5000 values, the limit (each key, value, list item, list and mapping counts; raise it with --max-nodes)',
        ...lastScalarPosition(jsonDossierWithList(fill + 1)),
      },
    ]);
    // The option raises it.
    expect((await checkJson(['--max-nodes', String(budget + 1), 'over.json'], dir)).status).toBe(0);
  }, 180_000);

  it('the same budget holds for YAML block lists', async () => {
    const dir = tempDir();
    const items = Array.from({ length: 2000 }, () => '    - 1\n').join('');
    writeFileSync(path.join(dir, 'block.yaml'), compliantYaml.replace('  bad_records: []', `  bad_records: []\n  notes:\n${items}`));
    writeFileSync(path.join(dir, 'plain.yaml'), compliantYaml);
    const run = await checkJson(['--max-nodes', '1000', 'block.yaml', 'plain.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files.map((f) => f.status)).toEqual(['invalid', 'pass']);
    expect(run.report.files[0]!.errors![0]!.message).toMatch(/more than 1000 values.*--max-nodes/);
  });

  it('a million numbers in 2 MB of YAML are refused before they are built: exit 2 and a report in 128 MB of heap, not an out-of-memory crash', () => {
    const dir = tempDir();
    const list = Array(1_000_000).fill('7').join(',');
    writeFileSync(path.join(dir, 'million.yaml'), compliantYaml.replace('  bad_records: []', `  bad_records: []\n  notes: [${list}]`));
    writeFileSync(path.join(dir, 'other.yaml'), compliantYaml);
    const run = tmcheckBin(['--format', 'json', '--no-timestamp', 'million.yaml', 'other.yaml'], dir, ['--max-old-space-size=128']);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files.map((f) => [f.file, f.status])).toEqual([
      ['million.yaml', 'invalid'],
      ['other.yaml', 'pass'],
    ]);
    expect(report.files[0]!.errors![0]!.message).toContain('more than 100000 values');
  }, 120_000);
});

describe('findings of a very long list', () => {
  // A list spread into a call (`push(...list)`) puts every item on the stack: past ~125,000 items at
  // Node's default stack it throws "Maximum call stack size exceeded". Under a 128 KB stack the same
  // spread throws past ~16,000 items, while a run without spreads needs about 80 KB whatever the
  // count; so 25,000 findings under that stack prove what 150,000 prove at the default one, at a
  // sixth of the parsing. (Checked: with `findings.push(...check.findings)` in run-check.ts this exits 2.)
  it('25,000 administrative penalties give 25,000 findings through the real CLI under a small stack (no list is spread into a call)', () => {
    const dir = tempDir();
    const count = 25_000;
    const penalties = Array.from({ length: count }, (_, i) => `    - {date: 2025-01-01, authority: A${i}, description: d}\n`).join('');
    writeFileSync(path.join(dir, 'penalties.yaml'), compliantYaml.replace('  administrative_penalties: []\n', `  administrative_penalties:\n${penalties}`));
    const run = tmcheckBin(['--format', 'json', '--no-timestamp', '--max-nodes', '1000000', 'penalties.yaml'], dir, ['--stack-size=128']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    const onPenalties = report.findings.filter((f) => f.location.path.startsWith('/vendor/administrative_penalties/'));
    expect(onPenalties).toHaveLength(count);
    expect(new Set(onPenalties.map((f) => f.location.path)).size).toBe(count);
  }, 300_000);
});

describe('--max-depth', () => {
  it('shows the real depth at the first list or mapping past the limit, also when yaml itself would overflow the stack', async () => {
    const dir = tempDir();
    // Block lists nested on one line (`- - - …`): no brackets, and deep enough to overflow yaml's composer.
    writeFileSync(path.join(dir, 'block.yaml'), `kind: VendorDossier\nx:\n  ${'- '.repeat(100_000)}1\n`);
    writeFileSync(path.join(dir, 'flow.yaml'), `kind: VendorDossier\nx: ${'['.repeat(70)}${']'.repeat(70)}\n`);
    const run = await checkJson(['--max-nodes', '1000000', 'block.yaml', 'flow.yaml'], dir);
    expect(run.report.files.map((f) => f.errors)).toEqual([
      // The root mapping is level 1, so the 64th `-` opens level 65, at column 2 + 63 × 2 + 1.
      [{ message: 'nesting is 100001 levels deep, over the limit of 64 (raise it with --max-depth)', line: 3, column: 129 }],
      [{ message: 'nesting is 71 levels deep, over the limit of 64 (raise it with --max-depth)', line: 2, column: 67 }],
    ]);
  });
});

describe('reader messages', () => {
  it('an alias with no anchor is named as such, not as an alias bomb', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'alias.yaml'), compliantYaml.replace('  bad_records: []', '  bad_records: *none'));
    const run = await checkJson(['alias.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files[0]!.errors).toEqual([{ message: 'alias *none refers to no anchor (&none must be defined before it)', line: 22, column: 16 }]);
  });

  it('a duplicate JSON key is quoted once; a key that becomes the same property (1 and "1") is a duplicate too', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dup.json'), compliantJson.replace('"city": "济南",', '"city": "济南",\n  "city": "青岛",'));
    writeFileSync(path.join(dir, 'dup.yaml'), compliantYaml.replace('  bad_records: []', '  bad_records: []\n  notes:\n    1: a\n    "1": b'));
    const run = await checkJson(['dup.json', 'dup.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files.map((f) => f.errors)).toEqual([
      [{ message: 'duplicate key "city": keys in a mapping must be unique', line: 5, column: 3 }],
      [{ message: 'duplicate key "1": keys in a mapping must be unique', line: 25, column: 5 }],
    ]);
  });

  it('a mapping of 40,000 keys is read, and each of its unknown keys is located (through an index, not a scan per key)', async () => {
    const dir = tempDir();
    // Unknown keys of the vendor mapping: each one is a warning at its own line.
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: 1\n`).join('');
    writeFileSync(path.join(dir, 'keys.yaml'), compliantYaml.replace('  bad_records: []\n', `  bad_records: []\n${keys}`));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', 'keys.yaml'], { cwd: dir });
    // Unknown keys below the top level are warnings; the dossier itself is compliant.
    expect(run.status).toBe(0);
    const warnings = (JSON.parse(run.stdout) as { files: Array<{ warnings: Array<{ message: string; line: number; column: number }> }> }).files[0]!.warnings;
    const unknown = warnings.filter((w) => /^\/vendor\/k\d+ /.test(w.message));
    expect(unknown).toHaveLength(40_000);
    // `bad_records:` is line 22, so key k<i> is on line 23 + i.
    expect(unknown.find((w) => w.message.startsWith('/vendor/k39999 '))).toMatchObject({ line: 23 + 39_999, column: 3 });
    expect(unknown.find((w) => w.message.startsWith('/vendor/k0 '))).toMatchObject({ line: 23, column: 3 });
  }, 120_000);
});

describe('numbers', () => {
  const compliantReport = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');
  const withPayingUsers = (value: string) => compliantReport.replace('paying_users: 2150', `paying_users: ${value}`);

  it('an integer beyond 2^53 - 1, as written, is an input error at its position (it would be read as another number)', async () => {
    const dir = tempDir();
    // Under an unknown key: only the reader can refuse it, no schema bound applies.
    writeFileSync(path.join(dir, 'unsafe.yaml'), compliantYaml.replace('  bad_records: []', '  bad_records: []\n  notes: 9007199254740993'));
    writeFileSync(path.join(dir, 'safe.yaml'), compliantYaml.replace('  bad_records: []', '  bad_records: []\n  notes: 9007199254740991'));
    writeFileSync(path.join(dir, 'unsafe.json'), compliantJson.replace('"registered_capital_cny": 3000000', '"registered_capital_cny": -123456789012345678901'));
    const run = await checkJson(['unsafe.yaml', 'safe.yaml', 'unsafe.json'], dir);
    expect(run.status).toBe(2);
    // The report lists files by name.
    expect(run.report.files.map((f) => [f.file, f.status, f.errors])).toEqual([
      ['safe.yaml', 'pass', undefined],
      ['unsafe.json', 'invalid', [{ message: 'the integer -123456789012345678901 is beyond the range that can be held exactly (±9007199254740991); it would be read as a different number', path: '/vendor/registered_capital_cny', line: 11, column: 31 }]],
      ['unsafe.yaml', 'invalid', [{ message: 'the integer 9007199254740993 is beyond the range that can be held exactly (±9007199254740991); it would be read as a different number', path: '/vendor/notes', line: 23, column: 10 }]],
    ]);
  });

  it('a count no report can hold (paying_users: 1e300) is an input error; the schema bound itself is accepted', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'huge.yaml'), withPayingUsers('1e300'));
    writeFileSync(path.join(dir, 'over.yaml'), withPayingUsers('10000000001'));
    writeFileSync(path.join(dir, 'bound.yaml'), withPayingUsers('10000000000'));
    const run = await checkJson(['huge.yaml', 'over.yaml', 'bound.yaml'], dir);
    expect(run.status).toBe(2);
    const byName = Object.fromEntries(run.report.files.map((f) => [f.file, f]));
    expect(byName['bound.yaml']!.status).not.toBe('invalid');
    expect(byName['over.yaml']!.status).toBe('invalid');
    expect(byName['huge.yaml']!.errors).toEqual([{ message: '/complaints/paying_users must be <= 10000000000', path: '/complaints/paying_users', line: 44, column: 17 }]);
  });

  it('every number of the dossier and monthly report schemas has a maximum, stated in its description', () => {
    for (const file of ['schemas/vendor-dossier.schema.json', 'schemas/monthly-report.schema.json']) {
      const numbers: Array<Record<string, unknown>> = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const schema = node as Record<string, unknown>;
          const types = ([] as unknown[]).concat(schema.type ?? []);
          if (types.includes('number') || types.includes('integer')) numbers.push(schema);
          Object.values(schema).forEach(walk);
        }
      };
      walk(JSON.parse(readFileSync(path.join(projectRoot, file), 'utf8')));
      expect(numbers.length).toBeGreaterThan(0);
      for (const schema of numbers) {
        expect(typeof schema.maximum).toBe('number');
        expect(String(schema.description)).toMatch(/at most|within/i);
      }
    }
  });

  it('a credit code with a wrong GB 32100 check character is an error finding (exit 1), in dossiers and monthly reports', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dossier.yaml'), compliantYaml.replace('credit_code: 91370102MA3C4F5G9F', 'credit_code: 91370102MA3C4F5G9X'));
    writeFileSync(path.join(dir, 'report.yaml'), compliantReport.replace('91370102MA3C4F5G9F', '91370102MA3C4F5G9X'));
    const run = await checkJson(['dossier.yaml', 'report.yaml'], dir);
    expect(run.status).toBe(1);
    const findings = run.report.findings.filter((f) => f.ruleId.includes('credit-code-check-digit'));
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['R10-P5-1/credit-code-check-digit', 'error'],
      ['R10-P5-1/monthly-credit-code-check-digit', 'error'],
    ]);
    // The valid code passes (the fixtures themselves).
    expect((await checkJson([path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), path.join(projectRoot, 'fixtures/report-compliant.yaml')], dir)).status).toBe(0);
  });
});

describe('--jobs cap', () => {
  it('is twice the cores: a larger --jobs is lowered with a note on stderr, and the report is the same', async () => {
    const cores = availableParallelism();
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.yaml'), compliantYaml);
    const over = await runInProcess(['--jobs', '100000', '--format', 'json', '--no-timestamp', 'a.yaml'], { cwd: dir });
    expect(over.stderr).toBe(`tmcheck: --jobs 100000 lowered to ${cores * 2} (twice the ${cores} cores)\n`);
    expect(over.status).toBe(0);
    const atCap = await runInProcess(['--jobs', String(cores * 2), '--format', 'json', '--no-timestamp', 'a.yaml'], { cwd: dir });
    expect(atCap.stderr).toBe('');
    expect(atCap.stdout).toBe(over.stdout);
    expect(maxJobs(cores)).toBe(cores * 2);
  });
});

describe('patterns in custom rules', () => {
  /** The built-in rules plus one custom rule (the capital rule under a new id, with an extra parameter). */
  function loadWithParam(schema: string, defaultValue: string): string[] {
    const dir = tempDir();
    const text = readFileSync(path.join(builtInRulesDir, '10.R10-P5-1.registered-capital.yaml'), 'utf8')
      .replace('id: R10-P5-1/registered-capital', 'id: R10-P5-1/custom-capital')
      .replace('params:\n', `params:\n  label:\n    default: ${defaultValue}\n    schema: ${schema}\n    description: { zh: 标签, en: label }\n`);
    writeFileSync(path.join(dir, 'custom.yaml'), text);
    try {
      loadRules([{ dir: builtInRulesDir, builtIn: true }, { dir, builtIn: false }]);
      return [];
    } catch (error) {
      if (!(error instanceof RuleLoadError)) throw error;
      return error.problems.map((p) => p.message);
    }
  }

  it('a catastrophic-backtracking pattern ((a+)+$) is matched in linear time: the rule loads and its bad default is reported', () => {
    // A backtracking RegExp takes 2^40 steps on this default; the loader would never return.
    expect(loadWithParam('{ type: string, pattern: "^(a+)+$" }', `"${'a'.repeat(40)}!"`)).toEqual([
      'default of parameter "label" does not satisfy its schema: data must match pattern "^(a+)+$"',
    ]);
    expect(loadWithParam('{ type: string, pattern: "^(a+)+$" }', `"${'a'.repeat(40)}"`)).toEqual([]);
  });

  it('a pattern the linear-time engine cannot run (look-ahead) is refused with a clear message', () => {
    expect(loadWithParam('{ type: string, pattern: "^(?=a)a$" }', 'a')).toEqual([
      expect.stringMatching(/^schema of parameter "label" cannot be compiled: .*\(\?=.*\(patterns use RE2 syntax, which runs in linear time: no look-around or back-references\)$/),
    ]);
  });
});
