import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayPath } from '../src/util/display-path.js';

/** What displayPath said before its shortcut for paths below the working folder: path.relative's answer. */
function reference(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  return shown.split(path.sep).join('/');
}

describe('displayPath', () => {
  it('shows a path exactly as path.relative would, for normal and odd paths inside and outside the working folder', () => {
    const segment = fc.constantFrom('a', 'b', '..', '.', '', '...', '..x', 'x..', 'ä', 'c\\d', ' ');
    const tail = fc.array(segment, { maxLength: 4 }).map((parts) => parts.join('/'));
    const cwd = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([parts, slash]) => `/${parts.join('/')}${slash ? '/' : ''}`);
    fc.assert(
      fc.property(cwd, tail, fc.boolean(), (folder, rest, inside) => {
        const absolute = `${inside ? `${folder}/` : '/'}${rest}`;
        expect(displayPath(absolute, folder)).toBe(reference(absolute, folder));
      }),
      { numRuns: 5000 },
    );
    expect(displayPath('/work/batch/d/vendor-1.yaml', '/work/batch')).toBe('d/vendor-1.yaml');
    expect(displayPath('/work/batch', '/work/batch')).toBe('/work/batch');
    expect(displayPath('/work/batch/..x/a.yaml', '/work/batch')).toBe('/work/batch/..x/a.yaml');
    expect(displayPath('/work/other/a.yaml', '/work/batch')).toBe('/work/other/a.yaml');
    expect(displayPath('/work', '/work/batch')).toBe('/work');
    expect(displayPath('/work/batchx/a.yaml', '/work/batch')).toBe('/work/batchx/a.yaml');
    expect(displayPath('/work/batch/./a.yaml', '/work/batch/')).toBe('a.yaml');
  });
});
