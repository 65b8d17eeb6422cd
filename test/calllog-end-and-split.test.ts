import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { DEFAULT_CALL_LOG_OPTIONS } from '../src/calllog/read-call-log.js';
import { defaultParams } from '../src/rules/params.js';
import type { RuleDefinition } from '../src/rules/types.js';
import type { Report } from '../src/report/model.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';

// Two false passes of session 15: (1) the calling hours (R22-1) ignored duration_s, so a call
// started at 20:59 and lasting 3 hours passed a 09:00–21:00 window; (2) a month's calls split over
// two call logs were never added up, so each log stayed under the report's calls_total.

const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
const V1 = '91370102MA3C4F5G9F'; // the vendor of the 济南 report fixture, which lists agents A001 and A002
const REPORT_FIXTURE = path.join(projectRoot, 'fixtures', 'calllogs', 'report-2026-10-jinan.yaml');

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-end-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

let n = 0;
/** A call log of these rows (call_id, agent, started_at, duration_s, recorded) for V1. */
function log(name: string, rows: Array<[string, string, string, string, string]>): string {
  const file = path.join(temp, `${String(n++).padStart(3, '0')}-${name}`);
  writeFileSync(file, [HEADER, ...rows.map(([id, agent, at, duration, recorded]) => `${id},${V1},${agent},${at},${duration},${recorded}`)].join('\n') + '\n');
  return file;
}

/** The 济南 report with another calls_total (and as many recorded). */
function report(callsTotal: number): string {
  const file = path.join(temp, `${n++}-report.yaml`);
  const text = readFileSync(REPORT_FIXTURE, 'utf8').replace(/calls_total: \d+\n(\s+)calls_recorded: \d+/, `calls_total: ${callsTotal}\n$1calls_recorded: ${callsTotal}`);
  expect(text).toContain(`calls_total: ${callsTotal}`);
  writeFileSync(file, text);
  return file;
}

/** The R22-1 rules with a 09:00–`end` window for every city. */
const windowed = (end: string) => (rule: RuleDefinition) => ({ ...defaultParams(rule), ...(rule.requirement === 'R22-1' ? { window_start: '09:00', window_end: end } : {}) });

async function check(files: string[], params?: (rule: RuleDefinition) => Record<string, unknown>): Promise<Report> {
  const ruleSet = loadRuleSet({ cwd: projectRoot, ...(params ? { params } : {}) });
  return runCheck({ inputs: files, cwd: projectRoot, ruleSet, limits: DEFAULT_LIMITS, callLog: DEFAULT_CALL_LOG_OPTIONS });
}

/** The findings on call logs as [file name, row, rule, English message]. */
function logFindings(report: Report): Array<[string, number | undefined, string, string]> {
  return report.findings.filter((f) => f.location.file.endsWith('.csv')).map((f) => [path.basename(f.location.file).replace(/^\d+-/, ''), f.location.row, f.ruleId, f.message.en]);
}

