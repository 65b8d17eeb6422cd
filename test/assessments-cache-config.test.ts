import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './support/run-cli.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { VENDORS } from './support/vendor-reports.js';
import { assessment, reportsTree } from './support/assessments.js';

// A changed assessment never meets results cached under another (--cache, --shard's settings), and
// a config file that came with the inputs cannot name the assessments that rank them.

const tempDir = tempDirMaker('tmcheck-assessments-cc-');

/** October: A writes 100 and B 80 in their reports; the branch's assessment (a.yaml) gives A 60. */
function october(): string {
  const dir = reportsTree(tempDir(), { '2026-10': { A: 100, B: 80 } });
  writeFileSync(path.join(dir, 'a.yaml'), assessment('2026-10', { A: 60, B: 80 }));
  return dir;
}

interface Run {
  status: number;
  reused?: [number, number];
  last: string[];
  settingsKey?: string;
}

/** A JSON check of reports/ in dir: who is last in October, and the cache's count from its note. */
async function check(dir: string, extra: string[]): Promise<Run> {
  const run = await runCli(['reports', '--no-timestamp', '--lang', 'en', '-f', 'json', ...extra], dir);
  const report = JSON.parse(run.stdout) as { batch: { vendorMonths: Array<{ creditCode: string; lastPlace?: boolean }> }; shard?: { settingsKey: string } };
  const counted = /cache: (\d+) of (\d+) documents reused/.exec(run.stderr);
  return {
    status: run.status,
    ...(counted ? { reused: [Number(counted[1]), Number(counted[2])] as [number, number] } : {}),
    last: report.batch.vendorMonths.filter((row) => row.lastPlace).map((row) => row.creditCode),
    ...(report.shard ? { settingsKey: report.shard.settingsKey } : {}),
  };
}

describe('--assessments with --cache and --shard', () => {
  it('a changed assessment checks every document again and ranks on the new scores; an unchanged one reuses them', async () => {
    const dir = october();
    const cold = await check(dir, ['--cache', '--assessments', 'a.yaml']);
    expect(cold.reused).toEqual([0, 2]);
    expect(cold.last).toEqual([VENDORS.A.code]);
    const warm = await check(dir, ['--cache', '--assessments', 'a.yaml']);
    expect(warm.reused).toEqual([2, 2]);
    expect(warm.last).toEqual([VENDORS.A.code]);
    writeFileSync(path.join(dir, 'a.yaml'), assessment('2026-10', { A: 90, B: 80 }));
    const changed = await check(dir, ['--cache', '--assessments', 'a.yaml']);
    expect(changed.reused).toEqual([0, 2]);
    expect(changed.last).toEqual([VENDORS.B.code]);
  });

  it("a shard's settings differ when the assessment does (tmcheck merge refuses to join such parts)", async () => {
    const dir = october();
    const first = await check(dir, ['--shard', '1/1', '--assessments', 'a.yaml']);
    expect(first.settingsKey).toBe((await check(dir, ['--shard', '1/1', '--assessments', 'a.yaml'])).settingsKey);
    writeFileSync(path.join(dir, 'a.yaml'), assessment('2026-10', { A: 90, B: 80 }));
    const second = await check(dir, ['--shard', '1/1', '--assessments', 'a.yaml']);
    expect(second.settingsKey).not.toBe(first.settingsKey);
  });
});

describe('the `assessments` setting of a config file', () => {
  /** work/branch/a.yaml, and work/reports/ with a config file naming ../branch/a.yaml. */
  function upload(): string {
    const work = tempDir();
    reportsTree(work, { '2026-10': { A: 100, B: 80 } });
    mkdirSync(path.join(work, 'branch'));
    writeFileSync(path.join(work, 'branch', 'a.yaml'), assessment('2026-10', { A: 60, B: 80 }));
    writeFileSync(path.join(work, 'reports', 'tmcheck.config.yaml'), 'assessments: [../branch/a.yaml]\n');
    return work;
  }

  it('is ignored when the config lies among the checked inputs: the reports\' own scores rank them', async () => {
    const work = upload();
    const run = await runCli(['.', '--no-timestamp', '--lang', 'en', '-f', 'json'], path.join(work, 'reports'));
    expect(run.stderr).toContain('ignored the config file tmcheck.config.yaml: it is inside the checked folder .');
    const report = JSON.parse(run.stdout) as { batch: { vendorMonths: Array<{ creditCode: string; lastPlace?: boolean }>; assessedMonths?: unknown } };
    expect(report.batch.assessedMonths).toBeUndefined();
    expect(report.batch.vendorMonths.filter((row) => row.lastPlace).map((row) => row.creditCode)).toEqual([VENDORS.B.code]);
  });

  it('applies when named with --config, or found in a working folder that holds no checked file', async () => {
    const work = upload();
    const named = await runCli(['.', '--config', 'tmcheck.config.yaml', '--no-timestamp', '--lang', 'en', '-f', 'json'], path.join(work, 'reports'));
    const namedReport = JSON.parse(named.stdout) as { batch: { vendorMonths: Array<{ creditCode: string; lastPlace?: boolean }>; assessedMonths?: unknown } };
    expect(namedReport.batch.assessedMonths).toEqual([{ month: '2026-10', file: `${work}/branch/a.yaml` }]);
    expect(namedReport.batch.vendorMonths.filter((row) => row.lastPlace).map((row) => row.creditCode)).toEqual([VENDORS.A.code]);

    writeFileSync(path.join(work, 'tmcheck.config.yaml'), 'assessments: [branch/a.yaml]\n');
    const own = await check(work, []);
    expect(own.last).toEqual([VENDORS.A.code]);
  });
});
