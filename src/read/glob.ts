/**
 * A small glob matcher for quoted patterns on the command line (Node 20 has no fs.glob):
 * `*` and `?` within one path segment, `**` for any number of segments, `[abc]` / `[!abc]`
 * character classes and `{a,b}` alternatives (not nested). Paths use `/` separators.
 */

const MAGIC = /[*?[{]/;

export function hasGlobMagic(text: string): boolean {
  return MAGIC.test(text);
}

/** The leading segments of a pattern that hold no wildcard: where a walk for it starts. */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const firstMagic = segments.findIndex((segment) => hasGlobMagic(segment));
  const base = segments.slice(0, firstMagic < 0 ? segments.length : firstMagic).join('/');
  return base === '' && pattern.startsWith('/') ? '/' : base;
}

/** Compiles a glob to an anchored regular expression over a whole `/`-separated path. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let i = 0;
  let inBraces = false;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*' && (i === 0 || pattern[i - 1] === '/') && (i + 2 === pattern.length || pattern[i + 2] === '/')) {
      // `**/` is any number of whole segments (none included); a trailing `**` is anything below.
      out += i + 2 === pattern.length ? '.*' : '(?:[^/]+/)*';
      i += i + 2 === pattern.length ? 2 : 3;
      continue;
    }
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
        i = close;
      }
    } else if (ch === '{' && !inBraces && pattern.indexOf('}', i) > i) {
      inBraces = true;
      out += '(?:';
    } else if (ch === '}' && inBraces) {
      inBraces = false;
      out += ')';
    } else if (ch === ',' && inBraces) out += '|';
    else out += ch.replace(/[.+^$()|\\/]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${out}$`);
}
