import { formatDate, isValidDate, lastDayOfMonth, parseDate, parseMonth } from '../util/dates.js';
import { resolvePointer } from '../util/json-pointer.js';

/**
 * The days a monthly report speaks for: its `month`, from `cooperation_started` when the cooperation
 * began inside it. An event dated outside them cannot count toward the month's obligations.
 * `YYYY-MM-DD` strings compare as dates. `first` may lie after `last` (cooperation begun after the
 * month): then no day is inside.
 */
export interface ReportPeriod {
  first: string;
  last: string;
}

/** The period of the document, or undefined when its month (or the start date given) cannot be read. */
export function reportPeriod(doc: unknown, monthPointer: string, fromPointer: string): ReportPeriod | undefined {
  const month = parseMonth(resolvePointer(doc, monthPointer));
  if (!month) return undefined;
  const monthFirst = formatDate({ year: month.year, month: month.month, day: 1 });
  const last = formatDate(lastDayOfMonth(month.year, month.month));
  const from = resolvePointer(doc, fromPointer);
  if (from === undefined || from === null) return { first: monthFirst, last };
  if (!parseDate(from)) return undefined;
  return { first: (from as string) > monthFirst ? (from as string) : monthFirst, last };
}

/** Whether `date` is a readable date inside the period (a date that cannot be read is never inside). */
export function inPeriod(date: unknown, period: ReportPeriod | undefined): boolean {
  return period !== undefined && isValidDate(date) && (date as string) >= period.first && (date as string) <= period.last;
}

/** The period params every dated-entry fact takes: the list, the date in each entry, month and start. */
export const periodParamsProperties = {
  path: { type: 'string' },
  date: { type: 'string', pattern: '^/' },
  month: { type: 'string' },
  from: { type: 'string' },
} as const;
