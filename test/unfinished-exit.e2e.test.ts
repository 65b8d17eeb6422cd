import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';
import { runTmcheck } from './support/cli.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * src/cli/run.ts sets the exit status to 13 before the check starts and replaces it only when main()
 * settles: should the event loop empty while the check still awaits something that will never come
 * (a bug), Node ends the process, and without the guard its status would be 0, "checked, compliant".
 * The condition is brought about on the real path: the check of a batch gives the event loop a turn
 * every 32 documents by awaiting setImmediate (src/check/run-check.ts); a preloaded script makes
 * setImmediate drop its callback, so that await never settles and nothing else keeps the loop alive.
 */
const tempDir = tempDirMaker('tmcheck-unfinished-');
const BATCH = 40;

function batchWithStall(): { dir: string; stall: string } {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'docs'));
  for (let i = 0; i < BATCH; i++) copyFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), path.join(dir, 'docs', `d${String(i).padStart(2, '0')}.yaml`));
  const stall = path.join(dir, 'stall.cjs');
  writeFileSync(stall, '// The callback is dropped: whatever awaits it never settles.\nglobalThis.setImmediate = () => undefined;\n');
  return { dir, stall };
}

describe('a run that ends before its check has finished', () => {
  it('exits 13 with one line on stderr and no report, never 0', () => {
    const { dir, stall } = batchWithStall();
    // The same batch, run as usual, passes: the stall alone changes the outcome.
    const normal = runTmcheck(['docs', '--format', 'json', '--no-timestamp'], { cwd: dir });
    expect(normal.status).toBe(0);
    const stalled = runTmcheck(['docs', '--format', 'json', '--no-timestamp'], { cwd: dir, env: { NODE_OPTIONS: `--require ${stall}` } });
    expect(stalled.signal).toBeNull();
    expect(stalled.status).toBe(13);
    expect(stalled.stdout).toBe('');
    expect(stalled.stderr).toBe('tmcheck: internal error: the process ended before the check finished\n');
  });
});
