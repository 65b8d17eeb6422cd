// The modules of json-rules-engine that build its operator map (CommonJS, shipped without typings),
// imported by condition-evaluator.ts: each exports its value as `default`.
declare module 'json-rules-engine/dist/operator-map.js' {
  const module: { default: new () => { addOperator(operator: unknown): void; addOperatorDecorator(decorator: unknown): void; get(name: string): { evaluate(factValue: unknown, value: unknown): boolean } | null } };
  export default module;
}
declare module 'json-rules-engine/dist/engine-default-operators.js' {
  const module: { default: unknown[] };
  export default module;
}
declare module 'json-rules-engine/dist/engine-default-operator-decorators.js' {
  const module: { default: unknown[] };
  export default module;
}
