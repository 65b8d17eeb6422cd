import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { globBase, hasGlobMagic } from '../read/glob.js';
import { followLinks } from '../util/atomic-write.js';
import type { Bilingual } from '../util/i18n.js';
import { fileInputIn } from '../read/discover.js';

/** The cache's name in the working folder (or in the folder --cache-location names), like ESLint's .eslintcache. */
export const DEFAULT_CACHE_FILE = '.tmcheck-cache';

/** Where the cache is kept, and how notes show it. */
export interface CacheLocation {
  location: string;
  shown: string;
}

/**
 * Where `--cache` keeps its file: `--cache-location` (a file, or a folder to put .tmcheck-cache in),
 * else .tmcheck-cache in the working folder. Never among the inputs (files, folders, pattern bases,
 * --history) nor beside a file input: whoever supplies the documents could otherwise supply the
 * verdicts too (the cache's checksum catches damage, not forgery). A place among the inputs, or one
 * named with --cache-location beside a file input, is `refused` (a usage error); the default file
 * beside a file input (`tmcheck --cache report.yaml` inside an upload) is `ignored`: the run goes
 * uncached, as the waivers file there is ignored.
 */
export function resolveCacheLocation(asked: string | undefined, inputs: readonly string[], cwd: string): CacheLocation | { refused: Bilingual } | { ignored: Bilingual } {
  const { location, shown } = cacheFileLocation(asked, cwd);
  const real = realLocation(location);
  for (const input of inputs) {
    const base = path.resolve(cwd, hasGlobMagic(input) ? globBase(input) : input);
    const realBase = realOrUndefined(base);
    if (realBase === undefined) continue;
    const inside = isFolder(realBase) ? !path.relative(realBase, real).startsWith('..') && !path.isAbsolute(path.relative(realBase, real)) : realBase === real;
    if (inside) {
      return {
        refused: {
          zh: `缓存文件 ${shown} 位于被检查的输入 ${input} 之中：缓存只能放在输入之外（提供文档的一方不能同时提供结论）；请用 --cache-location 指定输入以外的位置`,
          en: `the cache file ${shown} would be among the inputs (${input}): a cache is only kept outside them (whoever supplies the documents must not supply verdicts too); choose a place outside the inputs with --cache-location`,
        },
      };
    }
  }
  // The folder as named and where a link leads: either may be the vendor's.
  const beside = fileInputIn(inputs, path.dirname(real), cwd) ?? fileInputIn(inputs, path.dirname(location), cwd);
  if (beside === undefined) return { location, shown };
  if (asked !== undefined) {
    return {
      refused: {
        zh: `缓存文件 ${shown} 与被检查的文件 ${beside} 在同一文件夹中：缓存只能放在输入所在的文件夹之外（提供文档的一方不能同时提供结论）；请用 --cache-location 指定别的位置`,
        en: `the cache file ${shown} would be beside the checked file ${beside}: a cache is only kept outside the inputs' folders (whoever supplies the documents must not supply verdicts too); choose another place with --cache-location`,
      },
    };
  }
  return {
    ignored: {
      zh: `警告：缓存文件 ${shown} 与被检查的文件 ${beside} 同在工作文件夹中，可能随被检查方的文件一同提交：本次不读也不写缓存，所有文档重新检查；请用 --cache-location 把缓存放在输入所在的文件夹之外`,
      en: `warning: the cache file ${shown} is beside the checked file ${beside} in the working folder, so it may have come with the inputs: no cache is read or written this run, every document is checked; keep the cache outside the inputs' folders with --cache-location`,
    },
  };
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
