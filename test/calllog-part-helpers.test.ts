import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIN_PART_BYTES, prestartPartHelpers, releasePartHelpers } from '../src/calllog/part-helpers.js';
import { readHeader } from '../src/calllog/columns.js';
import { DEFAULT_CALL_LOG_OPTIONS } from '../src/calllog/read-call-log.js';
import { helperInWorker, type ChunkJob, type ChunkRead } from '../src/calllog/read-in-parts.js';

/**
 * Call-log helper threads started ahead (the CLI does it when a large CSV is named): only for a
 * regular .csv file large enough to be read in parts, taken by the next read in parts (which then
 * reads with them: the built dist/tmcheck-calllog-worker.js, job sent as its first message), and the
 * ones no read took are ended.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-helpers-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A sparse file of `size` bytes: as large as a big log for stat, without writing it. */
function sized(name: string, size: number): string {
  const file = path.join(temp, name);
  writeFileSync(file, '');
  truncateSync(file, size);
  return file;
}

describe('call-log helpers started ahead', () => {
  it('start only for a regular .csv file of at least twice MIN_PART_BYTES, with --jobs 2 or more', async () => {
    sized('small.csv', 2 * MIN_PART_BYTES - 1);
    sized('large.txt', 2 * MIN_PART_BYTES);
    mkdirSync(path.join(temp, 'folder.csv'));
    expect(prestartPartHelpers(['small.csv', 'large.txt', 'folder.csv', 'missing.csv'], temp, 2)).toBe(0);
    sized('large.CSV', 2 * MIN_PART_BYTES);
    expect(prestartPartHelpers(['large.CSV'], temp, 1)).toBe(0);
    expect(prestartPartHelpers(['small.csv', 'large.CSV'], temp, 3)).toBe(2);
    // Asked again (a second call log named), no more than threads - 1 wait.
    expect(prestartPartHelpers(['large.CSV'], temp, 3)).toBe(0);
    expect(await releasePartHelpers()).toBe(2);
    expect(await releasePartHelpers()).toBe(0);
  });

  it('are taken by the next read in parts, and read the chunks they are sent; none is left to end', async () => {
    expect(prestartPartHelpers([sized('big.csv', 2 * MIN_PART_BYTES)], temp, 2)).toBe(1);
    const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
    const rows = Array.from({ length: 3000 }, (_, i) => `C${i},91370102MA3C4F5G9F,A00${i % 3},2026-10-0${1 + (i % 9)} 09:${String(i % 60).padStart(2, '0')}:00,60,${i % 7 === 0 ? 0 : 1}`);
    const file = path.join(temp, 'calls.csv');
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    const layout = readHeader(header.split(','));
    if ('code' in layout) throw new Error('header');
    // The worker alone reads chunk 1 (every row after the header): this thread claims none.
    const next = new Int32Array(new SharedArrayBuffer(4));
    next[0] = 1;
    const job: ChunkJob = {
      file,
      cuts: [0, header.length + 1, statSync(file).size],
      encoding: 'utf8',
      delimiter: '\n',
      layout,
      options: DEFAULT_CALL_LOG_OPTIONS,
      next: next.buffer as SharedArrayBuffer,
      progress: new SharedArrayBuffer(16),
      slot: 1,
    };
    const replies: ChunkRead[] = [];
    await helperInWorker(job, (index, reply) => replies.push(reply)).done;
    expect(await releasePartHelpers()).toBe(0);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ rows: 3000, dataRows: 3000, badRows: 0 });
  });
});
