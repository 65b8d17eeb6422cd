import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presentValue } from '../src/operators/is-present.js';
import { projectRoot, FIXTURE_DOSSIER } from './support/fixtures.js';
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
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', FIXTURE_DOSSIER, '--lang', 'en', ...args, '.'], { cwd: dir });
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

describe('an id that says there is none together with what is missing names nothing (isPresent)', () => {
  const DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
  const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  const call = (id: string, agent: string, time: string) => `${id},91370102MA3C4F5G9F,${agent},2026-10-09 ${time},60,1\n`;

  it('无工号, 工号：待定, 无审核记录, 证书编号：无, 无需审核, 已审核, 有记录, ID: N/A are absent; ids that only contain such words are not', () => {
    const none = ['无工号', '暂无工号', '没有工号', '工号：待定', '工号无', '无审核记录', '无证书编号', '证书编号：无', '编号待补', '记录待补充', '未分配', '待分配', '不适用', '未填写', '未录入', 'ID: N/A', 'No.: 无'];
    // Review not needed, or a yes where the id belongs: no record to look up either.
    none.push('无需审核', '免审', '不需要审核', '有', '是', '有记录', '已审核', '审核通过', 'OK');
    for (const text of none) expect(presentValue(text), text).toBe(false);
    for (const id of ['A001', '0', 'JN-CSR-2026-0931', 'B2-20190417', '补-01', '无锡001', '记录001', '工号A001', 'NO.123', '免-01', '审核001']) expect(presentValue(id), id).toBe(true);
  });

  it('calls under 无工号, listed in the report as a trained agent of that id: an error on the report and on the log (both passed)', async () => {
    const result = await check({
      'report.yaml': reportWith('  - id: A002\n', '  - id: 无工号\n'),
      'calls.csv': header + call('C1', 'A001', '09:00:00') + call('C2', '无工号', '10:00:00'),
    });
    expect(result).toMatchObject({ status: 1, errors: [['R20-1/call-log-untrained-agent', 'calls.csv', 3], ['R20-1/agent-id-present', 'report.yaml', '/agents/1/id']] });
  });

  it('a campaign review record of 无审核记录 or 已审核 and a licence numbered 证书编号：无 are none: R19-1 and R10-P5-2 fail at them (they passed)', async () => {
    for (const record of ['无审核记录', '已审核']) {
      const campaign = await check({ 'report.yaml': reportWith('record_id: JN-CSR-2026-0931', `record_id: ${record}`) });
      expect(campaign, record).toMatchObject({ status: 1, errors: [['R19-1/campaign-reviewed', 'report.yaml', '/campaigns/0/cs_review/record_id']] });
    }
    if (DOSSIER.split('number: B2-20190417').length !== 2) throw new Error('fixture changed');
    const licence = await check({ 'dossier.yaml': DOSSIER.replace('number: B2-20190417', 'number: "证书编号：无"') });
    expect(licence).toMatchObject({ status: 1, errors: [['R10-P5-2/license-number', 'dossier.yaml', '/vendor/licenses/1/number']] });
  });
});
