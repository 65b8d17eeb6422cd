import path from 'node:path';

/** A path as messages show it: relative to `cwd` when inside it, absolute otherwise, always with `/`. */
export function displayPath(absolute: string, cwd: string): string {
  return displayPathsIn(cwd)(absolute);
}

/** displayPath for many paths under one `cwd` (every file of a walk): what depends on `cwd` alone is looked at once. */
export function displayPathsIn(cwd: string): (absolute: string) => string {
  // The common case, every file of a folder walk: normal paths (as path.resolve leaves them) on a
  // POSIX system. Below `cwd/`, path.relative's answer is the rest of the path; anywhere else it
  // begins with `..`, so the path is shown whole. Either way without path.relative's work per file.
  const normalCwd = path.sep === '/' && isNormalAbsolute(cwd);
  return (absolute) => {
    if (normalCwd && isNormalAbsolute(absolute)) {
      if (absolute.charCodeAt(cwd.length) !== SLASH || !absolute.startsWith(cwd)) return absolute;
      const relative = absolute.slice(cwd.length + 1);
      return relative.startsWith('..') ? absolute : relative;
    }
    const relative = path.relative(cwd, absolute);
    const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
    return shown.split(path.sep).join('/');
  };
}

const SLASH = 0x2f;

/** An absolute POSIX path that path.resolve leaves as it is: no empty, `.` or `..` segment, no trailing `/` (so not `/` itself). */
function isNormalAbsolute(p: string): boolean {
  return p.charCodeAt(0) === SLASH && !p.endsWith('/') && !p.includes('//') && !p.includes('/./') && !p.includes('/../') && !p.endsWith('/.') && !p.endsWith('/..');
}
