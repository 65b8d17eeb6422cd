#!/usr/bin/env node
// The `prepare` script. npm runs it after `npm install`/`npm ci` in a clone, before `npm pack`, when
// installing from a git URL, and again each time `npx tmcheck` or `npm install -g .` installs the
// clone's folder (they link the folder and run its prepare). It runs `npm run build` unless dist/ was
// built by it from exactly the current sources: the first `npx tmcheck` in a fresh clone then takes
// seconds instead of rebuilding everything (25-45 s). A plain `npm run build` leaves the stamp alone,
// so the next prepare builds once more: a stale stamp costs a build, never a stale dist/.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the build reads (tsc, the validator and rule-cache generators, the bundler, the dependencies). */
export const BUILD_INPUTS = ['bin', 'src', 'schemas', 'rules', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Inside dist/, so deleting dist/ deletes it. */
export const STAMP_FILE = path.join('dist', '.build-inputs.sha256');

/** SHA-256 over the path and content of every file of the build inputs, in a fixed order. */
export function buildInputsDigest(root) {
  const files = [];
  for (const input of BUILD_INPUTS) {
    const absolute = path.join(root, input);
    if (!existsSync(absolute)) continue;
    if (!statSync(absolute).isDirectory()) files.push(input);
    else {
      for (const entry of readdirSync(absolute, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) files.push(path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)));
      }
    }
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file.split(path.sep).join('/')}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ was built by prepare from exactly the current inputs. */
export function buildIsCurrent(root) {
  const stamp = path.join(root, STAMP_FILE);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === buildInputsDigest(root);
}

/** Builds unless current; returns the exit status. */
export function prepare(root) {
  if (buildIsCurrent(root)) {
    console.log('tmcheck: dist/ is up to date with the sources, not rebuilding');
    return 0;
  }
  const digest = buildInputsDigest(root);
  // npm_execpath is the npm that runs this script; spawning it with node works on every platform.
  const npm = process.env.npm_execpath;
  const run = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (run.status !== 0) return run.status ?? 1;
  // The digest of the inputs as they were when the build started: an edit during the build stays stale.
  writeFileSync(path.join(root, STAMP_FILE), `${digest}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = prepare(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
}
