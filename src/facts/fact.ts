/**
 * A derived fact: a named, unit-tested function that rules refer to by name with parameters, for
 * what a condition on a plain path cannot say (a span in minutes, whole years between two dates).
 */
export interface FactContext {
  /** The whole document. */
  doc: unknown;
  /** The current item when the rule has `for_each`. */
  item?: unknown;
  /**
   * Intermediate results several facts derive alike from one document (the approval trail three
   * facts read), made fresh for each document and dropped with it, so each is derived once.
   * Absent (a caller that keeps none): facts derive afresh.
   */
  shared?: Map<string, unknown>;
}

/** One offending item found by a fact that returns a list of offences; each becomes a finding. */
export interface Offence {
  /** Absolute JSON Pointer of the offending value. */
  pointer: string;
  /** Values a message can name, e.g. `{step}`. */
  values: Record<string, unknown>;
}

export interface DerivedFact<P = Record<string, unknown>> {
  name: string;
  description: string;
  /** `document`: pointer params are absolute; `item`: they are relative to the current item. */
  scope: 'document' | 'item';
  /** JSON Schema of the params (checked when rules load). */
  paramsSchema: Record<string, unknown>;
  /** Params that are JSON Pointers, checked against the document schema when rules load. */
  pointerParams: string[];
  /** When true, `compute` returns Offence[] and each offence is reported on its own. */
  returnsOffences?: boolean;
  /** Names of the values each offence carries (message placeholders). */
  offenceValues?: string[];
  compute(params: P, context: FactContext): unknown;
  /** Pointer (absolute for document scope, relative to the item for item scope) a finding points at. */
  locate(params: P): string;
}

/** The params schema of a fact whose params are exactly the given JSON Pointers, all required. */
export function pointerParamsSchema(names: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: [...names],
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
  };
}
