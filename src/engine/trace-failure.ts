import type { Bilingual } from '../util/i18n.js';
import { joinPointer } from '../util/json-pointer.js';
import { DERIVED_FACTS } from '../facts/registry.js';
import type { Offence } from '../facts/fact.js';
import type { CompiledRule } from './rule-set.js';
import type { EvaluatedNode } from './condition-evaluator.js';
import { fillMessage } from '../rules/message-template.js';
import { substituteParams } from '../rules/params.js';
import { isAll, isAny, isLeaf, isNot, type ConditionNode, type LeafCondition } from '../rules/types.js';
import { pushAll } from '../util/push-all.js';

export interface ConditionFailure {
  pointer: string;
  message: Bilingual;
}

interface Where {
  doc: unknown;
  item: unknown;
  itemPointer: string;
}

/**
 * Walks the rule's own condition tree beside the engine's evaluated tree and returns one failure per
 * failing condition. The location comes from the condition itself: its fact and path (or, for a
 * derived fact, the path the fact declares), so rule authors never write pointers for findings.
 * - `all`: every failing child reports on its own;
 * - `any` / `not`: one failure, at the first condition inside, with the nearest message;
 * - a fact returning offences, or `isEmpty` failing on a list: one failure per offence or item.
 */
export function failedConditions(rule: CompiledRule, evaluated: EvaluatedNode | undefined, where: Where): ConditionFailure[] {
  const out: ConditionFailure[] = [];
  const visit = (node: ConditionNode, result: EvaluatedNode | undefined, message: Bilingual): void => {
    if (!result || result.result !== false) return;
    const own = node.message ?? message;
    if (isAll(node)) {
      node.all.forEach((child, i) => visit(child, result.all?.[i], own));
    } else if (isAny(node)) {
      const first = firstLeaf(node);
      pushAll(out, leafFailures(rule, first.leaf, first.result(result), own, where, true));
    } else if (isNot(node)) {
      const first = firstLeaf(node);
      pushAll(out, leafFailures(rule, first.leaf, first.result(result), own, where, true));
    } else if (isLeaf(node)) {
      pushAll(out, leafFailures(rule, node, result, own, where, false));
    }
  };
  visit(rule.definition.require, evaluated, rule.definition.message);
  return dedupe(out);
}

function firstLeaf(node: ConditionNode): { leaf: LeafCondition; result: (r: EvaluatedNode) => EvaluatedNode | undefined } {
  if (isLeaf(node)) return { leaf: node, result: (r) => r };
  const [child, pick] = isAll(node)
    ? [node.all[0]!, (r: EvaluatedNode) => r.all?.[0]]
    : isAny(node)
      ? [node.any[0]!, (r: EvaluatedNode) => r.any?.[0]]
      : [(node as { not: ConditionNode }).not, (r: EvaluatedNode) => r.not];
  const inner = firstLeaf(child);
  return { leaf: inner.leaf, result: (r) => { const c = pick(r); return c ? inner.result(c) : undefined; } };
}

function leafFailures(
  rule: CompiledRule,
  leaf: LeafCondition,
  result: EvaluatedNode | undefined,
  message: Bilingual,
  where: Where,
  grouped: boolean,
): ConditionFailure[] {
  const base = leaf.fact === 'item' ? where.itemPointer : '';
  const derived = DERIVED_FACTS.get(leaf.fact);
  const values = { ...rule.params, actual: result?.factResult, expected: result?.valueResult };
  const fillFor = (sources: { doc: unknown; item?: unknown }, extra: Record<string, unknown>): Bilingual => ({
    zh: fillMessage(message.zh, { ...values, ...extra }, sources, 'zh'),
    en: fillMessage(message.en, { ...values, ...extra }, sources, 'en'),
  });
  const fill = (extra: Record<string, unknown>): Bilingual => fillFor(where, extra);
  const factResult = result?.factResult;
  if (!grouped && derived?.returnsOffences && Array.isArray(factResult)) {
    return (factResult as Offence[]).map((offence) => ({
      pointer: derived.scope === 'item' ? joinPointer(where.itemPointer, offence.pointer) : offence.pointer,
      message: fill(offence.values),
    }));
  }
  let pointer: string;
  if (derived) {
    const params = substituteParams(leaf.params ?? {}, rule.params) as Record<string, unknown>;
    const located = derived.locate(params);
    pointer = derived.scope === 'item' ? joinPointer(where.itemPointer, located) : located;
  } else {
    pointer = joinPointer(base, leaf.path ?? '');
  }
  if (!grouped && leaf.operator === 'isEmpty' && leaf.value === true && Array.isArray(factResult)) {
    // Each element of a list that must be empty is a finding; messages read it as {item.…}.
    return factResult.map((entry, i) => ({ pointer: `${pointer}/${i}`, message: fillFor({ ...where, item: entry }, { actual: entry }) }));
  }
  return [{ pointer, message: fill({}) }];
}

function dedupe(failures: ConditionFailure[]): ConditionFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.pointer}\u0000${f.message.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
