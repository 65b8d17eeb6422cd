import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { builtInRulesDir } from '../paths.js';

/** The built-in ruleset's description (name, version, effective_from): not a rule. */
export const RULESET_FILE = '_ruleset.yaml';

let version: string | undefined;

/**
 * The built-in ruleset's version, from rules/_ruleset.yaml: the one the rule cache stored with the
 * rules when that file is the one the build read (readCachedRules), else parsed here. A warm --cache
 * rerun parses no other YAML: this parse alone was 6-7 ms of it (the yaml library's first use).
 */
export function builtInRulesetVersion(): string {
  version ??= rulesetVersionOf(readFileSync(path.join(builtInRulesDir, RULESET_FILE), 'utf8'));
  return version;
}

/** The version a _ruleset.yaml text gives. */
export function rulesetVersionOf(text: string): string {
  return String((parse(text) as { version: string }).version);
}

/** Called by readCachedRules with the version the build stored for the _ruleset.yaml it found unchanged. */
export function rememberRulesetVersion(cached: string): void {
  version = cached;
}
