import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRulesDir } from '../src/paths.js';
import { loadRules } from '../src/rules/load-rules.js';
import { rememberCachedDigest, rulesDigest } from '../src/rules/rule-digest.js';
import type { LoadedRule } from '../src/rules/types.js';
import { sha256 } from '../src/util/hash.js';
import { projectRoot } from './support/fixtures.js';

// RuleSet.sha256 (the report's ruleset.sha256, the cache's run key) is rulesDigest; for exactly the
// build's cached rules, unchanged, it is the digest the build stored (docs/performance-history.md, "Fixed cost (issue 14, session 10)").
const loaded = loadRules([{ dir: builtInRulesDir, builtIn: true }], { useCache: false });
const copies = (): LoadedRule[] => loaded.map((rule) => ({ ...rule }));
const STORED = 'stored digest';

describe('the rule set digest (src/rules/rule-digest.ts)', () => {
  it('is the SHA-256 of the ids and texts in id order, and the build stores that very value beside its cached rules', () => {
    const sorted = [...loaded].sort((a, b) => (a.definition.id < b.definition.id ? -1 : a.definition.id > b.definition.id ? 1 : 0));
    expect(rulesDigest(loaded)).toBe(sha256(sorted.map((r) => `${r.definition.id}\n${r.source}`).join('\n\u0000\n')));
    const built = JSON.parse(readFileSync(path.join(projectRoot, 'dist', 'built-in-rules.json'), 'utf8')) as { rulesetSha256?: string };
    expect(built.rulesetSha256).toBe(rulesDigest(loaded));
  });

  it('takes the stored digest only for the cached rules themselves, each once and unchanged', () => {
    const cached = copies();
    rememberCachedDigest(cached, STORED);
    expect(rulesDigest(cached)).toBe(STORED);
    expect(rulesDigest([...cached].reverse())).toBe(STORED);
    const real = rulesDigest(loaded);
    // Equal copies are other rules (a worker's, or the library's): hashed.
    expect(rulesDigest(copies())).toBe(real);
    // One rule fewer, or one twice in its place: hashed.
    expect(rulesDigest(cached.slice(1))).not.toBe(STORED);
    expect(rulesDigest([cached[0]!, ...cached.slice(0, -1)])).not.toBe(STORED);
    // A rule added beside them (a custom folder): hashed.
    expect(rulesDigest([...cached, { ...cached[0]!, definition: { ...cached[0]!.definition, id: 'X-1/custom' } }])).not.toBe(STORED);
    // A cached rule whose text or id changed since: hashed.
    const edited = copies();
    rememberCachedDigest(edited, STORED);
    edited[3]!.source += '\n# edited';
    expect(rulesDigest(edited)).toBe(rulesDigest(edited.map((rule) => ({ ...rule }))));
    expect(rulesDigest(edited)).not.toBe(STORED);
    const renamed = copies();
    rememberCachedDigest(renamed, STORED);
    renamed[0]!.definition = { ...renamed[0]!.definition, id: `${renamed[0]!.definition.id}-b` };
    expect(rulesDigest(renamed)).not.toBe(STORED);
  });
});
