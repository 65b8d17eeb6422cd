import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecker, type Checker } from '../../src/api/checker.js';
import type { Report } from '../../src/report/model.js';

export const projectRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const fixturesDir = path.join(projectRoot, 'fixtures');

export interface ExpectedFinding {
  ruleId: string;
  path: string;
  line: number;
}

/**
 * Fixtures carry their expected findings, markdownlint style, as header comments:
 * `# expect: <ruleId> <json-pointer> line <n>`. A fixture without such lines must produce none.
 */
export function expectedFindings(file: string): ExpectedFinding[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^# expect: (\S+) (\S+) line (\d+)\s*$/gm)].map((m) => ({ ruleId: m[1]!, path: m[2]!, line: Number(m[3]) }));
}

export function yamlFixtures(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

// One checker (the built-in rules loaded once, about 0.1 s a load) per test process: a checker is
// not changed by checking with it, and per-fixture tests call checkFiles over a hundred times.
let builtIn: Checker | undefined;

/** Runs the real pipeline (the library API, as the command line; built-in rules) over files, from the project root. */
export async function checkFiles(files: string[]): Promise<Report> {
  builtIn ??= createChecker({ cwd: projectRoot, jobs: 1 });
  return builtIn.check(files);
}

/** The compliant fixture dossier: the vendor (91370102MA3C4F5G9F, agreement signed 2026-09-18) of the report fixtures. */
export const FIXTURE_DOSSIER = path.join(fixturesDir, 'dossier-compliant.yaml');

/**
 * checkFiles with the report fixtures' vendor dossier as --history: R10-1/R10-3 then judge them
 * against its agreement date (without it, each report is a tmcheck/report-no-dossier error).
 */
export async function checkReports(files: string[]): Promise<Report> {
  builtIn ??= createChecker({ cwd: projectRoot, jobs: 1 });
  return builtIn.check(files, { history: [FIXTURE_DOSSIER] });
}

export function actualFindings(report: Report): ExpectedFinding[] {
  return report.findings.map((f) => ({ ruleId: f.ruleId, path: f.location.path ?? '', line: f.location.line ?? 0 }));
}

export function sortFindings(list: ExpectedFinding[]): ExpectedFinding[] {
  return [...list].sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId) || a.path.localeCompare(b.path));
}

/**
 * A waivers file for the batch fixtures: Zibo's September last-place streak (R24-6) under review.
 * The tests of the one pipeline (CLI and API alike) use it to see waivers act on the monthly batch.
 */
export const ZIBO_STREAK_WAIVERS = [
  'waivers:',
  '  - rule: R24-6/last-place-streak',
  '    vendor: 91370303MA3E8N4P2T',
  '    reason: 九月得分复核中 / September score under review',
  '    approved_by: 省分客服部',
  '    expires: 2027-01-31',
  '',
].join('\n');
