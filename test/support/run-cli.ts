import { runMain, type InProcessRun } from './run-in-process.js';

export type CliRun = InProcessRun;

/** Runs the CLI in-process in `cwd`, capturing both streams; no colour, no locale from the machine. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runMain(args, cwd, { NO_COLOR: '1', ...env });
}
