import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { NOT_REGULAR, STAT_AHEAD_BYTES, StatAhead } from '../src/cache/stat-ahead.js';

// The stat memo's stats taken ahead on a helper thread (src/cache/stat-ahead.ts). Each test waits
// for the helper to end (a readiness signal) before taking, so that every stat asked for is the helper's.
const makeDir = tempDirMaker('tmcheck-stat-ahead-');

/** Device, inode, size, mtime ns, ctime ns as the memo keeps them (64 bits each, the machine's byte order), from statSync. */
function statBytes(file: string): Buffer {
  const s = statSync(file, { bigint: true });
  return Buffer.from(new BigInt64Array([s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs]).buffer);
}

function files(count: number): { dir: string; paths: string[] } {
  const dir = makeDir();
  const paths = Array.from({ length: count }, (_, i) => path.join(dir, `f${String(i).padStart(3, '0')}.yaml`));
  paths.forEach((file, i) => writeFileSync(file, 'x'.repeat(i)));
  return { dir, paths };
}

describe('StatAhead', () => {
  it('gives every file the stat statSync gives, in the run\'s order', async () => {
    const { paths } = files(40);
    const ahead = new StatAhead(paths, 1024, 0);
    expect(ahead.started).toBe(true);
    await ahead.finished();
    for (const file of paths) {
      const taken = ahead.take(file);
      expect(Buffer.isBuffer(taken) && taken.length).toBe(STAT_AHEAD_BYTES);
      expect((taken as Buffer).equals(statBytes(file))).toBe(true);
    }
    expect(ahead.supplied).toBe(40);
  });

  it('says no regular file for a folder, a missing path and a file above maxBytes', async () => {
    const { dir, paths } = files(3);
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    const large = path.join(dir, 'large.yaml');
    writeFileSync(large, 'y'.repeat(2000));
    const list = [paths[0]!, folder, path.join(dir, 'missing.yaml'), large, paths[2]!];
    const ahead = new StatAhead(list, 1024, 0);
    await ahead.finished();
    expect(list.map((file) => ahead.take(file)).map((taken) => (Buffer.isBuffer(taken) ? 'stat' : taken))).toEqual(['stat', NOT_REGULAR, NOT_REGULAR, NOT_REGULAR, 'stat']);
  });

  it('leaves to the caller a path asked out of order, and keeps its place for the next', async () => {
    const { paths } = files(3);
    const ahead = new StatAhead(paths, 1024, 0);
    await ahead.finished();
    expect(ahead.take(paths[1]!)).toBeUndefined();
    expect((ahead.take(paths[0]!) as Buffer).equals(statBytes(paths[0]!))).toBe(true);
    expect((ahead.take(paths[1]!) as Buffer).equals(statBytes(paths[1]!))).toBe(true);
    expect(ahead.supplied).toBe(2);
  });

  it('starts no helper for fewer files than its threshold: the caller stats them', async () => {
    const { paths } = files(3);
    const ahead = new StatAhead(paths, 1024, 4);
    expect(ahead.started).toBe(false);
    await ahead.finished();
    expect(paths.map((file) => ahead.take(file))).toEqual([undefined, undefined, undefined]);
  });
});
