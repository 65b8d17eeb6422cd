import { resolvePointer } from '../util/json-pointer.js';
import { termLabel } from '../glossary/terms.js';
import type { Lang } from '../util/i18n.js';

const PLACEHOLDER = /\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)\}/gi;

/** The `{name}` placeholders a message uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Fills `{name}` from `values`; `{doc.a.b}` and `{item.a.b}` read the document or current item.
 * Numbers get thousands separators (¥1,000,000), lists are joined, a missing value shows as "—",
 * and a glossary code shows as its label in `lang`.
 */
export function fillMessage(template: string, values: Record<string, unknown>, sources: { doc: unknown; item?: unknown }, lang: Lang): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const [head, ...rest] = name.split('.');
    let value: unknown;
    if ((head === 'doc' || head === 'item') && rest.length > 0) {
      value = resolvePointer(head === 'doc' ? sources.doc : sources.item, rest);
    } else {
      value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    }
    return formatValue(labelled(value, lang));
  });
}

/** Glossary codes (`value_added_telecom`) are shown as their label in the message's language. */
function labelled(value: unknown, lang: Lang): unknown {
  if (typeof value === 'string') return termLabel(value, lang);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? termLabel(v, lang) : v));
  return value;
}

// One formatter for the process: toLocaleString with options builds a new Intl.NumberFormat per call.
// Four decimals, so that a rate of 3.004% never reads as "3%" in a finding about the 3% boundary.
// Made on first use: creating it loads ICU data, a tenth of a one-file run's start-up.
let numberFormat: Intl.NumberFormat | undefined;

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
    return numberFormat.format(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
