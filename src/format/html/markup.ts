import { escapeHtml } from '../../util/escape.js';

/**
 * Markup that is already safe to emit. Only `html` templates and `trustedSvg` make one, so a
 * plain string interpolated anywhere in the page is always escaped: escaping is the default,
 * not something each call site has to remember.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Interpolation = SafeHtml | string | number | undefined | null | false | readonly Interpolation[];

/** Tagged template: literal parts are kept, interpolated strings are escaped, arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'number') return String(value);
  return escapeHtml(value as string);
}

// Every element and attribute ECharts' SVG renderer emits for the line charts drawn here.
const SVG_TAGS = new Set(['svg', 'g', 'path', 'text', 'tspan', 'rect', 'circle', 'line', 'polyline', 'polygon', 'defs', 'clippath', 'style', 'lineargradient', 'stop']);
const TAG = /<\/?([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g;

/**
 * Accepts an SVG string from the chart renderer only if it is inert: known drawing elements, no
 * event handlers, no links. ECharts escapes text content but not attribute values, so this is the
 * check that would catch a vendor string reaching an attribute in some future version.
 */
export function trustedSvg(svg: string): SafeHtml {
  if (!svg.startsWith('<svg')) throw new Error('chart renderer did not return an SVG element');
  for (const match of svg.matchAll(TAG)) {
    const tag = (match[1] ?? '').toLowerCase();
    if (!SVG_TAGS.has(tag)) throw new Error(`chart SVG contains an unexpected <${tag}> element`);
    for (const attribute of (match[2] ?? '').matchAll(ATTRIBUTE)) {
      const name = (attribute[1] ?? '').toLowerCase();
      if (name.startsWith('on') || name.endsWith('href')) throw new Error(`chart SVG contains an unexpected ${name} attribute`);
    }
  }
  return new SafeHtml(svg);
}
