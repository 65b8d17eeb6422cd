import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presentValue } from '../src/operators/is-present.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Red team, session 13: verdicts that passed what breaks the regulation or could not be judged.
 * Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s13-');
const REPORT = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');

/** The compliant report with `from` replaced by `to` (once: the fixture must still hold it). */
function reportWith(from: string, to: string): string {
  if (REPORT.split(from).length !== 2) throw new Error(`fixture changed: ${from}`);
  return REPORT.replace(from, to);
}

interface JsonReport {
  files: Array<{ file: string; status: string }>;
  findings: Array<{ ruleId: string; severity: string; location: { file: string; path?: string; row?: number } }>;
}

/** Checks the files (name → text) of a fresh folder; the exit status and the error findings as [rule, file, path or row]. */
async function check(files: Record<string, string>, args: string[] = []) {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', ...args, '.'], { cwd: dir });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  const json = JSON.parse(run.stdout) as JsonReport;
  const errors = json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.file, f.location.path ?? f.location.row]);
  return { status: run.status, errors, report: json };
}

describe("a report's own agent id that names nobody (R20-1), read as a call log's agent_id is", () => {
  const NONE = ['无', '未知', 'N/A', '-', '\u200b'];

  it('an agent listed as 无, 未知, N/A, - or a zero-width space cannot be judged trained: an error at its id (the report exited 0)', async () => {
    for (const none of NONE) {
      // One reading of such ids: the call-log join's (presentValue) is the rule's (isPresent).
      expect(presentValue(none), none).toBe(false);
      const result = await check({ 'report.yaml': reportWith('  - id: A002\n', `  - id: ${JSON.stringify(none)}\n`) });
      expect(result, none).toMatchObject({ status: 1, errors: [['R20-1/agent-id-present', 'report.yaml', '/agents/1/id']] });
    }
  });

  it('a staff number, digits only or with a dash, names an agent: the report passes', async () => {
    for (const id of ['A002', '0007', 'JN-12']) {
      expect((await check({ 'report.yaml': reportWith('  - id: A002\n', `  - id: "${id}"\n`) })).status, id).toBe(0);
    }
  });
});
