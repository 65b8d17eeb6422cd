import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { runCheck } from '../src/check/run-check.js';
import { displayPath } from '../src/util/display-path.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { exitCode, type Report } from '../src/report/model.js';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { NO_REPORT_RULE } from '../src/calllog/call-log-check.js';
import { detectEncoding, detectEncodingAndDoubt } from '../src/calllog/encoding.js';
import iconv from 'iconv-lite';
import { callLogDayDocument, callLogAgentDocument } from '../src/calllog/aggregate-documents.js';
import { validateAs } from '../src/validate/validate-document.js';
import { runRuleExamples } from '../src/coverage/run-examples.js';
import { defaultParams } from '../src/rules/params.js';
import type { RuleDefinition } from '../src/rules/types.js';
import { projectRoot } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';

const dir = path.join(projectRoot, 'fixtures', 'calllogs');
const REPORT = path.join(dir, 'report-2026-10-jinan.yaml');
const GB18030 = path.join(dir, 'calllog-2026-10-gb18030.csv');
const UTF8_BOM = path.join(dir, 'calllog-2026-10-utf8-bom.csv');
const WRONG_HEADER = path.join(dir, 'calllog-wrong-header.csv');
const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
const V1 = '91370102MA3C4F5G9F'; // the report's vendor (济南)
const V2 = '91370200MA3D5E6F79'; // a vendor with no report in the run

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function check(files: string[], options: Partial<typeof DEFAULT_CALL_LOG_OPTIONS> = {}, params?: Parameters<typeof loadRuleSet>[0]['params']): Promise<Report> {
  const ruleSet = loadRuleSet({ cwd: projectRoot, ...(params ? { params } : {}) });
  return runCheck({ inputs: files, cwd: projectRoot, ruleSet, limits: DEFAULT_LIMITS, callLog: { ...DEFAULT_CALL_LOG_OPTIONS, ...options } });
}

/** Findings of one file as (rule, row, field) plus the English message, in report order. */
function rowFindings(report: Report, file: string) {
  return report.findings
    .filter((f) => f.location.file === file)
    .map((f) => ({ ruleId: f.ruleId, row: f.location.row, field: f.location.field, message: f.message.en }));
}

function fileOf(report: Report, file: string) {
  const found = report.files.find((f) => f.file === file);
  if (!found) throw new Error(`no file ${file} in the report`);
  return found;
}

const display = (absolute: string) => displayPath(absolute, projectRoot);

