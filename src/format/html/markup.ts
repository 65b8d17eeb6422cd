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

/**
 * Tagged template: literal parts are kept, interpolated strings are escaped (and, as element content,
 * their right-to-left letters isolated: isolateRightToLeft), arrays are joined.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  const inTag = inTagAt(strings);
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value, inTag[i] === true) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Per template (the same strings object at each call): whether each interpolation sits inside a tag. */
const TAG_POSITIONS = new WeakMap<TemplateStringsArray, boolean[]>();

/**
 * Whether each interpolation of a template sits inside a tag (an attribute value), where no markup
 * may be added, only escaping. Told by the template's own literal parts: what is interpolated is
 * escaped text or whole markup, and never opens or closes a tag.
 */
function inTagAt(strings: TemplateStringsArray): boolean[] {
  let positions = TAG_POSITIONS.get(strings);
  if (!positions) {
    positions = [];
    let open = false;
    for (let i = 0; i < strings.length - 1; i++) {
      const part = strings[i] ?? '';
      const lt = part.lastIndexOf('<');
      const gt = part.lastIndexOf('>');
      if (lt > gt) open = true;
      else if (gt > lt) open = false;
      positions.push(open);
    }
    TAG_POSITIONS.set(strings, positions);
  }
  return positions;
}

function render(value: Interpolation, inTag: boolean): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((v) => render(v, inTag)).join('');
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'number') return String(value);
  return inTag ? escapeHtml(value as string) : isolateRightToLeft(escapeHtml(value as string));
}

/**
 * Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation
 * forms: the code points whose default bidirectional class is R or AL), with the spaces, punctuation
 * and marks between them.
 */
const RIGHT_TO_LEFT_RUN =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}](?:[\p{Zs}\p{P}\p{S}\p{M}]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}])*/gu;

/**
 * Escaped text with each run of right-to-left letters in a `<bdi>`: unisolated, a Hebrew or Arabic
 * name pulls the numbers and neutral characters beside it into its own direction, so
 * `שלום:12:3` (a file and its line and column) shows as `3:12:םולש` and `vendor شركة ranked 3`
 * moves the 3. Isolated, each run reads right to left inside itself and moves nothing around it.
 * Bidirectional controls never get here as such (escapeHtml shows them as `\u202e`). Text without
 * such letters is unchanged.
 */
export function isolateRightToLeft(escaped: string): string {
  return MAY_BE_RIGHT_TO_LEFT.test(escaped) ? escaped.replace(RIGHT_TO_LEFT_RUN, (run) => `<bdi>${run}</bdi>`) : escaped;
}

/** The same letters by code unit (the astral ranges by their high surrogates): a quick look that most text passes. */
const MAY_BE_RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\ud802\ud803\ud83a\ud83b]/;

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
