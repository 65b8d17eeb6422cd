import { describe, expect, it } from 'vitest';
import { readsAs } from '../src/util/plain-text.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, writeTree } from './support/vendor-reports.js';

/**
 * Red-team cases (session 11) on the rules and how documents are read: inputs on which a run passed
 * what the regulation does not allow, or could not judge. Each test fails without its fix.
 */

const tempDir = tempDirMaker('tmcheck-redteam-s11-');
const write = (files: Record<string, string>): string => writeTree(tempDir(), files);

interface Json {
  findings: Array<{ ruleId: string; severity: string; message?: string; location: { file: string; path?: string } }>;
  files: Array<{ file: string; status: string; errors?: Array<{ message: string; path?: string; line?: number }>; warnings?: Array<{ message: string; path?: string }> }>;
}

async function check(cwd: string, ...args: string[]): Promise<{ status: number; json: Json }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '--today', '2026-11-20', ...args], { cwd });
  return { status: run.status, json: JSON.parse(run.stdout) as Json };
}

/** The compliant report with `line` (exact text, newline included) followed by `added`. */
function withLineAfter(line: string, added: string): string {
  expect(COMPLIANT_REPORT).toContain(line);
  return COMPLIANT_REPORT.replace(line, line + added);
}

describe('a key a reader cannot tell from the key beside it is a duplicate key', () => {
  // The officer reads `pre_job_training_hours: 80` and `pre_job_training_hours: 10` for one agent;
  // tmcheck judged the first and ignored the second as an unknown key (a warning): exit 0.
  const cases: Record<string, string> = {
    'zero-width.yaml': withLineAfter('    pre_job_training_hours: 80\n', '    pre_job_training_hours\u200b: 10\n'),
    'cyrillic.yaml': withLineAfter('  vendor_caused: 31\n', '  vendor_c\u0430used: 900\n'),
    'full-width.yaml': withLineAfter('  vendor_caused: 31\n', '  ｖｅｎｄｏｒ_caused: 900\n'),
    'case.yaml': withLineAfter('  calls_recorded: 18240\n', '  Calls_Recorded: 100\n'),
  };

  it('is an input error at the look-alike key, naming the key it reads as (exit 2; it exited 0)', async () => {
    const dir = write(cases);
    for (const [file, twin] of [['zero-width.yaml', 'pre_job_training_hours'], ['cyrillic.yaml', 'vendor_caused'], ['full-width.yaml', 'vendor_caused'], ['case.yaml', 'calls_recorded']] as const) {
      const { status, json } = await check(dir, file);
      expect(status, file).toBe(2);
      const errors = json.files[0]!.errors ?? [];
      expect(errors.length, file).toBe(1);
      expect(errors[0]!.message, file).toContain(`reads as the key ${twin} beside it`);
      expect(errors[0]!.line, file).toBeGreaterThan(0);
    }
  });

  it('an unknown key that reads as no key beside it stays a warning (a remark), and the report is judged', async () => {
    const dir = write({
      'remark.yaml': withLineAfter('  vendor_caused: 31\n', '  remark: 31 complaints, all resolved\n'),
      // A look-alike of a known key that is absent (an optional one) is a warning: there is no second value.
      'absent.yaml': COMPLIANT_REPORT.replace('{ date: 2026-10-14, calls_checked: 20 }', '{ date: 2026-10-14, calls_checked: 20, rec\u043erd_id: JN-INS-01 }'),
    });
    for (const file of ['remark.yaml', 'absent.yaml']) {
      const { status, json } = await check(dir, file);
      expect(status, file).toBe(0);
      expect(json.files[0]!.warnings?.map((w) => w.message), file).toEqual([expect.stringMatching(/is not a known key; ignored$/)]);
    }
  });

  it('readsAs: width, case, invisible characters and look-alike letters set aside; other letters not', () => {
    expect(readsAs('vendor_c\u0430used', 'vendor_caused')).toBe(true);
    expect(readsAs('ＶＥＮＤＯＲ_caused\u200d', 'vendor_caused')).toBe(true);
    expect(readsAs('vendor_cause', 'vendor_caused')).toBe(false);
    expect(readsAs('vendor_caused_note', 'vendor_caused')).toBe(false);
  });
});
