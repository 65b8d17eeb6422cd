import { COLON, type Lang } from '../util/i18n.js';
import { escapeTerminal } from '../util/escape.js';
import type { CoverageStatus, CoverageTable, RequirementCoverage } from './coverage.js';
import { escapeMarkdownCell, markdownCode } from './markdown.js';

export type ListFormat = 'text' | 'json' | 'markdown';
export const LIST_FORMATS: readonly ListFormat[] = ['text', 'json', 'markdown'];

const STATUS_LABEL: Record<CoverageStatus, { zh: string; en: string }> = {
  covered: { zh: '已编码', en: 'covered' },
  covered_by_parts: { zh: '由各组成部分编码', en: 'covered by its parts' },
  not_machine_checkable: { zh: '无法机器检查', en: 'not machine-checkable' },
  encoded_by_engine: { zh: '由引擎实现', en: 'encoded by the engine' },
  uncovered: { zh: '未覆盖', en: 'NOT COVERED' },
};

export function renderCoverage(table: CoverageTable, format: ListFormat, lang: Lang): string {
  if (format === 'json') return JSON.stringify(coverageJson(table, lang), null, 2) + '\n';
  if (format === 'markdown') return coverageMarkdown(table, lang);
  return coverageText(table, lang);
}

function coverageJson(table: CoverageTable, lang: Lang): unknown {
  return {
    requirements: table.requirements.map((r) => ({
      id: r.id,
      article: r.article,
      citation: r.citation,
      summary: r.summary[lang],
      status: r.status,
      ...(r.parts ? { parts: r.parts } : {}),
      ...(r.reason ? { reason: r.reason[lang] } : {}),
      rules: r.rules.map((rule) => ({ id: rule.id, title: rule.title[lang], primary: rule.primary, fixtures: rule.fixtures })),
    })),
    summary: countByStatus(table),
    problems: table.problems.map((p) => p[lang]),
  };
}

function countByStatus(table: CoverageTable): Record<CoverageStatus, number> {
  const counts: Record<CoverageStatus, number> = { covered: 0, covered_by_parts: 0, not_machine_checkable: 0, encoded_by_engine: 0, uncovered: 0 };
  for (const r of table.requirements) counts[r.status] += 1;
  return counts;
}

function summaryLine(table: CoverageTable, lang: Lang): string {
  const c = countByStatus(table);
  const total = table.requirements.length;
  return lang === 'zh'
    ? `共 ${total} 项要求：${c.covered} 项由规则编码，${c.covered_by_parts} 项由组成部分编码，${c.encoded_by_engine} 项由引擎实现，${c.not_machine_checkable} 项无法机器检查，${c.uncovered} 项未覆盖`
    : `${total} requirements: ${c.covered} encoded by rules, ${c.covered_by_parts} through their parts, ${c.encoded_by_engine} by the engine, ${c.not_machine_checkable} not machine-checkable, ${c.uncovered} not covered`;
}

function coverageText(table: CoverageTable, lang: Lang): string {
  const lines: string[] = [];
  const fixturesLabel = lang === 'zh' ? '样例文件' : 'fixtures';
  const alsoLabel = lang === 'zh' ? '（兼顾）' : ' (also)';
  const partsLabel = lang === 'zh' ? '组成部分' : 'parts';
  for (const r of table.requirements) {
    lines.push(`${r.id.padEnd(10)} ${escapeTerminal(r.citation)}  [${STATUS_LABEL[r.status][lang]}]  ${escapeTerminal(r.summary[lang])}`);
    if (r.reason) lines.push(`${' '.repeat(11)}${escapeTerminal(r.reason[lang])}`);
    if (r.parts) lines.push(`${' '.repeat(11)}${partsLabel}${COLON[lang]}${r.parts.join(', ')}`);
    for (const rule of r.rules) {
      const fixtures = rule.fixtures.length > 0 ? rule.fixtures.map(escapeTerminal).join(', ') : '-';
      lines.push(`${' '.repeat(11)}${escapeTerminal(rule.id)}${rule.primary ? '' : alsoLabel}  ${fixturesLabel}${COLON[lang]}${fixtures}`);
    }
  }
  lines.push('', summaryLine(table, lang));
  for (const problem of table.problems) lines.push(`✖ ${escapeTerminal(problem[lang])}`);
  return lines.join('\n') + '\n';
}

function coverageMarkdown(table: CoverageTable, lang: Lang): string {
  const head =
    lang === 'zh'
      ? ['| 要求 | 条款 | 内容 | 规则 | 样例文件 |', '|---|---|---|---|---|']
      : ['| Requirement | Citation | Requirement text | Rules | Fixtures |', '|---|---|---|---|---|'];
  const rows = table.requirements.map((r) => {
    const rules = markdownRulesCell(r, lang);
    // One line per rule, in the order of the Rules cell, so each rule's fixtures sit beside it.
    const fixtures = r.rules.map((rule) => rule.fixtures.map(markdownCode).join(', ') || '—').join('<br>');
    return `| ${markdownCode(r.id)} | ${escapeMarkdownCell(r.citation)} | ${escapeMarkdownCell(r.summary[lang])} | ${rules} | ${fixtures} |`;
  });
  const problems = table.problems.map((p) => `- ✖ ${escapeMarkdownCell(p[lang])}`);
  return [...head, ...rows, '', escapeMarkdownCell(summaryLine(table, lang)), ...(problems.length > 0 ? ['', ...problems] : [])].join('\n') + '\n';
}

function markdownRulesCell(r: RequirementCoverage, lang: Lang): string {
  if (r.rules.length > 0) return r.rules.map((rule) => markdownCode(rule.id) + (rule.primary ? '' : lang === 'zh' ? '（兼顾）' : ' (also)')).join('<br>');
  const label = `*${STATUS_LABEL[r.status][lang]}*`;
  if (r.reason) return `${label}${COLON[lang]}${escapeMarkdownCell(r.reason[lang])}`;
  if (r.parts) return `${label}${COLON[lang]}${r.parts.map(markdownCode).join(', ')}`;
  return `**${STATUS_LABEL[r.status][lang]}**`;
}
