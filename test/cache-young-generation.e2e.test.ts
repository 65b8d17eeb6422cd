import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';
import { createChecker } from '../src/index.js';
import { YoungGeneration } from '../src/cli/young-generation.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * A --cache run keeps V8's young generation from growing while it walks its inputs and while every
 * document is reused (src/cli/young-generation.ts), and lets it grow while it reads other files and
 * from the first document checked afresh.
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

  it('the command line holds it while the check only reuses, lets it go at a pause or a miss, and keeps it held after the last document reused', () => {
    const young = new YoungGeneration();
    young.follow(true);
    expect(young.isHeld).toBe(true);
    young.follow(false, 'pause'); // waivers, the baseline, --history or call logs read
    expect(young.isHeld).toBe(false);
    young.follow(true);
    expect(young.isHeld).toBe(true);
    young.follow(false, 'end'); // every document reused: held to the end of the run (checkCommand releases it)
    expect(young.isHeld).toBe(true);
    young.follow(false, 'miss');
    expect(young.isHeld).toBe(false);
    young.follow(true);
    young.release();
    expect(young.isHeld).toBe(false);
  });

  it('is held while a check walks its inputs and takes its documents from the cache: paused for other files, until the first checked afresh, paused for good with a call log, never when the cache is ignored', async () => {
    const dir = makeDir();
    mkdirSync(path.join(dir, 'in'));
    // Each its own content (the same bytes under two names would be one entry).
    const dossier = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
    ['a', 'b'].forEach((name, i) => writeFileSync(path.join(dir, 'in', `${name}.yaml`), `# copy ${i}\n${dossier}`));
    const said: Array<boolean | string> = [];
    const cacheFile = path.join(dir, 'cache');
    // Notes: a damaged cache file's when it is read, the count of documents reused once they are done.
    const checker = createChecker({ cwd: dir, jobs: 1, cache: { location: cacheFile, strategy: 'content', onNote: (note) => said.push(/reused/.test(note.en) ? 'counted' : 'damaged'), onReusing: (reusing, stopped) => said.push(reusing ? 'reusing' : `stopped: ${stopped}`) } });
    const check = async (inputs = ['in']) => {
      said.length = 0;
      // onListed comes once the walk is done; the waivers, the baseline and --history are read after it, then the cache file and the documents.
      const report = await checker.check(inputs, { onListed: () => said.push('listed'), onProgress: (done) => said.push(`file ${done}`) });
      return { said: [...said], files: report.files.length };
    };
    const walked = ['reusing', 'stopped: pause', 'listed'];
    // Every document new: reusing stops before the first is checked.
    expect(await check()).toEqual({ said: [...walked, 'reusing', 'stopped: miss', 'file 1', 'file 2', 'counted'], files: 2 });
    // Every document reused: held to the end of the documents.
    expect(await check()).toEqual({ said: [...walked, 'reusing', 'file 1', 'file 2', 'stopped: end', 'counted'], files: 2 });
    // One reused, then one new.
    writeFileSync(path.join(dir, 'in', 'b.yaml'), `# copy 3\n${dossier}`);
    expect(await check()).toEqual({ said: [...walked, 'reusing', 'file 1', 'stopped: miss', 'file 2', 'counted'], files: 2 });
    // A damaged cache file: read while reusing (what a warm rerun reads too), then every document misses.
    writeFileSync(cacheFile, Buffer.concat([readFileSync(cacheFile).subarray(0, 64), Buffer.from('damaged')]));
    expect(await check()).toEqual({ said: [...walked, 'reusing', 'damaged', 'stopped: miss', 'file 1', 'file 2', 'counted'], files: 2 });
    // A call log among the inputs (never cached): paused for good before the documents.
    copyFileSync(path.join(projectRoot, 'fixtures/calllogs/calllog-2026-10-utf8-bom.csv'), path.join(dir, 'in', 'calls.csv'));
    expect(await check()).toEqual({ said: [...walked, 'reusing', 'stopped: pause', 'file 1', 'file 2', 'file 3', 'counted'], files: 3 });
    // The cache ignored (the default cache file beside a file input): never held, the note said.
    const notes: string[] = [];
    const beside = createChecker({ cwd: path.join(dir, 'in'), jobs: 1, cache: { onNote: (note) => notes.push(note.en), onReusing: (reusing, stopped) => notes.push(reusing ? 'reusing' : `stopped: ${stopped}`) } });
    await beside.check(['a.yaml']);
    expect(notes).toEqual([expect.stringMatching(/no cache is read or written/)]);
  });

});
