/**
 * `--cache-strategy`: how a document is known unchanged. `metadata` (the default) trusts the stat
 * memo (stat-memo.ts): a file whose device, inode, size, modification and change times are those it
 * had when last read is not read again. `content` reads and hashes every document, for file systems
 * whose times cannot be trusted.
 */
export type CacheStrategy = 'metadata' | 'content';
export const CACHE_STRATEGIES: readonly CacheStrategy[] = ['metadata', 'content'];

/**
 * Why a check stopped doing only what a rerun over an unchanged cache does: a document checked
 * afresh ('miss'), other files to read before the documents or among them (waivers, the baseline,
 * --history reports, call logs: 'pause'), or the documents done ('end').
 * Here, beside the strategy, because the library's published types name it (this file imports nothing of Node's).
 */
export type ReuseStop = 'miss' | 'pause' | 'end';
