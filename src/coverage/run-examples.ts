import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { templatesDir } from '../paths.js';
import { agreementOf } from '../ranking/agreement.js';
import { resolvePointer } from '../util/json-pointer.js';
import { isDocumentKind, kindFiles, type DocumentKind } from '../kinds/kinds.js';
import { validateAs, validateDocument } from '../validate/validate-document.js';
import { evaluateDocument, evaluateDocumentWithEngine, type DocumentEvaluation } from '../engine/evaluate-document.js';
import { RuleSet } from '../engine/rule-set.js';
import { defaultParams } from '../rules/params.js';
import type { CrossDocumentExample, CrossDocumentRuleDefinition, LoadedRule, RuleExample } from '../rules/types.js';
import { isCrossDocumentRule } from '../rules/types.js';
import { MonthlyBatch } from '../cross/monthly-batch.js';
import { assessmentsOf } from '../cross/read-assessments.js';
import { ASSESSMENT_KIND } from '../kinds/kinds.js';
import { prepareCrossRule } from '../cross/cross-rule.js';
import type { FileResult } from '../report/model.js';
import { pushAll } from '../util/push-all.js';

export interface ExampleOutcome {
  ruleId: string;
  file: string;
  expect: 'pass' | 'fail';
  index: number;
  description?: string;
  ok: boolean;
  /** What went wrong, when not ok. */
  problem?: string;
}

const templates = new Map<DocumentKind, unknown>();

/** The kind's compliant template (templates/), the base every example fragment is merged onto. */
export function templateData(kind: DocumentKind): unknown {
  if (!templates.has(kind)) {
    templates.set(kind, parse(readFileSync(path.join(templatesDir, kindFiles(kind).template), 'utf8')));
  }
  return structuredClone(templates.get(kind));
}

