import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { projectRoot } from './fixtures.js';

export interface InProcessRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** A writable stream that keeps what is written, as a string. */
function capture(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/**
 * Runs the CLI in-process (`main(argv, io)`) with captured streams: the whole pipeline, without a
 * child process, so property tests can afford hundreds of runs. A throw out of main is a crash.
 */
export async function runInProcess(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<InProcessRun> {
  return runMain(args, options.cwd ?? projectRoot, { LANG: 'en_US.UTF-8', ...options.env });
}

/** main() in `cwd` with exactly `env` (nothing from the machine), both streams captured. */
export async function runMain(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<InProcessRun> {
  const stdout = capture();
  const stderr = capture();
  const status = await main(['node', 'tmcheck', ...args], { stdout: stdout.stream, stderr: stderr.stream, env, cwd });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

/** A V8 stack frame line (`    at fn (file:1:2)`): never shown to a user. */
export const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?(\n|$)/;
