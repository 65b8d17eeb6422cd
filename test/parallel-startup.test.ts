import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, BATCHES_PER_WORKER, DocumentPool, HERE_BATCH_SIZE, prestartWorkers, releasePrestartedWorkers } from '../src/check/parallel.js';
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
    // Four jobs: three workers (the main thread is the fourth).
    prestartWorkers(4);
    // The rule is on disk, but not among the rules handed over: the worker must not find it.
    expect(await ruleIdsFound(all.filter((rule) => rule.definition.id !== RULE))).not.toContain(RULE);
    expect(await ruleIdsFound(all)).toContain(RULE);
    // Two pools of one worker each took two of the three.
    expect(await releasePrestartedWorkers()).toBe(1);
    prestartWorkers(1);
    expect(await releasePrestartedWorkers()).toBe(0);
  });

  it('share their files with the main thread: it checks, with its own rule set, the files no worker has room for', async () => {
    // The worker judges without the rule, the main thread with it: each result shows who checked it.
    const all = loadRuleSet({ cwd: process.cwd() });
    const pool = new DocumentPool(1, { rules: {}, loaded: all.rules.filter((rule) => rule.definition.id !== RULE), limits: DEFAULT_LIMITS, observedKinds: [] }, all);
    try {
      const checks = await Promise.all(Array.from({ length: 3 * BATCH_SIZE }, () => pool.check(file)));
      const byMainThread = checks.map((check) => check.findings.some((finding) => finding.ruleId === RULE));
      // Started in one turn: the worker is sent its two batches first, the main thread takes the next files at once.
      expect(byMainThread.slice(0, BATCHES_PER_WORKER * BATCH_SIZE)).not.toContain(true);
      expect(byMainThread.slice(BATCHES_PER_WORKER * BATCH_SIZE, BATCHES_PER_WORKER * BATCH_SIZE + HERE_BATCH_SIZE)).not.toContain(false);
      // Both judged the same file alike but for the one rule.
      const other = (check: (typeof checks)[number]) => check.findings.filter((finding) => finding.ruleId !== RULE).map((finding) => JSON.stringify(finding));
      expect(other(checks.at(-1)!)).toEqual(other(checks[0]!));
    } finally {
      await pool.close();
    }
  });
});
