import { cpSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { readCacheFile, writeCacheFile, type CacheToWrite } from '../src/cache/cache-file.js';
import { CacheEntries } from '../src/cache/cache-entries.js';
import { StatMemo } from '../src/cache/stat-memo.js';
import { packCheck, Shapes, unpackCheck, type StoredCheck } from '../src/cache/stored-check.js';
import { displayPath } from '../src/util/display-path.js';
import type { Finding } from '../src/report/model.js';

// What a --cache entry holds and how the file keeps it, in process (the end-to-end behaviour is in cache.e2e.test.ts).
const makeDir = tempDirMaker('tmcheck-cache-format-');

const HASH = 'a'.repeat(64);
const RUN_A = '1'.repeat(64);
const RUN_B = '2'.repeat(64);
/** The tool (toolHash) that writes the caches here. */
const TOOL = 'e'.repeat(64);

function finding(file: string): Finding {
  return {
    ruleId: 'R10-P3/settlement-basis',
    article: '10',
    requirement: 'R10-P3',
    severity: 'error',
    message: { zh: '结算依据', en: 'settlement basis' },
    consequence: { zh: '不得签订', en: 'may not be signed' },
    consequenceKind: 'rejection',
    citation: '第十条(三)3',
    location: { file, path: '/settlement/basis', line: 12, column: 3 },
    vendor: '91370102MA10000000',
  };
}

function stored(file: string): StoredCheck {
  return {
    result: {
      file,
      status: 'fail',
      errors: [],
      warnings: [],
      outcomes: { 'R10-P3/settlement-basis': 'fail', 'R10-1/steps-missing': 'pass', 'R10-3/erp-departments': 'not_applicable' },
      sha256: HASH,
      kind: 'VendorDossier',
      vendor: { creditCode: '91370102MA10000000', name: '测试' },
    },
    findings: [finding(file), finding('elsewhere.yaml')],
    kind: 'VendorDossier',
  };
}

describe('a cache entry', () => {
  it('comes back as it went in (property order too), under the name and hash of the run that reads it', () => {
    const shapes = new Shapes([]);
    const packed = packCheck(stored('a.yaml'), 'a.yaml', HASH, shapes);
    expect(packed.shape).toBe(1);
    expect(shapes.list).toEqual([['R10-P3/settlement-basis', 'R10-1/steps-missing', 'R10-3/erp-departments']]);
    // The rule ids are in the shape, not in the entry; neither is the name nor the content hash.
    const bytes = Buffer.from(packed.value);
    for (const absent of ['R10-1/steps-missing', 'a.yaml', HASH]) expect(bytes.includes(absent)).toBe(false);
    expect(JSON.stringify(unpackCheck(packed.value, packed.shape, shapes, 'a.yaml', HASH))).toBe(JSON.stringify(stored('a.yaml')));
    // The same bytes under another name: this name, and a finding about another file keeps its file.
    const copy = unpackCheck(packed.value, packed.shape, shapes, 'b.yaml', HASH)!;
    expect(copy.result.file).toBe('b.yaml');
    expect(copy.findings.map((f) => f.location.file)).toEqual(['b.yaml', 'elsewhere.yaml']);
  });

  it('keeps outcomes it cannot write as codes as they are, and refuses codes that do not fit the shape', () => {
    const shapes = new Shapes([]);
    const odd = stored('a.yaml');
    (odd.result.outcomes as Record<string, string>)['R10-1/steps-missing'] = 'skipped';
    const packed = packCheck(odd, 'a.yaml', HASH, shapes);
    expect(packed.shape).toBe(0);
    expect(JSON.stringify(unpackCheck(packed.value, 0, shapes, 'a.yaml', HASH))).toBe(JSON.stringify(odd));
    // Keys that are no rule ids (a quote, a backslash) are kept as they are too.
    const quoted = stored('a.yaml');
    quoted.result.outcomes = { 'x"y': 'pass', 'back\\slash': 'fail', 'R10-1/steps-missing': 'not_applicable' };
    const packedQuoted = packCheck(quoted, 'a.yaml', HASH, shapes);
    expect(packedQuoted.shape).toBeGreaterThan(0);
    expect(JSON.stringify(unpackCheck(packedQuoted.value, packedQuoted.shape, shapes, 'a.yaml', HASH))).toBe(JSON.stringify(quoted));
    const fitting = packCheck(stored('a.yaml'), 'a.yaml', HASH, shapes);
    shapes.list.push(['only-one']);
    expect(unpackCheck(fitting.value, shapes.list.length, shapes, 'a.yaml', HASH)).toBeUndefined();
  });

  it('is JSON text when that gives the check back exactly, else V8-serialized (undefined, NaN, -0 kept)', () => {
    const shapes = new Shapes([]);
    const plain = packCheck(stored('a.yaml'), 'a.yaml', HASH, shapes);
    expect(String.fromCharCode(plain.value[0]!)).toBe('{');
    const odd = stored('a.yaml');
    odd.findings[0]!.location = { file: 'a.yaml', line: undefined as unknown as number, column: -0 };
    (odd.result as unknown as Record<string, unknown>).score = NaN;
    const packed = packCheck(odd, 'a.yaml', HASH, shapes);
    expect(packed.value[0]).toBe(0xff);
    const back = unpackCheck(packed.value, packed.shape, shapes, 'a.yaml', HASH)!;
    expect(back).toStrictEqual(odd);
    expect(Object.is(back.findings[0]!.location.column, -0)).toBe(true);
    expect(Object.keys(back.findings[0]!.location)).toEqual(['file', 'line', 'column']);
  });

  it('is ASCII JSON (what is past ASCII escaped, a pair of surrogates and a lone one too), and a JSON entry with other bytes is no hit', () => {
    const shapes = new Shapes([]);
    const wide = stored('a.yaml');
    wide.findings[0]!.message = { zh: '注册资本 ¥799,728 低于 𠮷 \ud800 é', en: 'tab\there "quoted" \\ done' };
    const packed = packCheck(wide, 'a.yaml', HASH, shapes);
    expect(packed.value[0]).toBe(0x7b);
    expect([...packed.value].every((byte) => byte < 0x80)).toBe(true);
    expect(Buffer.from(packed.value).toString('latin1')).toContain('\\u6ce8\\u518c');
    expect(JSON.stringify(unpackCheck(packed.value, packed.shape, shapes, 'a.yaml', HASH))).toBe(JSON.stringify(wide));
    // The same check as UTF-8 JSON (as cache format 7 kept it): not what this format writes, so no hit.
    const text = Buffer.from(packed.value).toString('latin1');
    const utf8 = Buffer.from(JSON.stringify(JSON.parse(text)));
    expect(utf8.some((byte) => byte >= 0x80)).toBe(true);
    expect(unpackCheck(utf8, packed.shape, shapes, 'a.yaml', HASH)).toBeUndefined();
  });

  it('shares one frozen outcomes record between hits that conclude alike, and takes no shape that would set a prototype', () => {
    const shapes = new Shapes([]);
    const packed = packCheck(stored('a.yaml'), 'a.yaml', HASH, shapes);
    const first = unpackCheck(packed.value, packed.shape, shapes, 'a.yaml', HASH)!;
    const second = unpackCheck(packed.value, packed.shape, shapes, 'b.yaml', HASH)!;
    expect(second.result.outcomes).toBe(first.result.outcomes);
    expect(Object.isFrozen(first.result.outcomes)).toBe(true);
    // A cache file edited to hold `__proto__` in a shape: the entry is no hit (checked again), never a changed object.
    const hostile = new Shapes([['__proto__', 'R10-1/steps-missing', 'R10-3/erp-departments']]);
    expect(unpackCheck(packed.value, 1, hostile, 'a.yaml', HASH)).toBeUndefined();
  });
});

describe('the cache file', () => {
  it("drops the entries another tool made when written, and keeps this tool's other run keys", () => {
    const location = path.join(makeDir(), 'cache');
    const older = 'd'.repeat(64);
    const entries = new CacheEntries();
    entries.add(RUN_A, 'a'.repeat(64), { used: 1, shape: 0, value: new Uint8Array([1]) }, older);
    entries.add(RUN_B, 'b'.repeat(64), { used: 2, shape: 0, value: new Uint8Array([2]) }, TOOL);
    expect(writeCacheFile(location, 'cache', { run: 2, shapes: [], entries, memo: StatMemo.empty(), tool: older })).toBeUndefined();
    // Read back, the older tool's entry is still there for it; this tool's run, written, drops it.
    const first = readCacheFile(location, 'cache').content;
    expect([...first.entries].map(([key]) => key)).toEqual([RUN_A + 'a'.repeat(64)]);
    first.entries.add(RUN_B, 'b'.repeat(64), { used: 3, shape: 0, value: new Uint8Array([2]) }, TOOL);
    first.entries.add('3'.repeat(64), 'c'.repeat(64), { used: 3, shape: 0, value: new Uint8Array([3]) }, TOOL);
    expect(writeCacheFile(location, 'cache', { ...first, run: 3, tool: TOOL })).toBeUndefined();
    const second = readCacheFile(location, 'cache').content;
    expect([...second.entries].map(([key]) => key)).toEqual([RUN_B + 'b'.repeat(64), '3'.repeat(64) + 'c'.repeat(64)]);
    expect(second.entries.use(RUN_A, 'a'.repeat(64), 4)).toBeUndefined();
    // The tools of the run keys kept are read back with them: a later run of this tool keeps both.
    expect(second.entries.toolOf(RUN_B)).toBe(TOOL);
    expect(second.entries.toolOf('3'.repeat(64))).toBe(TOOL);
  });

  it('keeps only the shapes and run keys its kept entries use, numbered again', () => {
    const dir = makeDir();
    const location = path.join(dir, 'cache');
    const shapes = new Shapes([['x'], ['y']]);
    const value = packCheck(stored('a.yaml'), 'a.yaml', HASH, shapes);
    expect(value.shape).toBe(3);
    const entries = new CacheEntries();
    entries.add(RUN_B, 'b'.repeat(64), { used: 2, shape: 0, value: new Uint8Array([1, 2, 3]) }, TOOL);
    entries.add(RUN_A, HASH, { used: 4, ...value }, TOOL);
    const content: CacheToWrite = { run: 4, shapes: shapes.list, entries, memo: StatMemo.empty(), tool: TOOL };
    expect(writeCacheFile(location, 'cache', content)).toBeUndefined();
    const read = readCacheFile(location, 'cache');
    expect(read.note).toBeUndefined();
    expect(read.content.run).toBe(4);
    expect(read.content.shapes).toEqual([['R10-P3/settlement-basis', 'R10-1/steps-missing', 'R10-3/erp-departments']]);
    // In the file by content hash, each with the run it was last used by.
    expect([...read.content.entries].map(([key, entry]) => [key, entry.used])).toEqual([
      [RUN_A + HASH, 4],
      [RUN_B + 'b'.repeat(64), 2],
    ]);
    const entry = read.content.entries.use(RUN_A, HASH, 5)!;
    expect(entry.shape).toBe(1);
    expect(JSON.stringify(unpackCheck(entry.value, entry.shape, new Shapes(read.content.shapes), 'a.yaml', HASH))).toBe(JSON.stringify(stored('a.yaml')));
    expect([...read.content.entries.use(RUN_B, 'b'.repeat(64), 5)!.value]).toEqual([1, 2, 3]);
    // Only under its own run key.
    expect(read.content.entries.use(RUN_B, HASH, 5)).toBeUndefined();
  });

  it('is not written again by a run that reused every document (same inode, same modification time)', async () => {
    const dir = makeDir();
    cpSync(path.join(fixturesDir, 'batch', '2026-05'), path.join(dir, 'in'), { recursive: true });
    const ruleSet = loadRuleSet({ cwd: dir });
    const location = path.join(dir, 'cache');
    const notes: string[] = [];
    const run = () =>
      runCheck({
        inputs: [path.join(dir, 'in')],
        cwd: dir,
        ruleSet,
        limits: DEFAULT_LIMITS,
        parallel: { jobs: 1, explicit: true, rules: {} },
        // A clock a minute ahead: the files just copied are memoized by the first run, not by
        // whichever run comes 2 s after the copy (on a loaded machine, the second).
        cache: { location, shown: 'cache', toolVersion: 'test', onNote: (note) => notes.push(note.en), clock: () => BigInt(Date.now() + 60_000) * 1_000_000n },
      });
    const cold = await run();
    const written = statSync(location);
    const warm = await run();
    expect(notes).toEqual(['cache: 0 of 4 documents reused (cache)', 'cache: 4 of 4 documents reused (cache)']);
    expect(warm).toEqual(cold);
    const after = statSync(location);
    expect([after.ino, after.mtimeMs, after.size]).toEqual([written.ino, written.mtimeMs, written.size]);
  });
});

describe('displayPath', () => {
  it('shows a name under the working folder as path.relative does, whatever its parts', () => {
    const reference = (absolute: string, cwd: string) => {
      const relative = path.relative(cwd, absolute);
      return (relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute).split(path.sep).join('/');
    };
    const names = ['a.yaml', 'd/a.yaml', '..a.yaml', 'a..yaml', '.a', 'd/../a.yaml', 'd/./a.yaml', 'd//a.yaml', 'd/', '', '中文/文件.yaml', 'a b/c'];
    for (const cwd of ['/w', '/w/', '/', '/w/./x', '/w/x/..']) {
      for (const name of names) {
        for (const absolute of [`${cwd}/${name}`, `${cwd}${name}`, `/elsewhere/${name}`]) expect(displayPath(absolute, cwd), `${absolute} from ${cwd}`).toBe(reference(absolute, cwd));
      }
    }
  });
});
