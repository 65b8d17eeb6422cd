import type { Bilingual } from '../util/i18n.js';
import type { AnyRuleDefinition, Severity } from './types.js';

/** What every listing of a rule starts with: the report's rules, `tmcheck rules list`, `tmcheck explain`. */
export interface RuleSummary {
  id: string;
  article: string;
  requirement: string;
  severity: Severity;
  title: Bilingual;
  citation: string;
}

/** The one mapping from a rule file's fields to the names listings give them. */
export function ruleSummary(rule: AnyRuleDefinition): RuleSummary {
  return { id: rule.id, article: rule.article, requirement: rule.requirement, severity: rule.severity, title: { zh: rule.title.zh, en: rule.title.en }, citation: rule.citation };
}
