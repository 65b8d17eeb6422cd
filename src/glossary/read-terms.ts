import { withoutSpacing } from '../util/plain-text.js';
import { DOMAINS, TERM_FIELDS, type DomainName, type TermDomain } from './terms.js';

/**
 * Officers write enumerated values as they say them: `kind: 增值电信业务经营许可证`, `step: 省分客服部复核`.
 * Before validation each such value is read as its code, so rules and reports see one spelling.
 * Only exact spellings (after width, space and case folding) are taken: a near miss stays as written,
 * and a closed field then fails validation with the accepted labels listed.
 */
const lookup = new Map<DomainName, Map<string, string>>();
for (const [name, domain] of Object.entries(DOMAINS) as Array<[DomainName, TermDomain]>) {
  const spellings = new Map<string, string>();
  for (const term of domain.terms) {
    for (const spelling of [term.code, term.zh, term.en, ...(term.aliases ?? [])]) spellings.set(fold(spelling), term.code);
  }
  lookup.set(name, spellings);
}

/** A spelling as it is compared: no width, spacing or invisible characters, no brackets, lower case. */
export function fold(value: string): string {
  return withoutSpacing(value).replace(/[()]/g, '').toLowerCase();
}

/** Rewrites, in place, every glossary field of a document of `kind` that is spelled as a label. */
export function readTerms(kind: string, data: unknown): void {
  for (const { pattern, domain } of TERM_FIELDS[kind] ?? []) {
    const spellings = lookup.get(domain)!;
    visit(data, pattern.split('/').slice(1), (value) => (typeof value === 'string' ? spellings.get(fold(value)) : undefined));
  }
}

/** Walks `tokens` (`*` = every index) and replaces the value at the end where `replace` gives one. */
function visit(node: unknown, tokens: string[], replace: (value: unknown) => string | undefined): void {
  if (node === null || typeof node !== 'object') return;
  const [head, ...rest] = tokens;
  if (head === undefined) return;
  const keys = head === '*' ? (Array.isArray(node) ? node.keys() : []) : Array.isArray(node) ? [] : [head];
  for (const key of keys) {
    const container = node as Record<string | number, unknown>;
    if (!Object.prototype.hasOwnProperty.call(container, key)) continue;
    if (rest.length > 0) {
      visit(container[key], rest, replace);
      continue;
    }
    const code = replace(container[key]);
    if (code !== undefined) container[key] = code;
  }
}

/** The glossary domain of a field, if it has one: `/cooperation/approvals/3/step` → approvalStep. */
export function fieldDomain(kind: string, pointer: string): DomainName | undefined {
  const tokens = pointer.split('/').slice(1);
  return (TERM_FIELDS[kind] ?? []).find(({ pattern }) => {
    const parts = pattern.split('/').slice(1);
    return parts.length === tokens.length && parts.every((part, i) => part === tokens[i] || (part === '*' && /^\d+$/.test(tokens[i]!)));
  })?.domain;
}
