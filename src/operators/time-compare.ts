import type { CustomOperator } from './operator.js';
import { parseTimeOfDay } from '../util/dates.js';

/**
 * Time-of-day comparisons on `HH:MM` for optional bounds such as a branch's calling window: a null
 * value means "no bound" and always holds (the default profile sets none); a fact that is not a
 * valid time never holds. A fact may go past midnight (`24:30`: a call log's day ending with a call
 * that ran into the next day), and is then later than every bound.
 */
function timeOperator(name: string, description: string, holds: (fact: number, bound: number) => boolean): CustomOperator {
  return {
    name,
    description,
    valueSchema: { oneOf: [{ type: 'null' }, { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }] },
    evaluate(fact, value) {
      const time = parseTimeOfDay(fact) ?? pastMidnight(fact);
      if (time === undefined) return false;
      if (value === null) return true;
      const bound = parseTimeOfDay(value);
      return bound !== undefined && holds(time, bound);
    },
  };
}

const PAST_MIDNIGHT = /^(\d{2,}):([0-5]\d)$/;

/** `HH:MM` with hours of 24 and more, in minutes from the start of the day: undefined for anything else. */
function pastMidnight(text: unknown): number | undefined {
  const m = typeof text === 'string' ? PAST_MIDNIGHT.exec(text) : null;
  return m && Number(m[1]) >= 24 ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export const timeAtOrAfterOperator = timeOperator('timeAtOrAfter', 'The fact is an HH:MM time at or after the value (null: no bound); a fact past 24:00 (a call ending after midnight) is after every value.', (t, b) => t >= b);
export const timeAtOrBeforeOperator = timeOperator('timeAtOrBefore', 'The fact is an HH:MM time at or before the value (null: no bound); a fact past 24:00 (a call ending after midnight) is after every value.', (t, b) => t <= b);
