import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { fixturesDir } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { resolveCacheLocation } from '../src/cache/cache-location.js';
import { CACHE_MAGIC } from '../src/read/own-files.js';
import { sha256 } from '../src/util/hash.js';

// The cache is the officer's, never the vendor's: a .tmcheck-cache beside a checked file may have come
// with the upload, and its checksum is no seal (anyone can recompute it).
const makeDir = tempDirMaker('tmcheck-cache-beside-');

/** upload/good.yaml passes, upload/report.yaml fails (exit 1 without a cache). */
function upload(): string {
  const dir = makeDir();
  mkdirSync(path.join(dir, 'upload'));
  copyFileSync(path.join(fixturesDir, 'dossier-compliant.yaml'), path.join(dir, 'upload', 'good.yaml'));
  copyFileSync(path.join(fixturesDir, 'dossier', 'dossier-administrative-penalty.yaml'), path.join(dir, 'upload', 'report.yaml'));
  return dir;
}

/** A genuine cache of good.yaml with its entry moved to report.yaml's bytes, checksum recomputed: what a vendor could upload. */
function forge(cache: Buffer, good: Buffer, bad: Buffer): Buffer {
  const forged = Buffer.from(cache);
  const at = forged.indexOf(Buffer.from(sha256(good), 'hex'));
  expect(at).toBeGreaterThan(0);
  Buffer.from(sha256(bad), 'hex').copy(forged, at);
  // The body after the magic: a SHA-256 of the rest, then the rest (src/cache/cache-file.ts).
  const body = CACHE_MAGIC.length;
  Buffer.from(sha256(forged.subarray(body + 32)), 'hex').copy(forged, body);
  return forged;
}

const args = ['--no-timestamp', '--lang', 'en', '--format', 'json'];

describe('--cache beside a checked file', () => {
  it('neither reads nor writes a forged .tmcheck-cache in the working folder beside the checked file: the verdict is the document\'s', async () => {
    const dir = upload();
    const up = path.join(dir, 'upload');
    // A genuine cache of the passing document, in a working folder with no checked file beside it: used (a hit).
    expect((await runCli(['upload/good.yaml', '--cache', ...args], dir)).status).toBe(0);
    const genuine = readFileSync(path.join(dir, '.tmcheck-cache'));
    const again = await runCli(['upload/good.yaml', '--cache', ...args], dir);
    expect(again.stderr).toBe('tmcheck: cache: 1 of 1 documents reused (.tmcheck-cache)\n');
    const forged = forge(genuine, readFileSync(path.join(up, 'good.yaml')), readFileSync(path.join(up, 'report.yaml')));
    writeFileSync(path.join(up, '.tmcheck-cache'), forged);

    const run = await runCli(['report.yaml', '--cache', ...args], up);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('R10-P5-5/clean-record');
    expect(run.stderr).toContain(
      'tmcheck: warning: the cache file .tmcheck-cache is beside the checked file report.yaml in the working folder, so it may have come with the inputs: no cache is read or written this run, every document is checked; keep the cache outside the inputs\' folders with --cache-location\n',
    );
    expect(run.stderr).not.toContain('documents reused');
    expect(readFileSync(path.join(up, '.tmcheck-cache')).equals(forged)).toBe(true);
  });

  it('refuses --cache-location naming a place beside a checked file (exit 2), as one among the inputs', async () => {
    const dir = upload();
    expect(resolveCacheLocation('upload/c', ['upload/report.yaml'], dir)).toEqual({
      refused: {
        zh: expect.stringContaining('与被检查的文件 upload/report.yaml 在同一文件夹中'),
        en: expect.stringContaining('the cache file upload/c would be beside the checked file upload/report.yaml'),
      },
    });
    // A folder named holds .tmcheck-cache: beside good.yaml, whichever input it is.
    expect(resolveCacheLocation('upload/', ['elsewhere.yaml', 'upload/good.yaml'], dir)).toHaveProperty('refused');
    expect(resolveCacheLocation('cache', ['upload/report.yaml'], dir)).toEqual({ location: path.join(dir, 'cache'), shown: 'cache' });
    const run = await runCli(['upload/report.yaml', '--cache-location', 'upload/c', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "tmcheck: the cache file upload/c would be beside the checked file upload/report.yaml: a cache is only kept outside the inputs' folders (whoever supplies the documents must not supply verdicts too); choose another place with --cache-location\n",
    );
    expect(existsSync(path.join(dir, 'upload', 'c'))).toBe(false);
  });

  it('judges a link both where it is and where it leads', () => {
    const dir = upload();
    // A cache named outside, leading into the upload.
    symlinkSync(path.join(dir, 'upload', 'c'), path.join(dir, 'c'));
    expect(resolveCacheLocation('c', ['upload/report.yaml'], dir)).toHaveProperty('refused');
    // A checked file in the upload that is a link to a file elsewhere: the upload is still its folder.
    mkdirSync(path.join(dir, 'elsewhere'));
    copyFileSync(path.join(dir, 'upload', 'report.yaml'), path.join(dir, 'elsewhere', 'r.yaml'));
    symlinkSync(path.join(dir, 'elsewhere', 'r.yaml'), path.join(dir, 'upload', 'link.yaml'));
    expect(resolveCacheLocation(undefined, ['link.yaml'], path.join(dir, 'upload'))).toHaveProperty('ignored');
  });
});
