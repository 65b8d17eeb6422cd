import type { Bilingual } from '../util/i18n.js';
import { resolvePointer } from '../util/json-pointer.js';
import type { CompiledKind, CompiledRule, RuleScope } from '../rules/rule-set.js';
import { failedConditions, type EvaluatedNode } from './trace-failure.js';
import type { RunFacts } from './condition-evaluator.js';

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

/** A rule's verdict on one document or item: its evaluated `all: [when?, require]` tree. */
interface RuleVerdict {
  rule: CompiledRule;
  passed: boolean;
  tree: EvaluatedNode;
}

/** Evaluates one scope's rules for one document or item. */
type ScopeRunner = (scope: RuleScope, facts: RunFacts) => RuleVerdict[];

const runDirect: ScopeRunner = (scope, facts) =>
  scope.evaluators.map(({ rule, evaluate }) => {
    const tree = evaluate(facts);
    return { rule, passed: tree.result === true, tree };
  });

/**
 * Runs a kind's compiled rules on one document: the document scope once, and each list scope once
 * per item (the item and its pointer are facts of that run), so a finding names the item that failed.
 * Rules are evaluated by the direct evaluator (src/engine/condition-evaluator.ts).
 */
export function evaluateDocument(compiled: CompiledKind, doc: unknown): DocumentEvaluation {
  const evaluation: DocumentEvaluation = { hits: [], outcomes: new Map() };
  forEachRun(compiled, doc, evaluation.outcomes, (scope, facts, itemPointer) => record(runDirect(scope, facts), facts, itemPointer, evaluation));
  return evaluation;
}

/**
 * The same evaluation through json-rules-engine's `Engine.run`: slower, and kept as the reference
 * that the direct evaluator must agree with (`tmcheck rules test` and the parity test compare them).
 */
export async function evaluateDocumentWithEngine(compiled: CompiledKind, doc: unknown): Promise<DocumentEvaluation> {
  const evaluation: DocumentEvaluation = { hits: [], outcomes: new Map() };
  const runs: Array<[RuleScope, RunFacts, string]> = [];
  forEachRun(compiled, doc, evaluation.outcomes, (scope, facts, itemPointer) => runs.push([scope, facts, itemPointer]));
  for (const [scope, facts, itemPointer] of runs) {
    const engineFacts: Record<string, unknown> = { doc: facts.doc, context: facts.context };
    if (facts.item) engineFacts.item = facts.item.value;
    const { results, failureResults } = await scope.referenceEngine().run(engineFacts);
    const verdicts = [...results, ...failureResults].map((result) => ({
      rule: scope.rules.get(result.name as string)!,
      passed: result.result === true,
      tree: result.conditions as unknown as EvaluatedNode,
    }));
    record(verdicts, facts, itemPointer, evaluation);
  }
  return evaluation;
}

/** Calls `run` for the document scope and for each item of each list scope; seeds list rules' outcomes. */
function forEachRun(
  compiled: CompiledKind,
  doc: unknown,
  outcomes: Map<string, RuleOutcome>,
  run: (scope: RuleScope, facts: RunFacts, itemPointer: string) => void,
): void {
  for (const scope of compiled.scopes) {
    if (!scope.forEach) {
      run(scope, { doc, context: { doc, item: undefined } }, '');
      continue;
    }
    const list = resolvePointer(doc, scope.forEach);
    const items = Array.isArray(list) ? list : [];
    // An empty list satisfies "every item must…" (json-rules-engine's everyFact would fail it).
    for (const id of scope.rules.keys()) mergeOutcome(outcomes, id, items.length === 0 ? 'pass' : 'not_applicable');
    for (let i = 0; i < items.length; i++) {
      run(scope, { doc, item: { value: items[i] }, context: { doc, item: items[i] } }, `${scope.forEach}/${i}`);
    }
  }
}

/** Turns verdicts into outcomes and, for failures whose `when` held, hits at the failing conditions. */
function record(verdicts: RuleVerdict[], facts: RunFacts, itemPointer: string, evaluation: DocumentEvaluation): void {
  for (const { rule, passed, tree } of verdicts) {
    const id = rule.definition.id;
    if (passed) {
      mergeOutcome(evaluation.outcomes, id, 'pass');
      continue;
    }
    // The evaluated tree mirrors the compiled `all: [when?, require]`.
    const [whenResult, requireResult] = rule.definition.when ? [tree.all?.[0], tree.all?.[1]] : [undefined, tree.all?.[0]];
    if (whenResult && whenResult.result === false) {
      mergeOutcome(evaluation.outcomes, id, 'not_applicable');
      continue;
    }
    mergeOutcome(evaluation.outcomes, id, 'fail');
    const where = { doc: facts.doc, item: facts.item?.value, itemPointer };
    for (const failure of failedConditions(rule, requireResult, where)) {
      evaluation.hits.push({ rule, pointer: failure.pointer, message: failure.message });
    }
  }
}

const RANK: Record<RuleOutcome, number> = { not_applicable: 0, pass: 1, fail: 2 };

/** Across items (or a call log's days and agents) a rule fails if any fails, passes if any passes, else does not apply. */
export function mergeOutcome(outcomes: Map<string, RuleOutcome>, id: string, outcome: RuleOutcome): void {
  const previous = outcomes.get(id);
  if (!previous || RANK[outcome] > RANK[previous]) outcomes.set(id, outcome);
}
