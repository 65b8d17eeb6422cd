import path from 'node:path';
import type { Lang } from '../util/i18n.js';
import { escapeTerminal } from '../util/escape.js';
import { compareText } from '../util/compare.js';
import type { LoadedRule } from '../rules/types.js';
import { ruleSummary, type RuleSummary } from '../rules/rule-summary.js';
import type { RuleSet } from '../engine/rule-set.js';
import { displayPath } from '../util/display-path.js';
import { escapeMarkdownCell, markdownCode } from './markdown.js';
import type { ListFormat } from './render-coverage.js';
import { WORDS } from '../format/words.js';
import { displayWidth } from '../format/text-batch.js';

export interface RuleListEntry extends RuleSummary {
  alsoCovers: string[];
  appliesTo: string;
  effectiveFrom: string;
  retiredOn?: string;
  inForce: boolean;
  file: string;
  builtIn: boolean;
}

/** A rule's file as listings show it: built-in files as `rules/<name>`, custom ones relative to cwd. */
export function ruleFileShown(loaded: LoadedRule, cwd: string): string {
  return loaded.builtIn ? `rules/${path.basename(loaded.file)}` : displayPath(loaded.file, cwd);
}

/** Every loaded rule, in id order, each with its file as ruleFileShown gives it. */
export function ruleList(ruleSet: RuleSet, cwd: string): RuleListEntry[] {
  return [...ruleSet.rules].sort((a, b) => compareText(a.definition.id, b.definition.id)).map((loaded) => ruleListEntry(loaded, ruleSet, cwd));
}

/** A rule as `tmcheck rules list` shows it; `tmcheck explain` adds its text, params and examples. */
export function ruleListEntry(loaded: LoadedRule, ruleSet: RuleSet, cwd: string): RuleListEntry {
  const rule = loaded.definition;
  return {
    ...ruleSummary(rule),
    alsoCovers: rule.also_covers ?? [],
    appliesTo: rule.applies_to,
    effectiveFrom: rule.effective_from,
    ...(rule.retired_on ? { retiredOn: rule.retired_on } : {}),
    inForce: ruleSet.inForce(rule),
    file: ruleFileShown(loaded, cwd),
    builtIn: loaded.builtIn,
  };
}

export function renderRuleList(entries: RuleListEntry[], format: ListFormat, lang: Lang): string {
  if (format === 'json') return JSON.stringify(entries.map((e) => ({ ...e, title: e.title[lang] })), null, 2) + '\n';
  if (format === 'markdown') {
    const head =
      lang === 'zh'
        ? ['| 规则 | 条款 | 要求 | 级别 | 适用文档 | 生效日期 | 标题 |', '|---|---|---|---|---|---|---|']
        : ['| Rule | Citation | Requirements | Severity | Applies to | In force from | Title |', '|---|---|---|---|---|---|---|'];
    const rows = entries.map(
      (e) =>
        `| ${markdownCode(e.id)} | ${escapeMarkdownCell(e.citation)} | ${[e.requirement, ...e.alsoCovers].map(markdownCode).join(', ')} | ${WORDS[lang][e.severity]} | ${e.appliesTo} | ${escapeMarkdownCell(dates(e, lang))} | ${escapeMarkdownCell(e.title[lang])} |`,
    );
    return [...head, ...rows].join('\n') + '\n';
  }
  const width = Math.max(0, ...entries.map((e) => e.id.length));
  const lines = entries.map((e) => {
    const covers = [e.requirement, ...e.alsoCovers].join(',');
    const custom = e.builtIn ? '' : lang === 'zh' ? '  [自定义]' : '  [custom]';
    const skipped = e.inForce ? '' : lang === 'zh' ? '  [未生效]' : '  [not in force]';
    return `${escapeTerminal(e.id.padEnd(width))}  ${padToWidth(WORDS[lang][e.severity], 7)}  ${escapeTerminal(covers)}  ${escapeTerminal(e.citation)}  ${escapeTerminal(e.title[lang])}${custom}${skipped}`;
  });
  const count = lang === 'zh' ? `共 ${entries.length} 条规则` : `${entries.length} ${entries.length === 1 ? 'rule' : 'rules'}`;
  return [...lines, '', count].join('\n') + '\n';
}

function dates(e: RuleListEntry, lang: Lang): string {
  if (!e.retiredOn) return e.effectiveFrom;
  return lang === 'zh' ? `${e.effectiveFrom}（${e.retiredOn} 废止）` : `${e.effectiveFrom} (retired ${e.retiredOn})`;
}

/** Pads by display width: a Chinese character takes two columns. */
function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
