import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot, schemasDir } from '../paths.js';
import { sha256 } from '../util/hash.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { rememberCachedDigest, rulesDigest } from './rule-digest.js';
import type { AnyRuleDefinition, LoadedRule } from './types.js';
import { rememberRulesetVersion, RULESET_FILE, rulesetVersionOf } from './ruleset-version.js';

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
  /** The version _ruleset.yaml beside the rules gave the build (builtInRulesetVersion). */
  rulesetVersion?: string;
}

const SCHEMAS_CHECKED = ['rule.schema.json', 'vendor-dossier.schema.json', 'monthly-report.schema.json'];

/** What the cached result depends on: the tool version, the schemas, _ruleset.yaml and every rule file's bytes. */
function cacheKey(files: string[], texts: string[], ruleset: string): string {
  const version = (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const schemas = SCHEMAS_CHECKED.map((name) => readFileSync(path.join(schemasDir, name), 'utf8'));
  return sha256([version, ...schemas, `${RULESET_FILE}\n${ruleset}`, ...files.map((file, i) => `${path.basename(file)}\n${texts[i]}`)].join('\u0000'));
}

/** The _ruleset.yaml beside the rule files (in the built-in rules' folder); undefined when there is none. */
function rulesetText(files: string[]): string | undefined {
  if (files.length === 0) return undefined;
  try {
    return readFileSync(path.join(path.dirname(files[0]!), RULESET_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

export function readCachedRules(files: string[]): LoadedRule[] | undefined {
  let cache: RuleCache;
  try {
    cache = JSON.parse(readFileSync(ruleCacheFile, 'utf8')) as RuleCache;
  } catch {
    return undefined;
  }
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const ruleset = rulesetText(files);
  if (ruleset === undefined || cache.key !== cacheKey(files, texts, ruleset) || cache.rules.length !== files.length) return undefined;
  const rules = cache.rules.map(({ definition }, i) => ({ definition, file: files[i]!, source: texts[i]!, builtIn: true }));
  if (typeof cache.rulesetSha256 === 'string') rememberCachedDigest(rules, cache.rulesetSha256);
  if (typeof cache.rulesetVersion === 'string') rememberRulesetVersion(cache.rulesetVersion);
  return rules;
}

export function writeRuleCache(rules: LoadedRule[]): void {
  const files = rules.map((rule) => rule.file);
  const ruleset = rulesetText(files);
  if (ruleset === undefined) throw new Error(`writeRuleCache: no ${RULESET_FILE} beside the rules`);
  const cache: RuleCache = {
    key: cacheKey(files, rules.map((rule) => rule.source), ruleset),
    rules: rules.map((rule) => ({ name: path.basename(rule.file), definition: rule.definition })),
    rulesetSha256: rulesDigest(rules),
    rulesetVersion: rulesetVersionOf(ruleset),
  };
  writeFileAtomic(ruleCacheFile, JSON.stringify(cache));
}
