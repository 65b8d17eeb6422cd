import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, lstatSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { MAX_MERGE_BYTES } from '../src/cli/commands/merge.js';
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
function runKillable(args: string[], cwd: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ...env },
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

  it('as GITHUB_STEP_SUMMARY is a warning, and the check stands (the run hung as for -o)', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'summary.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const run = runKillable(['--format', 'github', compliantFile], dir, { GITHUB_STEP_SUMMARY: fifo });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`tmcheck: could not write GITHUB_STEP_SUMMARY: cannot write ${fifo} (ENXIO: nothing is reading it)\n`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('merge reads at most MAX_MERGE_BYTES of reports, all of them together', () => {
  it('a report that brings the total over it is refused by name before it is read (a 450 MB report ran 220 s and 2.8 GB, then "Invalid string length", no file named)', async () => {
    const dir = tempDir();
    const shard = await runInProcess(['--shard', '1/2', '--format', 'json', '--no-timestamp', path.join(projectRoot, 'fixtures/dossier')], { cwd: dir });
    expect(shard.status).toBe(1);
    writeFileSync(path.join(dir, 'shard-1.json'), shard.stdout);
    // Under the limit alone, over it with the first: a sparse file (no disk), which a read would fill with NULs.
    writeFileSync(path.join(dir, 'shard-2.json'), '{');
    truncateSync(path.join(dir, 'shard-2.json'), MAX_MERGE_BYTES - statSync(path.join(dir, 'shard-1.json')).size + 1);
    for (const lang of ['en', 'zh']) {
      const merged = await runInProcess(['merge', '--lang', lang, 'shard-1.json', 'shard-2.json'], { cwd: dir });
      expect(merged.status).toBe(2);
      expect(merged.stdout).toBe('');
      expect(merged.stderr).not.toMatch(STACK_TRACE);
      expect(merged.stderr).toBe(
        lang === 'en'
          ? `tmcheck merge: shard-2.json: the reports to merge come to more than merge's limit of ${MAX_MERGE_BYTES} bytes (256 MiB) with this one; nothing merged\n`
          : `tmcheck merge: shard-2.json：要合并的报告（到此文件为止）合计超过 merge 的上限 ${MAX_MERGE_BYTES} 字节（256 MiB），未合并\n`,
      );
    }
  });
});

describe('no report is written over the files that set how a run judges', () => {
  it('-o or name=FILE onto the waivers, config (found or named), baseline or the working folder\'s tmcheck.waivers.yaml is exit 2, the file as it was (each was replaced by the report)', async () => {
    const dir = tempDir();
    copyFileSync(compliantFile, path.join(dir, 'dossier.yaml'));
    const own = { 'w.yaml': 'waivers: []\n', 'c.yaml': 'fail_on: error\n', 'tmcheck.waivers.yaml': 'waivers: []\n', 'tmcheck.config.yaml': 'fail_on: error\n' };
    for (const [name, text] of Object.entries(own)) writeFileSync(path.join(dir, name), text);
    expect((await runInProcess(['--write-baseline', 'b.json', 'dossier.yaml'], { cwd: dir })).status).toBe(0);
    const baseline = readFileSync(path.join(dir, 'b.json'), 'utf8');
    const attempts = [
      ['--waivers', 'w.yaml', '-o', 'w.yaml'],
      ['--config', 'c.yaml', '--format', 'json=c.yaml'],
      ['--baseline', 'b.json', '-o', 'b.json'],
      ['--waivers', 'w.yaml', '--write-baseline', 'w.yaml'],
      ['--format', 'sarif=tmcheck.waivers.yaml'],
      // Ignored (beside a checked file), and still no report's to replace.
      ['-o', 'tmcheck.config.yaml'],
    ];
    for (const args of attempts) {
      const run = await runInProcess([...args, '--lang', 'en', 'dossier.yaml'], { cwd: dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^tmcheck: refusing to write the (report|baseline) over /m);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    }
    for (const [name, text] of Object.entries(own)) expect(readFileSync(path.join(dir, name), 'utf8')).toBe(text);
    expect(readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe(baseline);
    // A baseline is still written again over the one the run read.
    expect((await runInProcess(['--baseline', 'b.json', '--write-baseline', 'b.json', 'dossier.yaml'], { cwd: dir })).status).toBe(0);
  });
});

describe('a limit too large for a number to hold is refused where it is written', () => {
  it('1e300 in the config file is an error at its line, and on the command line a usage error naming the option (both were "limits.maxFileBytes must be…", no file, no option)', async () => {
    const dir = tempDir();
    copyFileSync(compliantFile, path.join(dir, 'dossier.yaml'));
    writeFileSync(path.join(dir, 'cfg.yaml'), 'limits:\n  max_file_size: 1e300\n');
    const config = await runInProcess(['--config', 'cfg.yaml', '--lang', 'en', 'dossier.yaml'], { cwd: dir });
    expect(config.status).toBe(2);
    expect(config.stderr).toBe('tmcheck: the config file cannot be used:\n  cfg.yaml:2:18: limits.max_file_size must be at most 9007199254740991\n');
    const option = await runInProcess(['--max-nodes', '1e300', '--lang', 'en', 'dossier.yaml'], { cwd: dir });
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/^error: option '--max-nodes <n>' argument '1e300' is invalid\. expected a positive whole number\n/);
    // The largest number that holds is a limit like any other.
    expect((await runInProcess(['--max-nodes', '9007199254740991', 'dossier.yaml'], { cwd: dir })).status).toBe(0);
  });
});

describe('a socket named as a document', () => {
  it('is "not a regular file", as security.md says of anything not one (it was "cannot be read (ENXIO)")', async () => {
    const dir = tempDir();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'upload.yaml'), resolve));
    try {
      const run = await runInProcess(['--format', 'json', '--lang', 'en', 'upload.yaml'], { cwd: dir });
      expect(run.status).toBe(2);
      const file = (JSON.parse(run.stdout) as { files: Array<{ status: string; errors: Array<{ message: string }> }> }).files[0]!;
      expect(file.status).toBe('invalid');
      expect(file.errors).toEqual([{ message: 'is not a regular file (a pipe or device); not read' }]);
    } finally {
      server.close();
    }
  });
});