/** Objects merge key by key; anything else (lists included) replaces. */
export function mergeFragment(base: unknown, fragment: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(fragment)) return structuredClone(fragment);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(fragment)) {
    out[key] = Object.prototype.hasOwnProperty.call(base, key) ? mergeFragment(base[key], value) : structuredClone(value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Runs every example of every rule: the fragment is merged over the compliant template, must still
 * be a valid document, and then a passing example must give no finding of that rule and a failing
 * one exactly the findings at the pointers its `at` lists.
 */
export async function runRuleExamples(rules: LoadedRule[]): Promise<ExampleOutcome[]> {
  const outcomes: ExampleOutcome[] = [];
  for (const loaded of rules) {
    const rule = loaded.definition;
    if (isCrossDocumentRule(rule)) {
      pushAll(outcomes, runCrossDocumentExamples(loaded, rule));
      continue;
    }
    const cases: Array<[RuleExample, 'pass' | 'fail', number]> = [
      ...rule.examples.pass.map((e, i) => [e, 'pass', i] as [RuleExample, 'pass', number]),
      ...rule.examples.fail.map((e, i) => [e, 'fail', i] as [RuleExample, 'fail', number]),
    ];
    for (const [example, expect, index] of cases) {
      const base = { ruleId: rule.id, file: loaded.file, expect, index, ...(example.description ? { description: example.description } : {}) };
      const data = mergeFragment(templateData(rule.applies_to), example.document);
      const validated = validateAs(rule.applies_to, { data, locate: () => ({ line: 0, column: 0 }), locateKey: () => ({ line: 0, column: 0 }) });
      if (Array.isArray(validated)) {
        outcomes.push({ ...base, ok: false, problem: `example is not a valid ${rule.applies_to}: ${validated.map((e) => e.message.en).join('; ')}` });
        continue;
      }
      const ruleSet = new RuleSet([loaded], { params: () => ({ ...defaultParams(rule), ...(example.params ?? {}) }) });
      const compiled = ruleSet.compiledFor(rule.applies_to, undefined);
      const evaluation = evaluateDocument(compiled, data);
      const reference = await evaluateDocumentWithEngine(compiled, data);
      if (evaluationKey(evaluation) !== evaluationKey(reference)) {
        outcomes.push({ ...base, ok: false, problem: `the direct evaluator and json-rules-engine disagree: ${evaluationKey(evaluation)} vs ${evaluationKey(reference)}` });
        continue;
      }
      const found = evaluation.hits.map((hit) => hit.pointer).sort();
      const wanted = expect === 'pass' ? [] : [...(example.at ?? [])].sort();
      const ok = JSON.stringify(found) === JSON.stringify(wanted);
      outcomes.push(ok ? { ...base, ok } : { ...base, ok, problem: `expected findings at [${wanted.join(', ')}], got [${found.join(', ')}]` });
    }
  }
  return outcomes;
}

/** What an evaluation concluded, as one comparable string: every hit (rule, pointer, message) and outcome, sorted. */
export function evaluationKey(evaluation: DocumentEvaluation): string {
  const hits = evaluation.hits.map((hit) => `${hit.rule.definition.id} ${hit.pointer} ${hit.message.en} | ${hit.message.zh}`).sort();
  const outcomes = [...evaluation.outcomes.entries()].map(([id, outcome]) => `${id}=${outcome}`).sort();
  return JSON.stringify({ hits, outcomes });
}

/**
 * Runs a cross-document rule's examples: each fragment of `documents` is merged over the kind's
 * template and must be a valid document; all of them are then judged together, as one run would
 * judge the files of a batch. Each document stands in as the file `/documents/<i>`, so a finding
 * at /assessment_score of the fourth one reads `/documents/3/assessment_score`, as `at` lists it.
 */
function runCrossDocumentExamples(loaded: LoadedRule, rule: CrossDocumentRuleDefinition): ExampleOutcome[] {
  const cases: Array<[CrossDocumentExample, 'pass' | 'fail', number]> = [
    ...rule.examples.pass.map((e, i) => [e, 'pass', i] as [CrossDocumentExample, 'pass', number]),
    ...rule.examples.fail.map((e, i) => [e, 'fail', i] as [CrossDocumentExample, 'fail', number]),
  ];
  return cases.map(([example, expect, index]) => {
    const base = { ruleId: rule.id, file: loaded.file, expect, index, ...(example.description ? { description: example.description } : {}) };
    const problem = judgeExample(rule, example, expect);
    return problem ? { ...base, ok: false, problem } : { ...base, ok: true };
  });
}

function judgeExample(rule: CrossDocumentRuleDefinition, example: CrossDocumentExample, expect: 'pass' | 'fail'): string | undefined {
  // Each assessment stands in as the file `/assessments/<i>`, read as --assessments reads one.
  const sources = (example.assessments ?? []).map((fragment, i) => ({ file: `/assessments/${i}`, data: { kind: ASSESSMENT_KIND, ...fragment }, locate: () => ({ line: 0, column: 0 }) }));
  const assessments = assessmentsOf(sources);
  if (assessments.invalid.length > 0) return `the assessments are not valid: ${assessments.invalid.flatMap((f) => f.errors.map((e) => `${f.file}: ${e.message.en}`)).join('; ')}`;
  const batch = new MonthlyBatch([prepareCrossRule(rule, example.params)], undefined, assessments);
  const documents = Array.isArray(example.documents) ? example.documents : [];
  for (const [i, fragment] of documents.entries()) {
    // A fragment of another kind (`kind: VendorDossier` beside reports) is merged over that kind's template.
    const kind = isDocumentKind(fragment?.kind) ? fragment.kind : rule.applies_to;
    const data = mergeFragment(templateData(kind), fragment);
    const parsed = { data, locate: () => ({ line: 0, column: 0 }), locateKey: () => ({ line: 0, column: 0 }) };
    const validated = validateDocument(parsed);
    if (Array.isArray(validated)) return `documents/${i} is not a valid ${kind}: ${validated.map((e) => e.message.en).join('; ')}`;
    const file = `/documents/${i}`;
    const result: FileResult = { file, kind: validated.kind, status: 'pass', errors: [], warnings: [], outcomes: {} };
    // As a run hands them over: documents of the kinds the batch looks at, the results of others (a dossier's agreement facts).
    if ((batch.kinds as readonly string[]).includes(validated.kind)) batch.observe({ file, kind: validated.kind, data, parsed, result });
    else batch.observeResult({ ...result, vendor: { creditCode: String(resolvePointer(data, '/vendor/credit_code')) }, submitted: String(resolvePointer(data, '/submitted')), agreement: agreementOf(data) });
  }
  const outcome = batch.finish();
  if (outcome.fileErrors.length > 0) return `the documents are not a valid batch: ${outcome.fileErrors.map((e) => `${e.file}: ${e.error.message.en}`).join('; ')}`;
  const found = outcome.findings.map((f) => `${f.location.file}${f.location.path ?? ''}`).sort();
  const wanted = expect === 'pass' ? [] : [...(example.at ?? [])].sort();
  return JSON.stringify(found) === JSON.stringify(wanted) ? undefined : `expected findings at [${wanted.join(', ')}], got [${found.join(', ')}]`;
}
