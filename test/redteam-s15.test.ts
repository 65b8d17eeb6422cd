import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, FIXTURE_DOSSIER } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Red team, session 15: verdicts that passed what breaks the regulation or could not be judged.
 * Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s15-');
const REPORT = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');

/** The compliant report with `from` replaced by `to` (every time: the fixture must hold it). */
function reportWith(text: string, from: string | RegExp, to: string): string {
  if (!(typeof from === 'string' ? text.includes(from) : from.test(text))) throw new Error(`fixture changed: ${String(from)}`);
  return text.replace(typeof from === 'string' ? new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : from, to);
}

interface JsonReport {
  findings: Array<{ ruleId: string; severity: string; location: { file: string; path?: string; row?: number } }>;
  baseline?: { suppressed: number };
}

/** Runs tmcheck in `dir` on the report and call log there (the vendor's dossier by --history); exit status and error findings. */
async function run(dir: string, args: string[]) {
  const result = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '--history', FIXTURE_DOSSIER, ...args, 'report.yaml', 'calls.csv'], { cwd: dir });
  expect(result.stderr).not.toMatch(STACK_TRACE);
  const json = JSON.parse(result.stdout) as JsonReport;
  const errors = json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.file, f.location.path ?? f.location.row]);
  return { status: result.status, errors, suppressed: json.baseline?.suppressed };
}

describe('a baseline accepts a month\'s breaches, not the next month\'s at the same place', () => {
  const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  /** The month's calls: the report's two calling days, the day's second call unrecorded. */
  const calls = (month: string) =>
    HEADER +
    [`C1,91370102MA3C4F5G9F,A001,${month}-09 09:00:00,60,1`, `C2,91370102MA3C4F5G9F,A002,${month}-09 20:30:00,60,0`, `C3,91370102MA3C4F5G9F,A001,${month}-10 09:15:00,60,1`].join('\n') +
    '\n';
  /** October's report (complaint rate 4.65 %, tier 2) moved to `month`, with `complaints` vendor-caused complaints. */
  const report = (month: string, complaints: number) => reportWith(reportWith(REPORT, '2026-10', month), 'vendor_caused: 31', `vendor_caused: ${complaints}`);

  it('October\'s report and log accepted: November\'s under the same names is judged (both breaches were held back, exit 0)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.yaml'), report('2026-10', 100));
    writeFileSync(path.join(dir, 'calls.csv'), calls('2026-10'));
    const october = await run(dir, ['--write-baseline', 'baseline.json']);
    const breaches = [
      ['R21-1/call-log-all-recorded', 'calls.csv', 3],
      ['R24-4/complaint-deduction', 'report.yaml', '/complaints/vendor_caused'],
    ];
    expect(october).toMatchObject({ status: 1, errors: breaches });
    const entries = (JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { findings: Array<{ month?: string }> }).findings;
    expect(entries.map((entry) => entry.month)).toEqual(['2026-10', '2026-10']);

    // The same month again: the baseline holds both back.
    expect(await run(dir, ['--baseline', 'baseline.json'])).toMatchObject({ status: 0, errors: [], suppressed: 2 });

    // November, kept under the same names, breaks the same requirements at the same places.
    writeFileSync(path.join(dir, 'report.yaml'), report('2026-11', 150));
    writeFileSync(path.join(dir, 'calls.csv'), calls('2026-11'));
    expect(await run(dir, ['--baseline', 'baseline.json'])).toMatchObject({ status: 1, errors: breaches, suppressed: 0 });
  });

  it('an entry written without a month holds back no finding of a month', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.yaml'), report('2026-10', 100));
    writeFileSync(path.join(dir, 'calls.csv'), calls('2026-10'));
    await run(dir, ['--write-baseline', 'baseline.json']);
    const baseline = JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { findings: Array<{ month?: string }> };
    for (const entry of baseline.findings) delete entry.month;
    writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify(baseline));
    expect(await run(dir, ['--baseline', 'baseline.json'])).toMatchObject({ status: 1, suppressed: 0 });
  });
});

describe('a baseline entry for a call-log finding holds back its day or agent, not whatever the vendor moves to its row', () => {
  const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  const log = (rows: string[]) => HEADER + rows.map((row) => `${row}\n`).join('');

  it('an unrecorded call and an untrained agent of October moved to the accepted rows are judged (both were held back, exit 0)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.yaml'), REPORT);
    // Accepted: 9 October's unrecorded call at row 3, and agent T1 (listed nowhere) at row 4.
    writeFileSync(
      path.join(dir, 'calls.csv'),
      log(['C1,91370102MA3C4F5G9F,A001,2026-10-09 09:00:00,60,1', 'C2,91370102MA3C4F5G9F,A002,2026-10-09 20:30:00,60,0', 'C3,91370102MA3C4F5G9F,T1,2026-10-10 09:15:00,60,1']),
    );
    const accepted = await run(dir, ['--write-baseline', 'baseline.json']);
    expect(accepted).toMatchObject({
      status: 1,
      errors: [
        ['R21-1/call-log-all-recorded', 'calls.csv', 3],
        ['R20-1/call-log-untrained-agent', 'calls.csv', 4],
      ],
    });
    // Held back: the two errors and the report's R24-3 notice.
    expect(await run(dir, ['--baseline', 'baseline.json'])).toMatchObject({ status: 0, errors: [], suppressed: 3 });
    // The same rows now hold 10 October's unrecorded call and agent T2: another day, another agent.
    writeFileSync(
      path.join(dir, 'calls.csv'),
      log(['C1,91370102MA3C4F5G9F,A001,2026-10-10 09:00:00,60,1', 'C2,91370102MA3C4F5G9F,A002,2026-10-10 20:30:00,60,0', 'C3,91370102MA3C4F5G9F,T2,2026-10-09 09:15:00,60,1']),
    );
    expect(await run(dir, ['--baseline', 'baseline.json'])).toMatchObject({
      status: 1,
      errors: [
        ['R21-1/call-log-all-recorded', 'calls.csv', 3],
        ['R20-1/call-log-untrained-agent', 'calls.csv', 4],
      ],
      suppressed: 1,
    });
  });
});
