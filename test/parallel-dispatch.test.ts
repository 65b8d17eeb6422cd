import { describe, expect, it, vi } from 'vitest';
import { createChecker } from '../src/api/checker.js';
import { BATCH_SIZE, BATCHES_PER_WORKER, BatchQueue, DocumentPool, LOOK_AHEAD_PER_WORKER, workerCount } from '../src/check/parallel.js';

const files = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('BatchQueue (which --jobs worker checks which files)', () => {
  it('gives each worker at most two batches; the rest wait for whichever worker sends one back first', () => {
    const queue = new BatchQueue<number>(2, 4, 2);
    for (const file of files(0, 24)) queue.add(file);
    expect(queue.take()).toEqual([
      { worker: 0, files: [0, 1, 2, 3] },
      { worker: 1, files: [4, 5, 6, 7] },
      { worker: 0, files: [8, 9, 10, 11] },
      { worker: 1, files: [12, 13, 14, 15] },
    ]);
    expect(queue.take()).toEqual([]);
    // Worker 1 is behind (still holds two batches): worker 0 takes every batch it sends back room for.
    queue.done(0);
    expect(queue.take()).toEqual([{ worker: 0, files: [16, 17, 18, 19] }]);
    queue.done(0);
    expect(queue.take()).toEqual([{ worker: 0, files: [20, 21, 22, 23] }]);
  });

  it('sends every file once, in the order started, in batches of at most the batch size', () => {
    const queue = new BatchQueue<number>(3);
    const sent: number[] = [];
    const held = [0, 0, 0];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      // Files are started a few at a time, and workers send back their oldest batch now and then.
      for (const file of files(next, (round * 7) % 23)) queue.add(file);
      next += (round * 7) % 23;
      for (const { worker, files: batch } of queue.take()) {
        expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(BATCH_SIZE);
        held[worker]! += 1;
        expect(held[worker]).toBeLessThanOrEqual(BATCHES_PER_WORKER);
        sent.push(...batch);
      }
      const worker = round % 3;
      if (held[worker]! > 0) {
        held[worker]! -= 1;
        queue.done(worker);
      }
    }
    for (let worker = 0; worker < 3; worker++) {
      for (; held[worker]! > 0; held[worker]! -= 1) queue.done(worker);
    }
    for (let batches = queue.take(); batches.length > 0; batches = queue.take()) {
      for (const { worker, files: batch } of batches) {
        sent.push(...batch);
        queue.done(worker);
      }
    }
    expect(sent).toEqual(files(0, next));
  });

  it('checks further ahead than the workers hold, so that one falling behind does not leave the other idle', () => {
    expect(LOOK_AHEAD_PER_WORKER).toBeGreaterThanOrEqual(2 * BATCHES_PER_WORKER * BATCH_SIZE);
  });
});

describe('a run with worker threads (built worker, dist/tmcheck-worker.js)', () => {
  it('returns its report without waiting for its workers to end', { timeout: 60_000 }, async () => {
    // Closing never finishes here: a run that waited for it would never return (and fail on the timeout).
    const pools: DocumentPool[] = [];
    const close = DocumentPool.prototype.close;
    const spy = vi.spyOn(DocumentPool.prototype, 'close').mockImplementation(function (this: DocumentPool) {
      pools.push(this);
      return new Promise<void>(() => undefined);
    });
    try {
      const report = await createChecker({ jobs: 2 }).check(['fixtures/dossier', 'fixtures/monthly']);
      expect(workerCount(2, report.files.length)).toBe(1);
      expect(pools).toHaveLength(1);
    } finally {
      spy.mockRestore();
      await Promise.all(pools.map((pool) => close.call(pool)));
    }
  });
});
