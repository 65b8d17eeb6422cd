import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS } from '../src/calllog/read-call-log.js';
import { readCallLogInParts, readChunks } from '../src/calllog/read-in-parts.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { parseYamlDocument } from '../src/read/parse-document.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Red team, session 12: hostile inputs that made a run pass without judging what an officer reads.
 * Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s12-');
const DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const NO_PENALTIES = '  administrative_penalties: []\n';
const PENALTY = '{ date: 2025-03-02, authority: 山东省通信管理局, description: 违规外呼 }';

/** The compliant dossier with its empty penalty list written as a flow list over lines ended by `lineEnd` and LF. */
function dossierWithPenalty(lineEnd: string): string {
  if (DOSSIER.split(NO_PENALTIES).length !== 2) throw new Error('fixture changed');
  return DOSSIER.replace(NO_PENALTIES, `  administrative_penalties: [ # 行政处罚${lineEnd}    ${PENALTY}\n  ]\n`);
}

async function checkJson(text: string) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'dossier.yaml'), text);
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', 'dossier.yaml'], { cwd: dir });
  const report = JSON.parse(run.stdout) as { files: Array<{ status: string; errors?: Array<{ message: string; line?: number; column?: number }> }>; findings: Array<{ ruleId: string }> };
  return { ...run, report };
}

describe('a line break other than LF or CRLF is an input error, not a second reading', () => {
  it('a CR alone hid a penalty from yaml that editors and YAML 1.2 show on its own line: exit 2 at the CR (it exited 0)', async () => {
    const hidden = await checkJson(dossierWithPenalty('\r'));
    expect(hidden.stderr).not.toMatch(STACK_TRACE);
    expect(hidden.status).toBe(2);
    const line = DOSSIER.split('\n').findIndex((l) => l === NO_PENALTIES.slice(0, -1)) + 1;
    expect(hidden.report.files[0]!.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('a line break other than LF or CRLF (CR)'), line, column: '  administrative_penalties: [ # 行政处罚'.length + 1 })]);
    // The same lines ended by LF: the penalty the officer reads fails R10-P5-5.
    const shown = await checkJson(dossierWithPenalty('\n'));
    expect(shown.status).toBe(1);
    expect(shown.report.findings.map((f) => f.ruleId)).toContain('R10-P5-5/clean-record');
  });

  it('NEL, LS and PS (line breaks to YAML 1.1 readers and editors) are refused at their place; CRLF and escapes are not', () => {
    for (const [raw, name] of [['\r', 'CR'], ['\u0085', 'U+0085'], ['\u2028', 'U+2028'], ['\u2029', 'U+2029']] as const) {
      const parsed = parseYamlDocument(`a: 1\nb: 2 # c${raw}c: 3\n`, DEFAULT_LIMITS);
      expect(parsed, name).toMatchObject([{ code: 'line-break', line: 2, column: 9 }]);
      expect((parsed as Array<{ message: { en: string } }>)[0]!.message.en, name).toContain(`(${name})`);
    }
    expect(parseYamlDocument('a: 1\r\nb: "x\\u2028y\\rz"\r\n', DEFAULT_LIMITS)).toMatchObject({ data: { a: 1, b: 'x\u2028y\rz' } });
  });
});

describe('a call-log agent id that says there is none names nobody (R20-1)', () => {
  const report = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');
  const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  const call = (id: string, agent: string, time: string) => `${id},91370102MA3C4F5G9F,${agent},2026-10-09 ${time},60,1\n`;

  async function checkLog(agentId: string) {
    if (report.split('  - id: A002\n').length !== 2) throw new Error('fixture changed');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.yaml'), report.replace('  - id: A002\n', `  - id: ${JSON.stringify(agentId)}\n`));
    writeFileSync(path.join(dir, 'calls.csv'), header + call('C1', 'A001', '09:00:00') + call('C2', agentId, '10:00:00'));
    writeFileSync(path.join(dir, 'dossier.yaml'), DOSSIER); // the vendor's: R10-1/R10-3 judge the report
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '.'], { cwd: dir });
    const json = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; severity: string; location: { row?: number } }> };
    return { status: run.status, errors: json.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.location.row]) };
  }

  it('calls under 无, 未知, N/A or -, listed in the report as a trained agent of that id, have no training record (they exited 0)', async () => {
    for (const none of ['无', '未知', 'N/A', '-']) {
      expect(await checkLog(none), none).toEqual({ status: 1, errors: [['R20-1/call-log-untrained-agent', 3], ['R20-1/agent-id-present', undefined]] });
    }
  });

  it('a real staff number listed as trained is judged trained', async () => {
    expect(await checkLog('A002')).toEqual({ status: 0, errors: [] });
  });
});

