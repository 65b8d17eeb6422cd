import { fstatSync } from 'node:fs';
import { failure } from '../util/atomic-write.js';
import { langFromEnv, type Lang } from '../util/i18n.js';
import type { StandardInput } from './standard-input.js';

/** Where the CLI writes, so tests can run it in-process and capture both streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input, read when `-` is among the inputs; made on demand (process.stdin is not set up on a run that does not read it). */
  stdin?: () => StandardInput;
  /** The language of usage errors, from `--lang` on the command line or the locale (set by main). */
  usageLang?: Lang;
}

export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, stdin: processStdin, env: process.env, cwd: process.cwd() });

/**
 * process.stdin, made now. Node gives a folder on standard input (`tmcheck - < uploads`) as empty
 * content, which would be reported as an empty document: it is a folder, and said so.
 */
function processStdin(): StandardInput {
  let folder = false;
  try {
    folder = fstatSync(0).isDirectory();
  } catch {
    // Not known: process.stdin says what it can.
  }
  if (!folder) return process.stdin;
  return (async function* () {
    throw Object.assign(new Error('standard input is a folder'), { code: 'EISDIR' });
  })();
}

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

/**
 * Resolves once every byte written so far to `streams` has been handed to the operating system (a
 * file, a terminal or a pipe's kernel buffer), or the stream has failed or closed, and any failure
 * has been reported (watchStandardOutput). On Linux a write to a pipe is asynchronous: what the
 * reader has not taken yet waits in Node's buffer, and `process.exit()` would drop it. A write's
 * callback comes after every earlier write's, so an empty write's callback says the stream is
 * flushed (a failure, EPIPE, calls it too). A stream reports a failed write on a later tick (a
 * file's or a device's, `> /dev/full`, as well), hence a turn of the event loop before each look;
 * and a failure's line on standard error is a write too, hence the looks until nothing is pending.
 */
export async function written(streams: readonly NodeJS.WritableStream[]): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const pending = streams.filter((stream) => pendingBytes(stream) > 0);
    if (pending.length === 0) return;
    await Promise.all(pending.map((stream) => new Promise<void>((resolve) => void stream.write('', () => resolve()))));
  }
}

/** Bytes written to `stream` and not yet taken by the system (0 once it has failed or closed: nothing more will go). */
function pendingBytes(stream: NodeJS.WritableStream): number {
  const state = stream as NodeJS.WritableStream & { writableLength?: number; destroyed?: boolean };
  return state.destroyed === true ? 0 : (state.writableLength ?? 0);
}

/** Colour only on a terminal, and never when NO_COLOR is set (chalk itself ignores NO_COLOR). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
