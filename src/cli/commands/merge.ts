import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { readSourceText } from '../../read/read-source.js';
import { escapeTerminal } from '../../util/escape.js';
import type { Lang } from '../../util/i18n.js';
import { OutputWriteError, writeFileAtomic } from '../../util/atomic-write.js';
import type { FailOn } from '../../report/model.js';
import { MergeError, mergeReports, type MergeInput } from '../../merge/merge-reports.js';
import { chosenLang, langOption, subcommand, type SetStatus } from './command-base.js';
import { sayer } from '../help.js';
import { outputOverInput } from '../output-targets.js';
import { parsePositiveInt } from '../check-command.js';
import { overGithubLimit } from '../../format/sarif-cap.js';
import { namesStdout } from '../../util/stdout-name.js';

interface MergeOptions {
  output?: string;
  failOn: FailOn;
  lang?: Lang;
  sarifMaxResults?: number;
}

/**
 * Most bytes of reports one merge reads, all of them together. Every report is parsed whole and the
 * merged one written as one string, so this bounds memory (100 MB of JSON reports took 903 MB of
 * RSS to merge) and keeps the output under V8's longest string (0x1fffffe8 characters): the former
 * cap of 1 GiB a report ended a 450 MB report's merge after 220 s and 2.8 GB with "Invalid string
 * length", naming no file. 50,000 files make a 28 MB JSON report (docs/security.md).
 */
export const MAX_MERGE_BYTES = 256 * 1024 * 1024;

/** `tmcheck merge shard-1.json … shard-n.json`: the reports of `--shard k/n` jobs as one report. */
export function mergeCommand(io: CliIo, setStatus: SetStatus): Command {
  const say = sayer(io);
  return subcommand('merge', io)
    .description(say({
      en: 'join the JSON reports (or the SARIF logs) of --shard jobs into one, as one run over all the files would have written it',
      zh: '把各 --shard 任务的 JSON 报告（或 SARIF 日志）合并为一份，与一次检查全部文件写出的相同',
    }))
    .argument('<reports...>', say({ en: 'JSON reports or SARIF logs written by tmcheck, all of one kind', zh: 'tmcheck 写出的 JSON 报告或 SARIF 日志，须为同一种' }))
    .option('-o, --output <file>', say({
      en: 'write the merged report to a file (atomically) instead of stdout (- is stdout, ./- a file named -)',
      zh: '把合并后的报告写入文件（原子写入），而不写到标准输出（- 为标准输出，./- 为名为 - 的文件）',
    }))
    .addOption(new Option('--fail-on <severity>', say({ en: 'lowest severity that makes the exit status 1 (JSON reports)', zh: '使退出码为 1 的最低级别（JSON 报告）' })).choices(['error', 'warning', 'notice', 'never']).default('error'))
    .option('--sarif-max-results <n>', say({
      en: 'most results in the merged SARIF log, the most severe kept (as the check command\'s option; merge the shards\' complete logs)',
      zh: '合并后 SARIF 日志的最多结果数，保留最严重的（同检查命令的该选项；请合并各分片未设上限的日志）',
    }), parsePositiveInt)
    .addOption(langOption(io))
    .action((reports: string[], options: MergeOptions) => setStatus(runMerge(reports, options, io)));
}

function runMerge(reports: string[], options: MergeOptions, io: CliIo): number {
  const lang = chosenLang(options.lang, io);
  const problem = (zh: string, en: string): number => {
    io.stderr.write(`tmcheck merge: ${escapeTerminal(lang === 'zh' ? zh : en)}\n`);
    return 2;
  };
  const inputs: MergeInput[] = [];
  let room = MAX_MERGE_BYTES;
  for (const report of reports) {
    const source = readSourceText(path.resolve(io.cwd, report), room);
    if ('code' in source && source.code === 'too-large') {
      return problem(
        `${report}：要合并的报告（到此文件为止）合计超过 merge 的上限 ${MAX_MERGE_BYTES} 字节（256 MiB），未合并`,
        `${report}: the reports to merge come to more than merge's limit of ${MAX_MERGE_BYTES} bytes (256 MiB) with this one; nothing merged`,
      );
    }
    if ('code' in source) return problem(`${report}：${source.message.zh}`, `${report}: ${source.message.en}`);
    room -= Buffer.byteLength(source.text);
    try {
      inputs.push({ file: report, data: JSON.parse(source.text) as unknown });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return problem(`${report} 不是有效的 JSON：${detail}`, `${report} is not valid JSON: ${detail}`);
    }
  }
  // `-o -` (or none): standard output.
  const outputFile = namesStdout(options.output) ? undefined : path.resolve(io.cwd, options.output!);
  if (outputFile !== undefined && outputOverInput([{ file: outputFile }], reports, io.cwd)) {
    return problem(`不会覆盖输入的报告 ${options.output}`, `will not write over an input report: ${options.output}`);
  }
  let merged;
  try {
    merged = mergeReports(inputs, options.failOn, options.sarifMaxResults !== undefined ? { sarifMaxResults: options.sarifMaxResults } : {});
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    return problem(error.problem.zh, error.problem.en);
  }
  // Written as the json and sarif formatters write, so a merge of shards equals one run's report.
  const text = JSON.stringify(merged.output, null, 2) + '\n';
  if (merged.kind === 'sarif' && options.sarifMaxResults === undefined) {
    const overLimit = overGithubLimit(((merged.output.runs as Array<{ results: unknown[] }>)[0]!).results.length, lang);
    if (overLimit !== undefined) io.stderr.write(`tmcheck merge: ${overLimit}\n`);
  }
  if (outputFile === undefined) io.stdout.write(text);
  else {
    try {
      writeFileAtomic(outputFile, text);
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      return problem(error.text.zh, error.text.en);
    }
  }
  return merged.exitCode;
}

