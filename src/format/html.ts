import type { Formatter } from './formatter.js';
import { exitCode, type FailOn, type Report } from '../report/model.js';
import type { Lang } from '../util/i18n.js';
import { html, type SafeHtml } from './html/markup.js';
import { labelsFor, type Labels } from './html/labels.js';
import { STYLES } from './html/styles.js';
import { articlesSection, filesSection, type FindingContext } from './html/findings.js';
import { batchSection } from './html/batch.js';

/**
 * No script, no network: everything the page shows is inline. The policy also stops any markup
 * that escaping might have missed from running or fetching anything.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * One self-contained HTML page for compliance officers: summary, batch charts and ranking (when
 * monthly reports were checked), findings by file and by article with the article's Chinese text.
 * Every string from the input is escaped by the `html` template; charts are SVG drawn by ECharts
 * at render time, and ECharts is loaded only when there is a batch to chart.
 */
export const formatHtml: Formatter = (report, { lang, failOn }) => {
  const t = labelsFor(lang);
  const ctx: FindingContext = { lang, t, rules: new Map(report.rules.map((r) => [r.id, r])) };
  const page = html`<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<title>${t.title}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>${t.title}</h1>
<p class="subtitle">${t.regulation}</p>
${metaLine(report, t, failOn)}
</header>
${summarySection(report, t, exitCode(report, failOn))}
${contents(report, t)}
${report.batch ? batchSection(report.batch, t, lang) : ''}
${filesSection(report, ctx)}
${articlesSection(report, ctx)}
${skippedSection(report, t, lang)}
<footer>${t.footer}</footer>
</body>
</html>
`;
  return page.value;
};

function metaLine(report: Report, t: Labels, failOn: FailOn): SafeHtml {
  const parts: SafeHtml[] = [
    html`${t.tool}${t.colon}${report.tool.name} ${report.tool.version}`,
    html`${t.ruleset}${t.colon}${report.ruleset.version} (sha256 <code class="small">${report.ruleset.sha256.slice(0, 12)}</code>)`,
    html`${t.failOn}${t.colon}${t[failOn]}`,
  ];
  if (report.asOf) parts.push(html`${t.asOf}${t.colon}${report.asOf}`);
  if (report.generatedAt) parts.push(html`${t.generatedAt}${t.colon}${report.generatedAt}`);
  return html`<p class="meta">${parts.map((p, i) => (i === 0 ? p : html` · ${p}`))}</p>`;
}

function summarySection(report: Report, t: Labels, status: 0 | 1 | 2): SafeHtml {
  const s = report.summary;
  const count = (status: string) => report.files.filter((f) => f.status === status).length;
  const waived = report.findings.filter((f) => f.waived).length;
  // Errors under --fail-on never exit 0, but are never shown as a pass (as the text summary's mark).
  const uncounted = status === 0 && s.errors > 0;
  const verdict = uncounted ? t.verdictNotCounted : status === 0 ? t.verdictPass : status === 1 ? t.verdictFail : t.verdictInvalid;
  const verdictClass = uncounted ? 1 : status;
  const card = (className: string, label: string, n: number) => html`<li class="${className}"><span class="n">${n}</span><span class="k">${label}</span></li>`;
  return html`<section id="summary">
<h2>${t.summary}</h2>
<p>${t.verdict}${t.colon}<span class="verdict verdict-${verdictClass}">${verdict}</span></p>
<ul class="cards">
${card('files', t.files, s.files)}
${card('errors', t.errors, s.errors)}
${card('warnings', t.warnings, s.warnings)}
${card('notices', t.notices, s.notices)}
${card('waived', t.waivedCount, waived)}
${card('pass', t.pass, count('pass'))}
${card('fail', t.fail, count('fail'))}
${card('invalid', t.invalid, count('invalid'))}
</ul>
</section>`;
}

function contents(report: Report, t: Labels): SafeHtml {
  return html`<nav aria-label="${t.contents}">
<ul>
${report.batch ? html`<li><a href="#batch">${t.batch}</a></li>` : ''}
<li><a href="#by-file">${t.byFile}</a>
<ul>
${report.files.map((file, i) => html`<li><a href="#file-${i + 1}">${file.file}</a> <span class="badge status-${file.status}">${t[file.status]}</span></li>`)}
</ul></li>
<li><a href="#by-article">${t.byArticle}</a></li>
</ul>
</nav>`;
}

function skippedSection(report: Report, t: Labels, lang: Lang): SafeHtml | '' {
  if (report.skippedRules.length === 0) return '';
  return html`<section id="skipped">
<h2>${t.skipped}${report.asOf ? ` (${report.asOf})` : ''}</h2>
<ul>
${report.skippedRules.map((s) => html`<li><code>${s.id}</code> — ${s.reason[lang]}</li>`)}
</ul>
</section>`;
}
