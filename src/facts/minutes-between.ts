import { pointerParamsSchema, type DerivedFact } from './fact.js';
import { parseTimeOfDay } from '../util/dates.js';
import { resolvePointer } from '../util/json-pointer.js';

/**
 * Minutes from the `HH:MM` time at `from` to the one at `to`, both in the current item (a calling
 * day's first and last call). Negative when `to` is earlier; undefined when either is not a time,
 * so a comparison on it never passes by accident.
 */
export const minutesBetweenFact: DerivedFact<{ from: string; to: string }> = {
  name: 'minutesBetween',
  description: 'Minutes from the HH:MM time at `from` to the HH:MM time at `to` of the current item (negative when `to` is earlier).',
  scope: 'item',
  paramsSchema: pointerParamsSchema(['from', 'to']),
  pointerParams: ['from', 'to'],
  compute({ from, to }, { item }) {
    const start = parseTimeOfDay(resolvePointer(item, from));
    const end = parseTimeOfDay(resolvePointer(item, to));
    return start === undefined || end === undefined ? undefined : end - start;
  },
  // The day is too long because of when it ended: the finding sits on the later time.
  locate: ({ to }) => to,
};
