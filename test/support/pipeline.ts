import { createChecker, exitCode, format, FORMAT_NAMES, type Checker, type FormatName, type Report } from '../../src/index.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../../src/read/limits.js';
import { projectRoot } from './fixtures.js';

// One checker (rules loaded once) per working folder and limits: property tests run hundreds of checks.
const checkers = new Map<string, Checker>();

export interface PipelineRun {
  report: Report;
  status: number;
  outputs: Record<FormatName, string>;
}

/**
 * The check command's pipeline through the library API (discover → read → validate → rules →
 * controls → monthly batch → report → every formatter), the path the CLI and the benchmark take,
 * minus argument parsing; the rules are loaded once. A throw here is a crash.
 */
export async function runPipeline(inputs: string[], cwd = projectRoot, limits: ReadLimits = DEFAULT_LIMITS): Promise<PipelineRun> {
  const key = JSON.stringify([cwd, limits]);
  let checker = checkers.get(key);
  if (!checker) checkers.set(key, (checker = createChecker({ cwd, limits, jobs: 1 })));
  const report = await checker.check(inputs);
  const outputs = {} as Record<FormatName, string>;
  for (const name of FORMAT_NAMES) outputs[name] = format(report, name, { lang: 'en', color: false, failOn: 'error' });
  return { report, status: exitCode(report, 'error'), outputs };
}
