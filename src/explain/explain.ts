import type { RuleSet } from '../engine/rule-set.js';
import { defaultParams, type ParamValues } from '../rules/params.js';
import type { AnyRuleDefinition, LoadedRule } from '../rules/types.js';
import type { Bilingual } from '../util/i18n.js';
import { compareText } from '../util/compare.js';
import { buildCoverage, type CoverageStatus, type RequirementCoverage } from '../coverage/coverage.js';
import type { CoverageDeclaration, Requirement } from '../rules/requirements.js';
import { ruleListEntry, type RuleListEntry } from '../coverage/render-rule-list.js';
import { toolRule, type ToolRule } from '../report/tool-rules.js';

export interface RequirementExplanation {
  id: string;
  article: string;
  citation: string;
  summary: Bilingual;
  status: CoverageStatus;
  reason?: Bilingual;
  parts?: string[];
}

export interface ParamExplanation {
  name: string;
  value: unknown;
  default: unknown;
  /** True when the value differs from the rule's default (a profile set it). */
  overridden: boolean;
  description: Bilingual;
}

export interface ExampleExplanation {
  expect: 'pass' | 'fail';
  index: number;
  description?: string;
  /** The fragment(s) merged over the template, and example parameters, as written in the rule. */
  input: Record<string, unknown>;
  /** JSON Pointers of the findings a failing example must produce. */
  at?: string[];
}

/** A rule as `tmcheck explain` shows it: its listing, with its text, params and examples. */
export interface RuleExplanation extends RuleListEntry {
  sourceZh: string;
  consequence: Bilingual & { kind: string };
  message: Bilingual;
  notes?: Bilingual;
  params: ParamExplanation[];
  examples: ExampleExplanation[];
}

/** One of tmcheck's own finding ids (`tmcheck/call-log-no-report`), as TOOL_RULES records it. */
export interface ToolRuleExplanation extends ToolRule {
  id: string;
}

export interface Explanation {
  query: string;
  requirements: RequirementExplanation[];
  rules: RuleExplanation[];
  /** tmcheck's own finding id asked for (at most one). */
  toolRules: ToolRuleExplanation[];
}

/** Parameter values as the run would use them (a profile's, for a city), defaults otherwise. */
export type ParamsFor = (rule: AnyRuleDefinition) => ParamValues;

/**
 * What `tmcheck explain` shows for one of tmcheck's own finding ids (`tmcheck/call-log-no-report`, or
 * without `tmcheck/`: the requirement it is filed under and its entry), a rule id (`R7-1/signing-entity`), a requirement id (`R7-1`;
 * an umbrella such as R10-P5 brings its parts), an article (`7`, `第七条`) or keywords found in
 * rules' titles and texts (`注册资本`, `registered capital`). Undefined when nothing matches.
 * A copy of its own: the rules' parameters, messages and consequences in it are the objects the
 * checker judges and reports with, so a caller that edited them (a list of required licences
 * shortened for display) would change every later check's verdict.
 */
export function explain(
  query: string,
  ruleSet: RuleSet,
  requirements: Requirement[],
  declarations: CoverageDeclaration[],
  paramsFor: ParamsFor = defaultParams,
  cwd = process.cwd(),
): Explanation | undefined {
  const explanation = explanationOf(query, ruleSet, requirements, declarations, paramsFor, cwd);
  return explanation && structuredClone(explanation);
}

