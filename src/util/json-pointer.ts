/** RFC 6901 JSON Pointers: the only path language rules and reports use. */

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON Pointer must start with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
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
export function resolvePointer(data: unknown, pointer: string | string[]): unknown {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let current: unknown = data;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
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
