import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';

const script = path.join(projectRoot, 'bench', 'jobs-batches.cjs');

/** Runs `node bench/jobs-batches.cjs FILE` on one recorded run and returns its summary line. */
function summarize(run: object): Record<string, number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jobs-batches-'));
  try {
    const file = path.join(dir, 'runs.jsonl');
    writeFileSync(file, `${JSON.stringify(run)}\n`);
    const result = spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A batch of `files` as the preload records it: absolute ms, and the worker's [on a core, waiting] ms at start and end. */
const batch = (posted: number, start: number, end: number, received: number, cpu: [number, number], files = 16) => ({ posted, start, end, received, handled: received + 1, files, schedStart: [cpu[0], 0], schedEnd: [cpu[1], 0] });

// The session-15 finding (docs/performance-history.md, "--jobs 2 (issue 14, session 15)") rests on telling a worker's wait for a late reply
// (the next files went out from the handler of a reply) from a wait with nothing queued.
describe('bench/jobs-batches.cjs', () => {
  it('splits the worker waits into late replies and an empty queue, and sums the main thread over them', () => {
    const summary = summarize({
      origin: 1000,
      batches: [
        batch(1100, 1110, 1120, 1130, [0, 10]),
        // Posted from the first reply's handler (1130–1131): the worker waited 11 ms, 10 of them for that reply.
        batch(1130, 1131, 1141, 1142, [10, 18]),
        // Posted after every handler: nothing was queued when the worker replied.
        batch(1160, 1161, 1171, 1172, [18, 26]),
      ],
      // The main thread's turns: [time, on a core, waiting for a core].
      turns: [[1115, 100, 0], [1135, 104, 12], [1150, 110, 13], [1165, 115, 14]],
      gcs: [[1105, 2, 1], [1140, 3, 1], [1150, 20, 4]],
      exit: 1200,
    });
    expect(summary).toMatchObject({ ms: 200, firstFiles: 100, workerFiles: 48, workerCpu: 26, workerFirstBatchCpu: 10, waits: 2, waitMs: 31, waitForLateReplyMs: 10, waitsWithQueueEmpty: 1, mainScavenges: 2, mainGcMs: 25 });
    // Over the two waits: 1115–1135 (4 on a core, 12 waiting) and 1135–1165 (11, 2).
    expect(summary).toMatchObject({ mainRunningInWaits: 15, mainWaitingForCoreInWaits: 14 });
  });
});
