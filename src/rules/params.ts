import type { AnyRuleDefinition } from './types.js';

export type ParamValues = Record<string, unknown>;

/** Each parameter at its default: the one place a rule's defaults are read (profiles and examples override them). */
export function defaultParams(rule: Pick<AnyRuleDefinition, 'params'>): ParamValues {
  return Object.fromEntries(Object.entries(rule.params ?? {}).map(([name, param]) => [name, param.default]));
}

/** Replaces every `{param: name}` in a condition tree with that parameter's value. */
export function substituteParams(value: unknown, params: ParamValues): unknown {
  if (Array.isArray(value)) return value.map((v) => substituteParams(v, params));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === 'param' && typeof entries[0]![1] === 'string') {
      return params[entries[0]![1]];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, substituteParams(v, params)]));
  }
  return value;
}
