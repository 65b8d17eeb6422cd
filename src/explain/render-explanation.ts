import { termLabel } from '../glossary/terms.js';
import { stringify } from 'yaml';
import { COLON, type Lang } from '../util/i18n.js';
import { escapeTerminal } from '../util/escape.js';
import type { CoverageStatus } from '../coverage/coverage.js';
import type { Explanation, RuleExplanation, ToolRuleExplanation } from './explain.js';
import { WORDS, consequenceKindWord, heading } from '../format/words.js';

const LABELS = {
  zh: {
    source: '原文', titleEn: '英文标题', titleZh: '标题', citation: '条款', appliesTo: '适用文档', inForceFrom: '生效日期', retired: '废止日期',
    notInForce: '（在所选日期未生效）', alsoCovers: '兼顾要求', params: '参数', defaultValue: '默认值', profileValue: '分公司参数配置设定',
    consequence: WORDS.zh.consequence, message: '提示信息', notes: '说明', examples: '示例', pass: '合规示例', fail: '违规示例', findingsAt: '应产生发现的位置',
    file: '规则文件', rules: '规则', parts: '组成部分', noRules: '没有规则编码此要求',
    madeBy: '来源', toolMade: 'tmcheck 自身产生的发现（不来自规则文件）；豁免和基线都不能消除它',
    filedUnder: '归入', filedUnderWaiver: '该豁免所豁免的要求（如豁免 R7-1/signing-entity 时为 R7-1）；位置是豁免文件',
    meaning: '含义', why: '原因', action: '处理方法', more: '详见',
  },
  en: {
    source: 'Source (zh)', titleEn: 'Title', titleZh: 'Title (zh)', citation: 'Citation', appliesTo: 'Applies to', inForceFrom: 'In force from', retired: 'Retired on',
    notInForce: ' (not in force on the chosen date)', alsoCovers: 'Also covers', params: 'Parameters', defaultValue: 'default', profileValue: 'set by profile',
    consequence: heading(WORDS.en.consequence), message: 'Message', notes: 'Notes', examples: 'Examples', pass: 'passing', fail: 'failing', findingsAt: 'findings at',
    file: 'Rule file', rules: 'Rules', parts: 'Parts', noRules: 'no rule encodes this requirement',
    madeBy: 'Made by', toolMade: 'tmcheck itself (no rule file); never waived nor held back by a baseline',
    filedUnder: 'Filed under', filedUnderWaiver: 'the requirement the waiver waives (R7-1 for a waiver of R7-1/signing-entity); at the waiver\'s line in the waivers file',
    meaning: 'Meaning', why: 'Why', action: 'What to do', more: 'More',
  },
} as const;

const STATUS: Record<CoverageStatus, { zh: string; en: string }> = {
  covered: { zh: '已由规则编码', en: 'encoded by rules' },
  covered_by_parts: { zh: '由各组成部分的规则编码', en: 'encoded through its parts' },
  not_machine_checkable: { zh: '无法机器检查', en: 'not machine-checkable' },
  encoded_by_engine: { zh: '由引擎实现', en: 'encoded by the engine' },
  uncovered: { zh: '尚未覆盖', en: 'not covered yet' },
};

export function renderExplanation(explanation: Explanation, format: 'text' | 'json', lang: Lang): string {
  if (format === 'json') return JSON.stringify(explanation, null, 2) + '\n';
  const t = LABELS[lang];
  const lines: string[] = [];
  for (const r of explanation.requirements) {
    lines.push(`${r.id} · ${r.citation} — ${escapeTerminal(r.summary[lang])}`);
    lines.push(`  [${STATUS[r.status][lang]}]${r.reason ? ` ${escapeTerminal(r.reason[lang])}` : ''}`);
    if (r.parts) lines.push(`  ${t.parts}${COLON[lang]}${r.parts.join(', ')}`);
  }
  if (explanation.requirements.length > 0) lines.push('');
  for (const rule of explanation.rules) lines.push(...ruleLines(rule, lang), '');
  for (const tool of explanation.toolRules) lines.push(...toolRuleLines(tool, lang), '');
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}

