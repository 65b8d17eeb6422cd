import path from 'node:path';
import type { Report } from '../report/model.js';
import type { RuleSet } from '../engine/rule-set.js';
import type { ReadLimits } from '../read/limits.js';
import type { Lang } from '../util/i18n.js';
import { escapeTerminal } from '../util/escape.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { displayPath } from '../util/display-path.js';
import { chooseWaiverFiles, loadWaiverFile, type WaiverFile, type WaiverFileProblem } from './waivers.js';
import { loadBaseline, renderBaseline } from './baseline.js';
import { applyControls, type Controls } from './apply-controls.js';

/** The check command's options that steer waivers and baselines. */
export interface ControlOptions {
  waivers?: string;
  baseline?: string;
  writeBaseline?: string;
  asOf?: string;
  today?: string;
}

interface Io {
  stderr: NodeJS.WritableStream;
  cwd: string;
}

/** Today's calendar date where tmcheck runs (local time: a compliance officer's "today"). */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * With an --as-of date before any rule is in force (or after every rule is retired), the run could
 * judge nothing: that is never a pass. The message for stderr, or undefined when some rule is in force.
 */
export function nothingInForce(ruleSet: RuleSet, lang: Lang): string | undefined {
  if (ruleSet.asOf === undefined || ruleSet.rules.some((r) => ruleSet.inForce(r.definition))) return undefined;
  const earliest = ruleSet.rules.map((r) => r.definition.effective_from).sort()[0];
  const from = earliest !== undefined && earliest > ruleSet.asOf ? earliest : undefined;
  return lang === 'zh'
    ? `--as-of ${ruleSet.asOf}：当日没有任何规则生效${from ? `（最早的规则自 ${from} 起生效）` : ''}，无法判断任何文件；未作检查`
    : `--as-of ${ruleSet.asOf}: no rule is in force on that date${from ? ` (the earliest takes effect on ${from})` : ''}, so nothing can be judged; nothing was checked`;
}

/**
 * Loads the waivers and the baseline before the run. A baseline that cannot be used stops the run
 * (exit 2: a bad argument); a waivers file that cannot be used becomes an invalid file in the report.
 */
export function prepareControls(inputs: string[], options: ControlOptions, limits: ReadLimits, io: Io, lang: Lang): Controls | 2 {
  if (options.writeBaseline !== undefined && overwritesInput(options.writeBaseline, inputs, io, lang)) return 2;
  const waiverFiles: WaiverFile[] = [];
  const waiverProblems: WaiverFileProblem[] = [];
  const chosen = chooseWaiverFiles(inputs, io.cwd, options.waivers);
  for (const file of chosen.apply) {
    const loaded = loadWaiverFile(file, io.cwd, limits);
    if ('errors' in loaded) waiverProblems.push(loaded);
    else waiverFiles.push(loaded);
  }
  let baseline: Controls['baseline'];
  if (options.baseline !== undefined) {
    const absolute = path.resolve(io.cwd, options.baseline);
    const shown = displayPath(absolute, io.cwd);
    const loaded = loadBaseline(absolute, limits.maxFileBytes);
    if ('code' in loaded) {
      const where = loaded.line !== undefined ? `:${loaded.line}:${loaded.column ?? 1}` : '';
      const intro = lang === 'zh' ? '无法使用基线文件' : 'cannot use the baseline';
      io.stderr.write(`tmcheck: ${intro} ${escapeTerminal(shown)}${where}: ${escapeTerminal(loaded.message[lang])}\n`);
      return 2;
    }
    baseline = { file: shown, baseline: loaded };
  }
  return { waiverFiles, waiverProblems, ignoredWaivers: chosen.ignored, baseline, judgedOn: options.asOf ?? options.today ?? localToday() };
}

/**
 * Applies waivers and baseline to the finished report and writes --write-baseline (atomically),
 * never over a file that was checked (files found inside input folders included); 2 if it would.
 */
export function finishControls(report: Report, controls: Controls, options: ControlOptions, io: Io, lang: Lang): Report | 2 {
  const controlled = applyControls(report, controls);
  if (options.writeBaseline !== undefined) {
    if (overwritesInput(options.writeBaseline, report.files.map((f) => f.file), io, lang)) return 2;
    writeFileAtomic(path.resolve(io.cwd, options.writeBaseline), renderBaseline(controlled.baseline));
  }
  return controlled.report;
}

function overwritesInput(target: string, inputs: string[], io: Io, lang: Lang): boolean {
  const absolute = path.resolve(io.cwd, target);
  if (!inputs.some((input) => path.resolve(io.cwd, input) === absolute)) return false;
  const why = lang === 'zh' ? '拒绝把基线写到被检查的文件上' : 'refusing to write the baseline over a file being checked';
  io.stderr.write(`tmcheck: ${why}: ${escapeTerminal(target)}\n`);
  return true;
}
