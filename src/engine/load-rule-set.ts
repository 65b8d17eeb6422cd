import path from 'node:path';
import { builtInRulesDir } from '../paths.js';
import { loadRules } from '../rules/load-rules.js';
import { RuleSet, type ParamResolver } from './rule-set.js';

export interface RuleSetChoice {
  /** Extra folders of custom rules (--rules). */
  customDirs?: string[];
  asOf?: string;
  params?: ParamResolver;
  cwd: string;
}

/** The built-in rules plus any custom folders, loaded and checked; throws RuleLoadError. */
export function loadRuleSet(choice: RuleSetChoice): RuleSet {
  const sources = [
    { dir: builtInRulesDir, builtIn: true },
    ...(choice.customDirs ?? []).map((dir) => ({ dir: path.resolve(choice.cwd, dir), builtIn: false })),
  ];
  return new RuleSet(loadRules(sources), { asOf: choice.asOf, params: choice.params });
}
