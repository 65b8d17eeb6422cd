import { describe, expect, it } from 'vitest';
import { formatText } from '../src/format/text.js';
import { formatMarkdown } from '../src/format/markdown.js';
import { formatJunit } from '../src/format/junit.js';
import { rowLabel } from '../src/format/row-label.js';
import { checkFiles } from './support/fixtures.js';

const FILES = ['fixtures/calllogs/report-2026-10-jinan.yaml', 'fixtures/calllogs/calllog-2026-10-utf8-bom.csv'];
const ZH = { lang: 'zh', color: false, failOn: 'error' } as const;

describe('a table row in Chinese output is 第 N 行', () => {
  it('rowLabel says the row in the reader language, with the physical line when it differs', () => {
    expect(rowLabel(4, undefined, 'zh')).toBe('第 4 行');
    expect(rowLabel(4, 6, 'zh')).toBe('第 4 行（文件第 6 行）');
    expect(rowLabel(4, undefined, 'en')).toBe('row 4');
    expect(rowLabel(4, 6, 'en')).toBe('row 4 (line 6)');
  });

  it('text, Markdown and JUnit in zh show the row of a call-log finding and of a bad row as 第 N 行', async () => {
    const report = await checkFiles(FILES);
    const text = formatText(report, ZH);
    expect(text).toMatch(/^ {2}第 6 行 {2}错误/m);
    expect(text).toMatch(/^ {2}第 13 行 recorded {2}警告/m);
    expect(text).not.toMatch(/\brow \d/);
    const markdown = formatMarkdown(report, ZH);
    expect(markdown).toContain('calllog-2026-10-utf8-bom.csv 第 6 行');
    expect(markdown).not.toMatch(/\brow \d/);
    const junit = formatJunit(report, ZH);
    expect(junit).toContain('calllog-2026-10-utf8-bom.csv 第 6 行');
    expect(junit).not.toMatch(/\brow \d/);
  });
});
