import { resolvePointer } from '../util/json-pointer.js';
import { termLabel } from '../glossary/terms.js';
import type { Lang } from '../util/i18n.js';
import { nounFor } from '../util/plural.js';

// `{name}`, or `{name|noun}`: the number and an English noun that agrees with it ("1 month", "5 months").
const PLACEHOLDER = /\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)(?:\|([a-z]+(?: [a-z]+)*))?\}/gi;

/** The `{name|noun}` plural forms a message uses (Chinese messages have none: Chinese has no plural). */
export function pluralForms(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].filter((m) => m[2] !== undefined).map((m) => m[0]);
}

/** The `{name}` placeholders a message uses (`{name|noun}` counts as `name`). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Fills `{name}` from `values`; `{doc.a.b}` and `{item.a.b}` read the document or current item.
 * Numbers get thousands separators (¥1,000,000), lists are joined (、 in Chinese), a missing value shows as "—",
 * and a glossary code shows as its label in `lang`.
 * A number is never shown rounded onto a threshold of the message (a number among `values`: the
 * rule's params, the compared value), so "3.00001%" never prints as "3%" beside "above 3%".
 */
export function fillMessage(template: string, values: Record<string, unknown>, sources: { doc: unknown; item?: unknown }, lang: Lang): string {
  const thresholds = Object.values(values).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return template.replace(PLACEHOLDER, (_, name: string, noun: string | undefined) => {
    const [head, ...rest] = name.split('.');
    let value: unknown;
    if ((head === 'doc' || head === 'item') && rest.length > 0) {
      value = resolvePointer(head === 'doc' ? sources.doc : sources.item, rest);
    } else {
      value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    }
    const shown = formatValue(labelled(value, lang), thresholds, LIST_SEPARATOR[lang]);
    return noun === undefined ? shown : `${shown} ${nounFor(value, noun)}`;
  });
}

/** Glossary codes (`value_added_telecom`) are shown as their label in the message's language. */
function labelled(value: unknown, lang: Lang): unknown {
  if (typeof value === 'string') return termLabel(value, lang);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? termLabel(v, lang) : v));
  return value;
}

const MIN_DECIMALS = 4;
const MAX_DECIMALS = 20;

/**
 * A finite number with at most `decimals` decimals and thousands separators, exactly as
 * `new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals }).format(value)` writes it
 * (its shortest round-trip digits, rounded half away from zero; -0 and negatives rounding to 0 as
 * "-0"), without Intl: the first formatter loads ICU's data, a fifth of a one-file run's start-up
 * (test/number-format.test.ts compares the two).
 */
export function withDecimals(value: number, decimals: number): string {
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  // value × 10^decimals = 0.<digits> × 10^keep: keep its first `keep` digits, rounding on the next one.
  const keep = Number(exponent) + 1 + decimals;
  const head = keep <= 0 ? '0' : digits.slice(0, keep).padEnd(keep, '0');
  const roundUp = keep >= 0 && keep < digits.length && digits.charCodeAt(keep) >= 53; // '5'
  const scaled = (BigInt(head) + (roundUp ? 1n : 0n)).toString().padStart(decimals + 1, '0');
  const whole = scaled.slice(0, scaled.length - decimals).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = scaled.slice(scaled.length - decimals).replace(/0+$/, '');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A number with as few decimals as it takes (at least four are allowed) for the text to be honest
 * at a boundary: more digits are shown while rounding gave a rounder number than the value
 * (3.00001 → "3" at four decimals, 999,999.99999 → "1,000,000") or lands on one of `thresholds`.
 * 1.44186…% still reads "1.4419".
 */
export function formatNumber(value: number, thresholds: readonly number[] = []): string {
  if (!Number.isFinite(value)) return String(value);
  let text = '';
  for (let decimals = MIN_DECIMALS; decimals <= MAX_DECIMALS; decimals++) {
    text = withDecimals(value, decimals);
    const shown = Number(text.replace(/,/g, ''));
    if (shown === value) return text;
    const dot = text.indexOf('.');
    const roundedAway = dot < 0 || text.length - dot - 1 < decimals; // trailing zeros dropped
    if (!roundedAway && !thresholds.some((t) => t !== value && t === shown)) return text;
  }
  return text;
}

/** A list in a message reads as the language writes one: 电话礼仪规范、营销技巧 / telephone etiquette, sales skills. */
const LIST_SEPARATOR: Record<Lang, string> = { zh: '、', en: ', ' };

export function formatValue(value: unknown, thresholds: readonly number[] = [], separator = LIST_SEPARATOR.en): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') return formatNumber(value, thresholds);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map((v) => formatValue(v, thresholds, separator)).join(separator);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
