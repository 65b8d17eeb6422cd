/**
 * Appends every item to `target`. `target.push(...items)` passes each item as an argument, and a
 * list of a hundred thousand or so (findings of one big file) overflows the call stack.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest number of a list, or `empty` for none (`Math.max(...list)` overflows the stack on long lists). */
export function maxOf(values: Iterable<number>, empty: number): number {
  let max: number | undefined;
  for (const value of values) if (max === undefined || value > max) max = value;
  return max ?? empty;
}
