import { describe, expect, it } from 'vitest';
import { createChecker, exitCode, TmcheckConfigError } from '../src/index.js';
import { projectRoot } from './support/fixtures.js';

// `--shard k/n` splits the inputs by file path, so one month's reports fall into different parts,
// and a part would rank only the vendors it holds: 济南泉声 (score 64) is last of 2026-10 beside
// 青岛海韵 (82), but alone in its part it ranks 1 of 1 and the part passed. A part (n > 1) cannot
// judge a ranking: its reports are input errors (exit 2), and --history (read only for the ranking)
// is refused. Monthly reports are checked as one part, `--shard 1/1`.

const LAST = 'fixtures/batch/2026-10/jinan-quansheng.yaml';
const FIRST = 'fixtures/batch/2026-10/qingdao-haiyun.yaml';
const checker = createChecker({ cwd: projectRoot, jobs: 1 });

describe('--shard k/n with monthly reports', () => {
  it('a part of n > 1 never passes a monthly report: each is an input error naming --shard 1/1, and nothing is ranked', async () => {
    const whole = await checker.check([LAST, FIRST]);
    // The whole month fails the vendor in last place (its streak cannot be judged without 2026-09).
    expect(whole.findings.some((f) => f.ruleId === 'R24-6/last-place-streak' && f.location.file === LAST)).toBe(true);
    expect(exitCode(whole)).toBe(1);
    const parts = await Promise.all(['1/2', '2/2'].map((shard) => checker.check([LAST, FIRST], { shard })));
    // The two reports land in different parts (else this test would not show the defect).
    expect(parts.map((part) => part.files.map((f) => f.file))).toEqual(expect.arrayContaining([[LAST], [FIRST]]));
    for (const part of parts) {
      expect(exitCode(part)).toBe(2);
      const [file] = part.files;
      expect(file!.status).toBe('invalid');
      const error = file!.errors.find((e) => e.code === 'shard-monthly-report');
      expect(error).toMatchObject({ path: '/month', line: 4 });
      expect(error!.message.en).toMatch(/check all monthly reports with their call logs as one part \(--shard 1\/1\)/);
      expect(error!.message.zh).toMatch(/作为一个部分检查（--shard 1\/1）/);
      // A partial ranking says nothing: no rank, no finding of the ranking rules, the month incomplete.
      expect(part.findings.filter((f) => f.ruleId.startsWith('R24-5') || f.ruleId.startsWith('R24-6'))).toEqual([]);
      expect(part.batch!.vendorMonths.every((row) => row.rank === undefined)).toBe(true);
      expect(part.batch!.incompleteMonths).toEqual(['2026-10']);
    }
    // One part (1/1) is the whole run, with its shard record.
    const one = await checker.check([LAST, FIRST], { shard: '1/1' });
    expect({ ...one, shard: undefined }).toEqual({ ...whole, shard: undefined });
  });

  it('dossiers are still split; --history with n > 1 is refused, with 1/1 read', async () => {
    const dossier = await checker.check(['fixtures/dossier-compliant.yaml'], { shard: '1/2' });
    const other = await checker.check(['fixtures/dossier-compliant.yaml'], { shard: '2/2' });
    expect([...dossier.files, ...other.files].map((f) => f.status)).toEqual(['pass']);
    expect(exitCode(dossier)).toBe(0);
    expect(exitCode(other)).toBe(0);
    const refused = await checker.check(['fixtures/dossier-compliant.yaml'], { shard: '1/2', history: ['fixtures/batch/2026-09'] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TmcheckConfigError);
    expect(refused).toMatchObject({ code: 'option', message: expect.stringMatching(/--shard 1\/1/) });
    const withHistory = await checker.check([LAST, FIRST], { shard: '1/1', history: ['fixtures/batch/2026-09'] });
    expect(withHistory.files.every((f) => !f.errors.some((e) => e.code === 'shard-monthly-report'))).toBe(true);
  });
});
