/**
 * Remembers a function's answers for the first `cap` distinct keys and computes the rest every time.
 * A call log repeats a handful of vendors and days on every row, so each is judged once; the cap keeps
 * a hostile file (a new value on every row) from growing the memory with rows.
 */
export class BoundedMemo<K, V> {
  private readonly known = new Map<K, V>();

  /** `own` copies a key before it is kept (see own-string.ts). */
  constructor(
    private readonly cap: number,
    private readonly compute: (key: K) => V,
    private readonly own: (key: K) => K = (key) => key,
  ) {}

  get(key: K): V {
    const known = this.known.get(key);
    // One lookup for a remembered answer; `has` only tells a remembered `undefined` from a new key.
    if (known !== undefined || this.known.has(key)) return known as V;
    if (this.known.size >= this.cap) return this.compute(key);
    const kept = this.own(key);
    const value = this.compute(kept);
    this.known.set(kept, value);
    return value;
  }
}
