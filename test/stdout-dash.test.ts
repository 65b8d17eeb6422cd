import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { tempDir } from './support/temp-dossier.js';

const failing = path.join(fixturesDir, 'dossier', 'dossier-capital-below-minimum.yaml');

/** A fresh working folder holding one failing dossier as `in/dossier.yaml`. */
function workspace(): string {
  const dir = tempDir('tmcheck-dash-');
  mkdirSync(path.join(dir, 'in'));
  copyFileSync(failing, path.join(dir, 'in', 'dossier.yaml'));
  return dir;
}

const run = (args: string[], cwd: string) => runCli([...args, '--lang', 'en', '--no-timestamp'], cwd);
const dashWritten = (dir: string) => existsSync(path.join(dir, '-'));

describe('- means standard output', () => {
  it('-o - writes the report to stdout, no file named -; ./- is that file', async () => {
    const dir = workspace();
    const result = await run(['in', '-o', '-'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('in/dossier.yaml VendorDossier  ✖ fail');
    expect(dashWritten(dir)).toBe(false);
    expect((await run(['in', '-o', './-', '-f', 'json'], dir)).stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, '-'), 'utf8')).findings).toHaveLength(1);
  });

  it('-f json=- writes that format to stdout, beside name=FILE outputs; sarif=./- is a file named -', async () => {
    const dir = workspace();
    const result = await run(['in', '-f', 'json=-', '-f', 'sarif=r.sarif'], dir);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).findings[0].ruleId).toBe('R10-P5-1/registered-capital');
    expect(readdirSync(dir).sort()).toEqual(['in', 'r.sarif']);
    await run(['in', '-f', 'sarif=./-'], dir);
    expect(JSON.parse(readFileSync(path.join(dir, '-'), 'utf8')).version).toBe('2.1.0');
  });

  it('two formats on stdout (bare, name=- or -o -) are refused, exit 2, nothing written', async () => {
    for (const args of [
      ['-f', 'json=-', '-f', 'text'],
      ['-f', 'json=-', '-f', 'sarif=-'],
      ['-f', 'json', '-o', '-', '-f', 'junit=-'],
    ]) {
      const dir = workspace();
      const result = await run(['in', ...args], dir);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/only one format can go to standard output \(got: \w+, \w+\)/);
      expect(result.stdout).toBe('');
      expect(readdirSync(dir)).toEqual(['in']);
    }
  });

  it('--write-baseline - writes the baseline to stdout while the report goes to a file', async () => {
    const dir = workspace();
    const result = await run(['in', '--write-baseline', '-', '-o', 'r.json', '-f', 'json'], dir);
    expect(result.status).toBe(1);
    const baseline = JSON.parse(result.stdout);
    expect(baseline).toMatchObject({ tool: 'tmcheck', baselineVersion: 1 });
    expect(baseline.findings).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')).findings).toHaveLength(1);
    expect(dashWritten(dir)).toBe(false);
    // Read back as a baseline, it holds the finding back.
    writeFileSync(path.join(dir, 'b.json'), result.stdout);
    expect((await run(['in', '--baseline', 'b.json'], dir)).status).toBe(0);
  });

  it('--write-baseline - beside a report on stdout is refused, exit 2, nothing written', async () => {
    const dir = workspace();
    const result = await run(['in', '--write-baseline', '-'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--write-baseline - writes the baseline to standard output, where the report (text) goes too');
    expect(result.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['in']);
  });

  it('output: "-" and formats: [json=-] in the config file mean stdout too', async () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'tmcheck.config.yaml'), 'output: "-"\nformats: ["json"]\n');
    const viaOutput = await run(['in'], dir);
    expect(JSON.parse(viaOutput.stdout).findings).toHaveLength(1);
    writeFileSync(path.join(dir, 'tmcheck.config.yaml'), 'formats: ["json=-"]\n');
    expect(JSON.parse((await run(['in'], dir)).stdout).findings).toHaveLength(1);
    expect(dashWritten(dir)).toBe(false);
  });

  it('merge -o - and init KIND - write to stdout', async () => {
    const dir = workspace();
    expect((await run(['in', '--shard', '1/1', '-f', 'json=part.json'], dir)).status).toBe(1);
    const merged = await runCli(['merge', 'part.json', '-o', '-', '--lang', 'en'], dir);
    expect(merged.status).toBe(1);
    expect(JSON.parse(merged.stdout).findings).toHaveLength(1);
    const init = await runCli(['init', 'dossier', '-', '--lang', 'en'], dir);
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('kind: VendorDossier');
    expect(init.stdout).not.toContain('wrote');
    expect(dashWritten(dir)).toBe(false);
  });
});
