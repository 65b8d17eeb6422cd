import type { Bilingual } from '../util/i18n.js';
import type { AnyRuleDefinition, Severity } from '../rules/types.js';
import type { Finding, Location } from './model.js';

/** What a rule says when it fails: the severity, consequence and filled-in message of its outcome. */
export interface Verdict {
  severity: Severity;
  consequence: Bilingual & { kind: string };
  message: Bilingual;
}

/**
 * A rule's verdict at a location as a finding: the one place a rule's identity (id, article,
 * requirement, citation) is copied into a finding and the citation added to its message.
 */
export function ruleFinding(rule: AnyRuleDefinition, verdict: Verdict, location: Location, vendor: string | undefined): Finding {
  return {
    ruleId: rule.id,
    article: rule.article,
    requirement: rule.requirement,
    severity: verdict.severity,
    message: { zh: `${verdict.message.zh}（${rule.citation}）`, en: `${verdict.message.en} (${rule.citation})` },
    consequence: { zh: verdict.consequence.zh, en: verdict.consequence.en },
    consequenceKind: verdict.consequence.kind,
    citation: rule.citation,
    location,
    ...(vendor ? { vendor } : {}),
  };
}
