// The modules of json-rules-engine that build its operator map (CommonJS compiled from ES modules,
// shipped without typings), imported by condition-evaluator.ts, which reads their `default` export.
declare module 'json-rules-engine/dist/operator-map.js' {
  const module: unknown;
  export default module;
}
declare module 'json-rules-engine/dist/engine-default-operators.js' {
  const module: unknown;
  export default module;
}
declare module 'json-rules-engine/dist/engine-default-operator-decorators.js' {
  const module: unknown;
  export default module;
}
