import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { runCheck } from '../check/run-check.js';
import { discoverInputs, DOCUMENT_EXTENSIONS } from '../read/discover.js';
import { DEFAULT_LIMITS } from '../read/limits.js';
import type { RuleSet } from '../engine/rule-set.js';
import { compareText } from '../util/compare.js';

export const fixturesDir = path.join(packageRoot, 'fixtures');

const RULE_ID = /R\d+(?:-[A-Z0-9]+)+\/[a-z0-9]+(?:-[a-z0-9]+)*/g;
const EXPECT_LINE = /^\s*#\s*expect\s*:(.*)$/gim;

/** Rule ids named on a fixture's `# expect:` comment lines (`# expect: R20-1/pre-job-hours /agents/1/… line 12`). */
export function expectedRuleIds(text: string): string[] {
  const ids = new Set<string>();
  for (const line of text.matchAll(EXPECT_LINE)) {
    for (const id of line[1]!.matchAll(RULE_ID)) ids.add(id[0]);
  }
  return [...ids];
}

/**
 * Which fixtures go with which rule: those whose `# expect:` lines name it; for a rule that no
 * fixture names, those on which it produces a finding when checked (a notice that every report
 * earns, such as compensation under R24-3, would otherwise list every fixture). Compliant fixtures
 * pass every rule and say nothing about one rule, so passing alone does not list a fixture.
 * Paths are relative to the package root.
 */
export async function fixturesByRule(ruleSet: RuleSet, dir = fixturesDir): Promise<Map<string, string[]>> {
  if (!existsSync(dir)) return new Map();
  const expected = new Map<string, Set<string>>();
  const produced = new Map<string, Set<string>>();
  const add = (into: Map<string, Set<string>>, ruleId: string, fixture: string) => into.set(ruleId, (into.get(ruleId) ?? new Set()).add(fixture));
  const discovery = discoverInputs([dir], packageRoot, DOCUMENT_EXTENSIONS);
  for (const file of discovery.files) {
    for (const id of expectedRuleIds(readFileSync(file.absolute, 'utf8'))) add(expected, id, file.display);
  }
  const report = await runCheck({ inputs: [dir], cwd: packageRoot, ruleSet, limits: DEFAULT_LIMITS });
  for (const finding of report.findings) add(produced, finding.ruleId, finding.location.file);
  const byRule = new Map<string, string[]>();
  for (const id of new Set([...expected.keys(), ...produced.keys()])) {
    byRule.set(id, [...(expected.get(id) ?? produced.get(id)!)].sort(compareText));
  }
  return byRule;
}
