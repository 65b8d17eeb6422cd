// Part of `npm run build`: loads and checks every built-in rule file with the full loader (a broken
// rule fails the build, naming file:line:column) and stores the result for the CLI's start-up.
import { loadRules, RuleLoadError } from '../dist/rules/load-rules.js';
import { writeRuleCache } from '../dist/rules/rule-cache.js';
import { builtInRulesDir } from '../dist/paths.js';

try {
  const rules = loadRules([{ dir: builtInRulesDir, builtIn: true }], { useCache: false });
  writeRuleCache(rules);
} catch (error) {
  if (!(error instanceof RuleLoadError)) throw error;
  process.stderr.write(`the built-in rules could not be loaded:\n${error.message}\n`);
  process.exitCode = 1;
}
