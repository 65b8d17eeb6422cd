import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { runCli } from './support/run-cli.js';
import { listItemOf } from '../src/report/list-item.js';
import { reportFromJson } from '../src/merge/read-report.js';
import { tempDir } from './support/temp-dossier.js';
import { FIXTURE_DOSSIER } from './support/fixtures.js';

/**
 * A waiver's pointer into a list names a position, and the vendor decides the order of its lists:
 * a waiver approved for agent 李强 (A002, 79 h, listed second in September) must not waive 张三
 * (A003, 10 h) listed second in October.
 */
const RULE = 'R20-1/pre-job-training-hours';
const VENDOR = '91370102MA3C4F5G9F';
const POINTER = '/agents/1/pre_job_training_hours';

/** October's report: 王芳 first, 张三 (10 h) second where 李强 stood in September. */
function octoberReport(): string {
  const text = readFileSync(path.join(packageRoot, 'fixtures', 'report-compliant.yaml'), 'utf8');
  const october = text.replace('  - id: A002\n    name: 李强\n    pre_job_training_hours: 80\n', '  - id: A003\n    name: 张三\n    pre_job_training_hours: 10\n');
  expect(october).not.toBe(text);
  return october;
}

function waiversYaml(extra: Record<string, string>): string {
  const fields: Record<string, string> = { rule: RULE, vendor: VENDOR, ...extra, reason: '李强 补训中', approved_by: '省分客服部 王五', expires: '2026-12-31' };
  return `# approved exceptions\nwaivers:\n${Object.entries(fields).map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${JSON.stringify(v)}`).join('\n')}\n`;
}

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; path?: string; line?: number; item?: { path: string; id: string } };
  waived?: unknown;
}

async function check(waiver: Record<string, string> | undefined, extraArgs: string[] = [], dir = tempDir()): Promise<{ status: number; findings: Finding[]; stdout: string; stderr: string }> {
  writeFileSync(path.join(dir, 'report.yaml'), octoberReport());
  // The vendor's dossier (--history): R10-1/R10-3 judge the report against it.
  const args = ['report.yaml', '--history', FIXTURE_DOSSIER, '--format', 'json', '--no-timestamp', '--lang', 'en', '--today', '2026-11-01', ...extraArgs];
  if (waiver) {
    writeFileSync(path.join(dir, 'w.yaml'), waiversYaml(waiver));
    args.push('--waivers', 'w.yaml');
  }
  const run = await runCli(args, dir);
  return { status: run.status, findings: (JSON.parse(run.stdout) as { findings: Finding[] }).findings, stdout: run.stdout, stderr: run.stderr };
}

const training = (findings: Finding[]) => findings.filter((f) => f.ruleId === RULE);

describe('a finding in a list names its item by id', () => {
  it('location.item is the item at the first list step, with its id', async () => {
    const { status, findings } = await check(undefined);
    expect(status).toBe(1);
    expect(training(findings).map((f) => f.location)).toEqual([expect.objectContaining({ path: POINTER, item: { path: '/agents/1', id: 'A003' } })]);
  });
});

describe('listItemOf', () => {
  const data = {
    agents: [{ id: 'A001', certs: [{ id: 'C9' }] }, { id: 7 }, { name: 'no id' }, 'text'],
    inspections: [{ record_id: 'QC-1', date: '2026-10-09' }],
    'a/b': [{ id: 'X' }],
  };
  it('names the item at the first list step by its id or record_id, as text', () => {
    expect(listItemOf(data, '/agents/0/certs/0/id')).toEqual({ path: '/agents/0', id: 'A001' });
    expect(listItemOf(data, '/agents/1')).toEqual({ path: '/agents/1', id: '7' });
    expect(listItemOf(data, '/inspections/0/date')).toEqual({ path: '/inspections/0', id: 'QC-1' });
    expect(listItemOf(data, '/a~1b/0/id')).toEqual({ path: '/a~1b/0', id: 'X' });
  });
  it('names none for an item without an id, a value that is no mapping, a missing item or no list', () => {
    for (const pointer of ['/agents/2/name', '/agents/3', '/agents/9/id', '/agents', '/inspections', '', '/agents/-']) expect(listItemOf(data, pointer)).toBeUndefined();
  });
});

describe('waivers through a list position', () => {
  it('without item_id: waives nothing (the reordered list cannot pass) and is reported at its line, naming the id there now', async () => {
    const { status, findings } = await check({ pointer: POINTER });
    expect(status).toBe(1);
    expect(training(findings)).toHaveLength(1);
    expect(training(findings)[0]!.waived).toBeUndefined();
    const warning = findings.filter((f) => f.ruleId === 'tmcheck/waiver-list-position');
    expect(warning).toHaveLength(1);
    expect(warning[0]!).toMatchObject({ severity: 'warning', location: { file: 'w.yaml', path: '/waivers/0', line: 3 } });
    expect(warning[0]!.message).toContain('/agents/1');
    expect(warning[0]!.message).toContain('item_id: "A003"');
    // Not reported twice (as unused too).
    expect(findings.filter((f) => f.ruleId === 'tmcheck/waiver-unused')).toEqual([]);
  });

  it('with the item_id of the agent now at that position: waived (exit 0)', async () => {
    const { status, findings } = await check({ pointer: POINTER, item_id: 'A003' });
    expect(status).toBe(0);
    expect(training(findings)[0]!.waived).toBeDefined();
    expect(findings.filter((f) => f.ruleId.startsWith('tmcheck/waiver'))).toEqual([]);
  });

  it('with the item_id of another agent (李强, approved in September): not waived, the waiver unused', async () => {
    const { status, findings } = await check({ pointer: POINTER, item_id: 'A002' });
    expect(status).toBe(1);
    expect(training(findings)[0]!.waived).toBeUndefined();
    expect(findings.map((f) => f.ruleId)).toContain('tmcheck/waiver-unused');
  });

  it('item_id with a pointer through no list position narrows the waiver to that item wherever it is listed', async () => {
    expect((await check({ pointer: '/agents', item_id: 'A003' })).status).toBe(0);
    expect((await check({ pointer: '/agents', item_id: 'A002' })).status).toBe(1);
  });

  it('item_id without a pointer is a waivers-file error (exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'w.yaml'), waiversYaml({ item_id: 'A003' }));
    writeFileSync(path.join(dir, 'report.yaml'), octoberReport());
    const run = await runCli(['report.yaml', '--waivers', 'w.yaml', '--lang', 'en', '--today', '2026-11-01'], dir);
    expect(run.status).toBe(2);
    expect(run.stdout + run.stderr).toContain('"item_id" needs "pointer" beside it');
  });

  it('waivers without a pointer, or with one through no list position, behave as before', async () => {
    expect((await check({})).status).toBe(0);
    expect((await check({ pointer: '/agents' })).status).toBe(0);
  });
});

describe('tmcheck merge reads location.item back', () => {
  it('a JSON report read for merging keeps the item', async () => {
    const { stdout } = await check(undefined);
    const read = reportFromJson(JSON.parse(stdout));
    expect(training(read.findings as unknown as Finding[])[0]!.location.item).toEqual({ path: '/agents/1', id: 'A003' });
  });
});

describe('--cache keeps location.item', () => {
  it('a warm report is byte-identical to the cold one, item included', async () => {
    const dir = tempDir();
    const cache = ['--cache-location', path.join(tempDir(), 'cache')];
    const cold = await check(undefined, cache, dir);
    const warm = await check(undefined, cache, dir);
    expect(training(cold.findings)[0]!.location.item).toEqual({ path: '/agents/1', id: 'A003' });
    expect(warm.stderr).toContain('1 of 1');
    expect(warm.stdout).toBe(cold.stdout);
  });
});

describe('a baseline entry in a list item names the item', () => {
  /** September: 李强 (A002, 79 h) second in agents. */
  function septemberReport(): string {
    const text = readFileSync(path.join(packageRoot, 'fixtures', 'report-compliant.yaml'), 'utf8');
    const september = text.replace('    name: 李强\n    pre_job_training_hours: 80\n', '    name: 李强\n    pre_job_training_hours: 79\n');
    expect(september).not.toBe(text);
    return september;
  }

  async function withBaseline(edit?: (baseline: { findings: Array<Record<string, unknown>> }) => void): Promise<{ september: number; october: number }> {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.yaml'), septemberReport());
    const args = ['report.yaml', '--history', FIXTURE_DOSSIER, '--format', 'json', '--no-timestamp', '--lang', 'en'];
    expect((await runCli([...args, '--write-baseline', 'b.json'], dir)).status).toBe(1);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8')) as { findings: Array<Record<string, unknown>> };
    expect(baseline.findings.filter((entry) => entry.ruleId === RULE)).toEqual([expect.objectContaining({ pointer: POINTER, itemId: 'A002' })]);
    if (edit) {
      edit(baseline);
      writeFileSync(path.join(dir, 'b.json'), JSON.stringify(baseline));
    }
    const september = (await runCli([...args, '--baseline', 'b.json'], dir)).status;
    writeFileSync(path.join(dir, 'report.yaml'), octoberReport());
    const october = (await runCli([...args, '--baseline', 'b.json'], dir)).status;
    return { september, october };
  }

  it('holds back the accepted agent, not another the vendor lists at the same position', async () => {
    expect(await withBaseline()).toEqual({ september: 0, october: 1 });
  });

  it('an entry without itemId (written before) holds back by pointer, as it did', async () => {
    expect(await withBaseline((b) => b.findings.forEach((entry) => delete entry.itemId))).toEqual({ september: 0, october: 0 });
  });
});
