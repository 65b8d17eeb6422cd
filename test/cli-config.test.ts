import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

// tmcheck.config.yaml on the command line: found in the working folder or its parents (or named
// with --config), never taken from a folder under check, overridden by command-line options,
// shown by --print-config / `config print`, written by `init config`, refused at its line when bad.

const tempDir = tempDirMaker('tmcheck-cli-config-');
// A dossier with errors: exit 1 unless the config's fail_on says otherwise.
const FAILING = path.join(projectRoot, 'fixtures/dossier/dossier-capital-below-minimum.yaml');

/** root/ with a config file, root/work/ as the working folder, root/docs/d.yaml as the input. */
function project(config: string): { root: string; work: string; input: string } {
  const root = tempDir();
  mkdirSync(path.join(root, 'work'));
  mkdirSync(path.join(root, 'docs'));
  copyFileSync(FAILING, path.join(root, 'docs', 'd.yaml'));
  writeFileSync(path.join(root, 'tmcheck.config.yaml'), config);
  return { root, work: path.join(root, 'work'), input: '../docs/d.yaml' };
}

describe('the config file on the command line', () => {
  it('is found in a parent of the working folder; its paths are relative to its own folder', async () => {
    const { root, work, input } = project('fail_on: never\nformats:\n  - json=out/report.json\n');
    const run = await runInProcess(['--no-timestamp', input], { cwd: work });
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(path.join(root, 'out', 'report.json'), 'utf8')) as { summary: { errors: number } };
    expect(report.summary.errors).toBeGreaterThan(0);
    // Without it, the same check fails.
    expect((await runInProcess(['--config', path.join(root, 'none.yaml'), input], { cwd: work })).status).toBe(2);
  });

  it('a command-line option wins over the file, the file over the default', async () => {
    const { work, input } = project('fail_on: never\nlang: zh\n');
    const firstMessage = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ message: string }> }).findings[0]!.message;
    const configured = await runInProcess(['--no-timestamp', '--format', 'json', input], { cwd: work });
    expect(configured.status).toBe(0);
    const overridden = await runInProcess(['--no-timestamp', '--format', 'json', '--fail-on', 'error', '--lang', 'en', input], { cwd: work });
    expect(overridden.status).toBe(1);
    // Without the file (an empty one named instead), the language is the locale's (English here) and --fail-on is error.
    writeFileSync(path.join(work, 'empty.yaml'), '');
    const none = await runInProcess(['--no-timestamp', '--format', 'json', '--config', 'empty.yaml', input], { cwd: work });
    expect(none.status).toBe(1);
    expect(firstMessage(overridden.stdout)).toBe(firstMessage(none.stdout));
    expect(firstMessage(configured.stdout)).not.toBe(firstMessage(none.stdout));
  });

  it('--config names a file anywhere, even inside a checked folder', async () => {
    const { root, work, input } = project('fail_on: error\n');
    writeFileSync(path.join(root, 'docs', 'mine.yaml'), 'fail_on: never\n');
    const run = await runInProcess(['--config', '../docs/mine.yaml', input], { cwd: work });
    expect(run.status).toBe(0);
  });

  it('one found inside a folder under check is the vendor\'s: ignored, with a warning', async () => {
    const { root } = project('fail_on: error\n');
    const upload = path.join(root, 'docs');
    writeFileSync(path.join(upload, 'tmcheck.config.yaml'), 'fail_on: never\nlang: zh\n');
    const run = await runInProcess(['--no-timestamp', '--format', 'json', '.'], { cwd: upload });
    expect(run.stderr).toContain('ignored the config file tmcheck.config.yaml: it is inside the checked folder .');
    // Not its fail_on (never would make the exit 0), not its language; the parent's config is not consulted either.
    expect(run.status).not.toBe(0);
    expect((JSON.parse(run.stdout) as { findings: Array<{ message: string }> }).findings[0]!.message).toMatch(/^[\x20-\x7e]/);
  });

  it('a bad value or an unknown key is exit 2 at its line and column, in the chosen language', async () => {
    const { work, input } = project('# settings\nfail_on: never\nlang: fr\nlimit:\n  max_depth: 3\n');
    const en = await runInProcess([input], { cwd: work });
    expect(en.status).toBe(2);
    expect(en.stdout).toBe('');
    expect(en.stderr).toMatch(/^tmcheck: the config file cannot be used:\n {2}\S*tmcheck\.config\.yaml:3:7: lang must be one of zh, en\n {2}\S*tmcheck\.config\.yaml:4:1: "limit" is not a known setting/);
    const zh = await runInProcess(['--lang', 'zh', input], { cwd: work });
    expect(zh.stderr).toContain('tmcheck: 配置文件无法使用：');
    expect(zh.stderr).toMatch(/tmcheck\.config\.yaml:3:7: lang 须为 zh、en 之一/);
    expect(zh.stderr).not.toContain('    at ');
    // A named file that is not there is never "no config": exit 2, without a line to name.
    const missing = await runInProcess(['--config', 'nope.yaml', input], { cwd: work });
    expect([missing.status, missing.stderr]).toEqual([2, 'tmcheck: the config file cannot be used:\n  nope.yaml: file not found\n']);
  });
});

