import type { DocumentKind } from '../kinds/kinds.js';
import { readSourceText, sourceFromBytes } from '../read/read-source.js';
import { parseYamlDocument, type ParsedDocument } from '../read/parse-document.js';
import type { ReadLimits } from '../read/limits.js';
import { usePrebuiltValidators, validateDocument } from '../validate/validate-document.js';
import { evaluateDocument, type RuleHit, type RuleOutcome } from '../engine/evaluate-document.js';
import type { CompiledKind, RuleSet } from '../engine/rule-set.js';
import { agreementOf } from '../ranking/agreement.js';
import { resolvePointer } from '../util/json-pointer.js';
import { SharedRecords } from '../util/shared-records.js';
import { listItemOf } from './list-item.js';
import { statusOf, type FileResult, type Finding, type Location } from './model.js';
import type { DiscoveredFile } from '../read/discover.js';
import { ruleFinding } from './finding.js';

/** A document that was read and validated: what cross-document checks get to look at. */
export interface CheckedDocument {
  file: string;
  kind: DocumentKind;
  data: unknown;
  parsed: ParsedDocument;
  /** The decoded source: a worker thread sends it back so positions can be found on the main thread. */
  text?: string;
  result: FileResult;
}

export interface DocumentCheck {
  result: FileResult;
  findings: Finding[];
  /** Present when the document was valid and ruled on. */
  checked?: CheckedDocument;
}

/** Read → parse → validate → rules, for one YAML/JSON file. Never throws for bad input. */
export async function checkDocumentFile(file: DiscoveredFile, ruleSet: RuleSet, limits: ReadLimits): Promise<DocumentCheck> {
  // Built by assignment, not as a literal: V8 tracks a literal's allocation site, and once a batch has
  // kept enough results it moves that site to the old generation, which throws away this function's
  // optimized code (it had the allocation inlined) to be compiled again (seen with --jobs 1).
  const result = {} as FileResult;
  result.file = file.display;
  result.status = 'invalid';
  result.errors = [];
  result.warnings = [];
  result.outcomes = {};
  const source = file.content ? sourceFromBytes(file.content, limits.maxFileBytes) : readSourceText(file.absolute, limits.maxFileBytes);
  if ('code' in source) return { result: { ...result, errors: [source] }, findings: [] };
  result.sha256 = source.sha256;

  const parsed = parseYamlDocument(source.text, limits);
  if (Array.isArray(parsed)) return { result: { ...result, errors: parsed }, findings: [] };

  const loading = usePrebuiltValidators(parsed.data);
  if (loading) await loading;
  const validated = validateDocument(parsed);
  const kind = resolvePointer(parsed.data, '/kind');
  if (typeof kind === 'string') result.kind = kind;
  result.vendor = vendorOf(parsed.data);
  const month = resolvePointer(parsed.data, '/month');
  if (typeof month === 'string') result.month = month;
  if (Array.isArray(validated)) return { result: { ...result, errors: validated }, findings: [] };

  result.warnings = validated.warnings;
  if (validated.kind === 'VendorDossier') {
    result.agreement = agreementOf(parsed.data);
    const submitted = resolvePointer(parsed.data, '/submitted');
    if (typeof submitted === 'string') result.submitted = submitted;
  }
  const city = resolvePointer(parsed.data, '/city');
  const compiled = ruleSet.compiledFor(validated.kind, typeof city === 'string' ? city : undefined);
  const evaluation = evaluateDocument(compiled, parsed.data);
  // Pushed into a literal rather than made by map: V8 then gives every document's list one elements
  // kind (arrays from this literal start as the first document's grew), so the status check inlined
  // below does not deoptimize this function at the first document without findings, or with.
  const findings: Finding[] = [];
  for (const hit of evaluation.hits) findings.push(toFinding(hit, file.display, parsed, result.vendor?.creditCode));
  result.outcomes = outcomesRecord(compiled, evaluation.outcomes);
  result.status = statusOf(findings);
  return { result, findings, checked: { file: file.display, kind: validated.kind, data: parsed.data, parsed, text: source.text, result } };
}

