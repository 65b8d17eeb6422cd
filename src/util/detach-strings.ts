/**
 * Replaces every string in parsed data by a copy of its own. V8 keeps a substring of a longer string
 * as a "slice" that holds on to the whole original: one vendor name or credit code kept in a report
 * would keep the entire source text of its file alive, so memory would grow with every file checked.
 * Only strings V8 may slice (13 characters or more) are copied; the copy is exact (UTF-16 code units,
 * lone surrogates included). Mutates in place: the data is fresh from the parser and not shared.
 */
const MIN_SLICED_LENGTH = 13;

export function detachStrings<T>(data: T, options: { shared: boolean } = { shared: true }): T {
  if (typeof data === 'string') return detachString(data) as T;
  const stack: unknown[] = [data];
  // An alias shares a node: visit it once. Data without aliases is a tree, and needs no record.
  const seen = options.shared ? new Set<object>() : undefined;
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (seen) {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const value: unknown = node[i];
        if (typeof value === 'string') {
          if (value.length >= MIN_SLICED_LENGTH) node[i] = detachString(value);
        } else if (value !== null && typeof value === 'object') {
          stack.push(value);
        }
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') {
        if (value.length < MIN_SLICED_LENGTH) continue;
        // An own `__proto__` key must stay a plain property: assigning to it would set the prototype.
        if (key === '__proto__') Object.defineProperty(record, key, { value: detachString(value), writable: true, enumerable: true, configurable: true });
        else record[key] = detachString(value);
      } else if (value !== null && typeof value === 'object') {
        stack.push(value);
      }
    }
  }
  return data;
}

/** One string as `detachStrings` leaves it: a copy of its own when V8 may have sliced it, else itself. */
export function detachString(text: string): string {
  return text.length < MIN_SLICED_LENGTH ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}

/** Whether the data contains itself (a YAML alias inside the node it names: `&a [*a]`). */
export function isCyclic(root: unknown): boolean {
  const onPath = new Set<object>();
  const finished = new Set<object>();
  const stack: Array<{ node: object; children: unknown[]; next: number }> = [];
  const enter = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || finished.has(value)) return false;
    if (onPath.has(value)) return true;
    onPath.add(value);
    stack.push({ node: value, children: Object.values(value), next: 0 });
    return false;
  };
  if (enter(root)) return true;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      if (enter(top.children[top.next++])) return true;
    } else {
      onPath.delete(top.node);
      finished.add(top.node);
      stack.pop();
    }
  }
  return false;
}
