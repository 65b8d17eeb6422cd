import path from 'node:path';
import type { CheckInput } from '../api/inputs.js';
import type { Shard } from '../check/shard.js';
import { displayPath } from '../util/display-path.js';
import type { Bilingual } from '../util/i18n.js';

/** The input that means standard input, as for most command-line tools; a file really named `-` is `./-`. */
export const STDIN_ARGUMENT = '-';
/** What the document read from standard input is called without --stdin-filename: no file's name, and no call log's. */
export const STDIN_DEFAULT_NAME = '<stdin>';

/** Standard input as the CLI reads it: process.stdin (made only when `-` is given), or a test's stream. */
export type StandardInput = AsyncIterable<Uint8Array | string> & { isTTY?: boolean };

export interface StdinInputs {
  /** The inputs to check, `-` replaced by standard input's stream under its name. */
  inputs: CheckInput[];
  /** The paths named on the command line, without `-`: what is looked for on disk. */
  paths: string[];
  /** The names the inputs go by (`-` as standard input's): what tells a call log, and what no output may replace. */
  names: string[];
}

/**
 * The command line's inputs with `-` as one document read from standard input, reported under
 * `--stdin-filename` (resolved from the working folder, shown as a file named so would be) or
 * `<stdin>`. A usage error (exit 2, nothing checked) when `-` is given twice (one stream, one
 * document), when --stdin-filename has no `-` to name, when a --shard of more than one part is
 * asked (the one document would be left unchecked, and passed, in every part but one), when there is
 * no standard input, or when it is a terminal: reading that would wait for typing, not a document.
 */
export function withStandardInput(paths: string[], options: { stdinFilename?: string; shard?: Shard }, cwd: string, stdin: (() => StandardInput) | undefined): StdinInputs | Bilingual {
  const dashes = paths.filter((input) => input === STDIN_ARGUMENT).length;
  if (dashes === 0) {
    if (options.stdinFilename === undefined) return { inputs: paths, paths, names: paths };
    return {
      zh: '--stdin-filename 为从标准输入读取的文档命名：请在输入中给出 -（例如 tmcheck - --stdin-filename 资质档案.yaml < 上传文件）',
      en: '--stdin-filename names the document read from standard input: give - among the inputs (e.g. tmcheck - --stdin-filename dossier.yaml < upload)',
    };
  }
  if (dashes > 1) return { zh: '标准输入（-）只能给出一次：它只含一份文档', en: 'standard input (-) can be given once only: it holds one document' };
  if (options.shard && options.shard.count > 1) {
    return {
      zh: `标准输入（-）只含一份文档，而 --shard ${options.shard.index}/${options.shard.count} 只检查部分输入：该文档在其他部分中不会被检查；请不带 --shard 检查它`,
      en: `standard input (-) holds one document, and --shard ${options.shard.index}/${options.shard.count} checks a part of the inputs: the other parts would leave it unchecked; check it without --shard`,
    };
  }
  const name = options.stdinFilename === undefined ? STDIN_DEFAULT_NAME : stdinName(options.stdinFilename, cwd);
  if (name === undefined) return { zh: '--stdin-filename 须是非空的名称', en: '--stdin-filename needs a non-empty name' };
  const stream = stdin?.();
  if (stream === undefined) return { zh: '这里没有可读取的标准输入（-）', en: 'there is no standard input (-) to read here' };
  if (stream.isTTY === true) {
    return {
      zh: '标准输入（-）是终端，而不是管道或文件：请把文档通过管道或重定向传给 tmcheck（例如 tmcheck - < 资质档案.yaml）',
      en: 'standard input (-) is a terminal, not a pipe or a file: pipe or redirect the document into tmcheck (e.g. tmcheck - < dossier.yaml)',
    };
  }
  const rest = paths.filter((input) => input !== STDIN_ARGUMENT);
  return {
    inputs: paths.map((input) => (input === STDIN_ARGUMENT ? { name, stream } : input)),
    paths: rest,
    names: paths.map((input) => (input === STDIN_ARGUMENT ? name : input)),
  };
}

/** --stdin-filename as a file of that name would be shown (relative to the working folder when inside it); undefined when empty. */
function stdinName(given: string, cwd: string): string | undefined {
  if (given.trim() === '' || given.includes('\0')) return undefined;
  return displayPath(path.resolve(cwd, given), cwd);
}
