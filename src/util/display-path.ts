import path from 'node:path';

/** A path as messages show it: relative to `cwd` when inside it, absolute otherwise, always with `/`. */
export function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}
