import { pointerParamsSchema, type DerivedFact } from './fact.js';
import { parseDate, wholeYearsBetween } from '../util/dates.js';
import { resolvePointer } from '../util/json-pointer.js';

/** Whole calendar years from one date to another: exactly two years later counts as two years. */
export const wholeYearsBetweenFact: DerivedFact<{ from: string; to: string }> = {
  name: 'wholeYearsBetween',
  description: 'Whole calendar years from the date at `from` to the date at `to` (same day N years later = N years).',
  scope: 'document',
  paramsSchema: pointerParamsSchema(['from', 'to']),
  pointerParams: ['from', 'to'],
  compute({ from, to }, { doc }) {
    const start = parseDate(resolvePointer(doc, from));
    const end = parseDate(resolvePointer(doc, to));
    return start && end ? wholeYearsBetween(start, end) : undefined;
  },
  locate: ({ from }) => from,
};
