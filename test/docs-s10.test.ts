import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { templatesDir } from '../src/paths.js';
import { runCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dossier.js';

// Usability defects found by following the README and docs/ as a newcomer (session 10).

describe('tmcheck init into a folder that does not exist yet', () => {
  it('creates the folder, as a report output does (docs/cli.md: `init report reports/2026-11.yaml`)', async () => {
    const dir = tempDir();
    const run = await runCli(['init', 'report', 'reports/2026-11.yaml', '--lang', 'en'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, 'reports', '2026-11.yaml'), 'utf8')).toBe(readFileSync(path.join(templatesDir, 'en', 'monthly-report.yaml'), 'utf8'));
    expect(readdirSync(path.join(dir, 'reports'))).toEqual(['2026-11.yaml']);
  });

  it('names the folder when a file stands in its way (exit 2), and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'uploads'), 'not a folder\n');
    const run = await runCli(['init', 'dossier', 'uploads/vendor-dossier.yaml', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^tmcheck: cannot write \S*uploads\/vendor-dossier\.yaml: the folder \S*uploads cannot be created \((EEXIST|ENOTDIR)\)\n$/);
    expect(readdirSync(dir)).toEqual(['uploads']);
  });
});
