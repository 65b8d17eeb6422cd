import path from 'node:path';

/** A path as messages show it: relative to `cwd` when inside it, absolute otherwise, always with `/`. */
export function displayPath(absolute: string, cwd: string): string {
  // The common case, every file of a folder walk: a normal path below a normal working folder. The
  // rest after `cwd/` is what path.relative would give, without its work on both paths per file.
  if (path.sep === '/' && absolute.charCodeAt(cwd.length) === SLASH && absolute.startsWith(cwd) && isNormalAbsolute(cwd) && isNormalAbsolute(absolute)) {
    const relative = absolute.slice(cwd.length + 1);
    return relative.startsWith('..') ? absolute : relative;
  }
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}

const SLASH = 0x2f;

/** An absolute POSIX path that path.resolve leaves as it is: no empty, `.` or `..` segment, no trailing `/`. */
function isNormalAbsolute(p: string): boolean {
  return p.charCodeAt(0) === SLASH && !p.endsWith('/') && !p.includes('//') && !p.includes('/./') && !p.includes('/../') && !p.endsWith('/.') && !p.endsWith('/..');
}
