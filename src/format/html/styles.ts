/**
 * Fonts that carry Chinese on Windows, macOS and Linux; the charts' SVG text uses them too. Single
 * quotes only: ECharts writes this into a double-quoted SVG attribute without escaping it.
 */
export const FONT_STACK =
  "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',system-ui,sans-serif";

/** The page's only stylesheet, inlined: the report must read well offline, on screen and on paper. */
export const STYLES = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --error: #c62828; --warning: #b26a00; --notice: #1565c0; --pass: #2e7d32; --waived: #6a1b9a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 32px 48px; color: var(--fg); background: #fff;
  font: 15px/1.6 ${FONT_STACK}; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 24px 0 8px; }
h4 { font-size: 15px; margin: 16px 0 6px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em;
  background: var(--bg-soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
code.small { font-size: 0.8em; }
.subtitle, .meta, .note { color: var(--muted); margin: 4px 0; }
.note { font-size: 13px; }
nav ul { margin: 4px 0; padding-left: 20px; }
a { color: var(--notice); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; padding: 0; list-style: none; }
.cards li { flex: 1 1 110px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.cards .n { display: block; font-size: 24px; font-weight: 600; }
.cards .k { color: var(--muted); font-size: 13px; }
.cards .errors .n { color: var(--error); } .cards .warnings .n { color: var(--warning); }
.cards .notices .n { color: var(--notice); } .cards .waived .n { color: var(--waived); }
.verdict { display: inline-block; font-weight: 600; padding: 4px 12px; border-radius: 6px; color: #fff; }
.verdict-0 { background: var(--pass); } .verdict-1 { background: var(--error); } .verdict-2 { background: #7f1d1d; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; line-height: 1.4; padding: 1px 8px;
  border-radius: 10px; color: #fff; background: var(--muted); white-space: nowrap; }
.badge.severity-error, .badge.status-fail, .badge.last { background: var(--error); }
.badge.severity-warning { background: var(--warning); }
.badge.severity-notice { background: var(--notice); }
.badge.status-pass { background: var(--pass); }
.badge.status-invalid { background: #7f1d1d; }
.badge.waived { background: var(--waived); }
.file { border-top: 1px solid var(--line); }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--muted); border-radius: 6px;
  padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
.finding.severity-error { border-left-color: var(--error); }
.finding.severity-warning { border-left-color: var(--warning); }
.finding.severity-notice { border-left-color: var(--notice); }
.finding.is-waived { border-left-color: var(--waived); background: #faf5fc; }
.finding header { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.rule-id { color: var(--muted); font-size: 13px; }
.message { font-weight: 600; margin: 6px 0; }
.waiver { color: var(--waived); margin: 4px 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
dt { color: var(--muted); } dd { margin: 0; }
blockquote.source { margin: 8px 0 0; padding: 6px 12px; border-left: 3px solid var(--line);
  background: var(--bg-soft); font-size: 14px; }
.source-label { display: block; color: var(--muted); font-size: 12px; }
.ok { color: var(--pass); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.ranking { table-layout: fixed; }
table.ranking th:nth-child(1) { width: 12%; } table.ranking th:nth-child(2) { width: 28%; }
table.ranking th:nth-child(3) { width: 8%; } table.ranking th:nth-child(4) { width: 8%; }
table.ranking th:nth-child(5) { width: 10%; } table.ranking th:nth-child(6) { width: 12%; }
tr.last-place td { background: #fdecea; }
tr.is-waived td { background: #faf5fc; }
table.input-errors caption { color: var(--error); }
figure.chart { margin: 16px 0; break-inside: avoid; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
figure.chart svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
@media print { body { padding: 0; max-width: none; } nav { display: none; } a { color: inherit; text-decoration: none; } }
`;
