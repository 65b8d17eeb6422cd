import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { SIGNED_BY_LISTED_COMPANY, dossierText, tempDir, writeDossier } from './support/temp-dossier.js';

interface JsonReport {
  files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }>;
  notes?: Array<{ file: string; level: string; message: string }>;
}

async function check(dir: string, args: string[]): Promise<{ status: number; report: JsonReport; stdout: string }> {
  const run = await runCli([...args, '--format', 'json', '--no-timestamp', '--lang', 'en'], dir);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport, stdout: run.stdout };
}

describe("tmcheck's own files found in a folder walk", () => {
  it('are recognised and skipped with a note, never read as invalid documents', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'uploads'));
    writeDossier(path.join(dir, 'uploads'), 'dossier.yaml');
    // The reports of an earlier run, written into the folder, and a baseline.
    const earlier = await runCli(['uploads', '--no-timestamp', '--format', 'json=uploads/report.json', '--format', 'sarif=uploads/report.sarif.json', '--write-baseline', 'uploads/tmcheck.baseline.json'], dir);
    expect(earlier.status).toBe(0);
    writeFileSync(path.join(dir, 'uploads', 'other-waivers.yml'), '# approvals\nwaivers: []\n');
    const { status, report } = await check(dir, ['uploads']);
    expect(status).toBe(0);
    expect(report.files.map((f) => [f.file, f.status])).toEqual([['uploads/dossier.yaml', 'pass']]);
    expect(report.notes?.map((n) => [n.file, n.level, n.message.split(',')[0]])).toEqual([
      ['uploads/other-waivers.yml', 'warning', 'ignored: waivers are only read from --waivers or from the working folder tmcheck runs in'],
      ['uploads/report.json', 'note', 'skipped: a tmcheck JSON report'],
      ['uploads/report.sarif.json', 'note', 'skipped: a tmcheck SARIF log'],
      ['uploads/tmcheck.baseline.json', 'note', 'skipped: a tmcheck baseline'],
    ]);
    const text = await runCli(['uploads', '--lang', 'en'], dir);
    expect(text.stdout).toMatch(/uploads\/report\.json {2}note +skipped: a tmcheck JSON report/);
  });

  it('are recognised under names in any case, and a cache by its name anywhere in it (the walk turns away other paths by their names alone)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'uploads'));
    writeDossier(path.join(dir, 'uploads'), 'dossier.yaml');
    const earlier = await runCli(['uploads', '--no-timestamp', '--format', 'json=uploads/REPORT.JSON', '--cache-location', 'kept-cache'], dir);
    expect(earlier.status).toBe(0);
    // A cache is never written among the inputs, but one may be copied there.
    copyFileSync(path.join(dir, 'kept-cache'), path.join(dir, 'uploads', 'Nightly.TMCHECK-CACHE.yaml'));
    writeFileSync(path.join(dir, 'uploads', 'Team-WAIVERS.YML'), '# approvals\nwaivers: []\n');
    const { status, report } = await check(dir, ['uploads']);
    expect(status).toBe(0);
    expect(report.files.map((f) => [f.file, f.status])).toEqual([['uploads/dossier.yaml', 'pass']]);
    expect(report.notes?.map((n) => [n.file, n.level, n.message.split(',')[0]])).toEqual([
      ['uploads/Nightly.TMCHECK-CACHE.yaml', 'note', 'skipped: a tmcheck cache file (--cache)'],
      ['uploads/REPORT.JSON', 'note', 'skipped: a tmcheck JSON report'],
      ['uploads/Team-WAIVERS.YML', 'warning', 'ignored: waivers are only read from --waivers or from the working folder tmcheck runs in'],
    ]);
  });

  it('a document dressed up as one (named tmcheck.waivers.yaml, or with a waivers key) is still checked', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'tmcheck.waivers.yaml'), dossierText(SIGNED_BY_LISTED_COMPANY));
    writeFileSync(path.join(dir, 'b.yaml'), `waivers: []\n${dossierText(SIGNED_BY_LISTED_COMPANY)}`);
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ tool: { name: 'tmcheck' }, files: [], findings: [], summary: {}, kind: 'VendorDossier' }));
    const elsewhere = tempDir();
    const { status, report } = await check(elsewhere, [dir]);
    expect(status).toBe(2);
    expect(report.files.map((f) => [path.basename(f.file), f.status])).toEqual([
      ['b.yaml', 'invalid'],
      ['c.json', 'invalid'],
      ['tmcheck.waivers.yaml', 'fail'],
    ]);
    expect(report.notes).toBeUndefined();
  });

  it('a folder holding only tmcheck files still holds no documents: exit 2', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'only'));
    writeFileSync(path.join(dir, 'only', 'tmcheck.waivers.yaml'), 'waivers: []\n');
    const { status, report } = await check(dir, ['only']);
    expect(status).toBe(2);
    expect(report.files).toEqual([expect.objectContaining({ file: 'only', status: 'invalid', errors: [expect.objectContaining({ message: expect.stringContaining('folder holds no documents') })] })]);
  });
});

describe('a pattern that matches only tmcheck files', () => {
  it('matches no document: exit 2, never an empty pass', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml');
    const earlier = await runCli(['dossier.yaml', '--no-timestamp', '--format', 'json=report.json'], dir);
    expect(earlier.status).toBe(0);
    const { status, report } = await check(dir, ['*.json']);
    expect(status).toBe(2);
    expect(report.files).toEqual([expect.objectContaining({ file: '*.json', status: 'invalid' })]);
    expect(report.notes?.map((n) => n.file)).toEqual(['report.json']);
  });
});
