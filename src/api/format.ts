import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../format/registry.js';
import { exitCode as reportExitCode, type FailOn, type Report } from '../report/model.js';
import type { Lang } from '../util/i18n.js';
import { positive, TmcheckConfigError } from './errors.js';

export interface FormatChoice {
  /** Report language (default 'en'; the command line takes it from the locale). */
  lang?: Lang;
  /** ANSI colours, text format only (default false). */
  color?: boolean;
  /** The severity that fails the run, as `--fail-on` (default 'error'): shown in the summaries. */
  failOn?: FailOn;
  /**
   * SARIF only, as `--sarif-max-results`: most results in the log (a positive integer); more are left out,
   * the most severe kept, and the run says how many it left out. GitHub code scanning rejects more than 25,000.
   */
  sarifMaxResults?: number;
}

const FAIL_ONS: readonly FailOn[] = ['error', 'warning', 'notice', 'never'];

/** The report in one of the output formats (text, json, sarif, junit, github, markdown, html). */
export function format(report: Report, name: FormatName, options: FormatChoice = {}): string {
  if (!Object.prototype.hasOwnProperty.call(FORMATTERS, name)) {
    throw new TmcheckConfigError('format', {
      zh: `没有名为「${String(name)}」的输出格式；可用：${FORMAT_NAMES.join('、')}`,
      en: `no output format "${String(name)}"; available: ${FORMAT_NAMES.join(', ')}`,
    });
  }
  const lang = options.lang ?? 'en';
  const failOn = options.failOn ?? 'error';
  if (lang !== 'en' && lang !== 'zh') throw new TmcheckConfigError('option', { zh: `lang 应为 zh 或 en：${String(lang)}`, en: `lang must be zh or en: ${String(lang)}` });
  if (!FAIL_ONS.includes(failOn)) {
    throw new TmcheckConfigError('option', { zh: `failOn 应为 ${FAIL_ONS.join('、')} 之一`, en: `failOn must be one of ${FAIL_ONS.join(', ')}` });
  }
  const max = positive('sarifMaxResults', options.sarifMaxResults);
  return FORMATTERS[name](report, { lang, color: options.color ?? false, failOn, ...(max !== undefined ? { sarifMaxResults: max } : {}) });
}

/**
 * The command line's exit status for a report. A `failOn` that is none of the four is refused: read
 * as a severity, 'errors' or 'Error' would rank below every finding and make every report exit 0.
 */
export function exitCode(report: Parameters<typeof reportExitCode>[0], failOn: FailOn = 'error'): 0 | 1 | 2 {
  if (!FAIL_ONS.includes(failOn)) {
    throw new TmcheckConfigError('option', { zh: `failOn 应为 ${FAIL_ONS.join('、')} 之一：${String(failOn)}`, en: `failOn must be one of ${FAIL_ONS.join(', ')}: ${String(failOn)}` });
  }
  return reportExitCode(report, failOn);
}
