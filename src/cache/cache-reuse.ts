import type { ReuseStop } from './cache-strategy.js';

/**
 * What one check tells its caller's `cache.onReusing`: `true` while it does only what a rerun over an
 * unchanged cache does (walking the inputs, reading the cache file, taking documents from the cache), `false` with why when it
 * stops (cache-strategy.ts, ReuseStop). Each change is said once; after a miss, never `true` again:
 * from there on the check's documents are checked afresh.
 */
export class CacheReuse {
  private reusing = false;
  private missed = false;

  constructor(private readonly onReusing: ((reusing: boolean, stopped?: ReuseStop) => void) | undefined) {}

  start(): void {
    if (this.missed || this.reusing) return;
    this.reusing = true;
    this.onReusing?.(true);
  }

  stop(why: ReuseStop): void {
    if (why === 'miss') this.missed = true;
    if (!this.reusing) return;
    this.reusing = false;
    this.onReusing?.(false, why);
  }
}
