import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { code, COMMENT_LIMIT, formatMarkdown, markdownCell } from '../src/format/markdown.js';
import type { BatchSummary, Report } from '../src/report/model.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { checkFiles, projectRoot } from './support/fixtures.js';

const EN = { lang: 'en', color: false, failOn: 'error' } as const;

/** The cells of a GFM table row, split the way GFM does: on `|` not preceded by a backslash. */
function cells(row: string): string[] {
  return row.replace(/^\| | \|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('markdownCell', () => {
  it('keeps a cell one cell on one line: pipes, newlines, HTML and backticks', () => {
    expect(markdownCell('a|b')).toBe('a&#124;b');
    expect(markdownCell('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
    expect(markdownCell('<script>alert(1)</script> & <img src=x onerror=y>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=y&gt;');
    expect(markdownCell('`code` ``x``')).toBe('&#96;code&#96; &#96;&#96;x&#96;&#96;');
  });

  it('no links, emphasis or mentions from vendor text; control characters dropped', () => {
    expect(markdownCell('[click](http://x) *b* _i_ ~~s~~ \\')).toBe('\\[click\\](http&#58;//x) \\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\\\');
    expect(markdownCell('@octocat')).toBe('@&#8203;octocat');
    expect(markdownCell('a\u0000b\u001b[31mc\u202ed')).toBe('ab\\[31mcd');
  });

  it(']]> twice, %0A and :: pass as plain text', () => {
    expect(markdownCell('a]]>b]]> %0A ::')).toBe('a\\]\\]&gt;b\\]\\]&gt; %0A ::');
  });

  it('code spans are escaped the same way', () => {
    expect(code('a|b`<i>')).toBe('<code>a&#124;b&#96;&lt;i&gt;</code>');
  });
});

describe('the Markdown summary', () => {
  it('headline counts and one table row per finding with location, severity, rule, article, message, consequence', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml', 'fixtures/dossier-compliant.yaml', 'fixtures/no-such-file.yaml']);
    const md = formatMarkdown(report, EN);
    expect(md).toContain(`3 files checked: **${report.summary.errors}** error`);
    expect(md).toContain('(1 passed, 1 failed, 1 invalid)');
    const finding = report.findings[0]!;
    const row = md.split('\n').find((line) => line.includes(finding.ruleId))!;
    expect(cells(row)).toEqual([
      `<code>fixtures/dossier/dossier-capital-below-minimum.yaml:${finding.location.line}</code>`,
      '❌ error',
      `<code>${finding.ruleId}</code>`,
      `${finding.citation} <code>${finding.requirement}</code>`,
      markdownCell(finding.message.en),
      markdownCell(finding.consequence.en),
    ]);
    expect(md).toContain('### Files that could not be checked');
    expect(md).toContain('<code>fixtures/no-such-file.yaml</code>');
  });

  it('the headline counts input warnings, as the text summary does: --fail-on warning fails on them', async () => {
    const report = await checkFiles(['fixtures/warnings/dossier-unknown-nested-keys.yaml']);
    expect(formatMarkdown(report, EN)).toContain('**0** notices, **2** input warnings (1 passed');
    expect(formatMarkdown(report, { ...EN, lang: 'zh' })).toContain('**0** 个提示，**2** 个输入警告（1 通过');
    const clean = await checkFiles(['fixtures/dossier-compliant.yaml']);
    expect(formatMarkdown(clean, EN)).not.toContain('input warning');
  });

  it('lists the input warnings it counts, each with its place and message, in both languages', async () => {
    const report = await checkFiles(['fixtures/warnings/dossier-unknown-nested-keys.yaml']);
    const warnings = report.files[0]!.warnings;
    expect(warnings).toHaveLength(2);
    for (const lang of ['en', 'zh'] as const) {
      const md = formatMarkdown(report, { ...EN, lang });
      const section = md.slice(md.indexOf(lang === 'en' ? '### Input warnings' : '### 输入警告'));
      expect(section.length).toBeLessThan(md.length);
      for (const warning of warnings) {
        const row = section.split('\n').find((line) => line.includes(markdownCell(warning.message[lang])))!;
        expect(cells(row)).toEqual([code(`${report.files[0]!.file}:${warning.line}`), markdownCell(warning.message[lang])]);
      }
    }
    const clean = await checkFiles(['fixtures/dossier-compliant.yaml']);
    expect(formatMarkdown(clean, EN)).not.toContain('### Input warnings');
  });

  it('Chinese labels in Chinese', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const md = formatMarkdown(report, { ...EN, lang: 'zh' });
    expect(md).toContain('检查 1 个文件：**1** 个错误');
    expect(md).toContain(markdownCell(report.findings[0]!.message.zh));
    expect(md).toContain('| 位置 | 级别 | 规则 | 条款 | 说明 | 后果 |');
  });

  it('a hostile vendor name or file name cannot break the table', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const hostile = 'a]]>b]]> <script>x</script> & | `rm` \u0001 %0A :: @admin\nnext';
    report.findings[0]!.location.file = hostile;
    report.findings[0]!.message = { ...report.findings[0]!.message, en: `vendor ${hostile}` }; // shared and frozen: replaced, not edited
    const md = formatMarkdown(report, EN);
    const row = md.split('\n').find((line) => line.includes(report.findings[0]!.ruleId))!;
    expect(cells(row)).toHaveLength(6);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('\u0001');
    expect(md).not.toContain('@admin');
    expect(cells(row)[4]).toBe(markdownCell(`vendor ${hostile}`));
  });

  it('the batch table when the report has one', async () => {
    const report: Report = await checkFiles(['fixtures/dossier-compliant.yaml']);
    const batch: BatchSummary = {
      months: ['2026-09'],
      vendorMonths: [
        { month: '2026-09', creditCode: '91370102MA3C4F5G9F', vendorName: '泉声|<b>', city: '济南', file: 'r.yaml', assessmentScore: 71.5, complaintRatePercent: 0.125, rank: 3, vendorsRanked: 3, lastPlace: true, errors: 1, warnings: 0, notices: 2 },
      ],
    };
    const md = formatMarkdown({ ...report, batch }, EN);
    expect(md).toContain('### Monthly summary');
    const row = md.split('\n').find((line) => line.startsWith('| 2026-09'))!;
    expect(cells(row)).toEqual(['2026-09', '3 / 3', '泉声&#124;&lt;b&gt;', '<code>91370102MA3C4F5G9F</code>', '济南', '71.5', '0.125%', '1', '0', '2', 'yes']);
    expect(formatMarkdown(report, EN)).not.toContain('Monthly summary');
  });
});

/** The HTML GitHub-flavoured Markdown makes of the summary (marked, with GFM autolinks on). */
function render(md: string): string {
  return marked.parse(md, { gfm: true, async: false });
}

describe('the Markdown summary as a renderer shows it', () => {
  it('bare URLs, www. addresses and e-mail addresses from the input are not links', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml', 'fixtures/no-such-file.yaml']);
    // Without the neutralising, marked links each of these but ftp:// (checked on the raw text below).
    const addresses = 'see https://evil.example/pay and http://x.test/a, www.evil.example, WWW.Evil.Example, ftp://files.test/x and boss@corp.example';
    expect(render(addresses).match(/<a /g)).toHaveLength(5);
    report.findings[0]!.message = { ...report.findings[0]!.message, en: addresses }; // shared and frozen: replaced, not edited
    report.findings[0]!.location.file = 'www.evil.example/https://a.test';
    report.files[1]!.errors[0]!.message.en = addresses;
    report.skippedRules.push({ id: 'R0-1/https://x.test', reason: { zh: addresses, en: addresses } });
    const html = render(formatMarkdown(report, EN));
    expect(html).toContain('evil.example/pay');
    expect(html).not.toMatch(/<a\b/);
  });

  it("GitHub's issue links, emoji and math are not made of vendor text; the text reads the same", async () => {
    // GitHub links `#12`, `acme/site#34` and `GH-56` to issues and draws `:smile:` as an emoji on the
    // rendered text (marked leaves them, so they are looked for in its text), and reads `$…$` and
    // `$$…$$` as math, which a backslash does not escape: a `$` is shown in a span of its own.
    const hostile = 'pay $5 or $$x$$ :smile: :+1: :-1: :100: :thumbs_up: see #12, acme/site#34, GH-56 &#1';
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    report.findings[0]!.message = { ...report.findings[0]!.message, en: hostile }; // shared and frozen: replaced, not edited
    report.findings[0]!.location.file = 'GH-7 #8 :x: $y$';
    const html = render(formatMarkdown(report, EN));
    // Entities decoded as a browser does (marked passes the HTML of a code cell through as written).
    const text = html.replace(/<[^>]+>/g, '').replace(/&#8203;/g, '\u200b').replace(/&amp;/g, '&');
    expect(text.replace(/\u200b/g, '')).toContain(hostile);
    expect(text.replace(/\u200b/g, '')).toContain('GH-7 #8 :x: $y$');
    expect(text).not.toMatch(/#\d|GH-\d|:(?:smile|\+1|-1|100|thumbs_up|x):/);
    expect(html.replace(/<span>\$<\/span>/g, '')).not.toContain('$');
  });

  it('times and ranges in a cell are left as written (no emoji code in them)', () => {
    expect(markdownCell('called at 09:30:00, window 08:00-21:00, 12:34:56:78')).toBe('called at 09:30:00, window 08:00-21:00, 12:34:56:78');
  });

  it('100,000 findings fit a comment: summary first, errors before warnings and notices, and a line counts what was left out', async () => {
    const base = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml', 'fixtures/no-such-file.yaml']);
    const template = base.findings[0]!;
    const severities = ['notice', 'warning', 'error'] as const;
    // Notices first in the report, so an order that kept the report's order would show no error.
    const findings = Array.from({ length: 100_000 }, (_, i) => ({
      ...template,
      severity: severities[Math.min(2, Math.floor((i * 3) / 100_000))]!,
      message: { zh: `第 ${i} 条`, en: `finding number ${i} https://x.test/${i}` },
      location: { ...template.location, line: i + 1 },
    }));
    const report: Report = { ...base, findings, summary: { ...base.summary, errors: 33_334, warnings: 33_333, notices: 33_333 } };
    const md = formatMarkdown(report, EN);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect([...md].length).toBeLessThanOrEqual(COMMENT_LIMIT);
    const html = render(md);
    expect(html).not.toMatch(/<a\b/);
    const text = html.replace(/<[^>]+>/g, '');
    const headline = text.indexOf('files checked: 33334 errors');
    const inputs = text.indexOf('Files that could not be checked');
    const firstRow = text.indexOf('finding number');
    expect(headline).toBeGreaterThan(-1);
    expect(inputs).toBeGreaterThan(headline);
    expect(firstRow).toBeGreaterThan(inputs);
    // The rows shown are errors only: 33,334 of them do not fit.
    const rows = [...html.slice(html.indexOf('<h3>Findings</h3>')).matchAll(/<tr>\s*<td><code>[^<]*<\/code><\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => m[1]!.trim());
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows)).toEqual(new Set(['❌ error']));
    const shown = rows.length;
    expect(text).toContain(`Left out to fit a pull-request comment (${COMMENT_LIMIT} characters): ${100_000 - shown} findings.`);
    expect(text).toContain('The full report: run tmcheck with --format html=FILE or --format json=FILE');
    expect(md.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it('a report that fits is shown whole, with no left-out line', async () => {
    // Every document fixture but the monthly batches (whose vendor × month tables alone fill a comment),
    // fixtures/folder-mixed (copies of dossier fixtures) and the last dossier and monthly fixtures added
    // (sessions 8, 9, 10 and 13) and the report whose credit code no dossier has (its tmcheck/report-no-dossier
    // error, session 13), which together no longer fit: the set is as large as one comment holds. Nor the
    // two dossiers whose licence lapses in October (session 17: each would give every October report of
    // their vendor an R10-P5-2/license-in-force-in-month error).
    const dossiers = readdirSync(path.join(projectRoot, 'fixtures/dossier'))
      .filter((name) => !['dossier-license-number-invisible.yaml', 'dossier-license-expired.yaml', 'dossier-license-expires-on-submission.yaml'].includes(name))
      .map((name) => `fixtures/dossier/${name}`);
    const monthly = readdirSync(path.join(projectRoot, 'fixtures/monthly'))
      .filter((name) => !['report-calling-before-campaign.yaml', 'report-inspection-listed-twice.yaml', 'report-agent-id-twice.yaml', 'report-agent-id-none.yaml', 'report-credit-code-check-digit.yaml'].includes(name))
      .map((name) => `fixtures/monthly/${name}`);
    const report = await checkFiles([...dossiers, ...monthly, 'fixtures/invalid', 'fixtures/warnings']);
    const md = formatMarkdown(report, EN);
    expect(report.findings.length).toBeGreaterThan(50);
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).not.toContain('Left out');
    expect(md.split('\n').filter((line) => line.startsWith('| <code>') && !line.includes('| input')).length).toBeGreaterThanOrEqual(report.findings.length);
  });
});
