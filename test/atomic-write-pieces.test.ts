import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { tempDirMaker } from './support/temp-dirs.js';

const tempDir = tempDirMaker('tmcheck-pieces-');

describe('a report written piece by piece', () => {
  it('is the pieces joined, in UTF-8, across many buffer fills, with Chinese, emoji and pieces larger than the buffer', () => {
    const pieces: string[] = [];
    for (let i = 0; i < 30_000; i++) pieces.push(i % 3 === 0 ? `"合作方${i}",` : i % 3 === 1 ? `{"n":${i},"s":"😀"}` : '\n');
    // A single piece far beyond the 64 K-character buffer, then more small ones.
    pieces.push(`"${'青岛'.repeat(200_000)}"`, ...pieces.slice(0, 100));
    const file = path.join(tempDir(), 'report.json');
    writeFileAtomic(file, pieces);
    const written = readFileSync(file);
    expect(written.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });
});
