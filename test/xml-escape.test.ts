import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateXML } from 'xmllint-wasm';
import { escapeXmlAttribute, escapeXmlText, replaceXmlForbidden } from '../src/format/xml-escape.js';

describe('escapeXmlText', () => {
  it('escapes every `]]>`, `<` and `&`, not only the first', () => {
    expect(escapeXmlText('a]]>b]]>c')).toBe('a]]&gt;b]]&gt;c');
    expect(escapeXmlText('<script>&amp;</script> < &')).toBe('&lt;script&gt;&amp;amp;&lt;/script&gt; &lt; &amp;');
  });

  it('keeps quotes, tabs and newlines in text but protects CR from newline normalisation', () => {
    expect(escapeXmlText(`"it's"\tline\nnext\r\nend`)).toBe(`"it's"\tline\nnext&#13;\nend`);
  });

  it('never emits characters XML 1.0 forbids: they become visible escapes', () => {
    expect(escapeXmlText('a\u0000b\u0001c\u0008d\u000be\u000cf\u001bg\u001fh')).toBe('a\\x00b\\x01c\\x08d\\x0be\\x0cf\\x1bg\\x1fh');
    expect(escapeXmlText('\ufffe\uffff')).toBe('\\ufffe\\uffff');
    expect(escapeXmlText('lone \ud800 and \udc00')).toBe('lone \\ud800 and \\udc00');
  });

  it('leaves Chinese text, emoji (surrogate pairs) and a no-break space alone; shows DEL and C1 controls, which XML allows, as in HTML', () => {
    expect(escapeXmlText('注册资本 ¥999,999 😀')).toBe('注册资本 ¥999,999 😀');
    expect(replaceXmlForbidden('\u0085\u00a0\u007f\u009b')).toBe('\\x85\u00a0\\x7f\\x9b');
  });
});

describe('escapeXmlAttribute', () => {
  it('escapes both quotes, markup and whitespace that attribute normalisation would change', () => {
    expect(escapeXmlAttribute(`"x" 'y' <a> & ]]> ]]>\t\n\r`)).toBe('&quot;x&quot; &apos;y&apos; &lt;a&gt; &amp; ]]&gt; ]]&gt;&#9;&#10;&#13;');
  });

  it('never emits forbidden control characters', () => {
    expect(escapeXmlAttribute('\u0000\u0007')).toBe('\\x00\\x07');
  });
});

describe('a parser reads back exactly what was escaped (allowed characters)', () => {
  const allowed = fc.string({ unit: 'binary', maxLength: 40 }).map(replaceXmlForbidden);

  it('text and attribute round-trip through libxml2 for arbitrary strings', async () => {
    const samples = fc.sample(allowed, 60).concat(['a]]>b]]>c', '<script>&</script>', `"'`, '\r\n\t', '%0A::|']);
    const body = samples.map((s, i) => `<v i="${i}" a="${escapeXmlAttribute(s)}">${escapeXmlText(s)}</v>`).join('');
    const result = await validateXML({ xml: { fileName: 'x.xml', contents: `<r>${body}</r>` }, normalization: 'c14n' });
    expect(result.errors).toEqual([]);
    // Canonical XML writes text and attributes back with a fixed escaping: undo it to compare.
    const values = [...result.normalized.matchAll(/<v a="([^"]*)" i="(\d+)">([^<]*)<\/v>/g)];
    expect(values).toHaveLength(samples.length);
    for (const [, attribute, index, text] of values) {
      const original = samples[Number(index)]!;
      expect(unC14n(attribute!)).toBe(original);
      expect(unC14n(text!)).toBe(original);
    }
  });
});

function unC14n(value: string): string {
  return value
    .replace(/&#x9;/g, '\t')
    .replace(/&#xA;/g, '\n')
    .replace(/&#xD;/g, '\r')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
