import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Red team, session 13: operations (outputs, merge) as users run them. Each test fails without its
 * fix. (bin/tmcheck.js runs dist/: build first.)
 */

const tempDir = tempDirMaker('tmcheck-redteam-s13-');
const compliantFile = path.join(projectRoot, 'fixtures/dossier-compliant.yaml');

/**
 * The real CLI, killed with SIGKILL if it hangs: a hung run ignores SIGTERM (its handler cannot
 * run while a system call blocks), so a timeout's SIGTERM would hang the test instead of failing it.
 */
function runKillable(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' },
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

describe('a report to a named pipe that nothing reads', () => {
  it('is exit 2 naming the pipe, and the pipe stays a pipe (the run waited in open(2) forever, deaf to Ctrl-C and SIGTERM)', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const output of [['-o', fifo], ['--format', `sarif=${fifo}`]]) {
      const run = runKillable(['--format', 'json', ...output, compliantFile], dir);
      expect(run.signal).toBeNull();
      expect(run.status).toBe(2);
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(run.stderr).toContain(`cannot write ${fifo} (ENXIO: nothing is reading it)`);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    }
  });
});
