import type { FileResult, Finding, Location, Report, RuleInfo } from '../../report/model.js';
import type { InputError } from '../../read/input-error.js';
import type { Lang } from '../../util/i18n.js';
import { compareText } from '../../util/compare.js';
import { html, type SafeHtml } from './markup.js';
import { articleHeading, fill, type Labels } from './labels.js';

export interface FindingContext {
  lang: Lang;
  t: Labels;
  rules: Map<string, RuleInfo>;
}

/** Findings by file: each checked file with its status, input errors and warnings, then its findings. */
export function filesSection(report: Report, ctx: FindingContext): SafeHtml {
  const byFile = groupBy(report.findings, (f) => f.location.file);
  const checked = new Set(report.files.map((f) => f.file));
  // Findings on files outside report.files (cross-document findings) still get a section.
  const extra = [...byFile.keys()].filter((file) => !checked.has(file)).sort(compareText);
  const blocks = [
    ...report.files.map((file, i) => fileBlock(`file-${i + 1}`, file.file, file, byFile.get(file.file) ?? [], ctx)),
    ...extra.map((file, i) => fileBlock(`file-x${i + 1}`, file, undefined, byFile.get(file) ?? [], ctx)),
  ];
  return html`<section id="by-file">
<h2>${ctx.t.byFile}</h2>
${blocks.length > 0 ? blocks : html`<p>${ctx.t.noFiles}</p>`}
</section>`;
}

function fileBlock(id: string, name: string, file: FileResult | undefined, findings: Finding[], ctx: FindingContext): SafeHtml {
  const { t } = ctx;
  return html`<section class="file" id="${id}">
<h3><code>${name}</code>${file ? html` <span class="badge status-${file.status}">${t[file.status]}</span>` : ''}</h3>
${file?.kind ? html`<p class="meta">${t.kind}${t.colon}${file.kind}${file.sha256 ? html` · sha256 <code class="small">${file.sha256}</code>` : ''}</p>` : ''}
${file && file.errors.length > 0 ? inputErrorTable(t.inputErrors, 'input-errors', file.errors, ctx) : ''}
${file && file.warnings.length > 0 ? inputErrorTable(t.inputWarnings, 'input-warnings', file.warnings, ctx) : ''}
${findings.length > 0 ? findings.map((f) => findingCard(f, ctx)) : file && file.status !== 'invalid' ? html`<p class="ok">${t.noFindings}</p>` : ''}
</section>
`;
}

function inputErrorTable(caption: string, className: string, errors: InputError[], ctx: FindingContext): SafeHtml {
  const { t, lang } = ctx;
  return html`<table class="${className}">
<caption>${caption}</caption>
<thead><tr><th>${t.position}</th><th>${t.pointer}</th><th>${t.message}</th></tr></thead>
<tbody>
${errors.map(
  (e) => html`<tr><td>${inputPosition(e, t)}</td><td><code>${e.path !== undefined ? e.path || '/' : '—'}</code></td><td>${e.message[lang]}</td></tr>
`,
)}</tbody>
</table>
`;
}

/** line:col in a document, or row (and column name) in a table. */
function inputPosition(error: InputError, t: Labels): string {
  if (error.line !== undefined) return `${error.line}:${error.column ?? 1}`;
  if (error.row !== undefined) return tablePosition(error.row, error.field, t);
  return '—';
}

function tablePosition(row: number, field: string | undefined, t: Labels): string {
  return fill(t.rowAt, { row }) + (field !== undefined ? `${t.comma}${fill(t.columnAt, { field })}` : '');
}

