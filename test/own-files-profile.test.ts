import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { projectRoot } from './support/fixtures.js';
import { tempDir, writeDossier } from './support/temp-dossier.js';

// The --profile file inside a checked folder is the run's own file: skipped with a note (its
// parameters apply), never checked as an invalid document (exit 2), as a config file is skipped.

interface JsonReport {
  files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }>;
  notes?: Array<{ file: string; level: string; message: string }>;
}

async function check(cwd: string, args: string[]) {
  const run = await runCli([...args, '--format', 'json', '--no-timestamp', '--lang', 'en'], cwd);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

const SKIPPED = 'skipped: the profile named with --profile for this run (its parameters apply), not a document to check';
const PROFILE = path.join(projectRoot, 'profiles/shandong-example.yaml');

describe('the --profile file inside a checked folder', () => {
  it('is skipped with a note, named directly or through a symbolic link to its folder; the documents beside it are checked', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'uploads'));
    writeDossier(path.join(dir, 'uploads'), 'dossier.yaml');
    copyFileSync(PROFILE, path.join(dir, 'uploads', 'branch-profile.yaml'));
    const { status, report } = await check(dir, ['--profile', 'uploads/branch-profile.yaml', 'uploads']);
    expect(report.files.map((f) => [f.file, f.status])).toEqual([['uploads/dossier.yaml', 'pass']]);
    expect(report.notes).toEqual([{ file: 'uploads/branch-profile.yaml', level: 'note', message: SKIPPED }]);
    expect(status).toBe(0);

    symlinkSync(path.join(dir, 'uploads'), path.join(dir, 'linked'));
    const linked = await check(dir, ['--profile', 'uploads/branch-profile.yaml', 'linked']);
    expect(linked.report.notes).toEqual([{ file: 'linked/branch-profile.yaml', level: 'note', message: SKIPPED }]);
    expect(linked.status).toBe(0);
  });

  it('a folder holding only the profile checks nothing: exit 2, never a pass; another profile-like file is still a document', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'only'));
    copyFileSync(PROFILE, path.join(dir, 'only', 'profile.yaml'));
    const only = await check(dir, ['--profile', 'only/profile.yaml', 'only']);
    expect(only.report.files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([['only', 'invalid', 'folder holds no documents to check (.yaml .yml .json .csv .xlsx)']]);
    expect(only.status).toBe(2);

    // Without --profile naming it, the same file is checked as a document (it has no `kind`): nothing the folder holds is skipped by its looks.
    const unnamed = await check(dir, ['only']);
    expect(unnamed.report.files.map((f) => [f.file, f.status])).toEqual([['only/profile.yaml', 'invalid']]);
    expect(unnamed.status).toBe(2);
  });
});