describe('call log fixtures in two encodings', () => {
  it('the GB18030 fixture really is GB18030 (not valid UTF-8) and auto-detection tells the two apart', () => {
    const gb = readFileSync(GB18030);
    const bom = readFileSync(UTF8_BOM);
    expect(isUtf8(gb)).toBe(false);
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(detectEncoding(gb, true)).toBe('gb18030');
    expect(detectEncoding(bom, true)).toBe('utf8');
    expect(detectEncoding(bom.subarray(3), true)).toBe('utf8');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x63, 0x00]), true)).toBe('utf16');
  });

  it('GB18030 and UTF-8 with BOM give the same findings, at the offending rows and columns', async () => {
    // Each with the report in a run of its own: in one run the two logs would be one month's calls, counted twice.
    const report = await check([REPORT, GB18030]);
    const utf8Report = await check([REPORT, UTF8_BOM]);
    const gb = rowFindings(report, display(GB18030));
    const utf8 = rowFindings(utf8Report, display(UTF8_BOM));
    expect(gb).toEqual(utf8);
    expect(gb).toEqual([
      {
        // The log calls on 2026-10-11, which the report's calling_days do not list: the report understates its calling.
        ruleId: 'tmcheck/call-log-calls-unreported',
        row: 2,
        field: 'vendor_credit_code',
        message: `vendor 91370102MA3C4F5G9F: this log holds 9 calls in 2026-10, but the report ${display(REPORT)} does not list the calling day 2026-10-11: the report is checked for campaign reviews (Article 19), number reviews (Article 23), recording (Article 21) and calling hours (Article 22) only on the calling it states, so the calls it leaves out went unchecked`,
      },
      {
        ruleId: 'R22-1/call-log-calling-hours',
        row: 6,
        field: 'started_at',
        message: 'vendor 91370102MA3C4F5G9F: on 2026-10-10 calling ran from 09:00:00 to 21:00:51 (the end of the call started at 21:00:01, lasting 50 s), 12:00:51 (720.85 minutes), longer than the 720 minutes allowed (第二十二条)',
      },
      {
        ruleId: 'R20-1/call-log-untrained-agent',
        row: 8,
        field: 'agent_id',
        message: "vendor 91370102MA3C4F5G9F: agent 临时工01 made 2 calls in 2026-10 (first at 2026-10-11 10:05:00) but has no training record in the vendor's report of that month (第二十条)",
      },
      {
        ruleId: 'R21-1/call-log-all-recorded',
        row: 8,
        field: 'recorded',
        message: 'vendor 91370102MA3C4F5G9F: on 2026-10-11 2 of 4 calls were recorded; the first unrecorded call is on row 8; every call must be (第二十一条)',
      },
      {
        // Five unreadable rows of sixteen: calls nobody checked are an error on the log, never a pass.
        ruleId: 'tmcheck/call-log-unreadable-rows',
        row: 10,
        field: 'started_at',
        message: '5 of 15 data rows cannot be read, so 5 calls went unchecked for training, recording and calling hours (Articles 20–22); the first is at row 10',
      },
      {
        // The run has no report of the second vendor: its agent's training went unchecked, never a pass.
        ruleId: NO_REPORT_RULE,
        row: 15,
        field: 'vendor_credit_code',
        message: `vendor ${V2}: no MonthlyReport for 2026-10 in this run, so the training records of that month's 1 calling agent (1 call) were not checked (Article 20), and its calling hours were judged by the default hours`,
      },
    ]);
    // The rules' findings name the vendor of their calls; the log itself names two vendors, so the finding on its unreadable rows names none.
    for (const finding of report.findings.filter((f) => f.location.file === display(GB18030))) {
      expect(finding.vendor).toBe(finding.ruleId === 'tmcheck/call-log-unreadable-rows' ? undefined : finding.ruleId === NO_REPORT_RULE ? V2 : V1);
    }
    // Exactly 12 hours on 2026-10-09 (08:30:00 → 20:30:00, the end of a 30 s call started at 20:29:30) passes: no finding on rows 2–4 but the unlisted day's, which points at the month's first call.
    expect(gb.some((f) => f.ruleId !== 'tmcheck/call-log-calls-unreported' && f.row !== undefined && f.row <= 4)).toBe(false);
    expect(fileOf(report, display(GB18030)).warnings).toEqual(fileOf(utf8Report, display(UTF8_BOM)).warnings);
    expect(fileOf(report, display(GB18030)).status).toBe('fail');
    expect(exitCode(report)).toBe(1);
  });

  it('reports bad rows as warnings with row numbers (header = row 1) and checks the rest', async () => {
    const report = await check([REPORT, GB18030]);
    const file = fileOf(report, display(GB18030));
    expect(file.status).toBe('fail'); // checked, not invalid
    const rows = file.warnings.filter((w) => w.code === 'call-log-row').map((w) => [w.row, w.field ?? null]);
    expect(rows).toEqual([
      [10, 'started_at'],
      [11, 'vendor_credit_code'],
      [12, 'duration_s'],
      [13, 'recorded'],
      [14, null],
    ]);
    const wrongWidth = file.warnings.find((w) => w.row === 14)!;
    expect(wrongWidth.message.en).toBe('row 14 has 5 cells, the header has 6');
    expect(wrongWidth.message.zh).toBe('第 14 行有 5 列，表头有 6 列');
    expect(file.warnings.find((w) => w.row === 12)!.message.en).toContain('duration_s "约十秒"');
  });

  it('a vendor-month without a report is one error on the log (its agents\' training unchecked), not a finding per agent', async () => {
    const withReport = await check([REPORT, GB18030]);
    const ofV2 = withReport.findings.filter((f) => f.vendor === V2);
    expect(ofV2.map((f) => [f.ruleId, f.severity, f.requirement, f.article, f.month, f.location.row])).toEqual([[NO_REPORT_RULE, 'error', 'R20-1', '20', '2026-10', 15]]);
    expect(ofV2[0]!.message.zh).toBe(`外包合作方 ${V2}：本次检查中没有 2026-10 的月报，该月 1 名外呼话务员（1 个呼叫）的培训记录未核对（第二十条），营销时间按默认时段判断`);
    expect(ofV2[0]!.consequence.en).toContain('check the vendor\'s MonthlyReport of that month together with the call log');
    expect(ofV2[0]!.consequence.zh).toContain('须将该合作方该月的月报与通话记录一并检查');
    expect(fileOf(withReport, display(GB18030)).outcomes[NO_REPORT_RULE]).toBe('fail');

    const alone = await check([GB18030]);
    const unmatched = alone.findings.filter((f) => f.ruleId === NO_REPORT_RULE);
    // V1's first call is row 2; its 3 agents made 9 readable calls.
    expect(unmatched.map((f) => [f.vendor, f.location.row])).toEqual([[V1, 2], [V2, 15]]);
    expect(unmatched[0]!.message.en).toContain("no MonthlyReport for 2026-10 in this run, so the training records of that month's 3 calling agents (9 calls) were not checked");
    expect(alone.findings.map((f) => f.ruleId).sort()).toEqual(['R21-1/call-log-all-recorded', 'R22-1/call-log-calling-hours', NO_REPORT_RULE, NO_REPORT_RULE, 'tmcheck/call-log-unreadable-rows']);
    expect(fileOf(alone, display(GB18030)).warnings.some((w) => w.code === 'call-log-no-report')).toBe(false);
  });

  it('a clean call log checked without its report is not a pass (exit 1); with the report it is (exit 0)', async () => {
    const file = path.join(temp, 'clean.csv');
    writeFileSync(file, [HEADER, `C1,${V1},A001,2026-10-09 09:00:00,10,1`, `C2,${V1},A002,2026-10-09 10:00:00,10,1`].join('\n'));
    const alone = await check([file]);
    expect(alone.findings.map((f) => [f.ruleId, f.severity, f.location.row, f.location.field])).toEqual([[NO_REPORT_RULE, 'error', 2, 'vendor_credit_code']]);
    expect(fileOf(alone, display(file)).status).toBe('fail');
    expect(exitCode(alone)).toBe(1);
    const together = await check([REPORT, file]);
    expect(together.findings.filter((f) => f.severity !== 'notice')).toEqual([]);
    expect(fileOf(together, display(file)).outcomes[NO_REPORT_RULE]).toBe('pass');
    expect(exitCode(together)).toBe(0);
  });

  it('judges a day by the profile of the city in the vendor\'s report (a 09:00–21:00 window for 济南)', async () => {
    const params = (rule: RuleDefinition, city: string | undefined) => ({
      ...defaultParams(rule),
      ...(city === '济南' && rule.requirement === 'R22-1' ? { window_start: '09:00', window_end: '21:00' } : {}),
    });
    const report = await check([REPORT, UTF8_BOM], {}, params);
    const span = rowFindings(report, display(UTF8_BOM)).filter((f) => f.ruleId === 'R22-1/call-log-calling-hours');
    expect(span.map((f) => [f.row, f.field])).toEqual([
      [2, 'started_at'], // first call 08:30:00 before the window opens
      [6, 'started_at'], // 12:00:51 span; the call started 21:00:01 and ended 21:00:51, still inside a window closing at 21:00 (to the minute)
    ]);
    expect(span[0]!.message).toBe("vendor 91370102MA3C4F5G9F: on 2026-10-09 the first call at 08:30:00 is before the branch's calling window opens at 09:00 (第二十二条)");
  });
});

