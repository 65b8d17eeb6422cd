import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { bin } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';

// A report written where its folder cannot be made must fail at once, never spin: Node's recursive
// mkdir retries forever when a folder's parent exists but mkdir still says ENOENT (procfs).
describe('an output folder that cannot be created', () => {
  it.runIf(existsSync('/proc/self'))('under /proc: exit 2 naming the folder, at once (one run, several outputs)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-e2e-'));
    symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
    const args = ['--format', 'json=/proc/tmcheck-no-such-folder/report.json', '--format', `sarif=${path.join(dir, 'dangling', 'out', 'r.sarif')}`, 'fixtures/dossier-compliant.yaml'];
    // SIGKILL: a process spinning in a synchronous call never runs its SIGTERM handler.
    const run = spawnSync(process.execPath, [bin, ...args], { cwd: projectRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' }, timeout: 30_000, killSignal: 'SIGKILL' });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/proc/tmcheck-no-such-folder cannot be created (ENOENT)');
  });
});
