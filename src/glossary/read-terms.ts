import { withoutSpacing } from '../util/plain-text.js';
import { DOMAINS, TERM_FIELDS, type DomainName, type TermDomain } from './terms.js';

/**
 * Officers write enumerated values as they say them: `kind: 增值电信业务经营许可证`, `step: 省分客服部复核`.
 * Before validation each such value is read as its code, so rules and reports see one spelling.
 * Only exact spellings (after width, space and case folding) are taken: a near miss stays as written,
 * and a closed field then fails validation with the accepted labels listed.
 */
let lookup: Map<DomainName, Map<string, string>> | undefined;

/**
 * Every spelling of each domain's terms, folded, to its code: made when the first document is read
 * (folding them all took milliseconds at every start, and a warm --cache rerun may read no document).
 */
function spellingsOf(domain: DomainName): Map<string, string> {
  if (!lookup) {
    lookup = new Map();
    for (const [name, terms] of Object.entries(DOMAINS) as Array<[DomainName, TermDomain]>) {
      const spellings = new Map<string, string>();
      for (const term of terms.terms) {
        for (const spelling of [term.code, term.zh, term.en, ...(term.aliases ?? [])]) spellings.set(fold(spelling), term.code);
      }
      lookup.set(name, spellings);
    }
  }
  return lookup.get(domain)!;
}

/** A spelling as it is compared: no width, spacing or invisible characters, no brackets, lower case. */
export function fold(value: string): string {
  return withoutSpacing(value).replace(/[()]/g, '').toLowerCase();
}

/** Each kind's glossary fields as path tokens, split once rather than for every document. */
const fieldsByKind = new Map<string, Array<{ tokens: string[]; codeOf: (value: string) => string | undefined }>>();

/** Most spellings remembered per domain, and the longest remembered: bounds, whatever the documents write. */
const MAX_REMEMBERED = 4096;
const MAX_REMEMBERED_LENGTH = 64;

/**
 * The code a value spells in a domain, or undefined. A batch writes the same few spellings in every
 * document, so each is folded once (NFKC and the rest cost more than the lookup) and remembered.
 */
function codeReader(domain: DomainName): (value: string) => string | undefined {
  const spellings = spellingsOf(domain);
  const known = new Map<string, string | undefined>();
  return (value) => {
    if (known.has(value)) return known.get(value);
    const code = spellings.get(fold(value));
    if (known.size < MAX_REMEMBERED && value.length <= MAX_REMEMBERED_LENGTH) known.set(value, code);
    return code;
  };
}

/** Rewrites, in place, every glossary field of a document of `kind` that is spelled as a label. */
export function readTerms(kind: string, data: unknown): void {
  let fields = fieldsByKind.get(kind);
  if (!fields) {
    fields = (TERM_FIELDS[kind] ?? []).map(({ pattern, domain }) => ({ tokens: pattern.split('/').slice(1), codeOf: codeReader(domain) }));
    fieldsByKind.set(kind, fields);
  }
  for (const { tokens, codeOf } of fields) visit(data, tokens, 0, (value) => (typeof value === 'string' ? codeOf(value) : undefined));
}

/** Walks `tokens` from `at` (`*` = every index) and replaces the value at the end where `replace` gives one. */
function visit(node: unknown, tokens: string[], at: number, replace: (value: unknown) => string | undefined): void {
  if (node === null || typeof node !== 'object') return;
  const head = tokens[at];
  if (head === undefined) return;
  const keys = head === '*' ? (Array.isArray(node) ? node.keys() : []) : Array.isArray(node) ? [] : [head];
  const last = at === tokens.length - 1;
  for (const key of keys) {
    const container = node as Record<string | number, unknown>;
    if (!Object.prototype.hasOwnProperty.call(container, key)) continue;
    if (!last) {
      visit(container[key], tokens, at + 1, replace);
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
