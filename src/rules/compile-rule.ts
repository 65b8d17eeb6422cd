import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import { isAll, isAny, isNot, type ConditionNode, type RuleDefinition } from './types.js';
import { substituteParams, type ParamValues } from './params.js';

/** Priority of the applicability block: evaluated first, and `require` is skipped when it fails. */
const WHEN_PRIORITY = 10;

/**
 * Compiles a rule to a json-rules-engine rule whose conditions are `all: [when?, require]`. The
 * engine's result tree keeps that shape, so a failure can be traced back to the condition (and so the
 * fact and path) that caused it. Parameters are substituted here, once per profile.
 */
export function compileRule(rule: RuleDefinition, params: ParamValues): RuleProperties {
  const parts: unknown[] = [];
  if (rule.when) parts.push({ all: [toEngineCondition(rule.when, params)], priority: WHEN_PRIORITY });
  parts.push(toEngineCondition(rule.require, params));
  return {
    name: rule.id,
    conditions: { all: parts } as TopLevelCondition,
    event: { type: rule.id },
  };
}

function toEngineCondition(node: ConditionNode, params: ParamValues): unknown {
  if (isAll(node)) return { all: node.all.map((child) => toEngineCondition(child, params)) };
  if (isAny(node)) return { any: node.any.map((child) => toEngineCondition(child, params)) };
  if (isNot(node)) return { not: toEngineCondition(node.not, params) };
  const leaf: Record<string, unknown> = {
    fact: node.fact,
    operator: node.operator,
    value: substituteParams(node.value, params),
  };
  if (node.path) leaf.path = node.path;
  if (node.params) leaf.params = substituteParams(node.params, params);
  return leaf;
}
