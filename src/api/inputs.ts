import path from 'node:path';
import { discoverInputs, type DiscoveredFile, type Discovery } from '../read/discover.js';
import { readStream } from '../read/read-stream.js';
import type { InputError } from '../read/input-error.js';
import { compareText } from '../util/compare.js';
import { TmcheckConfigError } from './errors.js';
import type { ReadLimits } from '../read/limits.js';
import type { RunOwnFiles } from '../read/own-files.js';

/** Content checked without a file on disk: `name` is how the report shows it and decides its type (.csv and .xlsx are call logs; anything else is a YAML or JSON document). */
export interface InMemoryInput {
  name: string;
  /** A string is taken as UTF-8 text; bytes are decoded as a file's would be (UTF-8, a BOM accepted). */
  content: string | Uint8Array;
}

/**
 * Content that comes in as a stream (the command line's standard input; an upload), checked as an
 * InMemoryInput once read. It is held in memory, so it is read to `limits.maxFileBytes` at most,
 * whatever its type: reading stops past that, and it is an invalid file.
 */
export interface StreamedInput {
  name: string;
  stream: AsyncIterable<Uint8Array | string>;
}

/** A file, folder or quoted glob pattern (relative to the checker's `cwd`), or content in memory or in a stream. */
export type CheckInput = string | InMemoryInput | StreamedInput;

/** An input as the run takes it: a path, content read into memory, or content that could not be read (its error). */
export type TakenInput = string | { name: string; content: string | Uint8Array } | { name: string; error: InputError };

/**
 * The inputs checked for their shape, and streams read into memory, one after another, each to
 * `maxBytes` at most (past it, or when the stream fails, the input is its error): what
 * discoverCheckInputs takes.
 */
export async function takeInputs(inputs: readonly CheckInput[], maxBytes: number): Promise<TakenInput[]> {
  // Every input's shape is checked before any stream is read: a mistake is said at once, not after an upload.
  const checked = inputs.map((input) => (typeof input === 'string' ? input : isStreamed(input) ? { name: checkedName(input), stream: input.stream } : checkedInMemory(input)));
  const taken: TakenInput[] = [];
  for (const input of checked) taken.push(typeof input === 'object' && 'stream' in input ? await streamedInput(input.name, input.stream, maxBytes) : input);
  return taken;
}

/**
 * The files of a run: paths are walked as on the command line, in-memory contents are added under
 * their names (an input read from a stream that failed is an invalid file). Two inputs under one
 * name would mix their findings in the report, so that is a configuration error.
 */
export function discoverCheckInputs(inputs: readonly TakenInput[], cwd: string, limits: ReadLimits, runOwn?: RunOwnFiles): Discovery {
  const paths: string[] = [];
  const memory: Array<Exclude<TakenInput, string>> = [];
  for (const input of inputs) {
    if (typeof input === 'string') paths.push(input);
    else memory.push(input);
  }
  const discovered = discoverInputs(paths, cwd, undefined, limits, runOwn);
  // Files only (the command line): the discovery is already sorted and has no names to compare.
  if (memory.length === 0) return discovered;
  const files: DiscoveredFile[] = [...discovered.files];
  const problems = [...discovered.problems];
  const names = new Set([...files.map((f) => f.display), ...problems.map((p) => p.display)]);
  for (const input of memory) {
    const name = input.name;
    if (names.has(name)) {
      throw new TmcheckConfigError('input', {
        zh: `有两个输入同名「${name}」：内存中或标准输入的内容须有唯一的名称，且不能与被检查的文件同名`,
        en: `two inputs are named "${name}": content given in memory or on standard input needs a name of its own, different from every file checked`,
      });
    }
    names.add(name);
    if ('error' in input) problems.push({ display: name, error: input.error });
    else files.push({ display: name, absolute: name, content: bytesOf(input.content) });
  }
  files.sort((a, b) => compareText(a.display, b.display));
  return { files, problems, skipped: discovered.skipped, hiddenFolders: discovered.hiddenFolders, unreadFiles: discovered.unreadFiles, listed: discovered.listed };
}

async function streamedInput(name: string, stream: AsyncIterable<unknown>, maxBytes: number): Promise<Exclude<TakenInput, string>> {
  const read = await readStream(stream, maxBytes);
  return read instanceof Uint8Array ? { name, content: read } : { name, error: read };
}

function isStreamed(input: unknown): input is StreamedInput {
  const stream = (input as Partial<StreamedInput> | null)?.stream;
  return typeof stream === 'object' && stream !== null && typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function checkedInMemory(input: unknown): InMemoryInput {
  const content = (input as Partial<InMemoryInput> | null)?.content;
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) throw notAnInput();
  return { name: checkedName(input), content };
}

/** An in-memory or streamed input's name, shown like a path: forward slashes, so that it sorts and reads like the files beside it. */
function checkedName(input: unknown): string {
  const name = (input as Partial<InMemoryInput> | null)?.name;
  if (typeof name !== 'string' || name.trim() === '' || name.includes('\0')) throw notAnInput();
  return name.split(path.sep).join('/');
}

function notAnInput(): TmcheckConfigError {
  return new TmcheckConfigError('input', {
    zh: '每个输入须是路径字符串、{ name, content } 对象（name 为非空名称，content 为字符串或字节 Uint8Array）或 { name, stream } 对象（stream 为字节的异步可迭代对象）',
    en: 'each input must be a path string, a { name, content } object with a non-empty name and a string or Uint8Array content, or a { name, stream } object whose stream is an async iterable of bytes',
  });
}

/** A string content as its UTF-8 bytes (bytes as they are). */
export function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}
