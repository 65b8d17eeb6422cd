import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeTerminal, showInvisible } from '../src/util/escape.js';
import { escapeXmlAttribute, escapeXmlText } from '../src/format/xml-escape.js';
import { markdownCell } from '../src/format/markdown.js';
import { escapeData } from '../src/format/github.js';
import { renderLineChart } from '../src/format/html/charts.js';

/**
 * Bidirectional controls (U+061C ARABIC LETTER MARK, U+202E RIGHT-TO-LEFT OVERRIDE, isolates…) and
 * the line and paragraph separators U+2028/U+2029 change how a vendor's name reads without being
 * seen. Every output context shows them (or, in a Markdown cell, drops them).
 */
const INVISIBLE = ['\u061c', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202e', '\u2066', '\u2069'];
const RAW = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('invisible characters in every context', () => {
  it.each([
    ['terminal', escapeTerminal],
    ['plain text (SARIF, annotations, chart labels)', showInvisible],
    ['HTML', escapeHtml],
    ['XML text', escapeXmlText],
    ['XML attribute', escapeXmlAttribute],
    ['GitHub annotation data', escapeData],
  ])('%s: each is a visible \\uNNNN escape', (_name, escape) => {
    for (const ch of INVISIBLE) {
      const code = ch.charCodeAt(0).toString(16).padStart(4, '0');
      expect(escape(`a${ch}b`), code).toBe(`a\\u${code}b`);
    }
  });

  it('Markdown cell: each is dropped', () => {
    for (const ch of INVISIBLE) expect(markdownCell(`a${ch}b`)).toBe('ab');
  });

  it('chart labels: an ECharts SVG legend and axis show them as escapes, never raw', () => {
    const svg = renderLineChart({
      id: 't',
      categories: ['2026-05\u2028x', '2026-06'],
      series: [{ name: 'Vendor \u202eevil\u061c', points: [{ value: 1 }, { value: 2 }] }],
      yAxisName: 'y',
    }).value;
    expect(svg).not.toMatch(RAW);
    expect(svg).toContain('Vendor \\u202eevil\\u061c');
    expect(svg).toContain('2026-05\\u2028x');
  });
});
