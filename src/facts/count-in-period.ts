import type { DerivedFact } from './fact.js';
import { inPeriod, periodParamsProperties, reportPeriod } from './report-period.js';
import { repeatedRecords } from './repeated-records.js';
import { resolvePointer } from '../util/json-pointer.js';

interface CountParams {
  path: string;
  field: string;
  min: number;
  date: string;
  month: string;
  from: string;
  id?: string;
}

/**
 * How many items of the list at `path` are dated inside the report's period and have a number of at
 * least `min` in `field` (inspections of >= 20 calls this month). An item dated in another month, or
 * before the cooperation began, does not count; R24-2/inspection-in-month reports it. A record that
 * repeats an earlier one (same date and number, record ids at `id` that do not tell them apart, see
 * repeatedRecords) counts once: one check listed twice is not two checks.
 */
export const countInPeriodAtLeastFact: DerivedFact<CountParams> = {
  name: 'countInPeriodAtLeast',
  description:
    'Number of items of the list at `path` whose date (at `date` in the item) lies in the month at `month`, not before the date at `from`, and whose `field` is a number >= `min`; an item repeating an earlier one (same date and `field`, record ids at `id` that do not tell them apart) counts once.',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'field', 'min', 'date', 'month', 'from'],
    properties: { ...periodParamsProperties, field: { type: 'string', pattern: '^/' }, min: { type: 'number' }, id: { type: 'string', pattern: '^/' } },
  },
  pointerParams: ['path', 'month', 'from'],
  compute({ path, field, min, date, month, from, id }, { doc }) {
    const list = resolvePointer(doc, path);
    if (!Array.isArray(list)) return 0;
    const period = reportPeriod(doc, month, from);
    const repeats = repeatedRecords(list, date, field, id);
    return list.filter((item, index) => {
      if (repeats.has(index)) return false;
      const value = resolvePointer(item, field);
      return typeof value === 'number' && value >= min && inPeriod(resolvePointer(item, date), period);
    }).length;
  },
  locate: ({ path }) => path,
};