const OUTCOME_CODES: Record<RuleOutcome, string> = { not_applicable: 'n', pass: 'p', fail: 'f' };
/** Per compiled rule set: the shared outcome record of each outcome code (one character a rule, in id order). */
const recordsByCode = new WeakMap<CompiledKind, Map<string, Readonly<FileResult['outcomes']>>>();

/**
 * A document's outcomes as the shared record (see sharedOutcomes). Most documents of a batch conclude
 * alike: the record is found by a short code of the outcomes, and only a new code builds the record
 * (rule ids as keys, in id order) and its key.
 */
function outcomesRecord(compiled: CompiledKind, outcomes: ReadonlyMap<string, RuleOutcome>): FileResult['outcomes'] {
  let code = '';
  for (const rule of compiled.rules) {
    const outcome = outcomes.get(rule.definition.id);
    code += outcome === undefined ? '-' : OUTCOME_CODES[outcome];
  }
  let records = recordsByCode.get(compiled);
  if (!records) recordsByCode.set(compiled, (records = new Map()));
  const known = records.get(code);
  if (known) return known;
  // compiled.rules is in id order: the outcomes come out sorted without a sort.
  const record: FileResult['outcomes'] = {};
  for (const rule of compiled.rules) {
    const outcome = outcomes.get(rule.definition.id);
    if (outcome) record[rule.definition.id] = outcome;
  }
  const shared = sharedOutcomes(record);
  if (Object.isFrozen(shared) && records.size < MAX_SHARED_OUTCOMES) records.set(code, shared);
  return shared;
}

/** Most distinct outcome records kept for sharing: a bound, whatever the rules and documents. */
const MAX_SHARED_OUTCOMES = 1024;
const sharedOutcomeRecords = new SharedRecords<FileResult['outcomes']>(MAX_SHARED_OUTCOMES);

/**
 * The same outcomes as one record shared by every file that has them. Kept per file, each record
 * (one key per rule in force) was the bulk of a batch's memory, and most files of a batch conclude
 * alike. Shared records are frozen: nothing changes outcomes once a file is ruled on.
 */
export function sharedOutcomes(outcomes: FileResult['outcomes']): FileResult['outcomes'] {
  let key = '';
  for (const id in outcomes) key += `${id}\u0000${outcomes[id]}\u0000`;
  return sharedOutcomeRecords.shared(key, () => ({ ...outcomes })) ?? outcomes;
}

function vendorOf(data: unknown): FileResult['vendor'] {
  const creditCode = resolvePointer(data, '/vendor/credit_code');
  const name = resolvePointer(data, '/vendor/name');
  if (typeof creditCode !== 'string' && typeof name !== 'string') return undefined;
  // Built by assignment: an object made only of spreads got a hidden class of its own in V8, for
  // every file, kept as long as the report (about 300 bytes a file).
  const vendor: NonNullable<FileResult['vendor']> = {};
  if (typeof creditCode === 'string') vendor.creditCode = creditCode;
  if (typeof name === 'string') vendor.name = name;
  return vendor;
}

export function toFinding(hit: RuleHit, file: string, parsed: ParsedDocument, vendor: string | undefined): Finding {
  const location: Location = { file, path: hit.pointer, ...parsed.locate(hit.pointer) };
  // The list item it lies in, by id: waivers and baselines name the agent, not the position the vendor chose.
  const item = listItemOf(parsed.data, hit.pointer);
  if (item) location.item = item;
  return findingAt(hit, location, vendor);
}

/** A rule hit as a finding at a given location (a document position, or a table row for call logs). */
export function findingAt(hit: RuleHit, location: Location, vendor: string | undefined): Finding {
  const rule = hit.rule.definition;
  return ruleFinding(rule, { severity: rule.severity, consequence: rule.consequence, message: hit.message }, location, vendor);
}
