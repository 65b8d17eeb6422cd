import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { readCacheFile, writeCacheFile } from '../src/cache/cache-file.js';
import { CacheEntries } from '../src/cache/cache-entries.js';
import { StatMemo } from '../src/cache/stat-memo.js';

// How a cache file's entries are found in place (a binary search over the file's entries, sorted by content hash).
const makeDir = tempDirMaker('tmcheck-cache-entries-');

const RUN_A = '1'.repeat(64);
const RUN_B = '2'.repeat(64);
/** The tool (toolHash) of every entry here. */
const TOOL = 'e'.repeat(64);
const hashOf = (i: number) => createHash('sha256').update(String(i)).digest('hex');
/** Hashes sharing their first 32 bits (as a vendor grinding for it could make): only the rest tells them apart. */
const sameStart = (i: number) => 'abcdef01' + hashOf(i).slice(8);

function written(entries: CacheEntries): CacheEntries {
  const location = path.join(makeDir(), 'cache');
  expect(writeCacheFile(location, 'cache', { run: 3, shapes: [], entries, memo: StatMemo.empty(), tool: TOOL })).toBeUndefined();
  const read = readCacheFile(location, 'cache');
  expect(read.note).toBeUndefined();
  return read.content.entries;
}

describe('the entries of a cache file', () => {
  it('finds every entry under its own run key and content hash, and nothing else', () => {
    const entries = new CacheEntries();
    const hashes = [...Array.from({ length: 300 }, (_, i) => hashOf(i)), ...Array.from({ length: 40 }, (_, i) => sameStart(i))];
    hashes.forEach((hash, i) => entries.add(RUN_A, hash, { used: 1, shape: 0, value: new Uint8Array([i & 0xff, i >> 8]) }, TOOL));
    // The same content under another run key, beside its twin in the file.
    entries.add(RUN_B, hashes[7]!, { used: 2, shape: 0, value: new Uint8Array([9, 9]) }, TOOL);
    const read = written(entries);
    // In the file by content hash.
    const keys = [...read].map(([key]) => key.slice(64));
    expect(keys).toEqual([...keys].sort());
    hashes.forEach((hash, i) => expect([...read.use(RUN_A, hash, 4)!.value], hash).toEqual([i & 0xff, i >> 8]));
    expect([...read.use(RUN_B, hashes[7]!, 4)!.value]).toEqual([9, 9]);
    for (const absent of [hashOf(1000), sameStart(1000), '0'.repeat(64), 'f'.repeat(64)]) expect(read.use(RUN_A, absent, 4), absent).toBeUndefined();
    expect(read.use(RUN_B, hashes[8]!, 4)).toBeUndefined();
    expect(read.use('3'.repeat(64), hashes[7]!, 4)).toBeUndefined();
  });

  it('stamps the entries a run uses, and lets an entry added under the same key replace the file\'s', () => {
    const entries = new CacheEntries();
    for (let i = 0; i < 10; i++) entries.add(RUN_A, hashOf(i), { used: 1, shape: 0, value: new Uint8Array([i]) }, TOOL);
    const read = written(entries);
    read.use(RUN_A, hashOf(3), 4);
    read.add(RUN_A, hashOf(5), { used: 4, shape: 0, value: new Uint8Array([55]) }, TOOL);
    expect([...read.use(RUN_A, hashOf(5), 4)!.value]).toEqual([55]);
    const all = [...read];
    expect(all).toHaveLength(10);
    expect(all.filter(([, entry]) => entry.used === 4).map(([key, entry]) => [key.slice(64), [...entry.value]])).toEqual([
      [hashOf(3), [3]],
      [hashOf(5), [55]],
    ]);
    const again = written(read);
    expect([...again.use(RUN_A, hashOf(5), 5)!.value]).toEqual([55]);
  });
});
