import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allFixtures, validateSarif } from './support/output-schemas.js';
import { projectRoot } from './support/fixtures.js';

/**
 * Reports are evidence: the same inputs and options give the same bytes, whatever the order of the
 * arguments, the time zone, the locale or the wall clock, once the time stamp is fixed or left out.
 */
const bin = path.join(projectRoot, 'bin', 'tmcheck.js');
const FILE_FORMATS = { json: 'json', sarif: 'sarif', junit: 'xml', html: 'html', markdown: 'md', github: 'txt' } as const;
type FileFormat = keyof typeof FILE_FORMATS;

const tempDir = tempDirMaker('tmcheck-det-');

/** Runs the real CLI once, writing every file format; returns each output's bytes and the text report. */
function runAll(inputs: string[], options: string[], env: Record<string, string> = {}): Record<FileFormat | 'text', string> {
  const dir = tempDir();
  const formats = Object.entries(FILE_FORMATS).flatMap(([name, ext]) => ['--format', `${name}=${path.join(dir, `report.${ext}`)}`]);
  const run = spawnSync(process.execPath, [bin, '--lang', 'en', ...options, ...formats, '--format', 'text', ...inputs], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', TZ: 'UTC', ...env },
  });
  expect([1, 2], run.stderr).toContain(run.status);
  const out = { text: run.stdout } as Record<FileFormat | 'text', string>;
  for (const [name, ext] of Object.entries(FILE_FORMATS)) out[name as FileFormat] = readFileSync(path.join(dir, `report.${ext}`), 'utf8');
  return out;
}

// Every fixture: dossiers, monthly reports (a ranked batch), call logs and invalid files.
const inputs = allFixtures();
let first: Record<FileFormat | 'text', string>;

beforeAll(() => {
  first = runAll(inputs, ['--no-timestamp']);
}, 180_000);

describe('byte-identical reports', () => {
  it('--no-timestamp: a second run in another time zone and locale, with the arguments reversed, gives the same bytes in every format', () => {
    const second = runAll([...inputs].reverse(), ['--no-timestamp'], { TZ: 'Asia/Shanghai', LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8' });
    for (const format of Object.keys(first) as Array<keyof typeof first>) expect(second[format], format).toBe(first[format]);
    expect(JSON.parse(first.json).generatedAt).toBeUndefined();
    expect(first.junit).not.toContain('timestamp=');
    expect(JSON.parse(first.sarif).runs[0].invocations[0].endTimeUtc).toBeUndefined();
  }, 180_000);

  it('SOURCE_DATE_EPOCH fixes the one time field in JSON, SARIF and JUnit; without it the clock is used', () => {
    const epoch = { SOURCE_DATE_EPOCH: '1700000000' };
    // The stamp is the epoch's own instant, not the clock's, so no second run (or wait) is needed to show it.
    const a = runAll(inputs, [], epoch);
    expect(JSON.parse(a.json).generatedAt).toBe('2023-11-14T22:13:20.000Z');
    expect(JSON.parse(a.sarif).runs[0].invocations[0].endTimeUtc).toBe('2023-11-14T22:13:20.000Z');
    expect(a.junit).toContain('timestamp="2023-11-14T22:13:20.000Z"');
    // The clock's time lies between the moments before and after the run (whole seconds: the stamp may be rounded).
    const before = Math.floor(Date.now() / 1000) * 1000;
    const clock = runAll(['fixtures/dossier-compliant.yaml', 'fixtures/dossier/dossier-signed-at-city.yaml'], []);
    const stamp = Date.parse(JSON.parse(clock.json).generatedAt);
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  }, 300_000);
});

describe('order', () => {
  interface JsonFinding {
    ruleId: string;
    location: { file: string; line?: number; column?: number; row?: number };
  }
  const key = (f: JsonFinding) => [f.location.file, f.location.line ?? f.location.row ?? 0, f.location.column ?? 0, f.ruleId] as const;
  const inOrder = (a: JsonFinding, b: JsonFinding) => {
    const [x, y] = [key(a), key(b)];
    return x[0] < y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && (x[2] < y[2] || (x[2] === y[2] && x[3] <= y[3])))));
  };

  it('findings are sorted by file, line (or table row), column, then rule, in JSON and SARIF', () => {
    const findings = (JSON.parse(first.json) as { findings: JsonFinding[] }).findings;
    expect(findings.length).toBeGreaterThan(50);
    expect(new Set(findings.map((f) => f.location.file)).size).toBeGreaterThan(20);
    for (let i = 1; i < findings.length; i++) expect(inOrder(findings[i - 1]!, findings[i]!), `${JSON.stringify(findings[i - 1])} before ${JSON.stringify(findings[i])}`).toBe(true);
    const sarif = JSON.parse(first.sarif) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(validateSarif(sarif)).toEqual([]);
    // Findings first, in that order; then a result per input error (files that could not be checked).
    expect(sarif.runs[0]!.results.map((r) => r.ruleId).filter((id) => !id.startsWith('input/'))).toEqual(findings.map((f) => f.ruleId));
  });

  it('files are listed by path, byte order, independent of locale', () => {
    const files = (JSON.parse(first.json) as { files: Array<{ file: string }> }).files.map((f) => f.file);
    expect(files).toEqual([...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});
