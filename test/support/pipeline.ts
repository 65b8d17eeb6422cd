import { runCheck } from '../../src/check/run-check.js';
import { loadRuleSet } from '../../src/cli/load-rule-set.js';
import { monthlyBatchFor } from '../../src/cross/monthly-batch.js';
import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../../src/format/registry.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/read/limits.js';
import { exitCode, type Report } from '../../src/report/model.js';
import type { RuleSet } from '../../src/rules/rule-set.js';
import { projectRoot } from './fixtures.js';

let builtIn: RuleSet | undefined;

export interface PipelineRun {
  report: Report;
  status: number;
  outputs: Record<FormatName, string>;
}

/**
 * The check command's pipeline (discover → read → validate → rules → monthly batch → report → every
 * formatter) with the built-in rules loaded once: what `main` does per run minus argument parsing
 * and rule loading, so a property test can afford hundreds of runs. A throw here is a crash.
 */
export async function runPipeline(inputs: string[], cwd = projectRoot, limits: ReadLimits = DEFAULT_LIMITS): Promise<PipelineRun> {
  builtIn ??= loadRuleSet({ cwd: projectRoot });
  const monthly = monthlyBatchFor(builtIn);
  const report = await runCheck({ inputs, cwd, ruleSet: builtIn, limits, crossChecks: [monthly], batch: monthly });
  const outputs = {} as Record<FormatName, string>;
  for (const name of FORMAT_NAMES) outputs[name] = FORMATTERS[name](report, { lang: 'en', color: false, failOn: 'error' });
  return { report, status: exitCode(report, 'error'), outputs };
}
