import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { parseYamlDocument, type ParsedDocument } from '../src/read/parse-document.js';
import { validateDocument } from '../src/validate/validate-document.js';
import { projectRoot } from './support/fixtures.js';

/**
 * Red-team cases (session 7): inputs a vendor controls that made a run pass without a compliant
 * document. Each test fails without its fix.
 */

const dossier = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const report = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');
const validate = (text: string, latest: string) => validateDocument(parseYamlDocument(text, DEFAULT_LIMITS) as ParsedDocument, latest);

describe('events dated after tomorrow have not happened', () => {
  it('an approval step dated ahead does not complete the R10-1 trail: input error at its date', () => {
    const ahead = dossier.replace('agreement_signed, date: 2026-09-18', 'agreement_signed, date: 2099-09-18');
    expect(validate(dossier, '2026-10-09')).toMatchObject({ kind: 'VendorDossier' });
    expect(validate(ahead, '2026-10-09')).toMatchObject([{ code: 'future-date', path: '/cooperation/approvals/7/date', line: 43 }]);
  });

  it('a spot check, calling day or campaign review later in the current month is an input error; one up to tomorrow is not', () => {
    expect(validate(report, '2026-10-27')).toMatchObject({ kind: 'MonthlyReport' });
    expect(validate(report, '2026-10-26')).toMatchObject([{ code: 'future-date', path: '/inspections/1/date', line: 42 }]);
    const errors = validate(report, '2026-10-05') as Array<{ path: string }>;
    expect(errors.map((e) => e.path)).toEqual(['/inspections/0/date', '/inspections/1/date', '/calling_days/0/date', '/calling_days/1/date', '/campaigns/0/cs_review/date']);
  });
});
