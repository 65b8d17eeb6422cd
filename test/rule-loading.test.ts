import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRules, RuleLoadError } from '../src/rules/load-rules.js';
import { builtInRulesDir } from '../src/paths.js';
import { parseYamlDocument } from '../src/read/parse-document.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';

const capitalRule = readFileSync(path.join(builtInRulesDir, '10.R10-P5-1.registered-capital.yaml'), 'utf8');

/** Loads the built-in rules plus one custom rule file, as `--rules DIR` does, and returns the problems. */
function problemsOf(text: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-rules-'));
  writeFileSync(path.join(dir, 'custom.yaml'), text);
  try {
    loadRules([{ dir: builtInRulesDir, builtIn: true }, { dir, builtIn: false }]);
    return [];
  } catch (error) {
    if (!(error instanceof RuleLoadError)) throw error;
    return error.problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.column}: ${p.message}`);
  }
}

const custom = (text: string) => text.replace('id: R10-P5-1/registered-capital', 'id: R10-P5-1/custom-capital');

describe('rule files are checked when they load', () => {
  it('the built-in rules load without problems', () => {
    expect(loadRules([{ dir: builtInRulesDir, builtIn: true }]).length).toBeGreaterThanOrEqual(20);
  });

  it('a valid custom rule loads', () => {
    expect(problemsOf(custom(capitalRule))).toEqual([]);
  });

  it('an unknown operator is a load-time error at its line', () => {
    const text = custom(capitalRule).replace('operator: greaterThanInclusive', 'operator: atLeast');
    const line = text.split('\n').findIndex((l) => l.includes('operator: atLeast')) + 1;
    expect(problemsOf(text)).toEqual([`custom.yaml:${line}:13: unknown operator "atLeast"`]);
  });

  it('an unknown fact, a path missing from the schema, an undefined parameter and an unfillable placeholder are errors', () => {
    expect(problemsOf(custom(capitalRule).replace('fact: doc', 'fact: capital'))[0]).toMatch(/custom\.yaml:\d+:\d+: unknown fact "capital"/);
    expect(problemsOf(custom(capitalRule).replace('path: /vendor/registered_capital_cny', 'path: /vendor/registered_capital')))
      .toEqual([expect.stringMatching(/custom\.yaml:\d+:\d+: path \/vendor\/registered_capital does not exist in the VendorDossier schema/)]);
    expect(problemsOf(custom(capitalRule).replace('value: { param: min_capital_cny }', 'value: { param: min_capital }')))
      .toEqual([expect.stringMatching(/value refers to undefined parameter "min_capital"/)]);
    expect(problemsOf(custom(capitalRule).replace('低于规定的 ¥{min_capital_cny}', '低于规定的 ¥{minimum}')))
      .toEqual([expect.stringMatching(/message placeholder \{minimum\} cannot be filled/)]);
  });

  it('a plural form {name|noun} fills in English; in a Chinese message it is an error, and its name must still be fillable', () => {
    expect(problemsOf(custom(capitalRule).replace('is below the required ¥{min_capital_cny}', 'is below {min_capital_cny|yuan note}'))).toEqual([]);
    expect(problemsOf(custom(capitalRule).replace('低于规定的 ¥{min_capital_cny}', '低于规定的 {min_capital_cny|yuan}')))
      .toEqual([expect.stringMatching(/custom\.yaml:\d+:\d+: plural form \{min_capital_cny\|yuan\} is for English messages; Chinese has no plural/)]);
    expect(problemsOf(custom(capitalRule).replace('is below the required ¥{min_capital_cny}', 'is below {minimum|yuan}')))
      .toEqual([expect.stringMatching(/message placeholder \{minimum\} cannot be filled/)]);
  });

  it('schema violations, YAML errors and reused ids name the file and line', () => {
    expect(problemsOf(custom(capitalRule).replace('severity: error', 'severity: fatal'))).toEqual([
      expect.stringMatching(/^custom\.yaml:9:11: \/severity must be equal to one of the allowed values/),
    ]);
    expect(problemsOf('id: [unclosed\n')[0]).toMatch(/^custom\.yaml:\d+:\d+: YAML syntax error/);
    expect(problemsOf(capitalRule)).toEqual([expect.stringMatching(/rule id "R10-P5-1\/registered-capital" is already used by/)]);
  });
});

describe('documents keep their positions', () => {
  it('locates values and keys by JSON Pointer', () => {
    const parsed = parseYamlDocument('a:\n  b: 1\n  list:\n    - x\n    - { y: 2 }\n', DEFAULT_LIMITS);
    if (Array.isArray(parsed)) throw new Error('unexpected parse error');
    expect(parsed.locate('/a/b')).toEqual({ line: 2, column: 6 });
    expect(parsed.locateKey('/a/b')).toEqual({ line: 2, column: 3 });
    expect(parsed.locate('/a/list/1/y')).toEqual({ line: 5, column: 12 });
    expect(parsed.locate('/a/missing/deeper')).toEqual({ line: 2, column: 3 });
  });

  it('rejects nesting deeper than the limit without recursion', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const result = parseYamlDocument(deep, DEFAULT_LIMITS);
    expect(Array.isArray(result) && result[0]?.code).toBe('too-deep');
  });
});