describe('R22-1 on a call log: a day runs to the end of its latest-ending call', () => {
  it('a call started at 20:59 and lasting 3 hours breaks a 09:00–21:00 window, at its row, saying its start and duration', async () => {
    const calls = log('late.csv', [
      ['C1', 'A001', '2026-10-09 09:00:00', '60', '1'],
      ['C2', 'A001', '2026-10-09 20:59:00', '10800', '1'],
    ]);
    const found = logFindings(await check([report(2), calls], windowed('21:00'))).filter(([, , rule]) => rule === 'R22-1/call-log-calling-hours');
    expect(found.map(([file, row]) => [file, row])).toEqual([
      ['late.csv', 3], // 09:00:00 to 23:59:00: 14 h 59 min
      ['late.csv', 3], // ends 23:59:00, after 21:00
    ]);
    expect(found[0]![3]).toContain('calling ran from 09:00:00 to 23:59:00 (the end of the call started at 20:59:00, lasting 10,800 s), 14:59:00');
    expect(found[1]![3]).toContain('the call started at 20:59:00, lasting 10,800 s, ends at 23:59:00, after the branch\'s calling window closes at 21:00');
  });

  it('the span ends at the latest end, not the latest start: the row of the call that ends last', async () => {
    const calls = log('span.csv', [
      ['C1', 'A001', '2026-10-09 08:00:00', '60', '1'],
      ['C2', 'A001', '2026-10-09 19:00:00', '7200', '1'], // ends 21:00:00: 13 hours after 08:00
      ['C3', 'A002', '2026-10-09 19:30:00', '60', '1'], // the latest start, 11 h 31 min after 08:00
    ]);
    expect(logFindings(await check([report(3), calls]))).toEqual([
      ['span.csv', 3, 'R22-1/call-log-calling-hours', `vendor ${V1}: on 2026-10-09 calling ran from 08:00:00 to 21:00:00 (the end of the call started at 19:00:00, lasting 7,200 s), 13:00:00 (780 minutes), longer than the 720 minutes allowed (第二十二条)`],
    ]);
  });

  it('a call that runs past midnight counts to the day it started, and ends after every window', async () => {
    const calls = log('midnight.csv', [
      ['C1', 'A001', '2026-10-09 20:00:00', '60', '1'],
      ['C2', 'A001', '2026-10-09 23:30:00', '3600', '1'], // ends 00:30 on 2026-10-10
    ]);
    const found = logFindings(await check([report(2), calls], windowed('23:59')));
    expect(found.map(([file, row, rule]) => [file, row, rule])).toEqual([['midnight.csv', 3, 'R22-1/call-log-calling-hours']]);
    expect(found[0]![3]).toContain('on 2026-10-09 the call started at 23:30:00, lasting 3,600 s, ends at 24:30:00');
    // Without a window the day is 4 h 30 min: it passes, and 2026-10-10 has no calls to judge.
    expect(logFindings(await check([report(2), calls]))).toEqual([]);
  });

  it('a fraction of a second counts as a whole one: 12 hours and half a second is over 12 hours', async () => {
    const calls = log('fraction.csv', [
      ['C1', 'A001', '2026-10-09 08:30:00', '60', '1'],
      ['C2', 'A001', '2026-10-09 20:29:00', '60.5', '1'],
    ]);
    expect(logFindings(await check([report(2), calls])).map(([file, row, rule]) => [file, row, rule])).toEqual([['fraction.csv', 3, 'R22-1/call-log-calling-hours']]);
  });
});

describe('a month of calls split over two call logs is judged as one', () => {
  it('a report\'s calls_total is compared with the calls of both logs', async () => {
    const a = log('calls-a.csv', [
      ['C1', 'A001', '2026-10-09 09:00:00', '60', '1'],
      ['C2', 'A001', '2026-10-09 10:00:00', '60', '1'],
    ]);
    const b = log('calls-b.csv', [
      ['C3', 'A002', '2026-10-10 09:30:00', '60', '1'],
      ['C4', 'A002', '2026-10-10 10:00:00', '60', '1'],
    ]);
    const found = logFindings(await check([report(3), a, b]));
    expect(found.map(([file, row, rule]) => [file, row, rule])).toEqual([['calls-a.csv', 2, 'tmcheck/call-log-calls-unreported']]);
    expect(found[0]![3]).toMatch(/this log and .*calls-b\.csv hold 4 calls in 2026-10, but the report .* counts 3 calls/);
    // Four calls in a report of four pass.
    expect(logFindings(await check([report(4), a, b]))).toEqual([]);
  });

  it('a day whose first call is in one log and latest end in the other gets its whole span, at the row that sets the end', async () => {
    const a = log('calls-a.csv', [
      ['C1', 'A001', '2026-10-09 08:00:00', '60', '1'],
      ['C2', 'A001', '2026-10-09 14:00:00', '30000', '1'], // ends 22:20:00
    ]);
    const b = log('calls-b.csv', [
      ['C3', 'A002', '2026-10-09 14:30:00', '60', '1'],
      ['C4', 'A002', '2026-10-09 20:00:00', '60', '1'], // the latest start, 12 h 1 min after 08:00 in the other log
    ]);
    const found = logFindings(await check([report(4), b, a]));
    expect(found.map(([file, row, rule]) => [file, row, rule])).toEqual([['calls-a.csv', 3, 'R22-1/call-log-calling-hours']]);
    expect(found[0]![3]).toContain('calling ran from 08:00:00 to 22:20:00 (the end of the call started at 14:00:00, lasting 30,000 s), 14:20:00');
  });

  it('an untrained agent\'s calls and a day\'s recorded calls add up over the logs: one finding each, at the first such row', async () => {
    const a = log('calls-a.csv', [
      ['C1', 'A001', '2026-10-09 09:00:00', '60', '1'],
      ['C2', 'X99', '2026-10-09 10:00:00', '60', '1'],
    ]);
    const b = log('calls-b.csv', [
      ['C3', 'X99', '2026-10-09 09:30:00', '60', '0'],
      ['C4', 'A002', '2026-10-09 11:00:00', '60', '0'],
    ]);
    expect(logFindings(await check([report(4), a, b]))).toEqual([
      ['calls-b.csv', 2, 'R20-1/call-log-untrained-agent', `vendor ${V1}: agent X99 made 2 calls in 2026-10 (first at 2026-10-09 09:30:00) but has no training record in the vendor's report of that month (第二十条)`],
      ['calls-b.csv', 2, 'R21-1/call-log-all-recorded', `vendor ${V1}: on 2026-10-09 2 of 4 calls were recorded; the first unrecorded call is on row 2; every call must be (第二十一条)`],
    ]);
  });
});

