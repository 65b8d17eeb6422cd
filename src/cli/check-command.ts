import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { FORMATTERS, type FormatName } from '../format/registry.js';
import { exitCode, type FailOn } from '../report/model.js';
import { runCheck } from '../check/run-check.js';
import { RuleLoadError } from '../rules/load-rules.js';
import { langFromEnv, type Lang } from '../util/i18n.js';
import { isValidDate } from '../util/dates.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { escapeTerminal } from '../util/escape.js';
import { wantsColor, type CliIo } from './io.js';
import { loadRuleSet } from './load-rule-set.js';

export interface CheckOptions {
  format: FormatName;
  output?: string;
  lang?: Lang;
  failOn: FailOn;
  asOf?: string;
  rules: string[];
  color?: boolean;
  timestamp: boolean;
  maxFileSize: number;
  maxDepth: number;
  maxAliases: number;
}

/** `tmcheck [options] <paths...>`: check documents and write the report. */
export async function checkCommand(paths: string[], options: CheckOptions, io: CliIo): Promise<number> {
  if (paths.length === 0) {
    io.stderr.write('tmcheck: name at least one file or folder to check (see tmcheck --help)\n');
    return 2;
  }
  const lang = options.lang ?? langFromEnv(io.env);
  let ruleSet;
  try {
    ruleSet = loadRuleSet({ customDirs: options.rules, asOf: options.asOf, cwd: io.cwd });
  } catch (error) {
    if (error instanceof RuleLoadError) {
      io.stderr.write(`tmcheck: the rules could not be loaded:\n${escapeTerminal(error.message).replace(/\\n/g, '\n')}\n`);
      return 2;
    }
    throw error;
  }
  if (options.output && paths.some((p) => path.resolve(io.cwd, p) === path.resolve(io.cwd, options.output!))) {
    io.stderr.write(`tmcheck: refusing to write the report over an input file: ${escapeTerminal(options.output)}\n`);
    return 2;
  }
  const report = await runCheck({
    inputs: paths,
    cwd: io.cwd,
    ruleSet,
    limits: { maxFileBytes: options.maxFileSize, maxDepth: options.maxDepth, maxAliases: options.maxAliases },
    generatedAt: reportTimestamp(options.timestamp, io.env),
  });
  const target = options.output ? undefined : io.stdout;
  const color = options.format === 'text' && target !== undefined && wantsColor(target, io.env, options.color);
  const rendered = FORMATTERS[options.format](report, { lang, color, failOn: options.failOn });
  if (options.output) writeFileAtomic(path.resolve(io.cwd, options.output), rendered);
  else io.stdout.write(rendered);
  return exitCode(report, options.failOn);
}

/** SOURCE_DATE_EPOCH (seconds) fixes the time stamp, as reproducible-build tools expect. */
function reportTimestamp(enabled: boolean, env: NodeJS.ProcessEnv): string | undefined {
  if (!enabled) return undefined;
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

export function parseDateOption(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
