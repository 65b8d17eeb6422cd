import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChecker, exitCode } from '../src/index.js';
import { FIXTURE_DOSSIER, projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Red team, session 17: verdicts that passed what breaks the regulation, or that a vendor could
 * change. Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s17-');

/** The compliant fixture dossier with `[from, to]` replacements, each applied exactly once, written to a fresh folder. */
function dossierWith(...edits: ReadonlyArray<readonly [string, string]>): string {
  let text = readFileSync(FIXTURE_DOSSIER, 'utf8');
  for (const [from, to] of edits) {
    if (text.split(from).length !== 2) throw new Error(`edit does not apply exactly once: ${from}`);
    text = text.replace(from, to);
  }
  const file = path.join(tempDir(), 'dossier.yaml');
  writeFileSync(file, text);
  return file;
}

describe('R10-P5-2: a licence is in force when the agreement is signed, whatever submission date the vendor writes', () => {
  const checker = createChecker({ cwd: projectRoot, jobs: 1 });
  const LAPSED = ['expires: 2029-04-16', 'expires: 2026-06-30'] as const;

  it('a dossier "submitted" in January recording a September agreement, its telecom licence lapsed in June: an error at the licence (it exited 0)', async () => {
    const file = dossierWith(['submitted: 2026-10-08', 'submitted: 2026-01-05'], LAPSED);
    const result = await checker.check([file]);
    expect(exitCode(result)).toBe(1);
    expect(result.findings.map((f) => [f.ruleId, f.location.path])).toEqual([['R10-P5-2/license-in-force-at-agreement', '/vendor/licenses/1/expires']]);
    expect(result.findings[0]!.message.en).toContain('expired on 2026-06-30, before the agreement was signed on 2026-09-18');
  });

  it('submitted after the lapse: one finding, the submission date\'s, not two', async () => {
    const result = await checker.check([dossierWith(LAPSED)]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['R10-P5-2/license-in-force']);
  });

  it('in force on the signing day, or no agreement signed yet: no finding', async () => {
    const onTheDay = dossierWith(['submitted: 2026-10-08', 'submitted: 2026-01-05'], ['expires: 2029-04-16', 'expires: 2026-09-18']);
    const unsigned = dossierWith(['submitted: 2026-10-08', 'submitted: 2026-01-05'], LAPSED, ['    - { step: agreement_signed, date: 2026-09-18 }\n', '']);
    const result = await checker.check([onTheDay, unsigned]);
    expect(result.findings.filter((f) => f.ruleId.startsWith('R10-P5-2'))).toEqual([]);
  });
});
