import { compareText } from '../util/compare.js';
import { sha256 } from '../util/hash.js';
import type { LoadedRule } from './types.js';

/** The rules read from the build's rule cache (src/rules/rule-cache.ts), each with what its digest covered, and that digest. */
let fromCache: { rules: WeakMap<LoadedRule, { id: string; source: string }>; count: number; digest: string } | undefined;

/**
 * The SHA-256 of every rule's id and source text, in id order: the report's `ruleset.sha256` and
 * the cache's run key. For exactly the rules of the build's rule cache, unchanged, it is the digest
 * the build computed with this same function and stored beside them: a plain run no longer hashes
 * the ~360 KB of rule text a second time, after the rule cache's own key.
 */
export function rulesDigest(rules: readonly LoadedRule[]): string {
  return cachedDigest(rules) ?? sha256([...rules].sort((a, b) => compareText(a.definition.id, b.definition.id)).map((r) => `${r.definition.id}\n${r.source}`).join('\n\u0000\n'));
}

/** Remembers the digest the build stored for `rules`, the rule cache's rules as read (called by readCachedRules). */
export function rememberCachedDigest(rules: readonly LoadedRule[], digest: string): void {
  const covered = new WeakMap<LoadedRule, { id: string; source: string }>();
  for (const rule of rules) covered.set(rule, { id: rule.definition.id, source: rule.source });
  fromCache = { rules: covered, count: rules.length, digest };
}

/** The stored digest when `rules` are the cached rules, each once, none of them changed since; otherwise undefined. */
function cachedDigest(rules: readonly LoadedRule[]): string | undefined {
  if (!fromCache || rules.length !== fromCache.count) return undefined;
  const seen = new Set<LoadedRule>();
  for (const rule of rules) {
    const covered = fromCache.rules.get(rule);
    if (!covered || seen.has(rule) || covered.id !== rule.definition.id || covered.source !== rule.source) return undefined;
    seen.add(rule);
  }
  return fromCache.digest;
}
