import { readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { templatesDir } from '../src/paths.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { checkDocumentFile } from '../src/report/check-document.js';
import { DocumentCache } from '../src/cache/document-cache.js';
import { StatMemo, wallClock, type Clock } from '../src/cache/stat-memo.js';
import type { CacheStrategy } from '../src/cache/cache-strategy.js';
import { sha256 } from '../src/util/hash.js';
import { runCli } from './support/run-cli.js';
import { createChecker, TmcheckConfigError } from '../src/index.js';

// The --cache stat memo, in process: which documents a run reads from their files (DocumentCache.read)
// and which it checks again (evaluate). Files are memoized only when their times are 2 s older than
// the clock: the clock is moved ahead instead of waiting.
const makeDir = tempDirMaker('tmcheck-cache-memo-');
const ruleSet = loadRuleSet({ cwd: process.cwd() });
const RUN_KEY = '3'.repeat(64);
const TEMPLATE = readFileSync(path.join(templatesDir, 'vendor-dossier.yaml'), 'utf8');
/** A clock ten seconds ahead: every file written so far is old enough to be memoized. */
const later: Clock = () => wallClock() + 10_000_000_000n;

/** Whole seconds, a minute ago: the dossiers' modification time, which utimes can set again exactly (it takes seconds as a float). */
const MTIME = Math.floor(Date.now() / 1000) - 60;

/** A folder of three dossiers, each a little different, modified at MTIME. */
function dossiers(): { dir: string; files: string[] } {
  const dir = makeDir();
  const files = [0, 1, 2].map((i) => path.join(dir, `d${i}.yaml`));
  files.forEach((file, i) => {
    writeFileSync(file, TEMPLATE.replace(/^vendor:/m, `# copy ${i}\nvendor:`));
    utimesSync(file, MTIME, MTIME);
  });
  return { dir, files };
}

interface RunOptions {
  clock?: Clock;
  strategy?: CacheStrategy;
  /** Whether a cross check reads the documents (their bytes are then needed). */
  observed?: boolean;
}

/** One cached run over the files, as runCheck makes it: what it read, checked again and reused, and the results. */
async function run(dir: string, files: string[], options: RunOptions = {}) {
  const notes: string[] = [];
  const cache = new DocumentCache(
    { location: path.join(dir, 'cache'), shown: 'cache', onNote: (note) => notes.push(note.en), ...(options.clock ? { clock: options.clock } : {}), ...(options.strategy ? { strategy: options.strategy } : {}) },
    () => ({ key: RUN_KEY, tool: 'test' }),
    DEFAULT_LIMITS,
    () => options.observed === true,
  );
  let evaluated = 0;
  const results: string[] = [];
  for (const absolute of files) {
    const check = cache.check({ absolute, display: path.basename(absolute) }, (file) => {
      evaluated += 1;
      return checkDocumentFile(file, ruleSet, DEFAULT_LIMITS);
    });
    const done = check instanceof Promise ? await check : check;
    results.push(JSON.stringify({ result: done.result, findings: done.findings, bytes: options.observed ? done.checked?.text : undefined }));
  }
  cache.save();
  return { read: cache.read, evaluated, reused: cache.reused, notes, results };
}

/** The results of checking the files afresh, without a cache. */
async function fresh(files: string[]): Promise<string[]> {
  const results: string[] = [];
  for (const absolute of files) {
    const done = await checkDocumentFile({ absolute, display: path.basename(absolute) }, ruleSet, DEFAULT_LIMITS);
    results.push(JSON.stringify({ result: done.result, findings: done.findings, bytes: undefined }));
  }
  return results;
}

/** The memo's stat of a file, as BigInt stats (ns). */
const bigStat = (file: string) => statSync(file, { bigint: true });

/**
 * Sets the file's times back to MTIME, again until its change time differs from `ctimeNs`: a change
 * this test makes within a tick of the file system's clock (a few ms) could otherwise keep the
 * change time, which a real edit, made after the memo was taken (later than the racy margin), never does.
 */
function restoreMtime(file: string, ctimeNs: bigint): void {
  do utimesSync(file, MTIME, MTIME);
  while (bigStat(file).ctimeNs === ctimeNs);
}

describe('the --cache stat memo', () => {
  it('stands in for reading a file whose stat is unchanged, once the file is older than the racy margin', async () => {
    const { dir, files } = dossiers();
    // Just written: racy on the real clock, so read again on the next run too.
    expect(await run(dir, files)).toMatchObject({ read: 3, evaluated: 3, reused: 0 });
    expect(await run(dir, files)).toMatchObject({ read: 3, evaluated: 0, reused: 3 });
    // Old enough: read once more, memoized, then not read.
    expect(await run(dir, files, { clock: later })).toMatchObject({ read: 3, evaluated: 0, reused: 3 });
    const warm = await run(dir, files, { clock: later });
    expect(warm).toMatchObject({ read: 0, evaluated: 0, reused: 3 });
    expect(warm.results).toEqual(await fresh(files));
  });

  it('checks again a file edited to the same size with its times restored by utimes', async () => {
    const { dir, files } = dossiers();
    await run(dir, files, { clock: later });
    await run(dir, files, { clock: later });
    const before = bigStat(files[1]!);
    const edited = readFileSync(files[1]!, 'utf8').replace('retention_months: 6', 'retention_months: 4');
    writeFileSync(files[1]!, edited);
    restoreMtime(files[1]!, before.ctimeNs);
    const after = bigStat(files[1]!);
    // Size, mtime, inode and device as they were: only the change time tells.
    expect([after.size, after.mtimeNs, after.ino, after.dev]).toEqual([before.size, before.mtimeNs, before.ino, before.dev]);
    const rerun = await run(dir, files, { clock: later });
    expect(rerun).toMatchObject({ read: 1, evaluated: 1, reused: 2 });
    expect(rerun.results).toEqual(await fresh(files));
    expect(rerun.results[1]).toContain('retention');
  });

  it('checks again a file replaced by a rename, and one deleted and created again', async () => {
    const { dir, files } = dossiers();
    await run(dir, files, { clock: later });
    await run(dir, files, { clock: later });
    // Replaced by another file of the same size and times, renamed over it.
    const before = bigStat(files[0]!);
    const other = path.join(dir, 'other.tmp');
    writeFileSync(other, readFileSync(files[0]!, 'utf8').replace('retention_months: 6', 'retention_months: 3'));
    restoreMtime(other, before.ctimeNs);
    renameSync(other, files[0]!);
    // Deleted and written again (the file system may give the freed inode number back).
    const second = bigStat(files[2]!);
    unlinkSync(files[2]!);
    writeFileSync(files[2]!, TEMPLATE.replace(/^vendor:/m, '# copy 9\nvendor:'));
    restoreMtime(files[2]!, second.ctimeNs);
    expect(bigStat(files[2]!).size).toBe(second.size);
    const rerun = await run(dir, files, { clock: later });
    expect(rerun).toMatchObject({ read: 2, evaluated: 2, reused: 1 });
    expect(rerun.results).toEqual(await fresh(files));
  });

  it('never uses the memo with --cache-strategy content', async () => {
    const { dir, files } = dossiers();
    await run(dir, files, { clock: later });
    expect(await run(dir, files, { clock: later, strategy: 'content' })).toMatchObject({ read: 3, evaluated: 0, reused: 3 });
    expect(await run(dir, files, { clock: later, strategy: 'content' })).toMatchObject({ read: 3, evaluated: 0, reused: 3 });
    // The memo a metadata run made is still there for the next one.
    expect(await run(dir, files, { clock: later })).toMatchObject({ read: 0, reused: 3 });
  });

  it('still reads a document whose bytes a cross check reads', async () => {
    const { dir, files } = dossiers();
    await run(dir, files, { clock: later, observed: true });
    const warm = await run(dir, files, { clock: later, observed: true });
    expect(warm).toMatchObject({ read: 3, evaluated: 0, reused: 3 });
    expect(warm.results.every((r) => r.includes('"bytes":"#'))).toBe(true);
  });

  it('is ignored with a note when damaged, and every document is read and checked', async () => {
    const { dir, files } = dossiers();
    await run(dir, files, { clock: later });
    await run(dir, files, { clock: later });
    const cacheFile = path.join(dir, 'cache');
    const bytes = readFileSync(cacheFile);
    // A byte of the memo (its paths come after the entries).
    const at = bytes.lastIndexOf(Buffer.from(files[1]!));
    expect(at).toBeGreaterThan(0);
    bytes[at + 3] = bytes[at + 3]! ^ 0x01;
    writeFileSync(cacheFile, bytes);
    const damaged = await run(dir, files, { clock: later });
    expect(damaged.notes[0]).toContain('the cache file cache is damaged or was written by another version: ignored');
    expect(damaged).toMatchObject({ read: 3, evaluated: 3, reused: 0 });
    expect(damaged.results).toEqual(await fresh(files));
  });
});

describe('StatMemo', () => {
  it('refuses a memo whose paths or records do not add up (its paths are sorted, each once)', () => {
    const memo = StatMemo.empty();
    const { files } = dossiers();
    const now = later();
    const stats = bigStat(files[0]!);
    memo.remember(files[0]!, stats, Number(stats.size), sha256(readFileSync(files[0]!)), 1, now);
    memo.remember(files[1]!, bigStat(files[1]!), Number(bigStat(files[1]!).size), sha256(readFileSync(files[1]!)), 1, now);
    const encoded = memo.encode();
    expect(StatMemo.decode(encoded, 0)?.end).toBe(encoded.length);
    expect(StatMemo.decode(encoded, 0)!.memo.hashOf(files[0]!, DEFAULT_LIMITS.maxFileBytes, 2)).toBe(sha256(readFileSync(files[0]!)));
    // One record fewer than the paths say, and the same path twice.
    const short = Buffer.from(encoded);
    short.writeUInt32LE(3, 0);
    expect(StatMemo.decode(short, 0)).toBeUndefined();
    const twice = StatMemo.empty();
    twice.remember(files[0]!, stats, Number(stats.size), 'a'.repeat(64), 1, now);
    const one = twice.encode();
    const doubled = Buffer.concat([one.subarray(0, 8), one.subarray(8, 8 + one.readUInt32LE(4)), one.subarray(8, 8 + one.readUInt32LE(4)), one.subarray(8 + one.readUInt32LE(4)), one.subarray(8 + one.readUInt32LE(4))]);
    doubled.writeUInt32LE(2, 0);
    doubled.writeUInt32LE(2 * one.readUInt32LE(4), 4);
    expect(StatMemo.decode(doubled, 0)).toBeUndefined();
  });

  it('hashes tmcheck\'s own files as their bytes are, through the memo or not', () => {
    const { files } = dossiers();
    const memo = StatMemo.empty();
    const expected = sha256(readFileSync(files[0]!));
    expect(memo.hashFile(files[0]!, 1, later)).toBe(expected);
    expect(memo.changed).toBe(true);
    expect(memo.hashFile(files[0]!, 1, later)).toBe(expected);
    // Racy on the real clock: not memoized.
    const racy = StatMemo.empty();
    expect(racy.hashFile(files[0]!, 1, wallClock)).toBe(expected);
    expect(racy.changed).toBe(false);
    // Edited, its times restored: the new bytes' hash.
    const before = bigStat(files[0]!);
    writeFileSync(files[0]!, readFileSync(files[0]!, 'utf8').replace('retention_months: 6', 'retention_months: 7'));
    restoreMtime(files[0]!, before.ctimeNs);
    expect(memo.hashFile(files[0]!, 2, later)).toBe(sha256(readFileSync(files[0]!)));
  });
});

describe('--cache-strategy', () => {
  it('implies --cache, and takes metadata or content only', async () => {
    const { dir } = dossiers();
    const work = makeDir();
    const args = [dir, '--cache-strategy', 'content', '--no-timestamp', '-f', 'json=r.json', '--lang', 'en'];
    expect((await runCli(args, work)).stderr).toContain('cache: 0 of 3 documents reused (.tmcheck-cache)');
    expect((await runCli(args, work)).stderr).toContain('cache: 3 of 3 documents reused (.tmcheck-cache)');
    const wrong = await runCli([dir, '--cache-strategy', 'mtime'], work);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--cache-strategy');
    expect(wrong.stderr).toContain('metadata, content');
  });

  it('is cache.strategy in the library, where anything else is a configuration error', async () => {
    const { dir } = dossiers();
    const work = makeDir();
    const notes: string[] = [];
    const checker = createChecker({ cwd: work, cache: { strategy: 'content', onNote: (note) => notes.push(note.en) } });
    await checker.check([dir]);
    await checker.check([dir]);
    expect(notes).toEqual(['cache: 0 of 3 documents reused (.tmcheck-cache)', 'cache: 3 of 3 documents reused (.tmcheck-cache)']);
    expect(() => createChecker({ cwd: work, cache: { strategy: 'mtime' as CacheStrategy } })).toThrow(TmcheckConfigError);
  });
});
