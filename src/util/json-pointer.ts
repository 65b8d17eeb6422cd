/** RFC 6901 JSON Pointers: the only path language rules and reports use. */

// Rules and reports use a few hundred distinct pointers, parsed for every document: keep the tokens.
// The cache is bounded so that pointers built from hostile data cannot grow it without end.
const parsedPointers = new Map<string, readonly string[]>();
const MAX_CACHED_POINTERS = 4096;

export function parsePointer(pointer: string): string[] {
  return [...parsedTokens(pointer)];
}

/** The tokens of a pointer, shared and frozen: for reading only. */
function parsedTokens(pointer: string): readonly string[] {
  const known = parsedPointers.get(pointer);
  if (known) return known;
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON Pointer must start with "/": ${pointer}`);
  const tokens = Object.freeze(
    pointer
      .slice(1)
      .split('/')
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~')),
  );
  if (parsedPointers.size < MAX_CACHED_POINTERS) parsedPointers.set(pointer, tokens);
  return tokens;
}

export function formatPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function joinPointer(base: string, relative: string): string {
  return relative === '' || relative === '/' ? base : base + relative;
}

/**
 * Resolves a pointer against plain data. Only own properties are followed, so a pointer such as
 * `/__proto__/polluted` or `/constructor` never reaches a prototype.
 */
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

export function resolvePointer(data: unknown, pointer: string | readonly string[]): unknown {
  const tokens = typeof pointer === 'string' ? parsedTokens(pointer) : pointer;
  let current: unknown = data;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object') {
      if (!Object.prototype.hasOwnProperty.call(current, token)) return undefined;
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** The pointer of the nearest ancestor (or the pointer itself) that exists in the data. */
export function nearestExisting(data: unknown, pointer: string): string {
  const tokens = parsePointer(pointer);
  while (tokens.length > 0 && resolvePointer(data, tokens) === undefined) tokens.pop();
  return formatPointer(tokens);
}
