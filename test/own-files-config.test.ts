import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { projectRoot } from './support/fixtures.js';
import { SIGNED_BY_LISTED_COMPANY, dossierText, tempDir, writeDossier } from './support/temp-dossier.js';

// A config file inside a checked folder is tmcheck's own file: skipped with a warning (it never
// applies there, see src/cli/settings.ts), never read as an invalid document (exit 2).

interface JsonReport {
  files: Array<{ file: string; status: string }>;
  notes?: Array<{ file: string; level: string; message: string }>;
}

async function check(cwd: string, args: string[]) {
  const run = await runCli([...args, '--format', 'json', '--no-timestamp', '--lang', 'en'], cwd);
  return { status: run.status, stderr: run.stderr, report: JSON.parse(run.stdout) as JsonReport };
}

const IGNORED = 'skipped: a tmcheck config file, not a document to check; a config inside a checked folder applies only when named with --config';

describe('a config file inside a checked folder', () => {
  it('is skipped with a warning under each of its names (the template of `tmcheck init config`, YAML keys, JSON)', async () => {
    const dir = tempDir();
    for (const [folder, name] of [['a', 'tmcheck.config.yaml'], ['b', 'tmcheck.config.yml'], ['c', 'tmcheck.config.json']] as const) {
      mkdirSync(path.join(dir, 'uploads', folder), { recursive: true });
      writeDossier(path.join(dir, 'uploads', folder), 'dossier.yaml');
      const file = path.join(dir, 'uploads', folder, name);
      if (folder === 'a') copyFileSync(path.join(projectRoot, 'templates/config.yaml'), file);
      else if (folder === 'b') writeFileSync(file, 'fail_on: warning\nlimits:\n  max_file_size: 10\n');
      else writeFileSync(file, JSON.stringify({ lang: 'zh' }));
    }
    const { status, report } = await check(dir, ['uploads']);
    expect(status).toBe(0);
    expect(report.files.map((f) => [f.file, f.status])).toEqual(['a', 'b', 'c'].map((f) => [`uploads/${f}/dossier.yaml`, 'pass']));
    expect(report.notes).toEqual([
      { file: 'uploads/a/tmcheck.config.yaml', level: 'warning', message: IGNORED },
      { file: 'uploads/b/tmcheck.config.yml', level: 'warning', message: IGNORED },
      { file: 'uploads/c/tmcheck.config.json', level: 'warning', message: IGNORED },
    ]);
  });

  it('checked from inside the folder (`tmcheck .`): not applied, and not a document', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml');
    // Were it applied, a 10-byte size limit would make the dossier invalid.
    writeFileSync(path.join(dir, 'tmcheck.config.yaml'), 'limits:\n  max_file_size: 10\n');
    const { status, stderr, report } = await check(dir, ['.']);
    expect(stderr).toContain('tmcheck.config.yaml');
    expect(status).toBe(0);
    expect(report.files.map((f) => [f.file, f.status])).toEqual([['dossier.yaml', 'pass']]);
    expect(report.notes).toEqual([{ file: 'tmcheck.config.yaml', level: 'warning', message: IGNORED }]);
  });

  it('a document under that name, or a file with any key a config cannot hold, is still checked as a document', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'a'));
    mkdirSync(path.join(dir, 'b'));
    writeFileSync(path.join(dir, 'a', 'tmcheck.config.yaml'), dossierText(SIGNED_BY_LISTED_COMPANY));
    writeFileSync(path.join(dir, 'b', 'tmcheck.config.json'), JSON.stringify({ lang: 'en', vendor: { name: 'x' } }));
    const elsewhere = tempDir();
    const { status, report } = await check(elsewhere, [dir]);
    expect(status).toBe(2);
    expect(report.files.map((f) => [path.relative(dir, f.file), f.status])).toEqual([
      ['a/tmcheck.config.yaml', 'fail'],
      ['b/tmcheck.config.json', 'invalid'],
    ]);
    expect(report.notes).toBeUndefined();
  });
});

describe('a config file inside a checked folder, named with --config', () => {
  it('applies, and is still skipped by the walk rather than read as a document', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'uploads'));
    writeDossier(path.join(dir, 'uploads'), 'dossier.yaml');
    // Applied: its 60-byte size limit (more than its own 28 bytes) makes the dossier invalid.
    writeFileSync(path.join(dir, 'uploads', 'tmcheck.config.yaml'), 'limits:\n  max_file_size: 60\n');
    const { status, report } = await check(dir, ['--config', 'uploads/tmcheck.config.yaml', 'uploads']);
    expect(status).toBe(2);
    expect(report.files.map((f) => [f.file, f.status])).toEqual([['uploads/dossier.yaml', 'invalid']]);
    expect(report.notes).toEqual([{ file: 'uploads/tmcheck.config.yaml', level: 'warning', message: IGNORED }]);
  });
});
