import { lazyAjv } from '../validate/ajv.js';
import { crossDocumentCheck } from '../ranking/registry.js';
import { placeholders } from './message-template.js';
import { defaultParams } from './params.js';
import type { CrossDocumentRuleDefinition } from './types.js';

type Report = (pointer: string, message: string) => void;

const ajv = lazyAjv({ allErrors: true, strict: false });

/**
 * What the rule schema cannot see in a cross-document rule: the check exists, its params (defaults
 * and every example's overrides) satisfy the check's schema, every outcome the check can report has
 * a severity, consequence and message (and no other outcome is given), and every message
 * placeholder is a param or a value the check fills.
 */
export function checkCrossDocumentRule(rule: CrossDocumentRuleDefinition, report: Report): void {
  for (const key of ['require', 'when', 'for_each'] as const) {
    if (Object.prototype.hasOwnProperty.call(rule, key)) report(`/${key}`, `a cross-document rule has no "${key}": its check decides`);
  }
  const check = crossDocumentCheck(rule.cross_document.check);
  if (!check) {
    report('/cross_document/check', `unknown cross-document check "${rule.cross_document.check}"`);
    return;
  }
  if (rule.applies_to !== check.reads) report('/applies_to', `check ${check.name} reads ${check.reads} documents, but the rule applies to ${rule.applies_to}`);
  const validateParams = ajv().compile(check.paramsSchema);
  const paramSets: Array<[string, Record<string, unknown>]> = [['/params', {}]];
  for (const kind of ['pass', 'fail'] as const) {
    rule.examples[kind].forEach((example, i) => {
      if (!Array.isArray(example.documents) || Object.prototype.hasOwnProperty.call(example, 'document')) {
        report(`/examples/${kind}/${i}`, 'an example of a cross-document rule lists its reports under "documents" (not "document")');
      }
      if (example.params) paramSets.push([`/examples/${kind}/${i}/params`, example.params]);
    });
  }
  for (const [at, overrides] of paramSets) {
    const params = { ...defaultParams(rule), ...overrides };
    if (!validateParams(params)) report(at, `params of check ${check.name} are invalid: ${ajv().errorsText(validateParams.errors)}`);
    else if (check.checkParams?.(params)) report(at, `params of check ${check.name} are invalid: ${check.checkParams(params)}`);
  }

  const outcomes = rule.cross_document.outcomes;
  for (const name of check.outcomes) {
    if (!Object.prototype.hasOwnProperty.call(outcomes, name)) report('/cross_document/outcomes', `outcome "${name}" of check ${check.name} needs a severity, consequence and message`);
  }
  for (const name of Object.keys(outcomes)) {
    if (!check.outcomes.includes(name)) report(`/cross_document/outcomes/${name}`, `check ${check.name} has no outcome "${name}" (it has: ${check.outcomes.join(', ')})`);
  }

  const known = new Set([...Object.keys(rule.params ?? {}), ...check.messageValues]);
  const messages: Array<[string, string]> = [['/message/zh', rule.message.zh], ['/message/en', rule.message.en]];
  for (const [name, outcome] of Object.entries(outcomes)) {
    messages.push([`/cross_document/outcomes/${name}/message/zh`, outcome.message.zh], [`/cross_document/outcomes/${name}/message/en`, outcome.message.en]);
  }
  for (const [pointer, text] of messages) {
    for (const name of placeholders(text)) {
      if (!known.has(name)) report(pointer, `message placeholder {${name}} cannot be filled (known: ${[...known].join(', ')})`);
    }
  }
}
