import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { tempDir, writeDossier } from './support/temp-dossier.js';

describe('--as-of before any rule is in force', () => {
  it('judges nothing, says so and exits 2: never a pass', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml');
    const run = await runCli(['dossier.yaml', '--as-of', '2000-01-01', '--lang', 'en'], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).not.toContain('pass');
    expect(run.stderr).toBe('tmcheck: --as-of 2000-01-01: no rule is in force on that date (the earliest takes effect on 2008-01-01), so nothing can be judged; nothing was checked\n');
    const zh = await runCli(['dossier.yaml', '--as-of', '2000-01-01', '--lang', 'zh', '--format', 'json'], dir);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('当日没有任何规则生效');
  });

  it('a date with rules in force checks as usual', async () => {
    const dir = tempDir();
    writeDossier(dir, 'dossier.yaml');
    const run = await runCli(['dossier.yaml', '--as-of', '2026-11-01', '--lang', 'en'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('✔');
  });
});
