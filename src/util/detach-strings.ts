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
  const seen = new Set<object>(); // an alias shares a node: visit it once
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
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
