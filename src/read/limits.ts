/** Resource limits for hostile input. Each one is an option on the command line. */
export interface ReadLimits {
  /** Largest YAML/JSON document read, in bytes. Call logs are streamed and exempt. */
  maxFileBytes: number;
  /** Most alias expansions yaml may perform while building one document (alias-bomb guard). */
  maxAliases: number;
  /** Deepest nesting of mappings and sequences accepted. */
  maxDepth: number;
  /**
   * Most values in one document (each key, value, list item, list and mapping counts). yaml's syntax
   * tree costs hundreds of bytes a value; a real dossier or report has a few hundred values.
   */
  maxNodes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  maxAliases: 100,
  maxDepth: 64,
  maxNodes: 100_000,
};
