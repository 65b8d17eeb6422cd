import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { FORMATTERS, FORMAT_NAMES, type FormatName } from '../format/registry.js';
import type { FormatOptions } from '../format/formatter.js';
import { jsonChunks } from '../format/json.js';
import type { Report } from '../report/model.js';
import { followLinks, writeFileAtomic } from '../util/atomic-write.js';
import type { Bilingual } from '../util/i18n.js';
import { namesStdout, STDOUT_NAME } from '../util/stdout-name.js';

/** One `--format` value: a format and the file it goes to (undefined: standard output). */
export interface FormatTarget {
  format: FormatName;
  file?: string;
}

function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as string[]).includes(name);
}

/**
 * Parses `--format name` or `--format name=FILE` (repeatable). An unknown name is a usage error
 * that lists the valid ones, never a fallback.
 */
export function parseFormatTarget(value: string, previous: FormatTarget[] = []): FormatTarget[] {
  const equals = value.indexOf('=');
  const name = equals === -1 ? value : value.slice(0, equals);
  const file = equals === -1 ? undefined : value.slice(equals + 1);
  if (!isFormatName(name)) {
    throw new InvalidArgumentError(
      `unknown format "${name}"; valid formats: ${FORMAT_NAMES.join(', ')} / 未知的输出格式「${name}」，可用的格式：${FORMAT_NAMES.join('、')}`,
    );
  }
  if (file === '') throw new InvalidArgumentError(`"${name}=" names no file / 「${name}=」后缺少文件名`);
  return [...previous, { format: name, ...(file !== undefined ? { file } : {}) }];
}

/** Where each report goes; `file` is absolute, undefined for standard output. */
export interface PlannedOutput {
  format: FormatName;
  file?: string;
}

/**
 * Turns the `--format` values and `--output` into the writes to make: at most one format goes to
 * standard output (bare, or named `-`, or `-o -`), the others each to a file: a bare format to
 * `--output`, each `name=FILE` to its file. Returns a bilingual usage error instead when the
 * request is contradictory.
 */
export function planOutputs(targets: FormatTarget[], output: string | undefined, cwd: string): PlannedOutput[] | Bilingual {
  const requested = targets.length > 0 ? targets : [{ format: 'text' as FormatName }];
  const bare = requested.filter((t) => t.file === undefined);
  if (bare.length > 1) return oneOnStdout(bare);
  // -o names where the bare format goes; with none, it would be silently ignored.
  if (output !== undefined && bare.length === 0) {
    return {
      zh: `-o/--output ${output} 没有用处：每个 --format 都已写明 name=文件；去掉 -o，或给一个不带文件名的格式`,
      en: `-o/--output ${output} has nothing to write: every --format names its own file (name=FILE); drop -o or give one format without a file`,
    };
  }
  const planned = requested.map((t) => {
    const file = t.file ?? output;
    return { format: t.format, ...(!namesStdout(file) ? { file: path.resolve(cwd, file!) } : {}) };
  });
  const onStdout = planned.filter((p) => p.file === undefined);
  return onStdout.length > 1 ? oneOnStdout(onStdout) : planned;
}

function oneOnStdout(formats: Array<{ format: FormatName }>): Bilingual {
  const names = formats.map((t) => t.format).join(', ');
  return {
    zh: `只有一种格式可以写到标准输出（收到：${names}）；其余请用 name=文件`,
    en: `only one format can go to standard output (got: ${names}); give the others as name=FILE`,
  };
}

/**
 * With `--write-baseline -`, the baseline is what goes to standard output: a report planned there
 * too would be mixed into it. The usage error then, else undefined.
 */
export function baselineStdoutClash(planned: PlannedOutput[], writeBaseline: string | undefined): Bilingual | undefined {
  const report = planned.find((p) => p.file === undefined);
  if (writeBaseline !== STDOUT_NAME || report === undefined) return undefined;
  return {
    zh: `--write-baseline - 把基线写到标准输出，而报告（${report.format}）也写到标准输出；请用 -o 文件 或 ${report.format}=文件 把报告写到文件`,
    en: `--write-baseline - writes the baseline to standard output, where the report (${report.format}) goes too; write the report to a file with -o FILE or ${report.format}=FILE`,
  };
}

/**
 * The first output file that is the same file as an earlier one (the same name, a symbolic link to
 * it or a hard link of it), or undefined. Absolute paths: the reports, then --write-baseline.
 * A character device (/dev/null) takes each write whole and keeps nothing, so it may be named twice.
 */
export function sameFileTwice(files: string[]): string | undefined {
  const seen = new Set<string>();
  for (const file of files) {
    if (isCharacterDevice(file)) continue;
    const key = fileKey(file);
    if (seen.has(key)) return file;
    seen.add(key);
  }
  return undefined;
}

/**
 * The first planned file that is also one of the inputs (given or found in a folder), if any.
 * `listed`: inputs (as named in `inputs`) that the run's folder walk found as plain files in their
 * folder's listing (Discovery.listed): their folders are not listed again.
 */
