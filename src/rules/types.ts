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

/** A loaded rule: its definition plus where it came from (for errors, coverage and the ruleset hash). */
export interface LoadedRule {
  definition: RuleDefinition;
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
