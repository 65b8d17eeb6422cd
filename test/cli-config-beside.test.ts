import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

// A config file found by the search that lies beside a checked file (`tmcheck report.yaml` inside
// the vendor's upload) may have come with the upload: it never changes the verdict unless named
// with --config. One in a working folder that holds no checked file applies as before.

const tempDir = tempDirMaker('tmcheck-cli-config-beside-');
// A monthly report with an error finding: exit 1 unless a config's fail_on says otherwise.
const FAILING = path.join(projectRoot, 'fixtures/monthly/report-calling-day-before-cooperation.yaml');
// Each of these would turn the run into a pass (fail_on) or change what is shown (lang) if applied.
const VENDOR_CONFIG = 'fail_on: never\nlang: zh\n';

const firstMessage = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ message: string }> }).findings[0]!.message;

/** upload/ holding report.yaml and tmcheck.config.yaml. */
function upload(): string {
  const folder = tempDir();
  copyFileSync(FAILING, path.join(folder, 'report.yaml'));
  writeFileSync(path.join(folder, 'tmcheck.config.yaml'), VENDOR_CONFIG);
  return folder;
}

describe('a config file beside a checked file', () => {
  it('is ignored with a warning naming --config, in either language, when the file is checked from its folder', async () => {
    const folder = upload();
    const run = await runInProcess(['--no-timestamp', '--format', 'json', 'report.yaml'], { cwd: folder });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'tmcheck: ignored the config file tmcheck.config.yaml: the checked file report.yaml is beside it, so it may have come with the inputs; if it holds your settings, name it with --config tmcheck.config.yaml\n',
    );
    // Not its language either: the locale's English.
    expect(firstMessage(run.stdout)).toMatch(/^[\x20-\x7e]/);
    const zh = await runInProcess(['--lang', 'zh', 'report.yaml'], { cwd: folder });
    expect(zh.status).toBe(1);
    expect(zh.stderr).toContain('已忽略配置文件 tmcheck.config.yaml：被检查的文件 report.yaml 与它在同一文件夹中');
    expect(zh.stderr).toContain('请用 --config tmcheck.config.yaml 明确指定');
  });

  it('is ignored when found in a parent of the working folder that holds a checked file', async () => {
    const folder = upload();
    mkdirSync(path.join(folder, 'sub'));
    const run = await runInProcess(['../report.yaml'], { cwd: path.join(folder, 'sub') });
    expect(run.status).toBe(1);
    // Outside the working folder, both are shown by their full paths.
    expect(run.stderr).toContain(`ignored the config file ${path.join(folder, 'tmcheck.config.yaml')}: the checked file ${path.join(folder, 'report.yaml')} is beside it`);
  });

  it('applies when named with --config', async () => {
    const folder = upload();
    const run = await runInProcess(['--no-timestamp', '--format', 'json', '--config', 'tmcheck.config.yaml', 'report.yaml'], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(firstMessage(run.stdout)).not.toMatch(/^[\x20-\x7e]/);
  });

  it('applies as before in a working folder that holds no checked file', async () => {
    const folder = tempDir();
    mkdirSync(path.join(folder, 'docs'));
    copyFileSync(FAILING, path.join(folder, 'docs', 'report.yaml'));
    writeFileSync(path.join(folder, 'tmcheck.config.yaml'), VENDOR_CONFIG);
    const run = await runInProcess(['docs/report.yaml'], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
