import { describe, expect, it, beforeAll } from 'vitest';
import { runTmcheck } from './support/cli.js';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { validateJunit, validateSarif } from './support/output-schemas.js';

const failing = path.join(projectRoot, 'fixtures', 'dossier', 'dossier-capital-below-minimum.yaml');

const tmcheck = (args: string[], cwd: string, env: Record<string, string> = {}) => runTmcheck(args, { cwd, env });

/** A fresh folder holding one failing dossier as `in/dossier.yaml`. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-formats-'));
  mkdirSync(path.join(dir, 'in'));
  copyFileSync(failing, path.join(dir, 'in', 'dossier.yaml'));
  return dir;
}

beforeAll(() => {
  if (!existsSync(path.join(projectRoot, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
});

describe('--format name=FILE (several outputs in one run)', () => {
  it('text to stdout, SARIF, JUnit, Markdown and GitHub to their files, all from one check', async () => {
    const dir = workspace();
    const run = tmcheck(['in', '--no-timestamp', '--format', 'text', '--format', 'sarif=out/r.sarif', '--format', 'junit=out/r.xml', '--format', 'markdown=r.md', '--format', 'github=r.gh'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('in/dossier.yaml VendorDossier  ✖ fail');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out/r.sarif'), 'utf8'));
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['R10-P5-1/registered-capital']);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('in/dossier.yaml');
    expect(await validateJunit(readFileSync(path.join(dir, 'out/r.xml'), 'utf8'))).toEqual([]);
    expect(readFileSync(path.join(dir, 'r.md'), 'utf8')).toContain('<code>R10-P5-1/registered-capital</code>');
    expect(readFileSync(path.join(dir, 'r.gh'), 'utf8')).toMatch(/^::error file=in\/dossier.yaml,line=\d+,col=\d+,title=R10-P5-1\/registered-capital/);
    // Written by rename: no temporary files are left beside the reports.
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['r.sarif', 'r.xml']);
  });

  it('with only name=FILE pairs nothing goes to stdout; --output takes the bare format', () => {
    const dir = workspace();
    const pairsOnly = tmcheck(['in', '--format', 'sarif=r.sarif'], dir);
    expect(pairsOnly.stdout).toBe('');
    expect(existsSync(path.join(dir, 'r.sarif'))).toBe(true);
    const withOutput = tmcheck(['in', '--format', 'json', '--output', 'r.json', '--format', 'junit=r.xml'], dir);
    expect(withOutput.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).findings[0].ruleId).toBe('R10-P5-1/registered-capital');
    expect(readFileSync(path.join(dir, 'r.xml'), 'utf8')).toContain('<testsuites');
  });

  it('an unknown format is a usage error (exit 2) that lists the valid ones', () => {
    const run = tmcheck(['in', '--format', 'sarif=r.sarif', '--format', 'pdf=r.pdf'], workspace());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown format "pdf"; valid formats: text, json, ');
    for (const name of ['sarif', 'junit', 'github', 'markdown']) expect(run.stderr).toContain(name);
  });

  it('at most one format without a file', () => {
    const run = tmcheck(['in', '--format', 'text', '--format', 'json'], workspace());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('only one format can go to standard output (got: text, json)');
  });

  it('two reports to the same file are refused', () => {
    const run = tmcheck(['in', '--format', 'sarif=r.out', '--format', 'junit=./r.out'], workspace());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('two outputs would be written to the same file');
  });

  it('never over an input file, whether named or found in a folder; the input is left as it was', () => {
    const dir = workspace();
    const before = readFileSync(path.join(dir, 'in/dossier.yaml'), 'utf8');
    const named = tmcheck(['in/dossier.yaml', '--format', 'json=in/dossier.yaml'], dir);
    expect(named.status).toBe(2);
    expect(named.stderr).toContain('refusing to write the report over an input file');
    const found = tmcheck(['in', '--format', 'text', '--format', 'json=in/dossier.yaml'], dir, { LANG: 'zh_CN.UTF-8' });
    expect(found.status).toBe(2);
    expect(found.stderr).toContain('拒绝用报告覆盖输入文件');
    expect(found.stdout).toBe('');
    expect(readFileSync(path.join(dir, 'in/dossier.yaml'), 'utf8')).toBe(before);
  });
});
