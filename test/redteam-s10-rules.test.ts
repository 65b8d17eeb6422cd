import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countInPeriodAtLeastFact } from '../src/facts/count-in-period.js';
import { repeatedRecords, repeatedRecordsFact } from '../src/facts/repeated-records.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Red-team cases (session 10) on the regulation's semantics: inputs on which a run passed what the
 * regulation does not allow, or could not judge. Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s10-');
const compliant = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');
const COMPLIANT_INSPECTIONS = '  - { date: 2026-10-14, calls_checked: 20 }\n  - { date: 2026-10-27, calls_checked: 25 }\n';

function write(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Json {
  findings: Array<{ ruleId: string; severity: string; location: { file: string; path?: string; line?: number } }>;
  files: Array<{ file: string; status: string; errors?: Array<{ code?: string; message: string }> }>;
}

async function check(cwd: string, ...args: string[]): Promise<{ status: number; json: Json }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '--today', '2026-11-20', ...args], { cwd });
  return { status: run.status, json: JSON.parse(run.stdout) as Json };
}

const errorsOf = (json: Json) =>
  json.findings
    .filter((f) => f.severity === 'error')
    .map((f) => [f.ruleId, f.location.path])
    .sort((a, b) => String(a).localeCompare(String(b)));

describe('R24-2: a spot check listed twice counts once (lead decision, session 10)', () => {
  const inspections = (...rows: string[]) => compliant.replace(COMPLIANT_INSPECTIONS, rows.map((row) => `  - ${row}\n`).join(''));

  it('the compliant report is as this test expects', () => {
    expect(compliant).toContain(COMPLIANT_INSPECTIONS);
  });

  it('end to end: one check of 20 calls listed twice fails R24-2 and the repeat is a data-quality error at its entry (it exited 0)', async () => {
    const dir = write({ 'r.yaml': inspections('{ date: 2026-10-14, calls_checked: 20 }', '{ date: 2026-10-14, calls_checked: 20 }') });
    const { status, json } = await check(dir, 'r.yaml');
    expect(status).toBe(1);
    expect(errorsOf(json)).toEqual([
      ['R24-2/inspection-once', '/inspections/1'],
      ['R24-2/inspections-per-month', '/inspections'],
    ]);
  });

  it('two checks of one day with distinct record ids, or of different sizes, are two checks (exit 0)', async () => {
    const dir = write({
      'ids.yaml': inspections('{ date: 2026-10-14, calls_checked: 20, record_id: JN-INS-01 }', '{ date: 2026-10-14, calls_checked: 20, record_id: JN-INS-02 }'),
      'sizes.yaml': inspections('{ date: 2026-10-14, calls_checked: 20 }', '{ date: 2026-10-14, calls_checked: 21 }'),
    });
    for (const file of ['ids.yaml', 'sizes.yaml']) {
      const { status, json } = await check(dir, file);
      expect(errorsOf(json), file).toEqual([]);
      expect(status, file).toBe(0);
    }
  });

  it('record ids that read the same (full-width, case, spacing, punctuation) do not tell two entries apart', () => {
    const on = (record_id?: unknown) => ({ date: '2026-10-14', calls_checked: 20, ...(record_id === undefined ? {} : { record_id }) });
    const repeats = (...items: unknown[]) => Object.fromEntries(repeatedRecords(items, '/date', '/calls_checked', '/record_id'));
    expect(repeats(on('JN-INS-01'), on('ＪＮ－ＩＮＳ－０１ '))).toEqual({ 1: 0 });
    expect(repeats(on('JN-INS-01'), on('jn ins 01'))).toEqual({ 1: 0 });
    expect(repeats(on('JN-INS-01'), on('JN-INS-01\u200b'))).toEqual({ 1: 0 });
    expect(repeats(on('JN-INS-01'), on('JN-INS-02'))).toEqual({});
  });

  it('an entry without a record id (or with 无) cannot be told from another of its day and size', () => {
    const on = (record_id?: unknown) => ({ date: '2026-10-14', calls_checked: 20, ...(record_id === undefined ? {} : { record_id }) });
    const repeats = (...items: unknown[]) => Object.fromEntries(repeatedRecords(items, '/date', '/calls_checked', '/record_id'));
    expect(repeats(on(), on('A'))).toEqual({ 1: 0 });
    expect(repeats(on('A'), on())).toEqual({ 1: 0 });
    expect(repeats(on('A'), on('无'))).toEqual({ 1: 0 });
    // Two distinct ids make two checks; an id-less third entry may be either of them.
    expect(repeats(on(), on('A'), on('B'))).toEqual({ 1: 0 });
    expect(repeats(on('A'), on('B'), on())).toEqual({ 2: 0 });
    // Without an id pointer, the day and size alone identify a check.
    expect(Object.fromEntries(repeatedRecords([on('A'), on('B')], '/date', '/calls_checked', undefined))).toEqual({ 1: 0 });
  });

  it('the count of the month is the number of distinct checks', () => {
    const doc = (inspections: unknown[]) => ({ month: '2026-10', cooperation_started: '2026-01-01', inspections });
    const count = (...inspections: unknown[]) =>
      countInPeriodAtLeastFact.compute({ path: '/inspections', field: '/calls_checked', min: 20, date: '/date', month: '/month', from: '/cooperation_started', id: '/record_id' }, { doc: doc(inspections) });
    const on = (date: string, calls_checked: number, record_id?: string) => ({ date, calls_checked, ...(record_id === undefined ? {} : { record_id }) });
    expect(count(on('2026-10-14', 20), on('2026-10-14', 20), on('2026-10-14', 20))).toBe(1);
    expect(count(on('2026-10-14', 20, 'A'), on('2026-10-14', 20, 'a'))).toBe(1);
    expect(count(on('2026-10-14', 20, 'A'), on('2026-10-14', 20, 'B'), on('2026-10-14', 20))).toBe(2);
    expect(count(on('2026-10-14', 20), on('2026-10-15', 20))).toBe(2);
  });

  it('the fact numbers entries from 1 and points at the repeat', () => {
    const offences = repeatedRecordsFact.compute(
      { path: '/inspections', date: '/date', field: '/calls_checked', id: '/record_id' },
      { doc: { inspections: [{ date: '2026-10-14', calls_checked: 20 }, { date: '2026-10-27', calls_checked: 25 }, { date: '2026-10-14', calls_checked: 20 }] } },
    );
    expect(offences).toEqual([{ pointer: '/inspections/2', values: { date: '2026-10-14', size: 20, entry: 3, earlier_entry: 1 } }]);
  });
});