function ruleLines(rule: RuleExplanation, lang: Lang): string[] {
  const t = LABELS[lang];
  const e = escapeTerminal;
  const lines = [
    `${e(rule.id)}  [${WORDS[lang][rule.severity]}]`,
    `  ${t.titleEn}${COLON[lang]}${e(rule.title.en)}`,
    `  ${t.titleZh}${COLON[lang]}${e(rule.title.zh)}`,
    `  ${t.citation}${COLON[lang]}${e(rule.citation)} (${rule.requirement}${rule.alsoCovers.length > 0 ? `; ${t.alsoCovers}${COLON[lang]}${rule.alsoCovers.join(', ')}` : ''})`,
    `  ${t.source}${COLON[lang]}${e(rule.sourceZh)}`,
    `  ${t.appliesTo}${COLON[lang]}${e(rule.appliesTo)} · ${t.inForceFrom}${COLON[lang]}${rule.effectiveFrom}${rule.retiredOn ? ` · ${t.retired}${COLON[lang]}${rule.retiredOn}` : ''}${rule.inForce ? '' : t.notInForce}`,
  ];
  if (rule.params.length > 0) {
    lines.push(`  ${t.params}${COLON[lang].trim()}`);
    for (const p of rule.params) {
      const source = p.overridden ? `${t.profileValue}; ${t.defaultValue} ${e(JSON.stringify(p.default))}` : t.defaultValue;
      lines.push(`    ${e(p.name)} = ${e(JSON.stringify(p.value))}${e(labelsOf(p.value, lang))} (${source}) — ${e(p.description[lang])}`);
    }
  }
  lines.push(`  ${t.consequence} (${e(consequenceKindWord(rule.consequence.kind, lang))})${COLON[lang]}${e(rule.consequence[lang])}`);
  lines.push(`  ${t.message}${COLON[lang]}${e(rule.message[lang])}`);
  if (rule.notes) lines.push(`  ${t.notes}${COLON[lang]}${e(rule.notes[lang])}`);
  if (rule.examples.length > 0) lines.push(`  ${t.examples}${COLON[lang].trim()}`);
  for (const example of rule.examples) {
    const head = `${example.expect === 'pass' ? t.pass : t.fail} #${example.index + 1}${example.description ? ` — ${e(example.description)}` : ''}`;
    const at = example.at ? ` → ${t.findingsAt} ${example.at.map(e).join(', ')}` : '';
    lines.push(`    ${head}${at}`);
    for (const line of stringify(example.input).trimEnd().split('\n')) lines.push(`      ${e(line)}`);
  }
  lines.push(`  ${t.file}${COLON[lang]}${e(rule.file)}`);
  return lines;
}

/** One of tmcheck's own finding ids: the same head as a rule's, then what it means, why, and what to do. */
function toolRuleLines(tool: ToolRuleExplanation, lang: Lang): string[] {
  const t = LABELS[lang];
  const filed = tool.filedUnder === 'waiver' ? t.filedUnderWaiver : `${tool.filedUnder.citation} (${tool.filedUnder.requirement})`;
  const note = tool.filedUnderNote ? ` ${tool.filedUnderNote[lang]}` : '';
  return [
    `${tool.id}  [${WORDS[lang][tool.severity]}]`,
    `  ${t.titleEn}${COLON[lang]}${tool.title.en}`,
    `  ${t.titleZh}${COLON[lang]}${tool.title.zh}`,
    `  ${t.filedUnder}${COLON[lang]}${filed}${note}`,
    `  ${t.madeBy}${COLON[lang]}${t.toolMade}`,
    `  ${t.meaning}${COLON[lang]}${tool.meaning[lang]}`,
    // A waiver's own finding has no consequence in the regulation's sense: its kind (`waiver`) is no word to show.
    `  ${t.why}${tool.filedUnder === 'waiver' ? '' : ` (${consequenceKindWord(tool.consequenceKind, lang)})`}${COLON[lang]}${tool.why[lang]}`,
    `  ${t.action}${COLON[lang]}${tool.action[lang]}`,
    `  ${t.more}${COLON[lang]}${tool.doc}`,
  ];
}

/** The labels of the glossary codes a parameter holds (`["etiquette"]` → `（电话礼仪规范）`), for readers who don't know the codes. */
function labelsOf(value: unknown, lang: Lang): string {
  const values = Array.isArray(value) ? value : [value];
  const labels = values.filter((v): v is string => typeof v === 'string' && termLabel(v, lang) !== v).map((v) => termLabel(v, lang));
  if (labels.length === 0) return '';
  return lang === 'zh' ? `（${labels.join('、')}）` : ` (${labels.join(', ')})`;
}
