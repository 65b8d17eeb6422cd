/**
 * Remembers a function's answers for the first `cap` distinct keys and computes the rest every time.
 * A call log repeats a handful of vendors and days on every row, so each is judged once; the cap keeps
 * a hostile file (a new value on every row) from growing the memory with rows.
 */
export class BoundedMemo<K, V> {
  private readonly known = new Map<K, V>();

  constructor(
    private readonly cap: number,
    private readonly compute: (key: K) => V,
  ) {}

  get(key: K): V {
    const known = this.known.get(key);
    // One lookup for a remembered answer; `has` only tells a remembered `undefined` from a new key.
    if (known !== undefined || this.known.has(key)) return known as V;
    const value = this.compute(key);
    if (this.known.size < this.cap) this.known.set(key, value);
    return value;
  }
}