describe('the same verdicts with --jobs 2, --cache (cold and warm), and --shard 1/1 then merge', () => {
  it('writes the same report in every mode, and a part of n > 1 never passes a call log', async () => {
    const dir = mkdtempSync(path.join(temp, 'modes-'));
    const a = log('calls-a.csv', [
      ['C1', 'A001', '2026-10-09 08:00:00', '60', '1'],
      ['C2', 'X99', '2026-10-09 14:00:00', '30000', '1'],
    ]);
    const b = log('calls-b.csv', [
      ['C3', 'A002', '2026-10-10 09:30:00', '60', '0'],
      ['C4', 'X99', '2026-10-10 20:59:00', '10800', '1'],
    ]);
    const inputs = [report(3), a, b];
    const json = ['--format', 'json', '--no-timestamp', '--lang', 'en'];
    const plain = await runInProcess([...json, ...inputs]);
    expect(plain.status).toBe(1);
    const rules = (JSON.parse(plain.stdout) as Report).findings.filter((f) => f.location.file.endsWith('.csv')).map((f) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['tmcheck/call-log-calls-unreported', 'R22-1/call-log-calling-hours', 'R20-1/call-log-untrained-agent', 'R21-1/call-log-all-recorded']));

    const jobs = await runInProcess([...json, '--jobs', '2', ...inputs]);
    const cache = path.join(dir, 'cache');
    const cold = await runInProcess([...json, '--cache-location', cache, ...inputs]);
    const warm = await runInProcess([...json, '--cache-location', cache, ...inputs]);
    expect(warm.stderr).toMatch(/cache: 1 of 1 documents? reused/);
    const shard = path.join(dir, 'shard-1.json');
    const part = await runInProcess([...json, '--shard', '1/1', '-o', shard, ...inputs]);
    const merged = await runInProcess(['merge', shard]);
    for (const run of [jobs, cold, warm, merged]) {
      expect(run.stdout).toBe(plain.stdout);
      expect(run.status).toBe(1);
    }
    expect(part.status).toBe(1);

    // Split in two parts, no part can pass a call log (the report is an input error there, or absent).
    for (const k of ['1/2', '2/2']) {
      const run = await runInProcess([...json, '--shard', k, ...inputs]);
      const files = (JSON.parse(run.stdout) as Report).files.filter((f) => f.file.endsWith('.csv'));
      for (const file of files) expect(file.status).not.toBe('pass');
      expect(run.status).not.toBe(0);
    }
  });
});
