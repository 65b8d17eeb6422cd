import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { parse } from 'yaml';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { evaluateDocument } from '../src/engine/evaluate-document.js';
import { compileCondition, type RunFacts } from '../src/engine/condition-evaluator.js';
import { DERIVED_FACTS } from '../src/facts/registry.js';

// Derived facts are pure: what one document needs is derived once for it, never once per rule or
// per pass (test, then trace for a failing rule). Counted by calls, never timed.

afterEach(() => {
  vi.restoreAllMocks();
});

/** The compliant dossier, with each approval entry's `step` read through a counting getter. */
function dossierCountingStepReads(): { doc: unknown; reads: () => number } {
  const doc = parse(fs.readFileSync('fixtures/dossier-compliant.yaml', 'utf8')) as { cooperation: { approvals: Array<Record<string, unknown>> } };
  let reads = 0;
  doc.cooperation.approvals = doc.cooperation.approvals.map((entry) => {
    const { step, ...rest } = entry;
    const counted = { ...rest };
    Object.defineProperty(counted, 'step', { enumerable: true, get: () => (reads++, step) });
    return counted;
  });
  return { doc, reads: () => reads };
}

describe('derived facts are computed once per document', () => {
  const ruleSet = loadRuleSet({ cwd: process.cwd() });
  const compiled = ruleSet.compiledFor('VendorDossier', '济南');

  it('the approval trail is read once for its three facts (missing, order, dates)', () => {
    const { doc, reads } = dossierCountingStepReads();
    const approvals = (doc as { cooperation: { approvals: unknown[] } }).cooperation.approvals;
    const evaluation = evaluateDocument(compiled, doc);
    expect(evaluation.hits).toEqual([]);
    for (const id of ['R10-1/steps-missing', 'R10-1/step-order', 'R10-1/step-dates']) expect(evaluation.outcomes.get(id)).toBe('pass');
    // Each step is read once for the trail, once by R10-3/erp-departments, whose `when` looks at each
    // approval's step (for_each), and once for the agreement's date, which
    // R10-P5-2/license-in-force-at-agreement asks for each licence. Derived per fact, the trail read
    // each step six times more.
    expect(reads()).toBe(3 * approvals.length);
    // The store is the document's: the next document derives its own trail.
    evaluateDocument(compiled, doc);
    expect(reads()).toBe(6 * approvals.length);
  });

  it('a failing rule reads its derived fact once for the test and the trace', () => {
    const fact = DERIVED_FACTS.get('wholeYearsBetween')!;
    const compute = vi.spyOn(fact, 'compute');
    const condition = compileCondition({ fact: 'wholeYearsBetween', params: { from: '/since', to: '/submitted' }, operator: 'greaterThanInclusive', value: 2 });
    const doc = { since: '2025-01-01', submitted: '2026-01-01' };
    const run: RunFacts = { doc, context: { doc } };
    expect(condition.test(run)).toBe(false);
    expect(condition.trace(run)).toEqual({ result: false, factResult: 1, valueResult: 2 });
    expect(compute).toHaveBeenCalledTimes(1);
    // Another run (another document or item) computes afresh.
    expect(condition.test({ doc, context: { doc } })).toBe(false);
    expect(compute).toHaveBeenCalledTimes(2);
  });
});
