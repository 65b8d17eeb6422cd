/** A named operator a rule condition can use, beyond json-rules-engine's built-in ones. */
export interface CustomOperator {
  name: string;
  description: string;
  /** JSON Schema for the condition's `value` (checked when rules load). */
  valueSchema: Record<string, unknown>;
  evaluate(factValue: unknown, value: unknown): boolean;
}
