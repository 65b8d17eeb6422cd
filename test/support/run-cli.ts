import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd`, capturing both streams; no colour, no locale from the machine. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(String(chunk));
        done();
      },
    });
  const status = await main(['node', 'tmcheck', ...args], { stdout: sink(out), stderr: sink(err), env: { NO_COLOR: '1', ...env }, cwd });
  return { status, stdout: out.join(''), stderr: err.join('') };
}
