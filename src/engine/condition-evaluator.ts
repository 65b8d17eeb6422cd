// json-rules-engine's operator modules (CommonJS; each exports `default`: see esDefault), without its Engine: bundled
// into the rules chunk, so that building the operator map reads nothing from node_modules at run time.
import operatorMapModule from 'json-rules-engine/dist/operator-map.js';
import defaultOperatorsModule from 'json-rules-engine/dist/engine-default-operators.js';
import defaultDecoratorsModule from 'json-rules-engine/dist/engine-default-operator-decorators.js';
import { DERIVED_FACTS } from '../facts/registry.js';
import type { FactContext } from '../facts/fact.js';
import { CUSTOM_OPERATORS } from '../operators/registry.js';
import { parsePointer, resolvePointer } from '../util/json-pointer.js';

/** A condition node as json-rules-engine returns it after a run: the rule's shape plus results. */
export interface EvaluatedNode {
  result?: boolean;
  factResult?: unknown;
  valueResult?: unknown;
  all?: EvaluatedNode[];
  any?: EvaluatedNode[];
  not?: EvaluatedNode;
}

/**
 * Evaluates a compiled rule (json-rules-engine's condition format) synchronously, with the same
 * meaning json-rules-engine gives it, but without `Engine.run`: no almanac, no promise per condition,
 * no deep copy of the conditions per result. A batch of ten thousand dossiers spent most of its
 * rule time in those (README, Performance). The semantics copied from json-rules-engine 7:
 * - operators are json-rules-engine's own operator objects (so `lessThan` rejects a non-number the same way);
 * - `all`/`any` evaluate their children in priority sets, highest first; every child of a set is
 *   evaluated, and a set that decides the answer stops the later sets (our `when` block is one);
 * - a `path` is applied only when the fact's value is an object, else the value itself is compared;
 * - a `value` of the form `{ fact, params?, path? }` is read as a fact;
 * - a derived fact is computed once per run (document or item) and params: `test` and then `trace`
 *   of a failing rule, or two conditions naming it alike, read the one result (facts are pure).
 * test/evaluator-parity.test.ts runs every fixture and rule example through both and compares.
 */

/** What a rule's conditions can read in one evaluation (one document, or one item of a list). */
export interface RunFacts {
  doc: unknown;
  /** Present only for a `for_each` scope, where the `item` fact exists. */
  item?: { value: unknown };
  context: FactContext;
  /** Derived facts' results in this run, by name and params: made when the first is read. */
  derived?: Map<string, unknown>;
}

/**
 * A condition compiled once, evaluated once per document or item. `test` only answers (no objects
 * made: most rules pass, and a batch's garbage is what its workers contend over); `trace` answers
 * with the evaluated tree json-rules-engine would return, for the rules that fail. Both evaluate the
 * same conditions in the same order, so a fact that throws throws in both.
 */
export interface CompiledCondition {
  test(facts: RunFacts): boolean;
  trace(facts: RunFacts): EvaluatedNode;
}

/** A condition as compileRule writes it for json-rules-engine. */
export interface EngineCondition {
  all?: EngineCondition[];
  any?: EngineCondition[];
  not?: EngineCondition;
  priority?: number;
  fact?: string;
  operator?: string;
  value?: unknown;
  path?: string;
  params?: Record<string, unknown>;
}

interface OperatorLike {
  evaluate(factValue: unknown, value: unknown): boolean;
}

type OperatorMap = { addOperator(operator: unknown): void; addOperatorDecorator(decorator: unknown): void; get(name: string): OperatorLike | null };
let builtInOperators: OperatorMap | undefined;

/**
 * The `exports.default` of a CommonJS module compiled from an ES module: Node's import (and esbuild's,
 * for an ES importer) gives `module.exports`, marked `__esModule`; vitest gives `exports.default` itself.
 */
function esDefault<T>(imported: unknown): T {
  const module = imported as { __esModule?: boolean; default?: T };
  return module.__esModule ? module.default! : (imported as T);
}

/** json-rules-engine's built-in operators, else ours. */
function operatorNamed(name: string): OperatorLike {
  const custom = CUSTOM_OPERATORS.get(name);
  if (custom) return custom;
  // The operator map an Engine builds in its constructor, built the same way from the same modules
  // without loading the Engine and its JSONPath, event and cloning libraries: start-up.
  if (!builtInOperators) {
    const OperatorMapClass = esDefault<new () => OperatorMap>(operatorMapModule);
    builtInOperators = new OperatorMapClass();
    for (const operator of esDefault<unknown[]>(defaultOperatorsModule)) builtInOperators.addOperator(operator);
    for (const decorator of esDefault<unknown[]>(defaultDecoratorsModule)) builtInOperators.addOperatorDecorator(decorator);
  }
  const builtIn = builtInOperators.get(name);
  if (!builtIn) throw new Error(`Unknown operator: ${name}`);
  return builtIn;
}

