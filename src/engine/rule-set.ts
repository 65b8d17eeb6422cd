import { createRequire } from 'node:module';
import type { Engine } from 'json-rules-engine';
import type { DocumentKind } from '../kinds/kinds.js';
import { resolvePointer } from '../util/json-pointer.js';
import { rulesDigest } from '../rules/rule-digest.js';
import { compareText } from '../util/compare.js';
import { DERIVED_FACTS } from '../facts/registry.js';
import type { FactContext } from '../facts/fact.js';
import { CUSTOM_OPERATORS } from '../operators/registry.js';
import { compileRule } from '../rules/compile-rule.js';
import { compileCondition, type CompiledCondition, type EngineCondition } from './condition-evaluator.js';
import { defaultParams, type ParamValues } from '../rules/params.js';
import { isCrossDocumentRule, type AnyRuleDefinition, type CrossDocumentRuleDefinition, type LoadedRule, type RuleDefinition } from '../rules/types.js';

const require = createRequire(import.meta.url);

/** Parameter values for a rule as judged for a document of a given city (profiles set these). */
export type ParamResolver = (rule: RuleDefinition, city: string | undefined) => ParamValues;

export const defaultParamResolver: ParamResolver = (rule) => defaultParams(rule);

export interface CompiledRule {
  loaded: LoadedRule;
  definition: RuleDefinition;
  params: ParamValues;
}

/** Rules that share a scope: the document, or each item of one list. */
export interface RuleScope {
  forEach?: string;
  rules: Map<string, CompiledRule>;
  /** Each rule's `when` and `require` compiled for the direct evaluator (what checks use). */
  evaluators: Array<{ rule: CompiledRule; when?: CompiledCondition; require: CompiledCondition }>;
  /** The same rules in a json-rules-engine instance, built on first use: the reference the direct evaluator is checked against. */
  referenceEngine(): Engine;
}

export interface CompiledKind {
  kind: DocumentKind;
  scopes: RuleScope[];
  /** Rules of this kind in force, in id order. */
  rules: CompiledRule[];
}

export interface RuleSetOptions {
  params?: ParamResolver;
  /** Judge with the rules in force on this date (YYYY-MM-DD); rules not in force are skipped. */
  asOf?: string;
}

/**
 * All loaded rules, compiled lazily per (kind, parameter values) and cached for the life of the
 * process: a batch of ten thousand dossiers of one city builds its engines once.
 */
export class RuleSet {
  private digest: string | undefined;
  private readonly cache = new Map<string, CompiledKind>();
  /** (kind, city) → compiled rules: parameters depend only on the rule and the city, so a batch resolves them once per city. */
  private readonly byCity = new Map<string, CompiledKind>();
  private readonly resolveParams: ParamResolver;

  constructor(
    readonly rules: LoadedRule[],
    private readonly options: RuleSetOptions = {},
  ) {
    this.resolveParams = options.params ?? defaultParamResolver;
  }

  /**
   * The SHA-256 of every rule's id and source text (the report's `ruleset.sha256`, the cache's run
   * key; rulesDigest), found when first asked for: a --jobs worker's rule set never is, and hashing
   * the ~360 KB of rule text was part of each worker's start-up.
   */
  get sha256(): string {
    return (this.digest ??= rulesDigest(this.rules));
  }

  get asOf(): string | undefined {
    return this.options.asOf;
  }

  /** Whether a rule is in force on the `asOf` date (every rule is when no date is given). */
  inForce(rule: AnyRuleDefinition): boolean {
    const asOf = this.options.asOf;
    if (!asOf) return rule.retired_on === undefined;
    return rule.effective_from <= asOf && (rule.retired_on === undefined || asOf < rule.retired_on);
  }

  /** Rules of the set that are not in force on the `asOf` date. */
  skipped(): LoadedRule[] {
    return this.rules.filter((r) => !this.inForce(r.definition));
  }

  /** Cross-document rules in force (run by src/cross after all documents are read, never per document). */
  crossDocumentRules(): Array<{ loaded: LoadedRule; definition: CrossDocumentRuleDefinition }> {
    return this.rules.flatMap((loaded) =>
      isCrossDocumentRule(loaded.definition) && this.inForce(loaded.definition) ? [{ loaded, definition: loaded.definition }] : [],
    );
  }

  compiledFor(kind: DocumentKind, city: string | undefined): CompiledKind {
    const cityKey = `${kind}\u0000${city === undefined ? '\u0001' : city}`;
    const known = this.byCity.get(cityKey);
    if (known) return known;
    // Cross-document rules have no per-document conditions: they are not compiled into the engines.
    const active = this.rules.flatMap((loaded) => {
      const definition = loaded.definition;
      return definition.applies_to === kind && !isCrossDocumentRule(definition) && this.inForce(definition) ? [{ loaded, definition }] : [];
    });
    const withParams = active.map(({ loaded, definition }) => ({ loaded, definition, params: this.resolveParams(definition, city) }));
    const key = `${kind}\u0000${JSON.stringify(withParams.map((r) => r.params))}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      compiled = buildKind(kind, withParams);
      this.cache.set(key, compiled);
    }
    this.byCity.set(cityKey, compiled);
    return compiled;
  }
}

function buildKind(kind: DocumentKind, rules: CompiledRule[]): CompiledKind {
  const byScope = new Map<string, CompiledRule[]>();
  for (const rule of rules) {
    const scope = rule.definition.for_each ?? '';
    byScope.set(scope, [...(byScope.get(scope) ?? []), rule]);
  }
  const scopes = [...byScope.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([forEach, scopeRules]) => {
      let engine: Engine | undefined;
      return {
        forEach: forEach || undefined,
        rules: new Map(scopeRules.map((r) => [r.definition.id, r])),
        evaluators: scopeRules.map((rule) => {
          // compileRule writes `all: [when?, require]`, the when block first (it has the higher priority).
          const [first, second] = (compileRule(rule.definition, rule.params).conditions as EngineCondition).all!;
          return second ? { rule, when: compileCondition(first!), require: compileCondition(second) } : { rule, require: compileCondition(first!) };
        }),
        referenceEngine: () => (engine ??= createEngine(scopeRules)),
      };
    });
  return { kind, scopes, rules: [...rules].sort((a, b) => compareText(a.definition.id, b.definition.id)) };
}

/**
 * One json-rules-engine instance per scope: JSON Pointer paths (own properties only) instead of
 * JSONPath, the custom operators, and the derived facts, which read the run's context fact.
 */
function createEngine(rules: CompiledRule[]): Engine {
  // Loaded on first use: checks use the direct evaluator, and the engine's libraries cost start-up.
  const { Engine: EngineClass } = require('json-rules-engine') as typeof import('json-rules-engine');
  const engine = new EngineClass([], {
    allowUndefinedFacts: false,
    pathResolver: (value: unknown, path: string) => resolvePointer(value, path),
  });
  for (const operator of CUSTOM_OPERATORS.values()) {
    engine.addOperator(operator.name, (factValue: unknown, value: unknown) => operator.evaluate(factValue, value));
  }
  for (const fact of DERIVED_FACTS.values()) {
    engine.addFact(
      fact.name,
      async (params: Record<string, unknown>, almanac) => fact.compute(params, (await almanac.factValue('context')) as FactContext),
      { cache: false },
    );
  }
  for (const rule of rules) engine.addRule(compileRule(rule.definition, rule.params));
  return engine;
}
