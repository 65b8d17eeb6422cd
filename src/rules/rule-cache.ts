import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot, schemasDir } from '../paths.js';
import { sha256 } from '../util/hash.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { rememberCachedDigest, rulesDigest } from './rule-digest.js';
import type { AnyRuleDefinition, LoadedRule } from './types.js';

/**
 * The built-in rules as `npm run build` loaded and checked them. Loading ~50 rule files (YAML with
 * positions, the rule schema, per-parameter schemas) costs most of a one-file run's start-up; when
 * the rule files and schemas are byte-for-byte those the build checked, the run reuses its result.
 * Any difference — an edited rule, a new schema — and the rules are loaded and checked afresh.
 */
export const ruleCacheFile = path.join(packageRoot, 'dist', 'built-in-rules.json');

interface RuleCache {
  key: string;
  rules: Array<{ name: string; definition: AnyRuleDefinition }>;
  /** rulesDigest of these rules as the build loaded them (the rule set's sha256 when they are all the rules). */
  rulesetSha256?: string;
}

const SCHEMAS_CHECKED = ['rule.schema.json', 'vendor-dossier.schema.json', 'monthly-report.schema.json'];

/** What the cached result depends on: the tool version, the schemas and every rule file's bytes. */
function cacheKey(files: string[], texts: string[]): string {
  const version = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const schemas = SCHEMAS_CHECKED.map((name) => readFileSync(path.join(schemasDir, name), 'utf8'));
  return sha256([version, ...schemas, ...files.map((file, i) => `${path.basename(file)}\n${texts[i]}`)].join('\u0000'));
}

export function readCachedRules(files: string[]): LoadedRule[] | undefined {
  let cache: RuleCache;
  try {
    cache = JSON.parse(readFileSync(ruleCacheFile, 'utf8')) as RuleCache;
  } catch {
    return undefined;
  }
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  if (cache.key !== cacheKey(files, texts) || cache.rules.length !== files.length) return undefined;
  const rules = cache.rules.map(({ definition }, i) => ({ definition, file: files[i]!, source: texts[i]!, builtIn: true }));
  if (typeof cache.rulesetSha256 === 'string') rememberCachedDigest(rules, cache.rulesetSha256);
  return rules;
}

export function writeRuleCache(rules: LoadedRule[]): void {
  const files = rules.map((rule) => rule.file);
  const cache: RuleCache = {
    key: cacheKey(files, rules.map((rule) => rule.source)),
    rules: rules.map((rule) => ({ name: path.basename(rule.file), definition: rule.definition })),
    rulesetSha256: rulesDigest(rules),
  };
  writeFileAtomic(ruleCacheFile, JSON.stringify(cache));
}
