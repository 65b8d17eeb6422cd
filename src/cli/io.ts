import { failure } from '../util/atomic-write.js';
import { langFromEnv, type Lang } from '../util/i18n.js';

/** Where the CLI writes, so tests can run it in-process and capture both streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The language of usage errors, from `--lang` on the command line or the locale (set by main). */
  usageLang?: Lang;
}

export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

/**
 * Standard output failing is not a crash. A reader that went away (`tmcheck … | head -1`, EPIPE)
 * wanted no more: the run ends quietly with its own exit status. Any other failure (`> /dev/full`,
 * ENOSPC) is one line on standard error and exit 2, however late the stream reports it. Returns
 * the exit status to use for the run's own status.
 */
export function watchStandardOutput(proc: NodeJS.Process = process): (status: number) => number {
  let failed = false;
  let reported = false;
  proc.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (reported) return;
    reported = true;
    if (error.code === 'EPIPE') return;
    failed = true;
    proc.exitCode = 2;
    const lang = langFromEnv(proc.env);
    proc.stderr.write(`tmcheck: ${failure(lang === 'zh' ? '标准输出' : 'standard output', error).text[lang]}\n`);
  });
  // Standard error closed too: nowhere left to say anything, and no reason to crash.
  proc.stderr.on('error', () => {});
  return (status) => (failed ? 2 : status);
}

/** Colour only on a terminal, and never when NO_COLOR is set (chalk itself ignores NO_COLOR). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
