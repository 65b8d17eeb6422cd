import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMO_STAT_WORDS, memoStatWay, restartMemoStat, statForMemo, type FsBinding, type StatValues } from '../src/cache/memo-stat.js';
import { tempDirMaker } from './support/temp-dirs.js';

// The --cache memo's stat (src/cache/memo-stat.ts): through Node's fs binding once it has agreed with
// fs.statSync, else fs.statSync itself. Either way the five values must be fs.statSync's, exactly.
const makeDir = tempDirMaker('tmcheck-memo-stat-');

/** fs.statSync's five values of a file, as the memo keeps them. */
function expected(file: string): bigint[] {
  const stats = statSync(file, { bigint: true });
  return [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs];
}

function memoStat(file: string): bigint[] | false {
  const into = new BigInt64Array(MEMO_STAT_WORDS);
  return statForMemo(file, into) && [...into];
}

/** Node's own binding, as memo-stat.ts takes it. */
function realBinding(): FsBinding {
  return (process as unknown as { binding: (name: string) => FsBinding }).binding('fs');
}

/** Two files in a folder of their own, of different sizes. */
function files(): [string, string] {
  const dir = makeDir();
  const a = path.join(dir, 'a.yaml');
  const b = path.join(dir, 'b.yaml');
  writeFileSync(a, 'vendor: a\n');
  writeFileSync(b, 'vendor: bb\n');
  return [a, b];
}

afterEach(() => restartMemoStat());

describe('the stat memo\'s stat', () => {
  it.skipIf(process.platform === 'win32')('goes through the binding once it agrees, with fs.statSync\'s values, and refuses what is not a regular file', () => {
    restartMemoStat();
    const [a, b] = files();
    expect(memoStat(a)).toEqual(expected(a));
    expect(memoStatWay()).toBe('binding');
    expect(memoStat(b)).toEqual(expected(b));
    expect(memoStat(a)).toEqual(expected(a));
    // Edited: another size and times.
    writeFileSync(a, 'vendor: edited\n');
    expect(memoStat(a)).toEqual(expected(a));
    expect(memoStat(path.dirname(a))).toBe(false);
    expect(memoStat(path.join(path.dirname(a), 'missing.yaml'))).toBe(false);
    expect(memoStat(path.join(a, 'below-a-file.yaml'))).toBe(false);
    // A NUL would end the path early in C, at the folder.
    expect(memoStat(`${path.dirname(a)}\u0000/a.yaml`)).toBe(false);
    const fifo = path.join(path.dirname(a), 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(memoStat(fifo)).toBe(false);
    expect(memoStatWay()).toBe('binding');
  });

  it('is verified at the first file that exists', () => {
    restartMemoStat();
    const [a] = files();
    expect(memoStat(path.join(path.dirname(a), 'missing.yaml'))).toBe(false);
    expect(memoStatWay()).toBe('unverified');
    expect(memoStat(a)).toEqual(expected(a));
    expect(memoStatWay()).not.toBe('unverified');
  });

  const faulty: Array<[string, () => FsBinding | undefined]> = [
    ['one whose stat throws', () => ({ stat: () => { throw new Error('changed'); } })],
    ['one with its values in another order (inode and size swapped)', () => ({
      stat: (file, ...rest) => {
        const values = realBinding().stat(file, ...rest);
        if (!values) return values;
        const swapped = Array.from({ length: values.length }, (_, i) => values[i === 7 ? 8 : i === 8 ? 7 : i]!);
        return swapped as StatValues;
      },
    })],
    ['one that gives the first values it gave at every call', () => {
      let first: bigint[] | undefined;
      return {
        stat: (file, ...rest) => {
          const values = realBinding().stat(file, ...rest);
          first ??= values && Array.from({ length: values.length }, (_, i) => values[i]!);
          return first as StatValues | undefined;
        },
      };
    }],
    ['one with fewer values', () => ({ stat: (file, ...rest) => { const values = realBinding().stat(file, ...rest); return values && (Array.from({ length: 12 }, (_, i) => values[i]!) as StatValues); } })],
  ];
  it.skipIf(process.platform === 'win32').each(faulty)('falls back to fs.statSync, exactly, given a binding that does not agree: %s', (_, binding) => {
    restartMemoStat(binding);
    const [a, b] = files();
    expect(memoStat(a)).toEqual(expected(a));
    expect(memoStatWay()).toBe('statSync');
    expect(memoStat(b)).toEqual(expected(b));
    const dir = path.join(path.dirname(a), 'sub');
    mkdirSync(dir);
    expect(memoStat(dir)).toBe(false);
    expect(memoStat(path.join(dir, 'missing.yaml'))).toBe(false);
  });

  /** Runs `body` with process.binding replaced (or removed), and the first stat taken with the default source. */
  function withProcessBinding(replacement: ((name: string) => unknown) | undefined, body: () => void): void {
    const target = process as unknown as { binding?: (name: string) => unknown };
    const original = target.binding;
    if (replacement) target.binding = replacement;
    else delete target.binding;
    try {
      restartMemoStat();
      body();
    } finally {
      target.binding = original;
    }
  }

  it('falls back to fs.statSync where process.binding is refused (Node\'s permission model) or gone', () => {
    const [a] = files();
    withProcessBinding(() => {
      throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' });
    }, () => {
      expect(memoStat(a)).toEqual(expected(a));
      expect(memoStatWay()).toBe('statSync');
    });
    withProcessBinding(undefined, () => {
      expect(memoStat(a)).toEqual(expected(a));
      expect(memoStatWay()).toBe('statSync');
    });
  });

  it.skipIf(process.platform === 'win32')('takes the binding without a deprecation warning (--pending-deprecation wraps process.binding in one), and leaves the warnings on', async () => {
    const [a] = files();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const before = process.noDeprecation;
    try {
      // As Node's `deprecate` does: a DeprecationWarning, unless process.noDeprecation is set.
      const fs = realBinding();
      withProcessBinding((name) => {
        process.emitWarning('process.binding() is deprecated', 'DeprecationWarning', 'DEP0111');
        return name === 'fs' ? fs : undefined;
      }, () => {
        expect(memoStat(a)).toEqual(expected(a));
        expect(memoStatWay()).toBe('binding');
      });
      expect(process.noDeprecation).toBe(before);
      // Warnings are emitted on a later tick: one event-loop turn delivers any.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
