import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { globBase, hasGlobMagic } from '../read/glob.js';
import { followLinks } from '../util/atomic-write.js';
import type { Bilingual } from '../util/i18n.js';

/** The cache's name in the working folder (or in the folder --cache-location names), like ESLint's .eslintcache. */
export const DEFAULT_CACHE_FILE = '.tmcheck-cache';

/**
 * Where `--cache` keeps its file: `--cache-location` (a file, or a folder to put .tmcheck-cache in),
 * else .tmcheck-cache in the working folder. Never among the inputs (files, folders, pattern bases,
 * --history): whoever supplies the documents could otherwise supply the verdicts too. Returns why
 * not when it is.
 */
export function resolveCacheLocation(asked: string | undefined, inputs: readonly string[], cwd: string): { location: string; shown: string } | Bilingual {
  const { location, shown } = cacheFileLocation(asked, cwd);
  const real = realLocation(location);
  for (const input of inputs) {
    const base = path.resolve(cwd, hasGlobMagic(input) ? globBase(input) : input);
    const realBase = realOrUndefined(base);
    if (realBase === undefined) continue;
    const inside = isFolder(realBase) ? !path.relative(realBase, real).startsWith('..') && !path.isAbsolute(path.relative(realBase, real)) : realBase === real;
    if (inside) {
      return {
        zh: `缓存文件 ${shown} 位于被检查的输入 ${input} 之中：缓存只能放在输入之外（提供文档的一方不能同时提供结论）；请用 --cache-location 指定输入以外的位置`,
        en: `the cache file ${shown} would be among the inputs (${input}): a cache is only kept outside them (whoever supplies the documents must not supply verdicts too); choose a place outside the inputs with --cache-location`,
      };
    }
  }
  return { location, shown };
}

/** The cache file `--cache-location` names (or the default), and how notes show it; where it is is not checked here. */
export function cacheFileLocation(asked: string | undefined, cwd: string): { location: string; shown: string } {
  let location = path.resolve(cwd, asked ?? DEFAULT_CACHE_FILE);
  if (asked !== undefined && (/[\\/]$/.test(asked) || isFolder(location))) location = path.join(location, DEFAULT_CACHE_FILE);
  const shown = asked === undefined ? DEFAULT_CACHE_FILE : path.relative(cwd, location).startsWith('..') ? location : path.relative(cwd, location);
  return { location, shown };
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function realOrUndefined(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** The cache's real path: links followed, and its folder's real path when the file does not exist yet. */
function realLocation(location: string): string {
  const file = followLinks(location);
  // Folders that do not exist yet are made when the cache is written: resolve the nearest that does.
  let existing = file;
  while (realOrUndefined(existing) === undefined && path.dirname(existing) !== existing) existing = path.dirname(existing);
  return path.join(realOrUndefined(existing) ?? existing, path.relative(existing, file));
}