function explanationOf(
  query: string,
  ruleSet: RuleSet,
  requirements: Requirement[],
  declarations: CoverageDeclaration[],
  paramsFor: ParamsFor,
  cwd: string,
): Explanation | undefined {
  const coverage = buildCoverage(ruleSet.rules, requirements, declarations, new Map());
  const byId = new Map(coverage.requirements.map((r) => [r.id, r]));
  const trimmed = query.trim();
  let requirementIds: string[];
  let rules: LoadedRule[];
  const tool = toolRuleNamed(trimmed);
  if (tool) {
    // Asked before the keywords: a rule's notes may name the id (R10-1's name tmcheck/report-no-dossier).
    const { filedUnder } = tool;
    return { query: trimmed, requirements: filedUnder === 'waiver' ? [] : requirementsOf([filedUnder.requirement], byId), rules: [], toolRules: [tool] };
  }

  const rule = ruleSet.rules.find((r) => r.definition.id === trimmed);
  const requirement = byId.get(trimmed.toUpperCase());
  if (rule) {
    requirementIds = [rule.definition.requirement, ...(rule.definition.also_covers ?? [])];
    rules = [rule];
  } else if (requirement) {
    requirementIds = [requirement.id, ...(requirement.parts ?? [])];
    rules = ruleSet.rules.filter((r) => requirementIds.some((id) => covers(r.definition, id)));
  } else {
    const article = articleOf(trimmed, requirements);
    if (article !== undefined) {
      requirementIds = requirements.filter((r) => r.article === article).map((r) => r.id);
      rules = ruleSet.rules.filter((r) => r.definition.article === article);
    } else {
      // Neither an id nor an article: a keyword, in Chinese or English (`注册资本`, "registered capital").
      rules = ruleSet.rules.filter((r) => matchesKeywords(r.definition, trimmed));
      requirementIds = [...new Set(rules.map((r) => r.definition.requirement))];
    }
    if (requirementIds.length === 0 && rules.length === 0) return undefined;
  }
  return {
    query: trimmed,
    requirements: requirementsOf(requirementIds, byId),
    rules: [...rules].sort((a, b) => compareText(a.definition.id, b.definition.id)).map((r) => explainRule(r, ruleSet, paramsFor, cwd)),
    toolRules: [],
  };
}

function requirementsOf(ids: string[], byId: Map<string, RequirementCoverage>): RequirementExplanation[] {
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [{ id: r.id, article: r.article, citation: r.citation, summary: r.summary, status: r.status, ...(r.reason ? { reason: r.reason } : {}), ...(r.parts ? { parts: r.parts } : {}) }];
  });
}

/** `tmcheck/waiver-expired`, or `waiver-expired` as a report's reader may copy it, in any case. */
function toolRuleNamed(query: string): ToolRuleExplanation | undefined {
  const lower = query.toLowerCase();
  const id = lower.startsWith('tmcheck/') ? lower : `tmcheck/${lower}`;
  const entry = toolRule(id);
  return entry && { id, ...entry };
}

function covers(rule: AnyRuleDefinition, requirementId: string): boolean {
  return rule.requirement === requirementId || (rule.also_covers ?? []).includes(requirementId);
}

/**
 * Whether a rule's words (titles, the Chinese text, messages, consequence, notes, parameter
 * descriptions) hold every word of the query, ignoring case and full-width forms.
 */
function matchesKeywords(rule: AnyRuleDefinition, query: string): boolean {
  const fold = (text: string) => text.normalize('NFKC').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return false;
  const texts = [rule.title.zh, rule.title.en, rule.source_zh, rule.consequence.zh, rule.consequence.en, rule.notes?.zh ?? '', rule.notes?.en ?? ''];
  if ('message' in rule && rule.message) texts.push(rule.message.zh, rule.message.en);
  for (const param of Object.values(rule.params ?? {})) texts.push(param.description.zh, param.description.en);
  const haystack = fold(texts.join('\n'));
  return words.every((word) => haystack.includes(word));
}

/** `7` or `第七条` → "7" when the regulation has that article. */
function articleOf(query: string, requirements: Requirement[]): string | undefined {
  if (/^[1-9]\d*$/.test(query)) return query;
  if (!/^第.+条$/.test(query)) return undefined;
  return requirements.find((r) => r.citation === query || r.citation.startsWith(`${query}(`))?.article;
}

function explainRule(loaded: LoadedRule, ruleSet: RuleSet, paramsFor: ParamsFor, cwd: string): RuleExplanation {
  const rule = loaded.definition;
  const values = paramsFor(rule);
  const examples = (expect: 'pass' | 'fail') =>
    (rule.examples[expect] as unknown as Array<Record<string, unknown>>).map((example, index): ExampleExplanation => {
      const { description, at, ...input } = example;
      return {
        expect,
        index,
        ...(typeof description === 'string' ? { description } : {}),
        input,
        ...(Array.isArray(at) ? { at: at as string[] } : {}),
      };
    });
  return {
    ...ruleListEntry(loaded, ruleSet, cwd),
    sourceZh: rule.source_zh,
    consequence: rule.consequence,
    message: rule.message,
    ...(rule.notes ? { notes: rule.notes } : {}),
    params: Object.entries(rule.params ?? {}).map(([name, param]) => ({
      name,
      value: values[name],
      default: param.default,
      overridden: JSON.stringify(values[name]) !== JSON.stringify(param.default),
      description: param.description,
    })),
    examples: [...examples('pass'), ...examples('fail')],
  };
}
