import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Red-team cases (session 9): inputs that broke the regulation, or could not be judged, on which a
 * run exited 0. Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s9-');
const template = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');

const VENDORS = {
  A: { name: '济南泉声信息技术有限公司', code: '91370102MA3C4F5G9F', city: '济南' },
  B: { name: '青岛海韵通信服务有限公司', code: '91370202MA3D7K2H1J', city: '青岛' },
} as const;

/** The compliant report, moved to another vendor, month and score (its dated entries moved with it). */
function report(vendor: keyof typeof VENDORS, month: string, score: number): string {
  const v = VENDORS[vendor];
  return template
    .replaceAll('2026-10-', `${month}-`)
    .replace('month: 2026-10', `month: ${month}`)
    .replace('济南泉声信息技术有限公司', v.name)
    .replace('91370102MA3C4F5G9F', v.code)
    .replace('city: 济南', `city: ${v.city}`)
    .replace('cooperation_started: 2026-09-20', 'cooperation_started: 2025-03-01')
    .replace('assessment_score: 88.5', `assessment_score: ${score}`);
}

function write(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Json {
  findings: Array<{ ruleId: string; severity: string; location: { file: string; path?: string } }>;
  files: Array<{ file: string; status: string; errors?: Array<{ code?: string; message: string }> }>;
}

async function check(cwd: string, ...args: string[]): Promise<{ status: number; json: Json }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '--today', '2026-11-20', ...args], { cwd });
  return { status: run.status, json: JSON.parse(run.stdout) as Json };
}

const errorsOf = (json: Json) => json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.file, f.location.path]);

describe('R24-6: a later report in --history does not answer for a month the run ranks without the vendor', () => {
  // 济南 (A) is last in 2026-07 and 2026-08 (a warning); had it reported 2026-09 it could be last a third time (termination).
  // The run ranks 2026-09 without it, and its 2026-10 report lies in --history (`--history reports/` holding later months too).
  const earlier = {
    'hist/A-06.yaml': report('A', '2026-06', 96),
    'hist/B-06.yaml': report('B', '2026-06', 95),
    'hist/A-07.yaml': report('A', '2026-07', 60),
    'hist/B-07.yaml': report('B', '2026-07', 90),
    'hist/A-10.yaml': report('A', '2026-10', 60),
    'hist/B-10.yaml': report('B', '2026-10', 90),
  };

  it('last-place report in the run: the skipped month is a gap finding on it (it exited 0 with a warning)', async () => {
    const dir = write({ ...earlier, 'run/A-08.yaml': report('A', '2026-08', 60), 'run/B-08.yaml': report('B', '2026-08', 90), 'run/B-09.yaml': report('B', '2026-09', 90) });
    const { status, json } = await check(dir, 'run', '--history', 'hist');
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([['R24-6/last-place-streak', 'run/A-08.yaml', '/month']]);
  });

  it('last-place report in --history as well: an input error on it (it exited 0)', async () => {
    const dir = write({ ...earlier, 'hist/A-08.yaml': report('A', '2026-08', 60), 'hist/B-08.yaml': report('B', '2026-08', 90), 'run/B-09.yaml': report('B', '2026-09', 90) });
    const { status, json } = await check(dir, 'run', '--history', 'hist');
    expect(status).toBe(2);
    const invalid = json.files.find((f) => f.file === 'hist/A-08.yaml');
    expect(invalid?.status).toBe('invalid');
    expect(invalid?.errors?.[0]?.message).toContain('ranked last in 2026-08, but the run ranks 2026-09 without a report of it');
  });

  it('a vendor with a report of the month in the run is judged as before: no gap, no input error', async () => {
    const dir = write({
      ...earlier,
      'run/A-08.yaml': report('A', '2026-08', 60),
      'run/B-08.yaml': report('B', '2026-08', 90),
      'run/A-09.yaml': report('A', '2026-09', 95),
      'run/B-09.yaml': report('B', '2026-09', 90),
    });
    const { status, json } = await check(dir, 'run', '--history', 'hist');
    expect(status).toBe(0);
    expect(json.findings.filter((f) => f.ruleId === 'R24-6/last-place-streak').map((f) => [f.severity, f.location.file])).toEqual([['warning', 'run/A-08.yaml']]);
  });
});
