import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, formatHtml } from '../src/format/html.js';
import { FORMATTERS } from '../src/format/registry.js';
import { html, trustedSvg } from '../src/format/html/markup.js';
import { articleHeading, chineseNumber } from '../src/format/html/labels.js';
import { summarize, type FileResult, type Finding, type Report, type RuleInfo, type VendorMonth } from '../src/report/model.js';
import { projectRoot } from './support/fixtures.js';
import { SCRIPT_VENDOR, IMG_VENDOR, HOSTILE_FILE, rules, findings, files, makeReport, finding, vendorMonth, render } from './support/html-report.js';

/** The markup of the element whose id is `id`, up to its matching close tag (nested sections included). */
function section(page: string, id: string): string {
  const start = page.lastIndexOf('<', page.indexOf(`id="${id}"`));
  expect(page.indexOf(`id="${id}"`), `element #${id}`).toBeGreaterThan(-1);
  const tag = /^<(\w+)/.exec(page.slice(start))![1]!;
  const pattern = new RegExp(`<${tag}\\b|</${tag}>`, 'g');
  pattern.lastIndex = start;
  let depth = 0;
  for (let m = pattern.exec(page); m; m = pattern.exec(page)) {
    depth += m[0] === `</${tag}>` ? -1 : 1;
    if (depth === 0) return page.slice(start, m.index + m[0].length);
  }
  throw new Error(`#${id} is not closed`);
}

