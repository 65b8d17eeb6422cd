/**
 * One frozen record per key, shared by everything that states the same (outcomes, texts, agreement
 * facts: most documents of a batch say the same few things), up to `max` keys: a bound, whatever
 * the input. Past it, `shared` gives undefined and the caller keeps its own record.
 */
export class SharedRecords<T extends object> {
  private readonly records = new Map<string, Readonly<T>>();

  constructor(private readonly max: number) {}

  /** The record kept for `key`, or `make()`'s, frozen and kept; undefined past the bound. */
  shared(key: string, make: () => T): Readonly<T> | undefined {
    const known = this.records.get(key);
    if (known) return known;
    if (this.records.size >= this.max) return undefined;
    const record = Object.freeze(make());
    this.records.set(key, record);
    return record;
  }
}