/** One finding with everything an officer needs to act on it, including the article's own words. */
function findingCard(finding: Finding, ctx: FindingContext): SafeHtml {
  const { t, lang } = ctx;
  const rule = ctx.rules.get(finding.ruleId);
  return html`<article class="finding severity-${finding.severity}${finding.waived ? ' is-waived' : ''}">
<header><span class="badge severity-${finding.severity}">${t[finding.severity]}</span>${finding.waived ? html` <span class="badge waived">${t.waived}</span>` : ''} <span class="rule-id">${finding.ruleId} · ${finding.requirement} · ${finding.citation || articleHeading(finding.article, lang)}</span></header>
<p class="message">${finding.message[lang]}</p>
${finding.waived ? waiverNote(finding.waived, t) : ''}
<dl>
<dt>${t.location}</dt><dd>${locationMarkup(finding.location, t)}</dd>
<dt>${t.consequence}</dt><dd>${finding.consequence[lang]}</dd>
${rule ? html`<dt>${t.rule}</dt><dd>${rule.title[lang]}</dd>` : ''}
</dl>
${rule ? articleText(rule, t) : ''}
</article>
`;
}

function waiverNote(waived: NonNullable<Finding['waived']>, t: Labels): SafeHtml {
  return html`<p class="waiver">${t.waiverReason}${t.colon}${waived.reason}${waived.approvedBy ? html` · ${t.approvedBy} ${waived.approvedBy}` : ''}${waived.expires ? html` · ${t.expires} ${waived.expires}` : ''}</p>`;
}

function articleText(rule: RuleInfo, t: Labels): SafeHtml {
  return html`<blockquote class="source" lang="zh-CN"><span class="source-label">${t.articleText} · ${rule.citation}</span>${rule.sourceZh}</blockquote>`;
}

/** file:line:col, then the JSON Pointer, or the table row and column for tabular input. */
export function locationMarkup(location: Location, t: Labels): SafeHtml {
  const position =
    location.line !== undefined
      ? `${location.file}:${location.line}:${location.column ?? 1}`
      : location.row !== undefined
        ? `${location.file}${t.comma}${tablePosition(location.row, location.field, t)}`
        : location.file;
  return html`<code>${position}</code>${location.path !== undefined ? html` <code class="pointer">${location.path || '/'}</code>` : ''}`;
}

/** Findings by article: each article's rules with their Chinese text, then where each was found. */
export function articlesSection(report: Report, ctx: FindingContext): SafeHtml {
  const { t, lang } = ctx;
  const byArticle = groupBy(report.findings, (f) => f.article);
  const articles = [...byArticle.keys()].sort(compareArticles);
  return html`<section id="by-article">
<h2>${t.byArticle}</h2>
${articles.length === 0 ? html`<p class="ok">${t.noFindings}</p>` : ''}
${articles.map((article) => {
  const byRule = groupBy(byArticle.get(article) ?? [], (f) => f.ruleId);
  return html`<section class="article" id="article-${article.replace(/[^0-9A-Za-z-]/g, '_')}">
<h3>${articleHeading(article, lang)}</h3>
${[...byRule.keys()].sort(compareText).map((ruleId) => {
  const rule = ctx.rules.get(ruleId);
  const findings = byRule.get(ruleId) ?? [];
  return html`<div class="article-rule">
<h4>${ruleId}${rule ? html` — ${rule.title[lang]}` : ''}</h4>
${rule ? articleText(rule, t) : ''}
<table class="article-findings">
<thead><tr><th>${t.severity}</th><th>${t.location}</th><th>${t.message}</th></tr></thead>
<tbody>
${findings.map(
  (f) => html`<tr${f.waived ? html` class="is-waived"` : ''}><td><span class="badge severity-${f.severity}">${t[f.severity]}</span>${f.waived ? html` <span class="badge waived">${t.waived}</span>` : ''}</td><td>${locationMarkup(f.location, t)}</td><td>${f.message[lang]}${f.waived ? html`<br><span class="waiver">${t.waiverReason}${t.colon}${f.waived.reason}</span>` : ''}</td></tr>
`,
)}</tbody>
</table>
</div>`;
})}
</section>
`;
})}
</section>`;
}

function compareArticles(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return compareText(a, b);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
