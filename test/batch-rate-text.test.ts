import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createChecker, format } from '../src/index.js';
import { projectRoot } from './support/fixtures.js';
import { rowProblemWarnings, type CallLogContents } from '../src/calllog/read-call-log.js';

// The batch tables (text, Markdown, HTML) write a vendor's complaint rate with the formatter the
// findings use: a rate just above a tier's bound (3.0001% > 3%) must not read "3.00%" in the table
// while the finding says it is in tier 2, and a rate exactly on a bound reads as that bound.

const compliant = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');

/** The compliant monthly report with other complaint counts. */
const withComplaints = (name: string, creditCode: string, payingUsers: number, vendorCaused: number) => ({
  name,
  content: compliant
    .replace('credit_code: 91370102MA3C4F5G9F', `credit_code: ${creditCode}`)
    .replace('paying_users: 2150', `paying_users: ${payingUsers}`)
    .replace('vendor_caused: 31', `vendor_caused: ${vendorCaused}`),
});

describe('complaint rates in the batch tables', () => {
  it('read as in the findings, at and just above a tier bound, in every table format and both languages', async () => {
    const report = await createChecker({ cwd: projectRoot, jobs: 1 }).check([
      withComplaints('above-3.yaml', '91370102MA3C4F5G9F', 1_000_000, 30_001), // 3.0001 %: tier 2
      withComplaints('at-10.yaml', '91370102MA3C4F5G8H', 2150, 215), // exactly 10 %: tier 2 by tmcheck's reading
    ]);
    const rateIn = (file: string) => {
      const finding = report.findings.find((f) => f.ruleId === 'R24-4/complaint-deduction' && f.location.file === file);
      expect(finding, file).toBeDefined();
      return /complaint rate (?:is exactly )?([\d.,]+)%/.exec(finding!.message.en)![1]!;
    };
    expect(rateIn('above-3.yaml')).toBe('3.0001');
    expect(rateIn('at-10.yaml')).toBe('10');
    // Without the findings, whose messages would show the rates too: what is left is the table's.
    const tableOnly = { ...report, findings: [] };
    for (const lang of ['en', 'zh'] as const) {
      for (const name of ['text', 'markdown', 'html'] as const) {
        const table = format(tableOnly, name, { lang });
        for (const rate of [rateIn('above-3.yaml'), rateIn('at-10.yaml')]) {
          // The rate as a whole cell value: "3.0001%" and "10%", never "3.00%" or "10.00%".
          expect(table, `${name} ${lang}`).toMatch(new RegExp(`(^|[\\s|>])${rate.replace('.', '\\.')}%`, 'm'));
        }
        expect(table, `${name} ${lang}`).not.toMatch(/\b3\.00%|\b10\.00%/);
      }
    }
  });
});

describe('the share of unreadable call-log rows', () => {
  // More than half unreadable and the call log cannot be judged: just over half must not read "50.0%".
  const shareIn = (dataRows: number, badRows: number) => {
    const contents = { dataRows, badRows, listed: [] } as unknown as CallLogContents;
    return rowProblemWarnings(contents).find((w) => w.code === 'call-log-rows')!.message.en;
  };

  it('reads as the numbers the findings write, just over and exactly at half', () => {
    expect(shareIn(20_001, 10_001)).toBe('10001 more rows cannot be read (10001 in all, 50.0025% of 20001 data rows); they are left out of the aggregates');
    expect(shareIn(20_000, 10_000)).toContain('(10000 in all, 50% of 20000 data rows)');
  });
});
