import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentPool, prestartWorkers, releasePrestartedWorkers } from '../src/check/parallel.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import type { LoadedRule } from '../src/rules/types.js';

// One dossier with a finding of R10-P5-5/clean-record (see its `# expect:` lines).
const display = 'fixtures/dossier/dossier-administrative-penalty.yaml';
const file = { display, absolute: path.resolve(display) };
const RULE = 'R10-P5-5/clean-record';

async function ruleIdsFound(loaded: readonly LoadedRule[]): Promise<string[]> {
  const pool = new DocumentPool(1, { rules: {}, loaded, limits: DEFAULT_LIMITS, observedKinds: [] });
  try {
    return (await pool.check(file)).findings.map((finding) => finding.ruleId);
  } finally {
    await pool.close();
  }
}

describe('document workers (built worker, dist/tmcheck-worker.js)', () => {
  it('judge with the rules the main thread loaded, not the rule files on disk; pools take prestarted workers and the rest are ended', async () => {
    const all = loadRuleSet({ cwd: process.cwd() }).rules;
    prestartWorkers(3);
    // The rule is on disk, but not among the rules handed over: the worker must not find it.
    expect(await ruleIdsFound(all.filter((rule) => rule.definition.id !== RULE))).not.toContain(RULE);
    expect(await ruleIdsFound(all)).toContain(RULE);
    // Two pools of one worker each took two of the three.
    expect(await releasePrestartedWorkers()).toBe(1);
    expect(await releasePrestartedWorkers()).toBe(0);
  });
});
