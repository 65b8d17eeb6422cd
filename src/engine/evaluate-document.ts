import type { Bilingual } from '../util/i18n.js';
import { resolvePointer } from '../util/json-pointer.js';
import type { CompiledKind, CompiledRule, RuleScope } from '../rules/rule-set.js';
import { failedConditions, type EvaluatedNode } from './trace-failure.js';

export type RuleOutcome = 'pass' | 'fail' | 'not_applicable';

/** One violation found in one document, before it is placed in a file and a report. */
export interface RuleHit {
  rule: CompiledRule;
  pointer: string;
  message: Bilingual;
}

export interface DocumentEvaluation {
  hits: RuleHit[];
  /** Every rule in force for the kind, with what it concluded for this document. */
  outcomes: Map<string, RuleOutcome>;
}

/**
 * Runs a kind's compiled rules on one document: the document-scope engine once, and each list
 * scope's engine once per item (the item and its pointer are facts of that run), so a finding names
 * the item that failed.
 */
export async function evaluateDocument(compiled: CompiledKind, doc: unknown): Promise<DocumentEvaluation> {
  const hits: RuleHit[] = [];
  const outcomes = new Map<string, RuleOutcome>();
  for (const scope of compiled.scopes) {
    if (!scope.forEach) {
      await runScope(scope, doc, undefined, '', hits, outcomes);
      continue;
    }
    const list = resolvePointer(doc, scope.forEach);
    const items = Array.isArray(list) ? list : [];
    // An empty list satisfies "every item must…" (json-rules-engine's everyFact would fail it).
    for (const id of scope.rules.keys()) merge(outcomes, id, items.length === 0 ? 'pass' : 'not_applicable');
    for (let i = 0; i < items.length; i++) {
      await runScope(scope, doc, items[i], `${scope.forEach}/${i}`, hits, outcomes);
    }
  }
  return { hits, outcomes };
}

async function runScope(
  scope: RuleScope,
  doc: unknown,
  item: unknown,
  itemPointer: string,
  hits: RuleHit[],
  outcomes: Map<string, RuleOutcome>,
): Promise<void> {
  const facts: Record<string, unknown> = { doc, context: { doc, item } };
  if (scope.forEach) facts.item = item;
  const { results, failureResults } = await scope.engine.run(facts);
  for (const result of results) merge(outcomes, result.name as string, 'pass');
  for (const result of failureResults) {
    const rule = scope.rules.get(result.name as string)!;
    // The evaluated tree mirrors the compiled `all: [when?, require]`; its nodes carry `result`.
    const conditions = (result.conditions as unknown as { all: EvaluatedNode[] }).all;
    const [whenResult, requireResult] = rule.definition.when ? [conditions[0], conditions[1]] : [undefined, conditions[0]];
    if (whenResult && whenResult.result === false) {
      merge(outcomes, rule.definition.id, 'not_applicable');
      continue;
    }
    merge(outcomes, rule.definition.id, 'fail');
    for (const failure of failedConditions(rule, requireResult, { doc, item, itemPointer })) {
      hits.push({ rule, pointer: failure.pointer, message: failure.message });
    }
  }
}

const RANK: Record<RuleOutcome, number> = { not_applicable: 0, pass: 1, fail: 2 };

/** Across items a rule fails if any item fails, passes if any item passes, else does not apply. */
function merge(outcomes: Map<string, RuleOutcome>, id: string, outcome: RuleOutcome): void {
  const previous = outcomes.get(id);
  if (!previous || RANK[outcome] > RANK[previous]) outcomes.set(id, outcome);
}