export function outputOverInput(planned: Array<{ file?: string }>, inputs: string[], cwd: string, listed?: ReadonlySet<string>): string | undefined {
  // Inputs exist; an output file that does not exist yet cannot be one of them (and a batch of ten
  // thousand inputs is then not looked at file by file).
  const existing = planned.filter((p): p is { file: string } => p.file !== undefined && existsSync(p.file));
  if (existing.length === 0) return undefined;
  // A plain stat of each input first (no BigInt stats for ten thousand files): only an input whose
  // device and inode numbers equal an output's, or that cannot be stat'ed, is compared exactly.
  const near = new Set(existing.map((p) => roughKey(p.file)));
  const inputKeys = new Set<string>();
  for (const input of inputsThatMayBe(existing.map((p) => p.file), inputs, cwd, listed)) {
    const file = path.resolve(cwd, input);
    const rough = roughKey(file);
    if (rough === undefined || near.has(rough)) inputKeys.add(fileKey(file));
  }
  return existing.find((p) => inputKeys.has(fileKey(p.file)))?.file;
}

/**
 * The inputs that may be one of the outputs: all of them, unless they can be told apart without a
 * stat each. A file with a single directory entry (one hard link) is reached only through that
 * entry's name or through a symbolic link: an input that its folder lists as a plain file under
 * another name is another file. So a batch of ten thousand files is told apart from the reports by
 * one listing of its folder, or by the walk's own (`listed`). Names are compared ASCII case-blind (for
 * case-insensitive file systems); a name that is not printable ASCII, or not listed as a plain file,
 * an output with several hard links, and Windows (short names) leave the input to the exact comparison.
 */
function inputsThatMayBe(outputs: string[], inputs: string[], cwd: string, listed: ReadonlySet<string> | undefined): string[] {
  if (process.platform === 'win32') return inputs;
  const names = new Set<string>();
  for (const output of outputs) {
    let name: string;
    try {
      if (statSync(output).nlink !== 1) return inputs;
      name = path.basename(realpathSync.native(output));
    } catch {
      return inputs;
    }
    if (!PRINTABLE_ASCII.test(name)) return inputs;
    names.add(name.toLowerCase());
  }
  // Each folder listed once, resolved as the exact comparison resolves the inputs in it.
  const listings = new Map<string, Set<string> | undefined>();
  return inputs.filter((input) => {
    const slash = input.lastIndexOf('/');
    const name = input.slice(slash + 1);
    if (!PRINTABLE_ASCII.test(name) || names.has(name.toLowerCase())) return true;
    if (listed?.has(input)) return false;
    const folder = input.slice(0, slash + 1);
    if (!listings.has(folder)) listings.set(folder, plainFiles(path.resolve(cwd, folder || '.')));
    return !listings.get(folder)?.has(name);
  });
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The names a folder lists as regular files (not links, nor of a type the listing does not say); undefined if it cannot be listed. */
function plainFiles(folder: string): Set<string> | undefined {
  try {
    const plain = new Set<string>();
    for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isFile()) plain.add(entry.name);
    return plain;
  } catch {
    return undefined;
  }
}

/** Device and inode as numbers (equal files give equal numbers; fileKey tells the rare near miss apart). */
function roughKey(file: string): string | undefined {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats ? `${stats.dev}:${stats.ino}` : undefined;
  } catch {
    return undefined;
  }
}

function isCharacterDevice(file: string): boolean {
  try {
    return statSync(file).isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * What makes two names the same file: device and inode when it exists (so a symbolic or hard link
 * to an input is that input), else the folder's real path and the name.
 */
function fileKey(file: string): string {
  try {
    const stats = statSync(file, { bigint: true });
    return `inode:${stats.dev}:${stats.ino}`;
  } catch {
    try {
      // A link to a file not written yet is that file; the folder's real path resolves linked folders.
      file = followLinks(file);
      // The native call is one system call; the JavaScript one stats every component of the path.
      return `path:${path.join(realpathSync.native(path.dirname(file)), path.basename(file))}`;
    } catch {
      return `path:${path.resolve(file)}`;
    }
  }
}

export interface WriteContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Whether the text format on standard output may use colour (a terminal, no NO_COLOR…). */
  colorOnStdout: boolean;
  options: Omit<FormatOptions, 'color'>;
}

/**
 * Renders every planned format first, then writes them: files atomically (a reader never sees half
 * a report), the bare format to standard output. Colour only ever goes to a terminal. A JSON file
 * is the exception: it is rendered while it is written, a file or finding at a time (to its
 * temporary file, renamed when whole), so that a large batch's report is never one string in memory.
 */
export function writeOutputs(report: Report, planned: PlannedOutput[], context: WriteContext): void {
  const rendered = planned.map((plan) => ({
    plan,
    text:
      plan.format === 'json' && plan.file !== undefined
        ? jsonChunks(report, context.options)
        : FORMATTERS[plan.format](report, { ...context.options, color: plan.format === 'text' && plan.file === undefined && context.colorOnStdout }),
  }));
  for (const { plan, text } of rendered) {
    if (plan.file !== undefined) writeFileAtomic(plan.file, text);
    else context.stdout.write(text as string); // standard output is always rendered whole, above
  }
}
