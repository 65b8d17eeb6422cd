import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { inputError, type InputError } from '../read/input-error.js';
import { compareText } from '../util/compare.js';
import { globBase, globToRegExp, hasGlobMagic } from './glob.js';

/** Extensions of the files a folder contributes to a run. */
export const DOCUMENT_EXTENSIONS = ['.yaml', '.yml', '.json'];
export const TABLE_EXTENSIONS = ['.csv', '.xlsx'];

export interface DiscoveredFile {
  /** As shown in reports: relative to the working directory when inside it, with `/` separators. */
  display: string;
  absolute: string;
  /** Content handed over in memory (library API): read from here, never from `absolute`. */
  content?: Uint8Array;
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Arguments that named nothing checkable: a missing path, an empty folder. */
  problems: Array<{ display: string; error: InputError }>;
}

/**
 * Expands the command line's files, folders and quoted glob patterns into the files to check,
 * sorted and without duplicates. A pattern only picks files with the run's extensions. Folders are walked recursively; hidden entries and node_modules are skipped, and a
 * folder reached twice through symbolic links is walked once (so link loops end).
 */
export function discoverInputs(inputs: string[], cwd: string, extensions = [...DOCUMENT_EXTENSIONS, ...TABLE_EXTENSIONS]): Discovery {
  const files = new Map<string, DiscoveredFile>();
  const problems: Discovery['problems'] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stat;
    try {
      stat = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not a path: a quoted pattern such as 'reports/**/*.yaml' (a file whose name has * wins).
      if (code === 'ENOENT' && hasGlobMagic(input)) {
        const matched = expandGlob(absolute, extensions);
        if (matched.length === 0) {
          problems.push({
            display: input,
            error: inputError('no-match', `没有文件与模式匹配（${extensions.join(' ')}）`, `no files match the pattern (${extensions.join(' ')})`),
          });
        }
        for (const file of matched) files.set(file, { absolute: file, display: displayPath(file, cwd) });
        continue;
      }
      const en = code === 'ENOENT' ? 'no such file or folder' : code === 'ELOOP' ? 'symbolic link loop' : `cannot be read (${code})`;
      const zh = code === 'ENOENT' ? '文件或文件夹不存在' : code === 'ELOOP' ? '符号链接形成循环' : `无法读取（${code}）`;
      problems.push({ display: displayPath(absolute, cwd), error: inputError('not-found', zh, en) });
      continue;
    }
    if (!stat.isDirectory()) {
      files.set(absolute, { absolute, display: displayPath(absolute, cwd) });
      continue;
    }
    const found = walkFolder(absolute, extensions);
    if (found.length === 0) {
      problems.push({
        display: displayPath(absolute, cwd),
        error: inputError('no-documents', `文件夹中没有可检查的文件（${extensions.join(' ')}）`, `folder holds no documents to check (${extensions.join(' ')})`),
      });
    }
    for (const file of found) files.set(file, { absolute: file, display: displayPath(file, cwd) });
  }
  return { files: [...files.values()].sort((a, b) => compareText(a.display, b.display)), problems };
}

/** Files under the pattern's fixed leading folders that match it, found by the same loop-safe walk. */
function expandGlob(absolutePattern: string, extensions: string[]): string[] {
  const pattern = absolutePattern.split(path.sep).join('/');
  const base = globBase(pattern);
  try {
    if (!statSync(base).isDirectory()) return [];
  } catch {
    return [];
  }
  const matcher = globToRegExp(pattern);
  return walkFolder(base, extensions).filter((file) => matcher.test(file.split(path.sep).join('/')));
}

function walkFolder(root: string, extensions: string[]): string[] {
  const out: string[] = [];
  const visited = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const full = path.join(dir, name);
      // The folder listing tells plain files and folders apart; only links (and file systems that do not say) need a stat.
      let isDirectory = entry.isDirectory();
      if (!entry.isFile() && !isDirectory) {
        try {
          isDirectory = statSync(full).isDirectory();
        } catch {
          continue; // a dangling link or a file removed meanwhile: nothing to check
        }
      }
      if (isDirectory) stack.push(full);
      else if (extensions.includes(path.extname(name).toLowerCase())) out.push(full);
    }
  }
  return out;
}

export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}
