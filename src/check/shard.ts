import { serialize } from 'node:v8';
import type { ShardRecord } from '../report/model.js';
import { sha256 } from '../util/hash.js';
import { compareText } from '../util/compare.js';

/** `--shard k/n`: this run checks the k-th of n disjoint parts of the inputs (k counts from 1). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The shard (1…count) a file belongs to, from its path as shown in reports: the same command line
 * in n CI jobs splits the inputs the same way on every machine, whatever the order of discovery.
 * FNV-1a over the UTF-16 code units: small, stable, and spreads similar names evenly.
 */
export function shardOf(display: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < display.length; i++) {
    hash ^= display.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

/** Parses `k/n` with 1 ≤ k ≤ n; undefined when the text is not that. */
export function parseShard(text: string): Shard | undefined {
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index <= count && count <= 10_000 ? { index, count } : undefined;
}

/**
 * The record a `--shard k/n` report carries (docs/report-json.md, `shard`). `inputs`: the inputs as
 * named (the same command line in every job names the same, in any order); `settings`: everything
 * else that decides the report, as data v8 can serialize. Both are hashed, so the record is short
 * and names no file. `dossiers`: the digests of the dossiers the part checked and, when it judged
 * monthly reports, joined them to (MonthlyBatch.dossierDigests; src/merge/shards.ts compares them).
 */
export function shardRecord(shard: Shard, inputs: readonly string[], settings: unknown, dossiers: { checked: string; joined?: string }): ShardRecord {
  return {
    index: shard.index,
    count: shard.count,
    inputsKey: sha256(serialize([...new Set(inputs)].sort(compareText))),
    settingsKey: sha256(serialize(settings)),
    dossiersKey: dossiers.checked,
    ...(dossiers.joined !== undefined ? { joinedDossiersKey: dossiers.joined } : {}),
  };
}
