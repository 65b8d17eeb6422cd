import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';

// scripts/prepare.mjs is what `npm install`, `npm pack` and `npx tmcheck` in a clone run: it must
// build when dist/ is missing or older than the sources, and only then. Tried on a stand-in project
// whose build appends a line to built.log.
describe('the prepare script (npx tmcheck does not rebuild a built clone)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tmcheck-prepare-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'scripts'));
  mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
  copyFileSync(path.join(packageRoot, 'scripts', 'prepare.mjs'), path.join(root, 'scripts', 'prepare.mjs'));
  const build = "const fs = require('fs'); fs.mkdirSync('dist', { recursive: true }); fs.appendFileSync('built.log', 'built\\n');";
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'stand-in', private: true, scripts: { build: `node -e "${build}"` } }));
  writeFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'export const a = 1;\n');
  const builds = (): number => readFileSync(path.join(root, 'built.log'), 'utf8').split('\n').filter(Boolean).length;
  const prepare = (): number | null => spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_execpath: '' } }).status;

  it('builds the first time, not again while the sources are unchanged', () => {
    expect(prepare()).toBe(0);
    expect(builds()).toBe(1);
    expect(prepare()).toBe(0);
    expect(builds()).toBe(1);
  });

  it('builds again when a source file changes, or when dist/ is gone', () => {
    writeFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'export const a = 2;\n');
    expect(prepare()).toBe(0);
    expect(builds()).toBe(2);
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(prepare()).toBe(0);
    expect(builds()).toBe(3);
    expect(prepare()).toBe(0);
    expect(builds()).toBe(3);
  });
});
