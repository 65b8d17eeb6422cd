import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * A report is replaced by renaming a temporary file over it: the new file took the temporary
 * file's 0644, so a report its owner had made private (0600: vendor names, penalties) became
 * readable by every user of the machine at the next run; and the temporary name, the report's with
 * about 25 bytes more, was too long for a long report name, which could not be written at all.
 */
const tempDir = tempDirMaker('tmcheck-perm-');
const modeOf = (file: string) => statSync(file).mode & 0o7777;

describe('a replaced report keeps its permissions', () => {
  it('0600 stays 0600 and 0640 stays 0640, with the new content; a new report is created as before', () => {
    const dir = tempDir();
    const private600 = path.join(dir, 'report.json');
    writeFileSync(private600, 'old');
    chmodSync(private600, 0o600);
    writeFileAtomic(private600, '{"new":true}');
    expect(readFileSync(private600, 'utf8')).toBe('{"new":true}');
    expect(modeOf(private600)).toBe(0o600);

    const group640 = path.join(dir, 'report.html');
    writeFileSync(group640, 'old');
    chmodSync(group640, 0o640);
    writeFileAtomic(group640, ['<p>', 'new', '</p>']);
    expect(modeOf(group640)).toBe(0o640);

    const fresh = path.join(dir, 'new.sarif');
    writeFileAtomic(fresh, '{}');
    expect(modeOf(fresh)).toBe(0o644 & ~process.umask());
  });
});

describe('a report with a long name', () => {
  it('a name of 255 bytes (83 Chinese characters and x.json) is written: the temporary name beside it is cut to fit', () => {
    const dir = tempDir();
    const name = `${'报'.repeat(83)}x.json`;
    expect(Buffer.byteLength(name)).toBe(255);
    const file = path.join(dir, name);
    writeFileAtomic(file, '{"ok":1}');
    writeFileAtomic(file, '{"ok":2}');
    expect(readFileSync(file, 'utf8')).toBe('{"ok":2}');
    expect(readdirSync(dir)).toEqual([name]);
  });
});
