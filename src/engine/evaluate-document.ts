import type { Bilingual } from '../util/i18n.js';
import { resolvePointer } from '../util/json-pointer.js';
import type { CompiledKind, CompiledRule, RuleScope } from './rule-set.js';
import { failedConditions } from './trace-failure.js';
import type { EvaluatedNode, RunFacts } from './condition-evaluator.js';

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

/** A rule's verdict on one document or item; a failure carries the evaluated `require` tree to trace. */
interface RuleVerdict {
  rule: CompiledRule;
  outcome: RuleOutcome;
  requireTree?: EvaluatedNode;
}

/**
 * The direct evaluator: `when` and then `require` only answered, each verdict recorded as it comes
 * (no verdict objects: most rules pass); the evaluated tree is built, by a second evaluation of
 * `require` (its derived facts already computed), only for a rule that fails.
 */
function runDirect(scope: RuleScope, facts: RunFacts, itemPointer: string, evaluation: DocumentEvaluation): void {
  for (const { rule, when, require } of scope.evaluators) {
    if (when && !when.test(facts)) recordVerdict(rule, 'not_applicable', undefined, facts, itemPointer, evaluation);
    else if (require.test(facts)) recordVerdict(rule, 'pass', undefined, facts, itemPointer, evaluation);
    else recordVerdict(rule, 'fail', require.trace(facts), facts, itemPointer, evaluation);
  }
}

/**
 * Runs a kind's compiled rules on one document: the document scope once, and each list scope once
 * per item (the item and its pointer are facts of that run), so a finding names the item that failed.
 * Rules are evaluated by the direct evaluator (src/engine/condition-evaluator.ts).
 */
export function evaluateDocument(compiled: CompiledKind, doc: unknown): DocumentEvaluation {
  const evaluation: DocumentEvaluation = { hits: [], outcomes: new Map() };
  forEachRun(compiled, doc, evaluation.outcomes, (scope, facts, itemPointer) => runDirect(scope, facts, itemPointer, evaluation));
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
    const verdicts = [...results, ...failureResults].map((result): RuleVerdict => {
      const rule = scope.rules.get(result.name as string)!;
      if (result.result === true) return { rule, outcome: 'pass' };
      // The evaluated tree mirrors the compiled `all: [when?, require]`; its nodes carry `result`.
      const [whenTree, requireTree] = rule.definition.when ? (result.conditions as unknown as { all: EvaluatedNode[] }).all : [undefined, (result.conditions as unknown as { all: EvaluatedNode[] }).all[0]];
      if (whenTree && whenTree.result === false) return { rule, outcome: 'not_applicable' };
      return { rule, outcome: 'fail', ...(requireTree ? { requireTree } : {}) };
    });
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
  // One store per document, shared by all its runs: what facts derive alike is derived once.
  const shared = new Map<string, unknown>();
  for (const scope of compiled.scopes) {
    if (!scope.forEach) {
      run(scope, { doc, context: { doc, item: undefined, shared }, derived: undefined }, '');
      continue;
    }
    const list = resolvePointer(doc, scope.forEach);
    const items = Array.isArray(list) ? list : [];
    // An empty list satisfies "every item must…" (json-rules-engine's everyFact would fail it).
    for (const id of scope.rules.keys()) mergeOutcome(outcomes, id, items.length === 0 ? 'pass' : 'not_applicable');
    for (let i = 0; i < items.length; i++) {
      run(scope, { doc, item: { value: items[i] }, context: { doc, item: items[i], shared }, derived: undefined }, `${scope.forEach}/${i}`);
    }
  }
}

/** Turns verdicts into outcomes and, for failures, hits at the failing conditions. */
function record(verdicts: RuleVerdict[], facts: RunFacts, itemPointer: string, evaluation: DocumentEvaluation): void {
  for (const { rule, outcome, requireTree } of verdicts) recordVerdict(rule, outcome, requireTree, facts, itemPointer, evaluation);
}

function recordVerdict(
  rule: CompiledRule,
  outcome: RuleOutcome,
  requireTree: EvaluatedNode | undefined,
  facts: RunFacts,
  itemPointer: string,
  evaluation: DocumentEvaluation,
): void {
  mergeOutcome(evaluation.outcomes, rule.definition.id, outcome);
  if (outcome !== 'fail') return;
  const where = { doc: facts.doc, item: facts.item?.value, itemPointer };
  for (const failure of failedConditions(rule, requireTree, where)) {
    evaluation.hits.push({ rule, pointer: failure.pointer, message: failure.message });
  }
}

const RANK: Record<RuleOutcome, number> = { not_applicable: 0, pass: 1, fail: 2 };

/** Across items (or a call log's days and agents) a rule fails if any fails, passes if any passes, else does not apply. */
export function mergeOutcome(outcomes: Map<string, RuleOutcome>, id: string, outcome: RuleOutcome): void {
  const previous = outcomes.get(id);
  if (!previous || RANK[outcome] > RANK[previous]) outcomes.set(id, outcome);
}