describe('html format: page structure', () => {
  it('is registered under the name html', () => {
    expect(FORMATTERS.html).toBe(formatHtml);
  });

  it('is a complete document with the strict CSP and the language of the labels', () => {
    const en = render(makeReport(), 'en');
    expect(en.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(en).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`);
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(en).toContain('<h2>Findings by file</h2>');
    expect(en).not.toContain('按文件列出的问题');

    const zh = render(makeReport(), 'zh');
    expect(zh.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(zh).toContain('<h2>按文件列出的问题</h2>');
    expect(zh).toContain('<h2>按条款列出的问题</h2>');
    expect(zh).not.toContain('Findings by file');
  });

  it('loads nothing: no scripts, stylesheets, images, frames or remote URLs', () => {
    const page = render(makeReport());
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed|image|foreignObject)\b/i);
    expect(page).not.toMatch(/\s(src|href)\s*=\s*"(?!#)/i);
    expect(page).not.toMatch(/@import|url\(\s*['"]?(https?:|\/\/)/i);
  });

  it('summarises counts, statuses and the verdict', () => {
    const page = render(makeReport());
    const summary = section(page, 'summary');
    const card = (name: string) => summary.match(new RegExp(`<li class="${name}"><span class="n">(\\d+)</span>`))?.[1];
    expect(card('files')).toBe('3');
    expect(card('errors')).toBe('1');
    expect(card('warnings')).toBe('0'); // the only warning is waived
    expect(card('notices')).toBe('1');
    expect(card('waived')).toBe('1');
    expect(card('pass')).toBe('0');
    expect(card('fail')).toBe('2');
    expect(card('invalid')).toBe('1');
    expect(summary).toContain('<span class="verdict verdict-2">Some files could not be checked</span>');
    const allPass = makeReport({ files: [{ ...files[0]!, status: 'pass' }], findings: [], summary: summarize([files[0]!], []) });
    expect(section(render(allPass, 'zh'), 'summary')).toContain('<span class="verdict verdict-0">通过</span>');
  });

  it('never shows errors as a pass, even when --fail-on never makes the run exit 0', () => {
    const error = findings.find((f) => f.severity === 'error' && !f.waived)!;
    const file = files.find((f) => f.file === error.location.file)!;
    const failing = makeReport({ files: [file], findings: [error], summary: summarize([file], [error]) });
    const never = (lang: 'en' | 'zh') => section(formatHtml(failing, { lang, color: false, failOn: 'never' }), 'summary');
    expect(never('en')).toContain('<span class="verdict verdict-1">Errors found (not failing the run: --fail-on never)</span>');
    expect(never('zh')).toContain('<span class="verdict verdict-1">有错误（按 --fail-on never 不判为不通过）</span>');
    expect(never('en')).not.toContain('Passed');
  });

  it('shows each finding with message, consequence, location, rule title and the article text, in the chosen language', () => {
    const zh = render(makeReport(), 'zh');
    const file = section(zh, 'file-1');
    expect(file).toContain('<code>dossiers/a.yaml</code> <span class="badge status-fail">不通过</span>');
    const card = file.slice(file.indexOf('<article class="finding severity-error">'), file.indexOf('</article>'));
    expect(card).toContain('R7-1/signing-entity · R7-1 · 第七条');
    expect(card).toContain('<p class="message">签约主体为「&lt;script&gt;alert(1)&lt;/script&gt;」</p>');
    expect(card).toContain('<code>dossiers/a.yaml:12:21</code> <code class="pointer">/cooperation/agreement/signing_entity</code>');
    expect(card).toContain('<dt>后果</dt><dd>中文后果</dd>');
    expect(card).toContain('<dd>协议以联通新国信通信有限公司山东分公司名义签订</dd>');
    expect(card).toContain('条文原文 · 第七条</span>所有电话营销业务外包和合作协议必须以联通新国信通信有限公司山东分公司名义签定。</blockquote>');

    const en = section(render(makeReport(), 'en'), 'file-1');
    expect(en).toContain('<dt>Consequence</dt><dd>English consequence</dd>');
    expect(en).toContain('<dd>The agreement is signed in the name of 联通新国信</dd>');
    expect(en).toContain('Article text (Chinese original) · 第七条</span>所有电话营销业务外包'); // the law stays Chinese
  });

  it('marks a waived finding with its reason, approver and expiry', () => {
    const page = render(makeReport(), 'en');
    const file = section(page, 'file-1');
    const card = file.slice(file.indexOf('<article class="finding severity-warning is-waived">'));
    expect(card).toContain('<span class="badge waived">waived</span>');
    expect(card).toContain('<p class="waiver">Waived: retraining booked &lt;2026-03-01&gt; · approved by Li Hua · expires 2026-06-30</p>');
    expect(card).toContain('<code>dossiers/a.yaml:41:30</code> <code class="pointer">/agents/3/pre_job_training_hours</code>');
    expect(section(page, 'by-article')).toMatch(/<tr class="is-waived">.*Waived: retraining booked &lt;2026-03-01&gt;/);
    expect(render(makeReport(), 'zh')).toContain('<p class="waiver">豁免理由：retraining booked &lt;2026-03-01&gt; · 批准人 Li Hua · 有效期至 2026-06-30</p>');
  });

  it('lists input errors of an invalid file with position and pointer, and escapes its name', () => {
    const page = render(makeReport(), 'en');
    const file = section(page, 'file-2');
    expect(file).toContain('<code>reports/&lt;b&gt;bad&lt;/b&gt;&amp;&quot;file&quot;.yaml</code> <span class="badge status-invalid">invalid</span>');
    expect(file).toContain('<caption>Input errors (the file was not checked)</caption>');
    expect(file).toContain('<tr><td>3:5</td><td><code>/vendor/&lt;name&gt;</code></td><td>the required field month is missing</td></tr>');
    expect(page).not.toContain(HOSTILE_FILE);
  });

  it('gives a table row as the location of a finding on tabular input', () => {
    const zh = section(render(makeReport(), 'zh'), 'file-3');
    expect(zh).toContain('<code>calls/2026-02.csv，第 17 行，recorded 列</code>');
    const en = section(render(makeReport(), 'en'), 'file-3');
    expect(en).toContain('<code>calls/2026-02.csv, row 17, column recorded</code>');
  });

  it('groups findings by article in article order, with each rule title and text', () => {
    const zh = section(render(makeReport(), 'zh'), 'by-article');
    const headings = [...zh.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(['第七条', '第二十条', '第二十四条']);
    expect(zh).toContain('<h4>R24-3/complaint-rate-compensation — 投诉率不超过 3% 时须赔偿用户</h4>');
    expect(zh).toContain('投诉率在3%以内（含3%）的');
    expect(zh).toContain('<code>calls/2026-02.csv，第 17 行，recorded 列</code>');
    const en = section(render(makeReport(), 'en'), 'by-article');
    expect([...en.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1])).toEqual(['Article 7', 'Article 20', 'Article 24']);
  });

  it('lists rules not in force', () => {
    expect(section(render(makeReport(), 'zh'), 'skipped')).toContain('<li><code>R99-1/future</code> — 2027-01-01 起生效</li>');
  });

  it('has no batch section, and no chart, without a batch', () => {
    const { batch: _batch, ...rest } = makeReport();
    const page = render(rest as Report);
    expect(page).not.toContain('id="batch"');
    expect(page).not.toContain('<svg');
  });
});

describe('html format: batch charts and ranking', () => {
  it('draws the complaint-rate and score charts as inline SVG with one legend entry per vendor', () => {
    const page = render(makeReport(), 'zh');
    for (const id of ['chart-complaint-rate', 'chart-assessment-score']) {
      const figure = page.slice(page.indexOf(`<figure class="chart" id="${id}">`), page.indexOf('</figure>', page.indexOf(`id="${id}"`)));
      const svg = figure.slice(figure.indexOf('<svg'), figure.indexOf('</svg>') + 6);
      expect(svg.startsWith('<svg width="760"')).toBe(true);
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      for (const month of ['2026-01', '2026-02', '2026-03']) expect(texts).toContain(month);
      expect(texts).toContain('济南优声外呼服务有限公司');
      expect(texts).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(texts).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    }
    expect(page).toContain('<figcaption>各外包合作方每月投诉率</figcaption>');
    expect(page).toContain('<figcaption>各外包合作方每月综合考核得分</figcaption>');
  });

  it('marks each month’s last place on the score chart', () => {
    const page = render(makeReport());
    const start = page.indexOf('id="chart-assessment-score"');
    const svg = page.slice(start, page.indexOf('</svg>', start));
    // three last places (one per month), each drawn as a red symbol
    expect(svg.match(/<path [^>]*fill="#c62828"/g)?.length).toBe(3);
    const rates = page.slice(page.indexOf('id="chart-complaint-rate"'), start);
    expect(rates).not.toContain('fill="#c62828"');
  });

  it('renders one ranking table per month with the last place marked', () => {
    const page = render(makeReport(), 'zh');
    const batch = section(page, 'batch');
    expect([...batch.matchAll(/<caption>月份 (\S+)<\/caption>/g)].map((m) => m[1])).toEqual(['2026-01', '2026-02', '2026-03']);
    const lastRows = [...batch.matchAll(/<tr class="last-place">\n<td>(.*?)<\/td>\n<td>(.*?)<br>/g)].map((m) => [m[1], m[2]]);
    expect(lastRows).toEqual([
      ['3 / 3 <span class="badge last">末位</span>', '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'],
      ['3 / 3 <span class="badge last">末位</span>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
      ['3 / 3 <span class="badge last">末位</span>', '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'],
    ]);
    expect(batch).toContain('<td class="num">66.25</td>\n<td class="num">11.5%</td>');
    expect(batch).toContain('<td class="num">80</td>\n<td class="num">—</td>'); // no paying users: no rate
  });

  it('escapes every vendor string: the raw hostile names appear nowhere', () => {
    for (const lang of ['zh', 'en'] as const) {
      const page = render(makeReport(), lang);
      expect(page).not.toContain(SCRIPT_VENDOR);
      expect(page).not.toContain(IMG_VENDOR);
      expect(page).not.toMatch(/<script|<img/i);
    }
  });

  it('renders the same report byte-identically, whatever was drawn before in the process', () => {
    const first = render(makeReport(), 'zh');
    expect(render(makeReport(), 'zh')).toBe(first);
    expect(first).toContain('clip-path="url(#complaint-rate-');
    expect(first).toContain('clip-path="url(#assessment-score-');
    expect(first).not.toMatch(/<[^>]*\bzr\d+-/); // ECharts' process-wide ids are renamed in tags…
    const named = makeReport({ batch: { months: ['2026-01'], vendorMonths: [vendorMonth('2026-01', 'AAA', 'zr0-c0 公司', 90, 1, 1, false)] } });
    expect(render(named)).toContain('>zr0-c0 公司</text>'); // …and never in text
  });

  it('keeps two vendors with the same name apart in the legend', () => {
    const twins = [vendorMonth('2026-01', 'AAA', '同名公司', 90, 1, 1, false), vendorMonth('2026-01', 'BBB', '同名公司', 80, 2, 2, true)];
    const page = render(makeReport({ batch: { months: ['2026-01'], vendorMonths: twins } }));
    const start = page.indexOf('id="chart-complaint-rate"');
    const svg = page.slice(start, page.indexOf('</svg>', start));
    expect(svg).toContain('>同名公司 (AAA)</text>');
    expect(svg).toContain('>同名公司 (BBB)</text>');
  });
});

describe('html markup helpers', () => {
  it('escapes interpolated strings, joins arrays and keeps SafeHtml as it is', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${['<', html`<br>`, 3, undefined, false]}</p>`.value).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&lt;<br>3</p>');
  });

  it('isolates runs of right-to-left letters in element content (digits and other text outside them), never inside a tag', () => {
    const mixed = 'שלום עולם: 12, شركة 3 <x>';
    expect(html`<p title="${mixed}">${mixed}</p>`.value).toBe(
      '<p title="שלום עולם: 12, شركة 3 &lt;x&gt;"><bdi>שלום עולם</bdi>: 12, <bdi>شركة</bdi> 3 &lt;x&gt;</p>',
    );
    // Text without such letters, as every fixture's, is as before.
    expect(html`<p>${'济南泉声 report-2026-10.yaml:12:3 \u202e'}</p>`.value).toBe('<p>济南泉声 report-2026-10.yaml:12:3 \\u202e</p>');
  });

  it('accepts chart SVG only when it is inert', () => {
    expect(trustedSvg('<svg width="1"><text x="1">&lt;script&gt;</text></svg>').value).toContain('<svg');
    expect(() => trustedSvg('<div></div>')).toThrow(/SVG/);
    expect(() => trustedSvg('<svg><script>alert(1)</script></svg>')).toThrow(/<script>/);
    expect(() => trustedSvg('<svg><foreignObject></foreignObject></svg>')).toThrow(/foreignobject/);
    expect(() => trustedSvg('<svg onload="alert(1)"></svg>')).toThrow(/onload/);
    expect(() => trustedSvg('<svg><path xlink:href="javascript:x"></path></svg>')).toThrow(/href/);
  });

  it('writes article numbers in Chinese numerals', () => {
    expect([1, 7, 10, 11, 20, 24, 99].map(chineseNumber)).toEqual(['一', '七', '十', '十一', '二十', '二十四', '九十九']);
    expect(articleHeading('24', 'zh')).toBe('第二十四条');
    expect(articleHeading('24', 'en')).toBe('Article 24');
    expect(articleHeading('附则', 'en')).toBe('附则');
  });
});

