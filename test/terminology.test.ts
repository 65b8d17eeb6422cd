import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('terminology', () => {
  // The regulation says 外包合作方; officers must see one term for one party, never 供应商 beside it.
  it('no user-facing string in src/, rules/ or templates/ says 供应商', () => {
    const offenders = ['src', 'rules', 'templates']
      .flatMap((dir) => filesUnder(path.join(projectRoot, dir)))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n')
        .map((line, i) => (line.includes('供应商') ? `${path.relative(projectRoot, file)}:${i + 1}` : ''))
        .filter(Boolean));
    expect(offenders).toEqual([]);
  });
});