describe('an empty path argument names nothing', () => {
  it('is an input error (exit 2), not the working folder: `tmcheck "$UPLOADS"` with the variable unset passed on whatever lay there (exit 0)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dossier.yaml'), DOSSIER);
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', ''], { cwd: dir });
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }> };
    expect(report.files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([['""', 'invalid', 'the path is empty (an unset variable?); nothing was checked for it']]);
  });
});

describe('a %YAML version other than 1.2 is refused, whichever it is', () => {
  it('%YAML 1.0, 1.3 or 2.0 (yaml read each as 1.2; PyYAML reads any 1.x as 1.1, where 03000000 is 786432) is an input error naming it (each passed)', () => {
    const capital = DOSSIER.replace('registered_capital_cny: 3000000', 'registered_capital_cny: 03000000');
    for (const version of ['1.0', '1.3', '2.0', '1.1']) {
      const parsed = parseYamlDocument(`%YAML ${version}\n---\n${capital}`, DEFAULT_LIMITS);
      expect(parsed, version).toMatchObject([{ code: 'yaml-version', line: 1, column: 1 }]);
      expect((parsed as Array<{ message: { en: string } }>)[0]!.message.en, version).toContain(`declares %YAML ${version}:`);
    }
    expect(parseYamlDocument(`%YAML 1.2\n---\n${capital}`, DEFAULT_LIMITS)).toMatchObject({ data: { vendor: { registered_capital_cny: 3000000 } } });
  });
});

describe('a call log read in parts while it grows', () => {
  it('reports the sha256 of the bytes it judged, not of bytes written after (it hashed the grown file)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'calls.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `C${i},91370102MA3C4F5G9F,A001,2026-10-09 09:${String(i).padStart(2, '0')}:00,60,1\n`);
    const judged = Buffer.from(`call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n${rows.join('')}`);
    writeFileSync(file, judged);
    let grown = false;
    const contents = await readCallLogInParts(file, { ...DEFAULT_CALL_LOG_OPTIONS, parts: 2 }, {
      minPartBytes: 64,
      // A writer still copying the file in: a row lands once the chunks are planned.
      helper: (job, post) => {
        if (!grown) appendFileSync(file, 'C99,91370102MA3C4F5G9F,X999,2026-10-09 23:00:00,60,0\n');
        grown = true;
        return { done: readChunks(job, post), stop: () => {} };
      },
      whole: () => Promise.reject(new Error('read in parts, not whole')),
    });
    expect(grown).toBe(true);
    if ('code' in contents) throw new Error(contents.message.en);
    expect(contents.dataRows).toBe(40);
    expect(contents.aggregator.agents().map((a) => a.agent)).toEqual(['A001']);
    expect(contents.sha256).toBe(createHash('sha256').update(judged).digest('hex'));
  });
});

describe('names that are not valid UTF-8 (GBK names from a zip made on Chinese Windows)', () => {
  it('a folder or input file so named is an input error on its path (exit 2): the folder was skipped unseen (alone, the run passed) and the file was "not found"', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dossier.yaml'), DOSSIER);
    // 通话 and 通话记录 in GBK, as `unzip` writes the names of such a zip.
    const gbk = (...bytes: number[]) => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(bytes)]);
    const folder = gbk(0xcd, 0xa8, 0xbb, 0xb0);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('/dossier.yaml')]), DOSSIER.replace('registered_capital_cny: 3000000', 'registered_capital_cny: 3'));
    writeFileSync(gbk(0xcd, 0xa8, 0xbb, 0xb0, 0xbc, 0xc7, 0xc2, 0xbc, 0x2e, 0x63, 0x73, 0x76), 'x');
    // Not named as an input: skipped like any other such file.
    writeFileSync(gbk(0xcd, 0xa8, 0x2e, 0x74, 0x78, 0x74), 'x');
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '.'], { cwd: dir });
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }> };
    const undecodable = 'the name is not valid UTF-8 (a GBK name from a zip made on Chinese Windows?) and cannot be opened by it; not checked: rename it (or unpack with unzip -O GBK) and check again';
    expect(report.files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([
      ['dossier.yaml', 'pass', undefined],
      [Buffer.from([0xcd, 0xa8, 0xbb, 0xb0]).toString('utf8'), 'invalid', undecodable],
      [`${Buffer.from([0xcd, 0xa8, 0xbb, 0xb0, 0xbc, 0xc7, 0xc2, 0xbc]).toString('utf8')}.csv`, 'invalid', undecodable],
    ]);
  });
});
