import path from 'node:path';

/** The last working folder seen and its form with a trailing separator, when it is already resolved. */
let resolvedCwd: { cwd: string; prefix: string | undefined } | undefined;

/** A path as messages show it: relative to `cwd` when inside it, absolute otherwise, always with `/`. */
export function displayPath(absolute: string, cwd: string): string {
  // A folder walk asks for tens of thousands of names under one working folder: a name that is
  // plainly inside it (resolved, no `.` or `..` part, no doubled `/`) is shown without path.relative.
  if (resolvedCwd?.cwd !== cwd) resolvedCwd = { cwd, prefix: path.sep === '/' && path.resolve(cwd) === cwd ? (cwd.endsWith('/') ? cwd : `${cwd}/`) : undefined };
  const prefix = resolvedCwd.prefix;
  if (prefix !== undefined && absolute.startsWith(prefix)) {
    const rest = absolute.slice(prefix.length);
    if (rest !== '' && !rest.startsWith('..') && !rest.endsWith('/') && !/(?:^|\/)\.{0,2}(?:\/|$)/.test(rest)) return rest;
  }
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}
