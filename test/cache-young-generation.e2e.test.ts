import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';
import { DocumentCache } from '../src/cache/document-cache.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { checkDocumentFile } from '../src/report/check-document.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A --cache run keeps V8's young generation from growing while every document is reused
 * (src/cli/young-generation.ts), and lets it grow from the first document checked afresh.
 */
const makeDir = tempDirMaker('tmcheck-young-');

/**
 * In a process of its own (V8 flags are the process's): the young generation's largest size while
 * 300,000 small objects pile up and are kept, held or not, then while as many more pile up after release.
 */
function newSpaceSizes(hold: boolean): { before: number; held: number; released: number } {
  const module = pathToFileURL(path.join(projectRoot, 'dist', 'cli', 'young-generation.js')).href;
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { YoungGeneration } from ${JSON.stringify(module)};
    const young = new YoungGeneration();
    const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    const kept = [];
    const largest = () => {
      let size = 0;
      for (let step = 0; step < 6; step++) {
        for (let i = 0; i < 50000; i++) kept.push({ i, text: 'x' + i });
        size = Math.max(size, newSpace());
      }
      return size;
    };
    const before = newSpace();
    ${hold ? 'young.hold();' : ''}
    const held = largest();
    young.release();
    console.log(JSON.stringify({ before, held, released: largest() }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { before: number; held: number; released: number };
}

describe("--cache and V8's young generation", () => {
  it('does not grow while held, and grows again once released (and where never held)', () => {
    // V8 doubles the semi-spaces when many objects survive; held, they stay at their first size (its two halves: at most twice it).
    const held = newSpaceSizes(true);
    expect(held.held).toBeLessThanOrEqual(2 * held.before);
    expect(held.released).toBeGreaterThanOrEqual(4 * held.before);
    const free = newSpaceSizes(false);
    expect(free.held).toBeGreaterThanOrEqual(4 * free.before);
  });

  it('is released at the first document checked afresh, once, and never by a run that reuses every document', async () => {
    const dir = makeDir();
    const files = ['a', 'b', 'c'].map((name) => path.join(dir, `${name}.yaml`));
    // Each its own content (the same bytes under two names would be one entry).
    const dossier = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
    files.forEach((file, i) => writeFileSync(file, `# copy ${i}\n${dossier}`));
    const ruleSet = loadRuleSet({ cwd: projectRoot });
    const run = async (names: string[]) => {
      const said: number[] = [];
      let checked = 0;
      const cache = new DocumentCache(
        { location: path.join(dir, 'cache'), shown: 'cache', strategy: 'content', onFirstMiss: () => said.push(checked) },
        () => ({ key: '7'.repeat(64), tool: 'test' }),
        DEFAULT_LIMITS,
        () => false,
      );
      for (const absolute of names) {
        const check = cache.check({ absolute, display: path.basename(absolute) }, (file) => {
          checked += 1;
          return checkDocumentFile(file, ruleSet, DEFAULT_LIMITS);
        });
        if (check instanceof Promise) await check;
      }
      cache.save();
      return said;
    };
    // Every document new: said once, before the first is checked.
    expect(await run(files.slice(0, 2))).toEqual([0]);
    // Two reused, then one new: said once, when the new one is about to be checked.
    expect(await run(files)).toEqual([0]);
    // Every document reused: never said; a file that cannot be read is checked afresh, and said.
    expect(await run(files)).toEqual([]);
    expect(await run([...files, path.join(dir, 'missing.yaml')])).toEqual([0]);
  });
});
