import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { writeTree } from './support/vendor-reports.js';
import { workerCount } from '../src/check/parallel.js';

/**
 * A SARIF result's partialFingerprints are its identity across runs: code scanning keeps an alert
 * dismissed for every later result of the same fingerprint. They named rule, vendor, file and
 * pointer only, so November's report kept under October's name, breaking the same requirement at
 * the same pointer, was October's dismissed alert (and so for a call log's month and a re-submitted
 * dossier). The same inputs checked again, in any way a run can be split, keep their fingerprints.
 */
const tempDir = tempDirMaker('tmcheck-sarif-period-');
const REPORT = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');
const DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');

/** `text` with `from` replaced by `to` everywhere (the fixture must hold it). */
function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture changed: ${from}`);
  return text.replaceAll(from, to);
}

/** The month's report: 100 vendor-caused complaints (R24-4's second tier), whatever the month. */
const report = (month: string) => replaced(replaced(REPORT, '2026-10', month), 'vendor_caused: 31', 'vendor_caused: 100');
/** The month's calls on the report's two calling days, the first day's second call unrecorded (R21-1, row 3). */
const calls = (month: string) =>
  'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n' +
  [`C1,91370102MA3C4F5G9F,A001,${month}-09 09:00:00,60,1`, `C2,91370102MA3C4F5G9F,A002,${month}-09 20:30:00,60,0`, `C3,91370102MA3C4F5G9F,A001,${month}-10 09:15:00,60,1`].join('\n') +
  '\n';
/** The vendor's dossier submitted on `submitted`, stating one administrative penalty (R10-P5-5). */
const dossier = (submitted: string) =>
  replaced(replaced(DOSSIER, 'submitted: 2026-10-08', `submitted: ${submitted}`), 'administrative_penalties: []', 'administrative_penalties:\n    - { date: 2025-03-01, authority: 济南市市场监督管理局, description: 虚假宣传 }');

/** The breaches each month's inputs hold, as fingerprintsOf names them. */
const BREACHES = ['R10-P5-5/clean-record d.yaml /vendor/administrative_penalties/0', 'R21-1/call-log-all-recorded calls.csv row 3', 'R24-4/complaint-deduction report.yaml /complaints/vendor_caused'];

interface SarifLog {
  runs: Array<{
    results: Array<{
      ruleId: string;
      partialFingerprints: Record<string, string>;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
      properties?: { jsonPointer?: string; row?: number };
    }>;
  }>;
}

/** Each result's fingerprint by rule, file and pointer or row (every result once: no two at one place). */
function fingerprintsOf(text: string): Map<string, string> {
  const prints = new Map<string, string>();
  for (const result of (JSON.parse(text) as SarifLog).runs[0]!.results) {
    const where = result.properties?.jsonPointer ?? `row ${result.properties?.row}`;
    const key = `${result.ruleId} ${decodeURIComponent(result.locations[0]!.physicalLocation.artifactLocation.uri)} ${where}`;
    expect(prints.has(key)).toBe(false);
    // The one key written: a consumer that matched on v1 would still join the two months.
    expect(Object.keys(result.partialFingerprints)).toEqual(['tmcheckFinding/v2']);
    prints.set(key, result.partialFingerprints['tmcheckFinding/v2']!);
  }
  return prints;
}

/** tmcheck in `dir` writing SARIF on stdout; the log's text. */
function sarif(dir: string, args: string[]): string {
  const run = runTmcheck(['--format', 'sarif', '--no-timestamp', '--lang', 'en', ...args], { cwd: dir });
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(run.status).toBe(1);
  return run.stdout;
}

/** The month's three inputs under the same names. */
const monthInputs = (month: string, submitted: string) => ({ 'report.yaml': report(month), 'calls.csv': calls(month), 'd.yaml': dossier(submitted) });
const INPUTS = ['report.yaml', 'calls.csv', 'd.yaml'];

describe('SARIF fingerprints count the period a finding is about', () => {
  it("November's report, call log and re-submitted dossier under October's names: every breach is a new result", () => {
    const dir = writeTree(tempDir(), monthInputs('2026-10', '2026-10-08'));
    const october = fingerprintsOf(sarif(dir, INPUTS));
    writeTree(dir, monthInputs('2026-11', '2026-11-20'));
    const november = fingerprintsOf(sarif(dir, INPUTS));
    expect([...october.keys()]).toEqual(expect.arrayContaining(BREACHES));
    expect([...november.keys()].sort()).toEqual([...october.keys()].sort());
    for (const [key, print] of october) expect({ key, print: november.get(key) }).not.toEqual({ key, print });
  });

  it("a report that could not be checked, in October and in November at the same place: two results", () => {
    const bad = (month: string) => replaced(report(month), 'vendor_caused: 100', 'vendor_caused: many');
    const dir = writeTree(tempDir(), { 'report.yaml': bad('2026-10') });
    const print = (text: string) => {
      const prints = [...fingerprintsOf(text)].filter(([key]) => key.startsWith('input/'));
      expect(prints.map(([key]) => key)).toEqual(['input/schema report.yaml /complaints/vendor_caused']);
      return prints[0]![1];
    };
    const run = () => runTmcheck(['--format', 'sarif', '--no-timestamp', '--lang', 'en', 'report.yaml'], { cwd: dir });
    const october = print(run().stdout);
    expect(print(run().stdout)).toBe(october);
    writeTree(dir, { 'report.yaml': bad('2026-11') });
    expect(print(run().stdout)).not.toBe(october);
  });
});

/**
 * October's inputs and then November's under the same names, each checked by `check` (which returns
 * the SARIF text): the same inputs give the fingerprints one plain run gives, November's are all new.
 * So the period survives what the run goes through (worker threads, the cache, shard logs and merge).
 */
function acrossMonths(inputs: (month: string, submitted: string) => Record<string, string>, plain: string[], check: (dir: string) => string): Map<string, string> {
  const dir = writeTree(tempDir(), inputs('2026-10', '2026-10-08'));
  const october = fingerprintsOf(check(dir));
  expect(october).toEqual(fingerprintsOf(sarif(dir, plain)));
  writeTree(dir, inputs('2026-11', '2026-11-20'));
  const november = fingerprintsOf(check(dir));
  expect(november).toEqual(fingerprintsOf(sarif(dir, plain)));
  expect([...november.keys()].sort()).toEqual([...october.keys()].sort());
  for (const [key, print] of october) expect({ key, print: november.get(key) }).not.toEqual({ key, print });
  return october;
}

describe('the same inputs keep their fingerprints however the run is made; the next month\'s are new', () => {
  it('checked twice: the same log', () => {
    const dir = writeTree(tempDir(), monthInputs('2026-10', '2026-10-08'));
    const once = sarif(dir, INPUTS);
    expect(sarif(dir, INPUTS)).toBe(once);
    expect([...fingerprintsOf(once).keys()]).toEqual(expect.arrayContaining(BREACHES));
  });

  it('with a warm --cache (the cached results keep the month and the submitted date)', () => {
    const cache = ['--cache-location', path.join(tempDir(), 'cache')];
    const prints = acrossMonths(monthInputs, INPUTS, (dir) => {
      sarif(dir, [...cache, ...INPUTS]);
      const warm = runTmcheck(['--format', 'sarif', '--no-timestamp', '--lang', 'en', ...cache, ...INPUTS], { cwd: dir });
      expect(warm.stderr).toMatch(/cache: 2 of 2 documents reused/);
      return warm.stdout;
    });
    expect([...prints.keys()]).toEqual(expect.arrayContaining(BREACHES));
  });

  it('through worker threads (--jobs 2)', () => {
    const count = 32;
    expect(workerCount(2, count)).toBe(1);
    const inputs = (month: string, submitted: string) => ({
      ...monthInputs(month, submitted),
      ...Object.fromEntries(Array.from({ length: count }, (_, i) => [`d${String(i).padStart(2, '0')}.yaml`, dossier(submitted)])),
    });
    const prints = acrossMonths(inputs, ['--jobs', '1', '.'], (dir) => sarif(dir, ['--jobs', '2', '.']));
    expect([...prints.keys()]).toEqual(expect.arrayContaining(BREACHES));
  });

  it('through --shard parts and tmcheck merge (dossiers in two parts, the month in one)', () => {
    const inputs = (month: string, submitted: string) => ({
      'monthly/report.yaml': report(month),
      'monthly/calls.csv': calls(month),
      ...Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`dossiers/d${i}.yaml`, dossier(submitted)])),
    });
    const part = (dir: string, name: string, args: string[]) => {
      const run = runTmcheck(['--format', `sarif=${name}`, '--no-timestamp', '--lang', 'en', ...args], { cwd: dir });
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      return name;
    };
    const prints = acrossMonths(inputs, ['monthly', 'dossiers'], (dir) => {
      const parts = [part(dir, 'm.sarif', ['--history', 'dossiers', '--shard', '1/1', 'monthly']), part(dir, 'd1.sarif', ['--shard', '1/2', 'dossiers']), part(dir, 'd2.sarif', ['--shard', '2/2', 'dossiers'])];
      const merged = runTmcheck(['merge', ...parts], { cwd: dir });
      expect(merged.stderr).toBe('');
      return merged.stdout;
    });
    expect([...prints.keys()]).toEqual(
      expect.arrayContaining(['R21-1/call-log-all-recorded monthly/calls.csv row 3', 'R24-4/complaint-deduction monthly/report.yaml /complaints/vendor_caused', 'R10-P5-5/clean-record dossiers/d3.yaml /vendor/administrative_penalties/0']),
    );
  });
});

describe('the JSON report carries what a finding\'s identity counts, and tmcheck merge keeps it', () => {
  it('files[].month and .submitted, findings[].month and .subject: in one run\'s report and in the merge of its parts', () => {
    const dir = writeTree(tempDir(), {
      'monthly/report.yaml': report('2026-10'),
      'monthly/calls.csv': calls('2026-10'),
      'dossiers/d0.yaml': dossier('2026-10-08'),
      'dossiers/d1.yaml': dossier('2026-10-09'),
    });
    const json = (args: string[]) => {
      const run = runTmcheck(['--no-timestamp', '--lang', 'en', ...args], { cwd: dir });
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      return JSON.parse(run.stdout) as { files: Array<Record<string, unknown>>; findings: Array<Record<string, unknown>> };
    };
    const whole = json(['--format', 'json', 'monthly', 'dossiers']);
    const scoped = (report: typeof whole) => ({
      files: report.files.map((f) => [f.file, f.month, f.submitted]),
      findings: report.findings.filter((f) => f.month !== undefined || f.subject !== undefined).map((f) => [f.ruleId, f.month, f.subject]),
    });
    expect(scoped(whole)).toEqual({
      files: [
        ['dossiers/d0.yaml', undefined, '2026-10-08'],
        ['dossiers/d1.yaml', undefined, '2026-10-09'],
        ['monthly/calls.csv', undefined, undefined],
        ['monthly/report.yaml', '2026-10', undefined],
      ],
      findings: [['R21-1/call-log-all-recorded', '2026-10', '2026-10-09']],
    });
    for (const [name, args] of [['m.json', ['--history', 'dossiers', '--shard', '1/1', 'monthly']], ['d1.json', ['--shard', '1/2', 'dossiers']], ['d2.json', ['--shard', '2/2', 'dossiers']]] as const) {
      expect(runTmcheck(['--no-timestamp', '--lang', 'en', '--format', `json=${name}`, ...args], { cwd: dir }).stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    const merging = runTmcheck(['merge', 'm.json', 'd1.json', 'd2.json'], { cwd: dir });
    expect(merging.stderr).toBe('');
    const merged = JSON.parse(merging.stdout) as typeof whole;
    expect(scoped(merged)).toEqual(scoped(whole));
    expect(merged.findings).toEqual(whole.findings);
    expect(merged.files).toEqual(whole.files);
  });
});
