/**
 * `--cache-strategy`: how a document is known unchanged. `metadata` (the default) trusts the stat
 * memo (stat-memo.ts): a file whose device, inode, size, modification and change times are those it
 * had when last read is not read again. `content` reads and hashes every document, for file systems
 * whose times cannot be trusted.
 */
export type CacheStrategy = 'metadata' | 'content';
export const CACHE_STRATEGIES: readonly CacheStrategy[] = ['metadata', 'content'];
