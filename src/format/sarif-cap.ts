import type { Lang } from '../util/i18n.js';
import { countOf } from '../util/plural.js';

/**
 * `--sarif-max-results n`: GitHub code scanning rejects a run of more than 25,000 results ("Results
 * per run: 25,000", docs.github.com, "SARIF results exceed limit"). The SARIF log stays whole unless
 * asked: it is a record, and other consumers take more. Capped, it keeps the most severe results and
 * says in the run what it left out; the exit status never depends on it. The formatter and `tmcheck
 * merge` both cap through this module, so that a merged log equals one run's, byte for byte.
 */

/** GitHub code scanning's most results per run. */
export const GITHUB_MAX_RESULTS = 25_000;

/** The notification's descriptor id, and how `tmcheck merge` tells a capped log. */
export const CAPPED_DESCRIPTOR = 'sarif-max-results';

const LEVEL_ORDER: Record<string, number> = { error: 0, warning: 1, note: 2 };

type Json = Record<string, unknown>;

/**
 * Caps a SARIF run in place: when it has more than `max` results, keeps the first `max` after a stable
 * sort by level (error, warning, note), adds a warning to invocations[0].toolExecutionNotifications
 * and the counts to run.properties. Nothing changes when the run has `max` results or fewer.
 */
export function capSarifRun(run: Json, max: number | undefined, lang: Lang): void {
  const results = run.results as Json[];
  if (max === undefined || results.length <= max) return;
  const rank = (result: Json) => LEVEL_ORDER[String(result.level ?? 'warning')] ?? LEVEL_ORDER.note!;
  const kept = results
    .map((result, index) => ({ result, index, rank: rank(result) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, max)
    .map((entry) => entry.result);
  const omitted = results.length - max;
  run.results = kept;
  const invocation = (run.invocations as Json[])[0]!;
  invocation.toolExecutionNotifications = [
    ...((invocation.toolExecutionNotifications as unknown[] | undefined) ?? []),
    { level: 'warning', message: { text: cappedText(results.length, max, lang) }, descriptor: { id: CAPPED_DESCRIPTOR } },
  ];
  run.properties = { ...((run.properties as Json | undefined) ?? {}), sarifMaxResults: max, omittedResults: omitted, totalResults: results.length };
}

function cappedText(total: number, max: number, lang: Lang): string {
  const omitted = total - max;
  return lang === 'zh'
    ? `本 SARIF 日志只列出 ${total} 条结果中最严重的 ${max} 条（--sarif-max-results ${max}），另有 ${omitted} 条未列出；JSON 报告含全部结果`
    : `this SARIF log lists the ${max} most severe of ${countOf(total, 'result')} (--sarif-max-results ${max}); ${omitted} left out; the JSON report holds them all`;
}

/** The stderr line when a SARIF log has more results than GitHub code scanning accepts and no cap was asked for. */
export function overGithubLimit(results: number, lang: Lang): string | undefined {
  if (results <= GITHUB_MAX_RESULTS) return undefined;
  return lang === 'zh'
    ? `警告：SARIF 日志有 ${results} 条结果，GitHub code scanning 拒绝上传结果超过 ${GITHUB_MAX_RESULTS} 条的 run：上传到 GitHub 的日志请加 --sarif-max-results ${GITHUB_MAX_RESULTS}（只列出最严重的结果，JSON 报告含全部结果）`
    : `warning: the SARIF log has ${results} results, and GitHub code scanning rejects a run of more than ${GITHUB_MAX_RESULTS}: for an upload to GitHub, give --sarif-max-results ${GITHUB_MAX_RESULTS} (the most severe results are listed; the JSON report holds them all)`;
}