describe('encoding detection when GB18030 bytes are also valid UTF-8', () => {
  /** A log whose only non-ASCII text is the agent names given. */
  const log = (agents: string[]) => [HEADER, ...agents.map((agent, i) => `C${i},${V1},${agent},2026-10-09 09:0${i}:00,10,1`)].join('\n') + '\n';

  it('a GB18030 log whose only Chinese is 袁野, 魏然 and 卢伟 (valid UTF-8 by accident) is read as GB18030, and the report says so', async () => {
    const bytes = iconv.encode(log(['袁野', '魏然', '卢伟']), 'gb18030');
    expect(isUtf8(bytes)).toBe(true); // the trap: UTF-8 would read ԬҰ, κȻ, ¬ΰ
    const file = path.join(temp, 'gb18030-valid-utf8.csv');
    writeFileSync(file, bytes);
    const contents = (await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as CallLogContents;
    expect(contents.encoding).toBe('gb18030');
    expect(contents.aggregator.agents().map((a) => a.agent)).toEqual(['卢伟', '袁野', '魏然']);

    const report = await check([file]);
    const warning = fileOf(report, display(file)).warnings.find((w) => w.code === 'encoding-assumed')!;
    expect(warning.message.en).toBe(
      'read as GB18030: the bytes at the start of the file are valid both as UTF-8 and as GB18030, and the characters they give point to GB18030; if names look wrong, check again with --encoding utf8',
    );
    expect(warning.message.zh).toContain('--encoding utf8');
    // Forced, the user's word stands and nothing is assumed.
    const forced = await check([file], { encoding: 'gb18030' });
    expect(fileOf(forced, display(file)).warnings.some((w) => w.code === 'encoding-assumed')).toBe(false);
  });

  it('a genuine UTF-8 log with Chinese names stays UTF-8, with nothing assumed', async () => {
    const file = path.join(temp, 'utf8-chinese.csv');
    writeFileSync(file, log(['袁野', '魏然', '卢伟']), 'utf8');
    const contents = (await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as CallLogContents;
    expect(contents.encoding).toBe('utf8');
    expect(contents.encodingWarning).toBeUndefined();
    expect(contents.aggregator.agents().map((a) => a.agent)).toEqual(['卢伟', '袁野', '魏然']);
  });

  it('plain ASCII is UTF-8 for certain; UTF-8 letters that are not GB2312 pairs stay UTF-8, said to be assumed', async () => {
    expect(detectEncodingAndDoubt(Buffer.from(log(['A001'])), true)).toEqual({ encoding: 'utf8' });
    // Greek and Cyrillic names: byte pairs GB2312 does not contain (Cyrillic р is D1 80).
    const greek = Buffer.from(log(['Σωκράτης', 'Пётр']), 'utf8');
    expect(detectEncodingAndDoubt(greek, true)).toEqual({ encoding: 'utf8', assumed: true });
    // Not valid UTF-8 at all: GB18030, as before.
    expect(detectEncodingAndDoubt(iconv.encode(log(['临时工']), 'gb18030'), true)).toEqual({ encoding: 'gb18030' });
  });
});

describe('call log input errors', () => {
  it('a wrong header makes the file invalid (exit 2) and names the columns', async () => {
    const report = await check([WRONG_HEADER]);
    const file = fileOf(report, display(WRONG_HEADER));
    expect(file.status).toBe('invalid');
    expect(file.errors).toHaveLength(1);
    expect(file.errors[0]).toMatchObject({ code: 'call-log-header', row: 1 });
    expect(file.errors[0]!.message.en).toBe(
      `call log header does not match: missing column(s) vendor_credit_code; unknown column(s) vendor, note (the header is ${HEADER}, in any order)`,
    );
    expect(file.errors[0]!.message.zh).toContain('缺少列 vendor_credit_code');
    expect(exitCode(report)).toBe(2);
  });

  it('accepts the columns in any order', async () => {
    const file = path.join(temp, 'reordered.csv');
    writeFileSync(file, ['recorded,started_at,agent_id,call_id,duration_s,vendor_credit_code', `0,2026-10-09 09:00:00,A001,C1,10,${V1}`].join('\n'));
    const contents = (await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as CallLogContents;
    expect(contents.badRows).toBe(0);
    expect(contents.aggregator.days()).toMatchObject([{ vendor: V1, date: '2026-10-09', calls: 1, recorded: 0, firstUnrecordedRow: 2 }]);
  });

  it('lists the first bad rows in full and counts the rest', async () => {
    const file = path.join(temp, 'many-bad.csv');
    const good = Array.from({ length: 30 }, (_, i) => `G${i},${V1},A001,2026-10-09 09:00:00,10,1`);
    const bad = Array.from({ length: 25 }, (_, i) => `C${i},${V1},A001,not a time,10,1`);
    writeFileSync(file, [HEADER, ...good, ...bad].join('\r\n'));
    const report = await check([file]);
    const result = fileOf(report, display(file));
    const rows = result.warnings.filter((w) => w.code === 'call-log-row');
    expect(rows.map((w) => w.row)).toEqual(Array.from({ length: 20 }, (_, i) => i + 32));
    const counted = result.warnings.find((w) => w.code === 'call-log-rows')!;
    expect(counted.message.en).toBe('5 more rows cannot be read (25 in all, 45.4545% of 55 data rows); they are left out of the aggregates');
    expect(result.status).toBe('fail');
  });

  it('a file none of whose rows can be read is invalid', async () => {
    const file = path.join(temp, 'all-bad.csv');
    writeFileSync(file, [HEADER, `C1,${V1},A001,yesterday,10,1`].join('\n'));
    const report = await check([file]);
    expect(fileOf(report, display(file))).toMatchObject({ status: 'invalid', errors: [{ code: 'call-log-unreadable' }] });
  });

  /** A log of `good` readable rows followed by `bad` rows with a date that does not exist. */
  async function mixed(name: string, good: number, bad: number) {
    const file = path.join(temp, name);
    const rows = [
      ...Array.from({ length: good }, (_, i) => `G${i},${V1},A001,2026-10-09 09:00:00,10,1`),
      ...Array.from({ length: bad }, (_, i) => `B${i},${V1},A001,2026-02-30 09:00:00,10,1`),
    ];
    writeFileSync(file, [HEADER, ...rows].join('\n'));
    const report = await check([REPORT, file]); // with the vendor's report, so that only the rows are in question
    return { report, result: fileOf(report, display(file)), findings: report.findings.filter((f) => f.ruleId === 'tmcheck/call-log-unreadable-rows') };
  }

  it('no unreadable row: no finding on the log, exit 0', async () => {
    const { report, result, findings } = await mixed('none-bad.csv', 4, 0);
    expect(findings).toEqual([]);
    expect(result.status).toBe('pass');
    expect(exitCode(report)).toBe(0);
  });

  it('one unreadable row is an error on the log at that row, with the count of unchecked calls (exit 1)', async () => {
    const { report, result, findings } = await mixed('one-bad.csv', 4, 1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', article: '21', requirement: 'R21-1', vendor: V1, location: { file: display(path.join(temp, 'one-bad.csv')), row: 6, field: 'started_at' } });
    expect(findings[0]!.message.en).toBe(`vendor ${V1}: ` + '1 of 5 data rows cannot be read, so 1 call went unchecked for training, recording and calling hours (Articles 20–22); the first is at row 6');
    expect(findings[0]!.message.zh).toBe(`外包合作方 ${V1}：` + '5 行数据中有 1 行无法读取，这 1 个呼叫未核对培训、录音和营销时间（第二十至二十二条）；第一个在第 6 行');
    expect(result.status).toBe('fail');
    expect(exitCode(report)).toBe(1);
  });

  it('exactly half the rows unreadable is still judged (exit 1); one more makes the log invalid (exit 2)', async () => {
    const half = await mixed('half-bad.csv', 3, 3);
    expect(half.result.status).toBe('fail');
    expect(half.findings).toHaveLength(1);
    expect(half.findings[0]!.message.en).toContain('3 of 6 data rows cannot be read, so 3 calls went unchecked');
    expect(exitCode(half.report)).toBe(1);

    const over = await mixed('over-half-bad.csv', 3, 4);
    expect(over.result.status).toBe('invalid');
    expect(over.findings).toEqual([]);
    expect(over.result.errors).toHaveLength(1);
    expect(over.result.errors[0]).toMatchObject({ code: 'call-log-unreadable', row: 5, field: 'started_at' });
    expect(over.result.errors[0]!.message.en).toBe(
      '4 of 7 data rows cannot be read (more than half), so 4 calls went unchecked and the call log cannot be judged; the first is at row 5',
    );
    expect(exitCode(over.report)).toBe(2);
  });

  it('a log with a header and no calls is invalid, not a pass', async () => {
    const file = path.join(temp, 'header-only.csv');
    writeFileSync(file, `${HEADER}\n\n`);
    const report = await check([file]);
    expect(fileOf(report, display(file))).toMatchObject({ status: 'invalid', errors: [{ code: 'call-log-empty', row: 1 }] });
    expect(exitCode(report)).toBe(2);
  });

  it('an endless line stops at --max-line-length with the row named', async () => {
    const file = path.join(temp, 'long-line.csv');
    writeFileSync(file, [HEADER, `C1,${V1},A001,2026-10-09 09:00:00,10,1`, `C2,${'x'.repeat(5000)},A001,2026-10-09 09:00:00,10,1`].join('\n'));
    const report = await check([file], { maxLineLength: 1000 });
    expect(fileOf(report, display(file))).toMatchObject({ status: 'invalid', errors: [{ code: 'line-too-long', row: 3 }] });
  });

  it('refuses a GB18030 file forced to UTF-8, and reads it when forced to GB18030', async () => {
    const forcedUtf8 = await check([GB18030], { encoding: 'utf8' });
    const error = fileOf(forcedUtf8, display(GB18030)).errors[0]!;
    expect(error.code).toBe('encoding');
    expect(error.message.en).toContain('--encoding gb18030');
    const forcedGb = await check([GB18030], { encoding: 'gb18030' });
    expect(rowFindings(forcedGb, display(GB18030)).map((f) => f.ruleId)).toEqual([NO_REPORT_RULE, 'R22-1/call-log-calling-hours', 'R21-1/call-log-all-recorded', 'tmcheck/call-log-unreadable-rows', NO_REPORT_RULE]);
  });

  it('a file may not claim an internal kind', async () => {
    const file = path.join(temp, 'claims-internal.yaml');
    writeFileSync(file, 'kind: CallLogDay\nvendor_credit_code: 91370102MA3C4F5G9F\n');
    const report = await check([file]);
    expect(fileOf(report, display(file))).toMatchObject({ status: 'invalid', errors: [{ code: 'unknown-kind' }] });
  });
});

describe('XLSX call logs', () => {
  it('reads the worksheet of calls, date cells included, with the same findings as the CSV', async () => {
    const file = path.join(temp, 'calllog.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('calls');
    workbook.addWorksheet('notes'); // empty: a second sheet with data is refused (test/redteam.test.ts)
    sheet.addRow(HEADER.split(','));
    const at = (text: string) => new Date(`${text.replace(' ', 'T')}Z`); // exceljs stores dates as UTC wall-clock
    sheet.addRow(['C1', V1, 'A001', at('2026-10-09 08:30:00'), 65, 1]);
    sheet.addRow(['C2', V1, 'A002', '2026-10-09 20:30:01', 30, 1]); // a text cell: 12 h 0 min 1 s
    sheet.addRow(['C3', V1, '临时工01', at('2026-10-10 10:00:00'), 30, 0]);
    sheet.addRow(['C4', V1, 'A001', 'bad', 30, 1]);
    await workbook.xlsx.writeFile(file);

    const report = await check([REPORT, file]);
    expect(rowFindings(report, display(file)).map(({ ruleId, row, field }) => ({ ruleId, row, field }))).toEqual([
      { ruleId: 'R22-1/call-log-calling-hours', row: 3, field: 'started_at' },
      { ruleId: 'R20-1/call-log-untrained-agent', row: 4, field: 'agent_id' },
      { ruleId: 'R21-1/call-log-all-recorded', row: 4, field: 'recorded' },
      { ruleId: 'tmcheck/call-log-unreadable-rows', row: 5, field: 'started_at' },
    ]);
    expect(fileOf(report, display(file)).warnings.map((w) => [w.row, w.field])).toEqual([[5, 'started_at']]);
  });

  it('a file that is not a workbook is invalid', async () => {
    const file = path.join(temp, 'not-a-workbook.xlsx');
    writeFileSync(file, 'this is not a zip file');
    const report = await check([file]);
    expect(fileOf(report, display(file))).toMatchObject({ status: 'invalid', errors: [{ code: 'xlsx' }] });
  });
});

describe('a 100,000-row call log', () => {
  const ROWS = 100_000;
  const file = path.join(temp, 'large.csv');
  const vendors = [V1, V2];

  /** Two vendors, 30 days, 10 agents each; calls every 15 s from 09:00 (about 7 h a day). */
  function* lines(): Generator<string> {
    yield HEADER;
    for (let i = 0; i < ROWS; i++) {
      const vendor = vendors[i % 2]!;
      const day = 1 + (Math.floor(i / 2) % 30);
      const seconds = 9 * 3600 + Math.floor(i / 60) * 15;
      let time = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
      if (i === ROWS - 1) time = '22:00:00'; // the last row: a span breach on its day
      const recorded = i === 50_000 ? 0 : 1; // one unrecorded call, on row 50,002
      yield `C${i},${vendor},A${String(Math.floor(i / 2) % 10).padStart(3, '0')},2026-10-${String(day).padStart(2, '0')} ${time},${30 + (i % 90)},${recorded}`;
    }
  }

  it('is streamed into O(vendors × days) aggregates and ruled on', async () => {
    const out = createWriteStream(file);
    for (const line of lines()) if (!out.write(`${line}\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');

    const contents = (await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as CallLogContents;
    expect(contents.dataRows).toBe(ROWS);
    expect(contents.badRows).toBe(0);
    // What is kept does not grow with rows: 2 vendors × 30 days, 2 vendors × 10 agents × 1 month.
    expect(contents.aggregator.size).toEqual({ days: 60, agents: 20 });
    expect(contents.aggregator.days().reduce((sum, d) => sum + d.calls, 0)).toBe(ROWS);

    const report = await check([file]);
    expect(rowFindings(report, display(file)).map(({ ruleId, row, field }) => ({ ruleId, row, field }))).toEqual([
      // Checked without reports: each vendor's month is one error at its first call.
      { ruleId: NO_REPORT_RULE, row: 2, field: 'vendor_credit_code' },
      { ruleId: NO_REPORT_RULE, row: 3, field: 'vendor_credit_code' },
      { ruleId: 'R21-1/call-log-all-recorded', row: 50_002, field: 'recorded' },
      { ruleId: 'R22-1/call-log-calling-hours', row: ROWS + 1, field: 'started_at' },
    ]);
  });
});

describe('aggregate documents and their rules', () => {
  it('aggregates build documents their schemas accept', async () => {
    const file = path.join(temp, 'schema.csv');
    writeFileSync(file, [HEADER, `C1,${V1},A001,2026-10-09 09:00:00,10,1`, `C2,${V1},A001,2026-10-09 21:00:30,10,0`].join('\n'));
    const contents = (await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)) as CallLogContents;
    const day = callLogDayDocument(contents.aggregator.days()[0]!, null);
    expect(day).toMatchObject({ first_call_row: 2, last_end_row: 3, last_end: '21:00:40', last_end_started: '21:00:30', last_end_duration_s: 10, span: '12:00:40', span_minutes: 720 + 2 / 3, last_end_minute: '21:00', first_unrecorded_row: 3 });
    const agent = callLogAgentDocument(contents.aggregator.agents()[0]!, false);
    const asParsed = (data: unknown) => ({ data, locate: () => ({ line: 0, column: 0 }), locateKey: () => ({ line: 0, column: 0 }) });
    expect(validateAs('CallLogDay', asParsed(day))).toEqual({ kind: 'CallLogDay', warnings: [] });
    expect(validateAs('CallLogAgent', asParsed(agent))).toEqual({ kind: 'CallLogAgent', warnings: [] });
  });

  it('the call-log rules\' own examples pass and fail as declared', async () => {
    const rules = loadRuleSet({ cwd: projectRoot }).rules.filter((r) => ['CallLogDay', 'CallLogAgent'].includes(r.definition.applies_to));
    expect(rules.map((r) => r.definition.id).sort()).toEqual(['R20-1/call-log-untrained-agent', 'R21-1/call-log-all-recorded', 'R22-1/call-log-calling-hours']);
    const outcomes = await runRuleExamples(rules as Parameters<typeof runRuleExamples>[0]);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes).toHaveLength(10);
  });
});

describe('tmcheck CLI with call logs', () => {
  it('shows the physical line of a row below a quoted line break, and keeps the row number', async () => {
    const file = path.join(temp, 'quoted-breaks.csv');
    writeFileSync(
      file,
      [
        HEADER,
        `"C1\nsecond line\r\nthird line",${V1},A001,2026-10-09 09:00:00,10,1`, // row 2, lines 2–4
        `C2,${V1},A001,2026-10-09 09:10:00,10,0`, // row 3, line 5: not recorded
        ...Array.from({ length: 3 }, (_, i) => `G${i},${V1},A001,2026-10-09 10:00:00,10,1`), // rows 4–6, lines 6–8
        `C3,${V1},A001,2026-10-09 25:00:00,10,1`, // row 7, line 9: no 25 o'clock
      ].join('\n'),
    );
    const shown = display(file);
    const json = JSON.parse((await runCli(['--format', 'json', '--lang', 'en', '--no-timestamp', shown], projectRoot)).stdout) as Report;
    const recorded = json.findings.find((f) => f.ruleId === 'R21-1/call-log-all-recorded')!;
    expect(recorded.location).toEqual({ file: shown, row: 3, line: 5, field: 'recorded' });
    const unreadable = json.findings.find((f) => f.ruleId === 'tmcheck/call-log-unreadable-rows')!;
    expect(unreadable.location).toEqual({ file: shown, row: 7, line: 9, field: 'started_at' });
    expect(unreadable.message as unknown as string).toContain('the first is at row 7 (line 9)'); // JSON gives the --lang text
    expect(fileOf(json, shown).warnings[0]).toMatchObject({ row: 7, line: 9, field: 'started_at' });

    const sarif = JSON.parse((await runCli(['--format', 'sarif', '--no-timestamp', shown], projectRoot)).stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }>;
    };
    const lines = sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine]);
    expect(lines).toEqual([
      ['tmcheck/call-log-no-report', 2], // checked without the vendor's report
      ['R21-1/call-log-all-recorded', 5],
      ['tmcheck/call-log-unreadable-rows', 9],
    ]);
    const github = (await runCli(['--format', 'github', shown], projectRoot)).stdout;
    expect(github).toMatch(/^::error file=[^,]*quoted-breaks\.csv,line=5,/m);
    const junit = (await runCli(['--format', 'junit', shown], projectRoot)).stdout;
    expect(junit).toContain('quoted-breaks.csv:9:1');
    const text = (await runCli(['--lang', 'en', shown], projectRoot)).stdout;
    expect(text).toMatch(/^ {2}row 3 \(line 5\) {2}error /m);
    expect(text).toMatch(/^ {2}row 7 \(line 9\) started_at {2}warning row 7 cannot be read/m);
  });

  it('checks a report and its call log (exit 1), and refuses a forced wrong encoding (exit 2)', async () => {
    const run = await runCli(['--format', 'json', '--no-timestamp', display(REPORT), display(GB18030)], projectRoot);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.find((f) => f.ruleId === 'R22-1/call-log-calling-hours')!.location).toEqual({ file: display(GB18030), row: 6, field: 'started_at' });

    const forced = await runCli(['--encoding', 'utf8', display(GB18030)], projectRoot);
    expect(forced.status).toBe(2);
    const bad = await runCli(['--encoding', 'latin1', display(GB18030)], projectRoot);
    expect(bad.status).toBe(2);
  });

  it('prints the row of a finding and of a bad row in the text report', async () => {
    const run = await runCli(['--lang', 'en', display(REPORT), display(UTF8_BOM)], projectRoot);
    expect(run.stdout).toMatch(/^ {2}row 6 {2}error +vendor 91370102MA3C4F5G9F: on 2026-10-10 calling ran from 09:00:00 to 21:00:51/m);
    expect(run.stdout).toMatch(/^ {2}row 13 recorded {2}warning row 13 cannot be read: recorded "2" must be 1 or 0$/m);
  });
});
