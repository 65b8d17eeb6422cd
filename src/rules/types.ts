import type { Bilingual } from '../util/i18n.js';
import type { DocumentKind } from '../kinds/kinds.js';

export type Severity = 'error' | 'warning' | 'notice';

export interface LeafCondition {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
  operator: string;
  value: unknown;
  message?: Bilingual;
}
export interface AllCondition { all: ConditionNode[]; message?: Bilingual }
export interface AnyCondition { any: ConditionNode[]; message?: Bilingual }
export interface NotCondition { not: ConditionNode; message?: Bilingual }
export type ConditionNode = LeafCondition | AllCondition | AnyCondition | NotCondition;

export interface ParamDefinition {
  default: unknown;
  schema: Record<string, unknown>;
  description: Bilingual;
}

export interface RuleExample {
  description?: string;
  document: Record<string, unknown>;
  params?: Record<string, unknown>;
  at?: string[];
}

/**
 * An example of a cross-document rule: several document fragments (each merged over the kind's
 * template), judged together. `at` lists findings as pointers into this list:
 * `/documents/3/assessment_score` is a finding at /assessment_score of the fourth document.
 */
export interface CrossDocumentExample {
  description?: string;
  documents: Array<Record<string, unknown>>;
  /** The branch's assessments the documents are ranked with (kind: MonthlyAssessment without `kind`), as --assessments gives them. */
  assessments?: Array<Record<string, unknown>>;
  params?: Record<string, unknown>;
  at?: string[];
}

/** What a cross-document check concludes for one of its outcomes (e.g. rectify vs terminate). */
export interface CrossDocumentOutcome {
  severity: Severity;
  consequence: Bilingual & { kind: string };
  message: Bilingual;
}

/** Names the check (src/ranking/registry.ts) and gives each of its outcomes a severity, consequence and message. */
export interface CrossDocumentSpec {
  check: string;
  outcomes: Record<string, CrossDocumentOutcome>;
}

/** A rule file as written under rules/ (validated against schemas/rule.schema.json). */
export interface RuleDefinition {
  id: string;
  article: string;
  requirement: string;
  also_covers?: string[];
  citation: string;
  source_zh: string;
  title: Bilingual;
  severity: Severity;
  consequence: Bilingual & { kind: string };
  applies_to: DocumentKind;
  effective_from: string;
  retired_on?: string;
  params?: Record<string, ParamDefinition>;
  for_each?: string;
  when?: ConditionNode;
  require: ConditionNode;
  message: Bilingual;
  notes?: Bilingual;
  examples: { pass: RuleExample[]; fail: RuleExample[] };
}

/**
 * A rule judged on several documents at once (R24-6: the monthly ranking). It names a registered
 * check instead of conditions and is never compiled into the per-document engines.
 */
export interface CrossDocumentRuleDefinition extends Omit<RuleDefinition, 'require' | 'when' | 'for_each' | 'examples'> {
  cross_document: CrossDocumentSpec;
  require?: never;
  when?: never;
  for_each?: never;
  examples: { pass: CrossDocumentExample[]; fail: CrossDocumentExample[] };
}

export type AnyRuleDefinition = RuleDefinition | CrossDocumentRuleDefinition;

export function isCrossDocumentRule(rule: AnyRuleDefinition): rule is CrossDocumentRuleDefinition {
  return Object.prototype.hasOwnProperty.call(rule, 'cross_document');
}

/** A loaded rule: its definition plus where it came from (for errors, coverage and the ruleset hash). */
export interface LoadedRule {
  definition: AnyRuleDefinition;
  file: string;
  /** The file's text, hashed into the ruleset's sha256. */
  source: string;
  builtIn: boolean;
}

export function isAll(node: ConditionNode): node is AllCondition {
  return Object.prototype.hasOwnProperty.call(node, 'all');
}
export function isAny(node: ConditionNode): node is AnyCondition {
  return Object.prototype.hasOwnProperty.call(node, 'any');
}
export function isNot(node: ConditionNode): node is NotCondition {
  return Object.prototype.hasOwnProperty.call(node, 'not');
}
export function isLeaf(node: ConditionNode): node is LeafCondition {
  return Object.prototype.hasOwnProperty.call(node, 'fact');
}
