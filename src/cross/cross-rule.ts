import type { Finding } from '../report/model.js';
import { ruleFinding } from '../report/finding.js';
import { fillMessage } from '../rules/message-template.js';
import { defaultParams, type ParamValues } from '../rules/params.js';
import type { CrossDocumentRuleDefinition } from '../rules/types.js';
import type { BatchView, CrossDocumentCheck, CrossDocumentHit } from '../ranking/cross-document-check.js';
import { crossDocumentCheck } from '../ranking/registry.js';

/** A cross-document rule ready to run: its definition, its check and its parameter values. */
export interface PreparedCrossRule {
  definition: CrossDocumentRuleDefinition;
  check: CrossDocumentCheck<any>;
  params: ParamValues;
}

/** The rule's parameter defaults with any overrides (an example's params) on top. */
/** Pairs a rule with its registered check; load-rules has already refused unknown check names. */
export function prepareCrossRule(rule: CrossDocumentRuleDefinition, overrides: ParamValues = {}): PreparedCrossRule {
  const check = crossDocumentCheck(rule.cross_document.check);
  if (!check) throw new Error(`rule ${rule.id} names unknown cross-document check "${rule.cross_document.check}"`);
  return { definition: rule, check, params: { ...defaultParams(rule), ...overrides } };
}

export function runCrossRule(rule: PreparedCrossRule, batch: BatchView): Finding[] {
  return rule.check.evaluate(batch, rule.params).map((hit) => crossFinding(rule, hit));
}

/** A hit becomes a finding with the severity, consequence and message its outcome has in the rule file. */
export function crossFinding(rule: PreparedCrossRule, hit: CrossDocumentHit): Finding {
  const definition = rule.definition;
  const outcome = definition.cross_document.outcomes[hit.outcome];
  if (!outcome) throw new Error(`check ${rule.check.name} reported outcome "${hit.outcome}" that rule ${definition.id} does not define`);
  const fill = (template: string, lang: 'zh' | 'en') =>
    fillMessage(template, { ...rule.params, ...hit.values, ...(hit.localized?.[lang] ?? {}) }, { doc: undefined }, lang);
  const message = { zh: fill(outcome.message.zh, 'zh'), en: fill(outcome.message.en, 'en') };
  const location = { file: hit.report.file, path: hit.pointer, line: hit.position.line, column: hit.position.column };
  return ruleFinding(definition, { severity: outcome.severity, consequence: outcome.consequence, message }, location, hit.report.creditCode);
}