describe('--print-config and tmcheck config print', () => {
  it('show each effective setting and where it came from', async () => {
    const { work } = project('# settings\nfail_on: warning\nlimits:\n  max_depth: 10\n');
    const run = await runInProcess(['--print-config', '--max-nodes', '5000', '--lang', 'en'], { cwd: work });
    expect(run.status).toBe(0);
    const line = (flag: string) => run.stdout.split('\n').find((l) => l.trimStart().startsWith(`${flag} `))!.trim().split(/\s{2,}/);
    expect(line('--fail-on')).toEqual(['--fail-on', 'warning', expect.stringMatching(/^config file \S*tmcheck\.config\.yaml:2$/)]);
    expect(line('--max-depth')).toEqual(['--max-depth', '10', expect.stringMatching(/^config file \S*tmcheck\.config\.yaml:4$/)]);
    expect(line('--max-nodes')).toEqual(['--max-nodes', '5000', 'command line']);
    expect(line('--max-aliases')).toEqual(['--max-aliases', '100', 'default']);
    expect(line('--lang')).toEqual(['--lang', 'en', 'command line']);
    const zh = await runInProcess(['config', 'print', '--lang', 'zh'], { cwd: work });
    expect(zh.status).toBe(0);
    expect(zh.stdout).toMatch(/--fail-on +warning +配置文件 \S*tmcheck\.config\.yaml:2\n/);
    expect(zh.stdout).toMatch(/--max-nodes +100000 +默认值\n/);
    // Options before `config` are the command line's.
    const before = await runInProcess(['--fail-on', 'notice', 'config', 'print'], { cwd: work });
    expect(before.stdout).toMatch(/--fail-on +notice +command line\n/);
  });
});

describe('tmcheck init config', () => {
  it('writes the commented template, which the search then finds, and never overwrites', async () => {
    const dir = tempDir();
    const first = await runInProcess(['init', 'config'], { cwd: dir });
    expect(first.status).toBe(0);
    const written = path.join(dir, 'tmcheck.config.yaml');
    expect(readFileSync(written, 'utf8')).toBe(readFileSync(path.join(projectRoot, 'templates', 'config.yaml'), 'utf8'));
    // Every setting commented out: the effective settings are the defaults.
    const print = await runInProcess(['--print-config', '--lang', 'en'], { cwd: dir });
    expect(print.stdout).not.toMatch(/config file \S+:\d/);
    writeFileSync(written, 'fail_on: never\n');
    const again = await runInProcess(['init', 'config'], { cwd: dir });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists and was not overwritten');
    expect(readFileSync(written, 'utf8')).toBe('fail_on: never\n');
    expect(existsSync(path.join(dir, 'other.yaml'))).toBe(false);
  });
});