/** Compiles a condition tree once. */
export function compileCondition(condition: EngineCondition): CompiledCondition {
  if (condition.all) return compileGroup('all', condition.all);
  if (condition.any) return compileGroup('any', condition.any);
  if (condition.not) {
    const inner = compileCondition(condition.not);
    return {
      test: (facts) => !inner.test(facts),
      trace: (facts) => {
        const child = inner.trace(facts);
        return { not: child, result: child.result !== true };
      },
    };
  }
  return compileLeaf(condition);
}

function compileGroup(kind: 'all' | 'any', children: EngineCondition[]): CompiledCondition {
  const compiled = children.map(compileCondition);
  // Children are evaluated in priority sets, highest first (json-rules-engine's prioritizeConditions);
  // every child of a set is evaluated, and a set that decides the answer ends the evaluation.
  const sets = prioritySets(children);
  const decisive = kind === 'any';
  return {
    test: (facts) => {
      for (const set of sets) {
        let setDecides = false;
        for (const index of set) if (compiled[index]!.test(facts) === decisive) setDecides = true;
        if (setDecides) return decisive;
      }
      return !decisive;
    },
    trace: (facts) => {
      const nodes: EvaluatedNode[] = new Array(compiled.length);
      let result = !decisive;
      for (const set of sets) {
        let setDecides = false;
        for (const index of set) {
          const node = compiled[index]!.trace(facts);
          nodes[index] = node;
          if ((node.result === true) === decisive) setDecides = true;
        }
        if (setDecides) {
          result = decisive;
          break;
        }
      }
      for (let i = 0; i < nodes.length; i++) nodes[i] ??= {};
      return kind === 'all' ? { all: nodes, result } : { any: nodes, result };
    },
  };
}

function prioritySets(children: EngineCondition[]): number[][] {
  if (children.length <= 1) return [children.map((_, i) => i)];
  const byPriority = new Map<number, number[]>();
  children.forEach((child, i) => {
    // Our facts declare no priority, so json-rules-engine's default of 1 applies to every condition without one.
    const priority = child.priority || 1;
    byPriority.set(priority, [...(byPriority.get(priority) ?? []), i]);
  });
  return [...byPriority.entries()].sort(([a], [b]) => b - a).map(([, set]) => set);
}

function compileLeaf(condition: EngineCondition): CompiledCondition {
  const op = operatorNamed(condition.operator!);
  const readFact = factReader(condition.fact!, condition.params ?? {}, condition.path);
  const value = condition.value;
  const readValue = isFactReference(value) ? factReader(value.fact, value.params ?? {}, value.path) : () => value;
  return {
    test: (facts) => {
      const valueResult = readValue(facts);
      return op.evaluate(readFact(facts), valueResult);
    },
    trace: (facts) => {
      const valueResult = readValue(facts);
      const factResult = readFact(facts);
      return { result: op.evaluate(factResult, valueResult), factResult, valueResult };
    },
  };
}

function isFactReference(value: unknown): value is { fact: string; params?: Record<string, unknown>; path?: string } {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact');
}

function factReader(name: string, params: Record<string, unknown>, path: string | undefined): (facts: RunFacts) => unknown {
  const base = baseFactReader(name, params);
  if (!path) return base;
  const tokens = parsePointer(path);
  return (facts) => {
    const value = base(facts);
    return value !== null && typeof value === 'object' ? resolvePointer(value, tokens) : value;
  };
}

function baseFactReader(name: string, params: Record<string, unknown>): (facts: RunFacts) => unknown {
  if (name === 'doc') return (facts) => facts.doc;
  if (name === 'context') return (facts) => facts.context;
  if (name === 'item') {
    return (facts) => {
      if (!facts.item) throw new Error('Undefined fact: item');
      return facts.item.value;
    };
  }
  const derived = DERIVED_FACTS.get(name);
  if (!derived) throw new Error(`Undefined fact: ${name}`);
  const key = `${name}${JSON.stringify(params)}`;
  return (facts) => {
    if (facts.derived?.has(key)) return facts.derived.get(key);
    const value: unknown = derived.compute(params, facts.context);
    (facts.derived ??= new Map()).set(key, value);
    return value;
  };
}
