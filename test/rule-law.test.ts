import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadRules } from '../src/rules/load-rules.js';
import { builtInRulesDir, packageRoot } from '../src/paths.js';

/**
 * The build check conventions.md asks for, ESLint style: every rule carries its law verbatim, is
 * named after its article and requirement, belongs to a known requirement, and has a fixture.
 */
const rules = loadRules([{ dir: builtInRulesDir, builtIn: true }]);
const squash = (text: string) => text.replace(/\s+/g, '');
const regulation = squash(readFileSync(path.join(packageRoot, 'regulation', 'source.zh.txt'), 'utf8'));
const requirementIds = new Set(
  (parse(readFileSync(path.join(packageRoot, 'regulation', 'requirements.yaml'), 'utf8')) as { requirements: Array<{ id: string }> }).requirements.map((r) => r.id),
);

function allFixtureText(dir: string): string {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .map((file) => (statSync(file).isDirectory() ? allFixtureText(file) : /\.(ya?ml|json|csv|ts)$/.test(file) ? readFileSync(file, 'utf8') : ''))
    .join('\n');
}
const fixtureText = allFixtureText(path.join(packageRoot, 'fixtures')) + allFixtureText(path.join(packageRoot, 'test'));

describe('every rule carries its law', () => {
  for (const { definition: rule, file } of rules) {
    it(`${rule.id}`, () => {
      expect(regulation, `${rule.id}: source_zh must be quoted verbatim from regulation/source.zh.txt`).toContain(squash(rule.source_zh));
      const expectedName = `${rule.article.padStart(2, '0')}.${rule.id.replace('/', '.')}.yaml`;
      expect(path.basename(file)).toBe(expectedName);
      expect(requirementIds, `${rule.requirement} is not a requirement of the regulation`).toContain(rule.requirement);
      for (const also of rule.also_covers ?? []) expect(requirementIds).toContain(also);
      expect(rule.title.zh.length * rule.title.en.length * rule.message.zh.length * rule.message.en.length).toBeGreaterThan(0);
      expect(fixtureText, `${rule.id} has no fixture or test naming it`).toContain(rule.id);
    });
  }
});
