import { pointerParamsSchema, type DerivedFact } from './fact.js';
import { monthsToMonthEnd } from '../util/dates.js';
import { resolvePointer } from '../util/json-pointer.js';

/**
 * Whole calendar months from the date at `from` (cooperation start) to the last day of the month at
 * `month` (the reported month): started 2026-09-30, reported 2026-10 → 1 (30 Sep + 1 month = 30 Oct
 * ≤ 31 Oct); started 2026-10-01 → 0. Negative when the start lies after the month.
 */
export const wholeMonthsToMonthEndFact: DerivedFact<{ from: string; month: string }> = {
  name: 'wholeMonthsToMonthEnd',
  description: 'Whole calendar months from the date at `from` to the last day of the YYYY-MM month at `month`.',
  scope: 'document',
  paramsSchema: pointerParamsSchema(['from', 'month']),
  pointerParams: ['from', 'month'],
  compute({ from, month }, { doc }) {
    return monthsToMonthEnd(resolvePointer(doc, from), resolvePointer(doc, month));
  },
  locate: ({ from }) => from,
};
