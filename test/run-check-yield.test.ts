import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturesDir } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';

// Without workers, documents are checked back to back and the event loop gets a turn every 32 files
// (for Ctrl-C): a turn per file was 20,000 event-loop passes for the bench's batch (issue 14).
const makeDir = tempDirMaker('tmcheck-run-yield-');

describe('a run without workers', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the event loop a turn every 32 documents when there is no progress line', async () => {
    const dir = makeDir();
    mkdirSync(path.join(dir, 'in'));
    const count = 32;
    for (let i = 0; i < count; i++) copyFileSync(path.join(fixturesDir, 'dossier-compliant.yaml'), path.join(dir, 'in', `v${String(i).padStart(3, '0')}.yaml`));
    const ruleSet = loadRuleSet({ cwd: dir });
    const turns = vi.spyOn(globalThis, 'setImmediate');
    // No onProgress: `onProgress?.(++done)` once skipped the count with the call, and every file yielded.
    const report = await runCheck({ inputs: [path.join(dir, 'in')], cwd: dir, ruleSet, limits: DEFAULT_LIMITS });
    expect(report.files).toHaveLength(count);
    expect(turns).toHaveBeenCalledTimes(count / 32);
  });
});
