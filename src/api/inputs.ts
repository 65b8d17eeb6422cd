import path from 'node:path';
import { discoverInputs, type DiscoveredFile, type Discovery } from '../read/discover.js';
import { isCallLogFile } from '../calllog/call-log-options.js';
import { inputError } from '../read/input-error.js';
import { compareText } from '../util/compare.js';
import { TmcheckConfigError } from './errors.js';
import type { ReadLimits } from '../read/limits.js';
import type { RunOwnFiles } from '../read/own-files.js';

/** Content checked without a file on disk: `name` is how the report shows it and decides its type (.yaml, .json). */
export interface InMemoryInput {
  name: string;
  /** A string is taken as UTF-8 text; bytes are decoded as a file's would be (UTF-8, a BOM accepted). */
  content: string | Uint8Array;
}

/** A file, folder or quoted glob pattern (relative to the checker's `cwd`), or content in memory. */
export type CheckInput = string | InMemoryInput;

/**
 * The files of a run: paths are walked as on the command line, in-memory contents are added under
 * their names. An in-memory call log (.csv, .xlsx) is not supported yet: it becomes an invalid file
 * that says so (call logs are streamed from disk). Two inputs under one name would mix their
 * findings in the report, so that is a configuration error.
 */
export function discoverCheckInputs(inputs: readonly CheckInput[], cwd: string, limits: ReadLimits, runOwn?: RunOwnFiles): Discovery {
  const paths: string[] = [];
  const memory: InMemoryInput[] = [];
  for (const input of inputs) {
    if (typeof input === 'string') paths.push(input);
    else memory.push(checkedInMemory(input));
  }
  const discovered = discoverInputs(paths, cwd, undefined, limits, runOwn);
  // Files only (the command line): the discovery is already sorted and has no names to compare.
  if (memory.length === 0) return discovered;
  const files: DiscoveredFile[] = [...discovered.files];
  const problems = [...discovered.problems];
  const names = new Set([...files.map((f) => f.display), ...problems.map((p) => p.display)]);
  for (const { name, content } of memory) {
    if (names.has(name)) {
      throw new TmcheckConfigError('input', {
        zh: `有两个输入同名「${name}」：每个内存输入须有唯一的名称，且不能与被检查的文件同名`,
        en: `two inputs are named "${name}": each in-memory input needs a name of its own, different from every file checked`,
      });
    }
    names.add(name);
    if (isCallLogFile(name)) {
      problems.push({
        display: name,
        error: inputError(
          'in-memory-call-log',
          '暂不支持以内存内容检查通话记录（.csv、.xlsx）；请传入文件路径',
          'call logs (.csv, .xlsx) cannot be checked from memory yet; pass a file path instead',
        ),
      });
      continue;
    }
    files.push({ display: name, absolute: name, content: bytesOf(content) });
  }
  files.sort((a, b) => compareText(a.display, b.display));
  return { files, problems, skipped: discovered.skipped, hiddenFolders: discovered.hiddenFolders, unreadFiles: discovered.unreadFiles, listed: discovered.listed };
}

function checkedInMemory(input: unknown): InMemoryInput {
  const candidate = input as Partial<InMemoryInput> | null;
  const name = candidate?.name;
  const content = candidate?.content;
  if (typeof name !== 'string' || name.trim() === '' || name.includes('\0') || (typeof content !== 'string' && !(content instanceof Uint8Array))) {
    throw new TmcheckConfigError('input', {
      zh: '每个输入须是路径字符串，或 { name, content } 对象：name 为非空名称，content 为字符串或字节（Uint8Array）',
      en: 'each input must be a path string or a { name, content } object with a non-empty name and a string or Uint8Array content',
    });
  }
  // Shown like a path: forward slashes, so that it sorts and reads like the files beside it.
  return { name: name.split(path.sep).join('/'), content };
}

/** A string content as its UTF-8 bytes (bytes as they are). */
export function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}
