import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// yaml reads LOG_TOKENS / LOG_STREAM from the environment for every token and, when set, prints each
// token to stdout; the bundle (scripts/bundle.mjs) turns both reads into `false`. Needs npm run build.
const root = path.join(import.meta.dirname, '..');

describe("the bundled yaml parser's debugging switches", () => {
  it('leave a JSON report on stdout intact when LOG_TOKENS and LOG_STREAM are set', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'bin', 'tmcheck.js'), '--format', 'json', '--no-timestamp', path.join(root, 'fixtures', 'dossier-compliant.yaml')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LOG_TOKENS: '1', LOG_STREAM: '1' },
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { files: Array<{ file: string; status: string }> };
    expect(report.files.map((file) => file.status)).toEqual(['pass']);
  });
});
