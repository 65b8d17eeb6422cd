import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readProfile } from '../src/profile/read-profile.js';
import { checkProfileAgainstRules } from '../src/profile/check-profile.js';
import { profileParamResolver } from '../src/profile/param-resolver.js';
import { ProfileError } from '../src/profile/profile.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { projectRoot } from './support/fixtures.js';
import type { RuleDefinition } from '../src/rules/types.js';

const rules = loadRuleSet({ cwd: projectRoot }).rules;
// The R22-1 rules are per-document rules (not cross-document), which is what the resolver takes.
const rule = (id: string) => rules.find((r) => r.definition.id === id)!.definition as RuleDefinition;

function profileFrom(text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-profile-keys-'));
  writeFileSync(path.join(dir, 'profile.yaml'), text);
  return readProfile('profile.yaml', dir, DEFAULT_LIMITS);
}

describe('a profile key may name a requirement: every rule of it that has the parameter', () => {
  const profile = profileFrom(
    ['cities:', '  青岛:', '    R22-1:', '      max_span_minutes: 660', '      window_start: "09:00"', '    R22-1/call-log-calling-hours:', '      max_span_minutes: 600', ''].join('\n'),
  );

  it('sets the monthly and the call-log calling-hours rules at once; a rule key wins over it', () => {
    checkProfileAgainstRules(profile, rules);
    const resolve = profileParamResolver(profile);
    expect(resolve(rule('R22-1/calling-hours'), '青岛')).toMatchObject({ max_span_minutes: 660, window_start: '09:00' });
    expect(resolve(rule('R22-1/call-log-calling-hours'), '青岛')).toMatchObject({ max_span_minutes: 600, window_start: '09:00' });
    expect(resolve(rule('R22-1/calling-hours'), '济南')).toMatchObject({ max_span_minutes: 720 });
  });

  it('a parameter no rule of the requirement has, and a value outside its schema, are errors at their line', () => {
    const bad = profileFrom(['defaults:', '  R22-1:', '    max_hours: 11', '    max_span_minutes: "eleven"', ''].join('\n'));
    let problems: string[] = [];
    try {
      checkProfileAgainstRules(bad, rules);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      problems = error.problems.map((p) => `${p.line}: ${p.message.en}`);
    }
    expect(problems).toEqual([
      expect.stringMatching(/^3: requirement R22-1 has no parameter max_hours \(its parameters: .*max_span_minutes/),
      expect.stringMatching(/^4: R22-1\/\S+ parameter max_span_minutes: "eleven" is invalid/),
    ]);
  });
});
