import { describe, expect, it, vi } from 'vitest';
import { createChecker } from '../src/api/checker.js';
import { BATCH_SIZE, BATCHES_PER_WORKER, BatchQueue, DocumentPool, END_SPREAD, HERE_BATCH_SIZE, LOOK_AHEAD_PER_WORKER, workerCount } from '../src/check/parallel.js';

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

  it('told how many files the run checks, hands out smaller batches as the end nears, so that no thread is left with many files alone', () => {
    // One worker and the main thread (two threads), 200 files, all started: as --jobs 2 drains its queue.
    const total = 200;
    const queue = new BatchQueue<number>(1, BATCH_SIZE, BATCHES_PER_WORKER, { expected: total, threads: 2 });
    for (const file of files(0, total)) queue.add(file);
    const sent: number[] = [];
    const sizes: Array<{ left: number; size: number }> = [];
    let left = total;
    const record = (batch: number[]) => {
      sizes.push({ left, size: batch.length });
      sent.push(...batch);
      left -= batch.length;
    };
    // The worker sends a batch back, then the main thread takes its few, until every file is out.
    for (const { files: batch } of queue.take()) record(batch);
    while (left > 0) {
      queue.done(0);
      for (const { files: batch } of queue.take()) record(batch);
      const here = queue.takeHere(HERE_BATCH_SIZE);
      if (here.length > 0) record(here);
    }
    expect(sent).toEqual(files(0, total));
    for (const { left: before, size } of sizes) {
      expect(size).toBeGreaterThan(0);
      // Full batches while there is much left; never more than the files left over the threads, END_SPREAD times.
      expect(size).toBeLessThanOrEqual(Math.max(1, Math.ceil(before / (END_SPREAD * 2))));
    }
    expect(sizes[0]!.size).toBe(BATCH_SIZE);
    // What the worker held when the last file went out: a few files, not two full batches.
    const last = sizes.slice(-BATCHES_PER_WORKER).reduce((sum, { size }) => sum + size, 0);
    expect(last).toBeLessThan(BATCH_SIZE);
  });

  it('without the count, every batch is full to the last', () => {
    const queue = new BatchQueue<number>(1, BATCH_SIZE, BATCHES_PER_WORKER);
    for (const file of files(0, 3 * BATCH_SIZE)) queue.add(file);
    expect(queue.take().map(({ files: batch }) => batch.length)).toEqual([BATCH_SIZE, BATCH_SIZE]);
    expect(queue.takeHere(HERE_BATCH_SIZE)).toHaveLength(HERE_BATCH_SIZE);
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
