import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './support/fixtures.js';

const preload = path.join(projectRoot, 'bench', 'jobs-timeline.cjs');
const cli = path.join(projectRoot, 'bin', 'tmcheck.js');

// The session-17 accounting of a --jobs 2 run's start and end (docs/performance-history.md, "--jobs 2 (issue 14,
// session 17)") reads these marks: how long the worker sat loaded but without its rules, and how long the main
// thread waited for the worker's last batch before the report.
describe('bench/jobs-timeline.cjs', () => {
  it("records the worker's start marks in order, and the main thread's last checking turn before the report", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobs-timeline-'));
    try {
      const { generateDossiers } = (await import(pathToFileURL(path.join(projectRoot, 'bench', 'generate.mjs')).href)) as { generateDossiers: (o: { dir: string; count: number }) => unknown };
      await generateDossiers({ dir: path.join(dir, 'd'), count: 64 });
      const timeline = path.join(dir, 'timeline.jsonl');
      const run = spawnSync(process.execPath, ['--require', preload, cli, '--jobs', '2', '--format', 'json', '--no-timestamp', '-o', path.join(dir, 'r.json'), path.join(dir, 'd')], {
        encoding: 'utf8',
        env: { ...process.env, JOBS_TIMELINE: timeline },
      });
      expect(run.status, run.stderr).toBe(1); // generated dossiers have findings
      const lines = readFileSync(timeline, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>);
      const worker = lines.find((line) => 'workerStartedAt' in line)!;
      const main = lines.find((line) => 'origin' in line)!;
      expect(worker.workerStartedAt).toBeLessThanOrEqual(worker.workerListeningAt!);
      expect(worker.workerListeningAt).toBeLessThanOrEqual(worker.workerInitAt!);
      expect(worker.workerInitAt).toBeLessThanOrEqual(worker.workerFirstFilesAt!);
      // The worker's marks are absolute; the rules reach it after the main thread posted them.
      expect(worker.workerInitAt).toBeGreaterThanOrEqual(main.origin! + main.initPosted!);
      expect(main.mainLastTurn).toBeLessThanOrEqual(main.reportWritten!);
      expect(main.mainCpuAtReport).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
