import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { parseYamlDocument } from '../src/read/parse-document.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import type { InputError } from '../src/read/input-error.js';

/**
 * A number written with more significant digits than a number keeps is read as another number:
 * `pre_job_training_hours: 79.99999999999999999` became 80 and passed a minimum of 80. Such a literal
 * is an input error at its pointer and position; 0.1, which no number holds exactly either, is read
 * as written (its shortest form is 0.1) and stays accepted.
 */
const tempDir = tempDirMaker('tmcheck-inexact-numbers-');
const fixture = (name: string) => readFileSync(path.join(projectRoot, 'fixtures', name), 'utf8');

/** The errors of `a: {b: [1, {c: <literal>}]}`, written as YAML and as JSON (undefined when it reads). */
function errorsOf(literal: string): { yaml?: InputError[]; json?: InputError[] } {
  const yaml = parseYamlDocument(`a:\n  b:\n    - 1\n    - c: ${literal}\n`, DEFAULT_LIMITS);
  const json = parseYamlDocument(`{"a": {"b": [1, {"c": ${literal}}]}}`, DEFAULT_LIMITS);
  return { yaml: Array.isArray(yaml) ? yaml : undefined, json: Array.isArray(json) ? json : undefined };
}

describe('numbers that would be read as another number', () => {
  it('a threshold reached only by rounding is an input error with pointer, line and column (YAML and JSON), not a pass', async () => {
    const dir = tempDir();
    const report = fixture('report-compliant.yaml');
    const dossierYaml = fixture('dossier-compliant.yaml');
    const dossierJson = fixture('dossier-compliant.json');
    // Each literal is read as exactly the rule's minimum (80 hours, 1,000,000 CNY, 5 months).
    writeFileSync(path.join(dir, 'hours.yaml'), report.replace('pre_job_training_hours: 80', 'pre_job_training_hours: 79.99999999999999999'));
    writeFileSync(path.join(dir, 'capital.json'), dossierJson.replace('"registered_capital_cny": 3000000', '"registered_capital_cny": 999999.99999999999'));
    writeFileSync(path.join(dir, 'retention.yaml'), dossierYaml.replace('retention_months: 6', 'retention_months: 4.9999999999999999'));
    // Short decimals are read as written: 79.5 hours is judged (and fails R20-1), not refused.
    writeFileSync(path.join(dir, 'short.yaml'), report.replace('pre_job_training_hours: 80', 'pre_job_training_hours: 79.5'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', 'hours.yaml', 'capital.json', 'retention.yaml', 'short.yaml'], { cwd: dir });
    expect(run.status).toBe(2);
    const files = (JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; errors?: unknown[] }> }).files;
    const byName = Object.fromEntries(files.map((f) => [f.file, f]));
    expect(byName['hours.yaml']!.errors).toEqual([
      {
        message: '/agents/1/pre_job_training_hours: the number 79.99999999999999999 has more significant digits than a number keeps (15 to 17); it would be read as 80. Write it with fewer digits',
        path: '/agents/1/pre_job_training_hours',
        line: 25,
        column: 29,
      },
    ]);
    expect(byName['capital.json']!.errors).toEqual([expect.objectContaining({ path: '/vendor/registered_capital_cny', line: 11, column: 31 })]);
    expect(byName['retention.yaml']!.errors).toEqual([expect.objectContaining({ path: '/vendor/recording/retention_months', line: 25, column: 23 })]);
    expect(byName['short.yaml']!.status).toBe('fail');
  });

  it('refuses literals whose shortest reading differs from what is written, wherever they are', () => {
    const cases: Array<[string, string]> = [
      ['79.99999999999999999', '80'],
      ['999999.99999999999', '1000000'],
      ['4.9999999999999999', '5'],
      ['-4.9999999999999999', '-5'],
      ['9007199254740993.0', '9007199254740992'],
      ['7999999999999999999e-17', '80'],
      ['1e400', 'Infinity'],
      ['1e-400', '0'],
    ];
    for (const [literal, read] of cases) {
      const { yaml, json } = errorsOf(literal);
      expect(yaml, literal).toEqual([expect.objectContaining({ code: 'inexact-number', path: '/a/b/1/c', line: 4, column: 10 })]);
      expect(json, literal).toEqual([expect.objectContaining({ code: 'inexact-number', path: '/a/b/1/c', line: 1, column: 23 })]);
      expect(yaml![0]!.message.en).toContain(`the number ${literal} `);
      expect(yaml![0]!.message.en).toContain(`it would be read as ${read}`);
      expect(yaml![0]!.message.zh).toContain(`读取后会变成 ${read}`);
    }
  });

  it('accepts decimals read as written, however they are spelled', () => {
    const accepted = ['0.1', '80', '79.5', '1e2', '8e1', '80.000000000000000000', '0.30000000000000004', '+1.5', '.5', '-0', '0.0', '0e400', '1.7976931348623157e308', '5e-324', '123456789012345.6', '0x1F', '.inf'];
    for (const literal of accepted) expect(errorsOf(literal), literal).toEqual({ yaml: undefined, json: undefined });
  });

  it('reports every such number of a document in reading order, each at its own pointer', () => {
    const errors = parseYamlDocument('x: [1e400, 2, 79.99999999999999999]\ny: {z: 9007199254740993}\n', DEFAULT_LIMITS);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'inexact-number', path: '/x/0', line: 1, column: 5 }),
      expect.objectContaining({ code: 'inexact-number', path: '/x/2', line: 1, column: 15 }),
      expect.objectContaining({ code: 'unsafe-integer', path: '/y/z', line: 2, column: 8 }),
    ]);
  });

  it('an integer beyond 2^53 - 1 keeps its own message, now with its pointer', () => {
    const { yaml } = errorsOf('9007199254740993');
    expect(yaml).toEqual([expect.objectContaining({ code: 'unsafe-integer', path: '/a/b/1/c', line: 4, column: 10 })]);
  });
});
