import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot, ZIBO_STREAK_WAIVERS } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';

interface BatchRow { month: string; creditCode: string; warnings: number; errors: number }

const monthRow = (stdout: string, month: string, creditCode: string): BatchRow =>
  (JSON.parse(stdout) as { batch: { vendorMonths: BatchRow[] } }).batch.vendorMonths.find((r) => r.month === month && r.creditCode === creditCode)!;

describe('the monthly rows count what the report counts', () => {
  it('a waived finding is not counted in its vendor-month row', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-batch-waiver-'));
    const waivers = path.join(dir, 'waivers.yaml');
    writeFileSync(waivers, ZIBO_STREAK_WAIVERS);
    const args = ['--format', 'json', '--no-timestamp', '--today', '2026-11-27', path.join(projectRoot, 'fixtures/batch')];
    const plain = await runInProcess(args);
    expect(monthRow(plain.stdout, '2026-09', '91370303MA3E8N4P2T').warnings).toBe(1);
    const waived = await runInProcess(['--waivers', waivers, ...args]);
    expect(monthRow(waived.stdout, '2026-09', '91370303MA3E8N4P2T').warnings).toBe(0);
    expect(monthRow(waived.stdout, '2026-09', '91370102MA3C4F5G9F').warnings).toBe(1);
  });
});
