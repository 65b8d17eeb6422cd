/** Nouns whose English plural is not noun + "s". */
const IRREGULAR_PLURALS: Record<string, string> = { person: 'people', child: 'children', batch: 'batches' };

/** An English noun that agrees with `count`: the last word of `noun` takes the plural unless count is 1. */
export function nounFor(count: unknown, noun: string): string {
  if (count === 1 || count === '1') return noun;
  const words = noun.split(' ');
  const last = words.pop()!;
  return [...words, IRREGULAR_PLURALS[last] ?? `${last}s`].join(' ');
}

/** "1 rule", "5 rules": a count and its English noun. */
export function countOf(count: number, noun: string): string {
  return `${count} ${nounFor(count, noun)}`;
}
