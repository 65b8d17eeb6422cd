import { EventEmitter } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DocumentPool, WORKER_SILENCE_MS, type WorkerRequest } from '../src/check/parallel.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';

// The pool's watchdog (src/check/parallel.ts, WORKER_SILENCE_MS): a worker that holds files and
// finishes none for that long is taken for hung (only a bug can do that), stopped, and the run fails.
const display = 'fixtures/dossier/dossier-administrative-penalty.yaml';
const file = { display, absolute: path.resolve(display) };
const init = { rules: {}, loaded: [], limits: DEFAULT_LIMITS, observedKinds: [] as never[] };
const HUNG = /internal error: a check worker finished no file in \d+ s while it held files to check/;

/** A stand-in for a worker thread that does only what the test tells it to: answer, count a file, or nothing. */
class FakeWorker extends EventEmitter {
  readonly received: WorkerRequest[] = [];
  terminated = false;
  postMessage(message: WorkerRequest): void {
    this.received.push(message);
  }
  /** The counter the pool watches (sent with the init message). */
  get progress(): Int32Array {
    const first = this.received[0];
    if (!first || !('init' in first)) throw new Error('no init message');
    return first.progress;
  }
  ids(): number[] {
    return this.received.flatMap((message) => ('files' in message ? message.files.map((f) => f.id) : []));
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    return 1;
  }
  ref(): void {}
  unref(): void {}
}

/** Whether the promise has settled yet, and how. */
function watched<T>(promise: Promise<T>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const seen: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  promise.then(
    () => void (seen.state = 'resolved'),
    (error) => Object.assign(seen, { state: 'rejected', error }),
  );
  return seen;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the --jobs pool\'s watchdog', () => {
  it('stops a live worker that finishes no file for WORKER_SILENCE_MS while it holds files, and fails the run (never a report)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const fake = new FakeWorker();
    const pool = new DocumentPool(1, init, undefined, { startWorker: () => fake as unknown as Worker });
    const result = watched(pool.check(file));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.ids()).toEqual([0]);
    await vi.advanceTimersByTimeAsync(WORKER_SILENCE_MS - 1);
    expect(result.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(result.state).toBe('rejected');
    expect(String(result.error)).toMatch(HUNG);
    expect(fake.terminated).toBe(true);
    await pool.close();
  });

  it('leaves alone a slow worker that keeps finishing files, however long its batch takes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const fake = new FakeWorker();
    const silenceMs = 1_000;
    const pool = new DocumentPool(1, init, undefined, { silenceMs, startWorker: () => fake as unknown as Worker });
    const results = Array.from({ length: 4 }, () => watched(pool.check(file)));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.ids()).toEqual([0, 1, 2, 3]);
    // One file every 0.9 silences: the batch takes 3.6 silences, and no silence is ever long enough.
    for (let done = 0; done < 4; done++) {
      await vi.advanceTimersByTimeAsync(0.9 * silenceMs);
      Atomics.add(fake.progress, 0, 1);
    }
    expect(results.map((r) => r.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
    fake.emit('message', { checks: fake.ids().map((id) => ({ id, result: { file: display, status: 'pass', errors: [], warnings: [], outcomes: {} }, findings: [] })) });
    await vi.advanceTimersByTimeAsync(0);
    expect(results.map((r) => r.state)).toEqual(['resolved', 'resolved', 'resolved', 'resolved']);
    // Holding nothing, the worker is not watched: an idle worker is not a hung one.
    await vi.advanceTimersByTimeAsync(10 * silenceMs);
    expect(fake.terminated).toBe(false);
    await pool.close();
  });

  it('works on real threads: a worker that never answers is stopped; the built worker counts every file it finishes', { timeout: 60_000 }, async () => {
    const silent = new DocumentPool(1, init, undefined, {
      silenceMs: 50,
      startWorker: () => new Worker("require('node:worker_threads').parentPort.on('message', () => {});", { eval: true }),
    });
    await expect(silent.check(file)).rejects.toThrow(HUNG);
    await silent.close();
    const ruleSet = loadRuleSet({ cwd: process.cwd() });
    const pool = new DocumentPool(1, { ...init, loaded: ruleSet.rules });
    try {
      await Promise.all([pool.check(file), pool.check(file), pool.check(file)]);
      const counters = (pool as unknown as { progress: Int32Array[] }).progress;
      expect(Atomics.load(counters[0]!, 0)).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
