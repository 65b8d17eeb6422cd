import { copyFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, FIXTURE_DOSSIER } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * A folder under check may hold symbolic links to nothing (an unpacked tar keeps the vendor's links).
 * One named as a file the run checks was skipped without a word and the run passed; it is an input
 * error on its path. A link to nothing under another name is still nothing to check.
 */
const tempDir = tempDirMaker('tmcheck-links-');
const DANGLING = 'symbolic link to a file that does not exist; not checked';
const report = path.join(projectRoot, 'fixtures/calllogs/report-2026-10-jinan.yaml');

describe('links to nothing in a checked folder', () => {
  it('a dangling call log or document link is an input error (exit 2) naming it; other names and the rest of the folder are checked', async () => {
    const dir = tempDir();
    copyFileSync(report, path.join(dir, 'report.yaml'));
    symlinkSync('/nonexistent/2026-10-calls.csv', path.join(dir, '2026-10-calls.csv'));
    symlinkSync('missing.yaml', path.join(dir, 'vendor.YAML'));
    symlinkSync('missing.xls', path.join(dir, 'old.xls'));
    symlinkSync('missing.txt', path.join(dir, 'notes.txt'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', FIXTURE_DOSSIER, '.'], { cwd: dir }); // with the report's vendor's dossier
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const files = (JSON.parse(run.stdout) as { files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }> }).files;
    expect(files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([
      ['2026-10-calls.csv', 'invalid', DANGLING],
      ['old.xls', 'invalid', DANGLING],
      ['report.yaml', 'pass', undefined],
      ['vendor.YAML', 'invalid', DANGLING],
    ]);
  });

  it('a pattern reports a link to nothing only when it names it', async () => {
    const dir = tempDir();
    copyFileSync(report, path.join(dir, 'report.yaml'));
    symlinkSync('missing.csv', path.join(dir, 'calls.csv'));
    symlinkSync('missing.yaml', path.join(dir, 'gone.yaml'));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '*.yaml'], { cwd: dir });
    const files = (JSON.parse(run.stdout) as { files: Array<{ file: string; errors?: Array<{ message: string }> }> }).files;
    expect(files.map((f) => [f.file, f.errors?.[0]?.message])).toEqual([
      ['gone.yaml', DANGLING],
      ['report.yaml', undefined],
    ]);
    expect(run.status).toBe(2);
  });
});
