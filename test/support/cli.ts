import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './fixtures.js';

export const bin = path.join(projectRoot, 'bin', 'tmcheck.js');

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as a child process, as a user or CI job would: a clean environment with an
 * English locale (tests that want another pass `env`), and a timeout so a hang fails the test.
 */
export function runTmcheck(args: string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number; input?: string | Buffer } = {}): CliRun {
  const run = spawnSync(process.execPath, [bin, ...args], {
    // Given, `input` is written to the child's standard input, a pipe, which is then closed.
    ...(options.input !== undefined ? { input: options.input } : {}),
    cwd: options.cwd ?? projectRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ...options.env },
    timeout: options.timeout ?? 60_000,
    maxBuffer: 1 << 26,
  });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}