describe('html format: ECharts is loaded only when a chart is drawn', () => {
  // Runs the built CLI modules (npm test builds dist/ before vitest) in a fresh process, where the
  // module cache shows exactly what was loaded.
  const probe = (format: string, withBatch: boolean): { loaded: boolean } => {
    const script = `
      import { createRequire } from 'node:module';
      import { pathToFileURL } from 'node:url';
      const dist = ${JSON.stringify(path.join(projectRoot, 'dist'))};
      const { FORMATTERS } = await import(pathToFileURL(dist + '/format/registry.js').href);
      const report = JSON.parse(process.argv[1]);
      FORMATTERS[${JSON.stringify(format)}](report, { lang: 'en', color: false, failOn: 'error' });
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/echarts/'));
      process.stdout.write(JSON.stringify({ loaded }));`;
    const report = makeReport();
    if (!withBatch) delete report.batch;
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(report)], { encoding: 'utf8' })) as { loaded: boolean };
  };

  it('is not loaded by a text run or an html report without a batch, and is loaded for a batch', () => {
    expect(existsSync(path.join(projectRoot, 'dist/format/html.js')), 'run npm run build first').toBe(true);
    expect(probe('text', true).loaded).toBe(false);
    expect(probe('html', false).loaded).toBe(false);
    expect(probe('html', true).loaded).toBe(true);
  });
});
