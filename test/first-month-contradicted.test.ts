import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DOSSIER, fixturesDir } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * R24-2's first month (one spot check suffices) is read from the report's own cooperation_started.
 * A report claiming a first month passed with one check even when the vendor's dossier had the
 * agreement signed a month before that start, or an earlier month's report showed the cooperation
 * running: the relaxation is now withheld (R24-2/first-month-contradicted, at /inspections), and the
 * verdict is the same with --jobs and with --cache (cold and warm).
 */
const tempDir = tempDirMaker('tmcheck-first-month-');
const ONE_CHECK = readFileSync(path.join(fixturesDir, 'monthly/report-inspection-one-first-month.yaml'), 'utf8');

/** The October report claiming a first month from `started`, with the one check of the fixture moved after it. */
function report(started: string, month = '2026-10'): string {
  return ONE_CHECK.replace('cooperation_started: 2026-10-01', `cooperation_started: ${started}`)
    .replace('month: 2026-10', `month: ${month}`)
    .replace('{ date: 2026-10-14, calls_checked: 20 }', '{ date: 2026-10-25, calls_checked: 20 }');
}

const lineOf = (text: string, start: string) => text.split('\n').findIndex((line) => line.startsWith(start)) + 1;

type Json = { findings: Array<{ ruleId: string; message: string; location: { file: string; path: string; line: number } }> };

async function findings(dir: string, args: string[]): Promise<Array<[string, string, string, number, string]>> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', ...args], { cwd: dir });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  return (JSON.parse(run.stdout) as Json).findings
    .filter((f) => f.ruleId.startsWith('R24-2/'))
    .map((f) => [f.ruleId, f.location.file, f.location.path, f.location.line, f.message]);
}

describe('R24-2/first-month-contradicted', () => {
  it('grants the first month while nothing contradicts the start, and withholds it when the dossier has the agreement signed a month before it, in every mode', async () => {
    const dir = tempDir();
    // Granted while nothing contradicts the start: no dossier, or an agreement less than a month before it.
    writeFileSync(path.join(dir, 'report.yaml'), report('2026-10-02'));
    expect(await findings(dir, ['report.yaml'])).toEqual([]);
    copyFileSync(FIXTURE_DOSSIER, path.join(dir, 'dossier.yaml'));
    expect(await findings(dir, ['.'])).toEqual([]);
    const text = report('2026-10-20');
    writeFileSync(path.join(dir, 'report.yaml'), text);
    const cache = path.join(tempDir(), 'c.cache');
    const expected = [
      [
        'R24-2/first-month-contradicted',
        'report.yaml',
        '/inspections',
        lineOf(text, '  - { date: 2026-10-25'),
        "济南泉声信息技术有限公司 (91370102MA3C4F5G9F) states in its 2026-10 report that the cooperation started on 2026-10-20, which would make 2026-10 a first month shorter than a month, when one spot check suffices; but the dossier (dossier.yaml) has the outsourcing agreement signed on 2026-09-18, a month or more before that start, so the start is contradicted and, on the stricter reading, the first month is not granted: spot checks of at least 20 calls: 1, fewer than the 2 required (第二十四条(一))",
      ],
    ];
    expect(await findings(dir, ['.'])).toEqual(expected);
    expect(await findings(dir, ['--jobs', '2', '.'])).toEqual(expected);
    expect(await findings(dir, ['--cache', '--cache-location', cache, '.'])).toEqual(expected);
    expect(await findings(dir, ['--cache', '--cache-location', cache, '.'])).toEqual(expected);
  });

  it('withholds it when an earlier month\'s report (--history) shows the cooperation running', async () => {
    const dir = tempDir();
    const text = report('2026-10-02');
    writeFileSync(path.join(dir, 'report.yaml'), text);
    writeFileSync(path.join(dir, 'september.yaml'), report('2026-10-02', '2026-09'));
    const found = (await findings(dir, ['--history', 'september.yaml', 'report.yaml'])).filter((f) => f[0] === 'R24-2/first-month-contradicted');
    expect(found.map((f) => f.slice(0, 4))).toEqual([['R24-2/first-month-contradicted', 'report.yaml', '/inspections', lineOf(text, '  - { date: 2026-10-25')]]);
    expect(found[0]![4]).toContain("but the vendor's 2026-09 report (september.yaml) shows the cooperation running then, so the start is contradicted");
  });
});
