/**
 * Replaces every string in parsed data by a copy of its own. V8 keeps a substring of a longer string
 * as a "slice" that holds on to the whole original: one vendor name or credit code kept in a report
 * would keep the entire source text of its file alive, so memory would grow with every file checked.
 * Only strings V8 may slice (13 characters or more) are copied; the copy is exact (UTF-16 code units,
 * lone surrogates included). Mutates in place: the data is fresh from the parser and not shared.
 */
const MIN_SLICED_LENGTH = 13;

export function detachStrings<T>(data: T): T {
  if (typeof data === 'string') return copyString(data) as T;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.length >= MIN_SLICED_LENGTH) {
        // defineProperty, not assignment: an own `__proto__` key must stay a plain property.
        Object.defineProperty(node, key, { value: copyString(value), writable: true, enumerable: true, configurable: true });
      } else if (value !== null && typeof value === 'object') {
        stack.push(value);
      }
    }
  }
  return data;
}

function copyString(text: string): string {
  return text.length < MIN_SLICED_LENGTH ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}
