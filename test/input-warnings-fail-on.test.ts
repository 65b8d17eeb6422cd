import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * An input warning (here an unknown key below the top level, ignored) is printed as a warning but is
 * not a finding: under --fail-on warning such a run exited 0 with "0 warnings" in its summary while
 * the warning stood above it. It now fails the run under --fail-on warning and notice, the JSON
 * report's finding counts stay as they were, and the text summary names the input warnings.
 */
const tempDir = tempDirMaker('tmcheck-input-warnings-');
const compliant = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');

function dossierWithUnknownNestedKey(): string {
  const dir = tempDir();
  const file = path.join(dir, 'd.yaml');
  expect(compliant).toContain('vendor:\n');
  writeFileSync(file, compliant.replace('vendor:\n', 'vendor:\n  extra_thing: 1\n'));
  return file;
}

describe('input warnings and --fail-on', () => {
  it('fail the run under --fail-on warning and notice, not under error or never', async () => {
    const file = dossierWithUnknownNestedKey();
    const shown = await runInProcess([file, '--no-color']);
    expect(shown.stdout).toMatch(/warning\s+\/vendor\/extra_thing is not a known key/);
    expect(shown.status).toBe(0);
    expect((await runInProcess([file, '--fail-on', 'warning'])).status).toBe(1);
    expect((await runInProcess([file, '--fail-on', 'notice'])).status).toBe(1);
    expect((await runInProcess([file, '--fail-on', 'never'])).status).toBe(0);
    for (const format of ['sarif', 'junit', 'json']) {
      expect((await runInProcess([file, '--fail-on', 'warning', '--format', format]))).toMatchObject({ status: 1 });
    }
  });

  it('are named in the text summary, in both languages; the JSON counts stay counts of findings', async () => {
    const file = dossierWithUnknownNestedKey();
    const en = await runInProcess([file, '--no-color', '--fail-on', 'warning']);
    expect(en.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 file checked: 0 errors, 0 warnings, 0 notices, 1 input warning (1 passed, 0 failed, 0 invalid)');
    const ok = await runInProcess([file, '--no-color']);
    expect(ok.stdout.trimEnd().split('\n').at(-1)!.charAt(0)).toBe('⚠');
    const zh = await runInProcess([file, '--no-color', '--lang', 'zh']);
    expect(zh.stdout.trimEnd().split('\n').at(-1)).toContain('0 个提示，1 个输入警告（');
    const json = JSON.parse((await runInProcess([file, '--format', 'json'])).stdout);
    expect(json.summary).toMatchObject({ errors: 0, warnings: 0, notices: 0 });
    expect(json.files[0].warnings).toHaveLength(1);
  });
});
