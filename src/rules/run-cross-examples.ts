import { MonthlyBatch } from '../cross/monthly-batch.js';
import { prepareCrossRule } from '../cross/cross-rule.js';
import type { FileResult } from '../report/model.js';
import { validateDocument } from '../validate/validate-document.js';
import type { ExampleOutcome } from './run-examples.js';
import type { CrossDocumentExample, CrossDocumentRuleDefinition, LoadedRule } from './types.js';

type Template = (kind: CrossDocumentRuleDefinition['applies_to']) => unknown;
type Merge = (base: unknown, fragment: unknown) => unknown;

/**
 * Runs a cross-document rule's examples: each fragment of `documents` is merged over the kind's
 * template and must be a valid document; all of them are then judged together, as one run would
 * judge the files of a batch. Each document stands in as the file `/documents/<i>`, so a finding
 * at /assessment_score of the fourth one reads `/documents/3/assessment_score`, as `at` lists it.
 */
export function runCrossDocumentExamples(loaded: LoadedRule, rule: CrossDocumentRuleDefinition, templateData: Template, mergeFragment: Merge): ExampleOutcome[] {
  const cases: Array<[CrossDocumentExample, 'pass' | 'fail', number]> = [
    ...rule.examples.pass.map((e, i) => [e, 'pass', i] as [CrossDocumentExample, 'pass', number]),
    ...rule.examples.fail.map((e, i) => [e, 'fail', i] as [CrossDocumentExample, 'fail', number]),
  ];
  return cases.map(([example, expect, index]) => {
    const base = { ruleId: rule.id, file: loaded.file, expect, index, ...(example.description ? { description: example.description } : {}) };
    const problem = judgeExample(rule, example, expect, templateData, mergeFragment);
    return problem ? { ...base, ok: false, problem } : { ...base, ok: true };
  });
}

function judgeExample(rule: CrossDocumentRuleDefinition, example: CrossDocumentExample, expect: 'pass' | 'fail', templateData: Template, mergeFragment: Merge): string | undefined {
  const batch = new MonthlyBatch([prepareCrossRule(rule, example.params)]);
  const documents = Array.isArray(example.documents) ? example.documents : [];
  for (const [i, fragment] of documents.entries()) {
    const data = mergeFragment(templateData(rule.applies_to), fragment);
    const parsed = { data, locate: () => ({ line: 0, column: 0 }), locateKey: () => ({ line: 0, column: 0 }) };
    const validated = validateDocument(parsed);
    if (Array.isArray(validated)) return `documents/${i} is not a valid ${rule.applies_to}: ${validated.map((e) => e.message.en).join('; ')}`;
    const file = `/documents/${i}`;
    const result: FileResult = { file, kind: validated.kind, status: 'pass', errors: [], warnings: [], outcomes: {} };
    batch.observe({ file, kind: validated.kind, data, parsed, result });
  }
  const outcome = batch.finish();
  if (outcome.fileErrors.length > 0) return `the documents are not a valid batch: ${outcome.fileErrors.map((e) => `${e.file}: ${e.error.message.en}`).join('; ')}`;
  const found = outcome.findings.map((f) => `${f.location.file}${f.location.path ?? ''}`).sort();
  const wanted = expect === 'pass' ? [] : [...(example.at ?? [])].sort();
  return JSON.stringify(found) === JSON.stringify(wanted) ? undefined : `expected findings at [${wanted.join(', ')}], got [${found.join(', ')}]`;
}
