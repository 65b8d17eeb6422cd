import type { DerivedFact, Offence } from './fact.js';
import { inPeriod, periodParamsProperties, reportPeriod } from './report-period.js';
import { isValidDate, parseTimeOfDay } from '../util/dates.js';
import { resolvePointer } from '../util/json-pointer.js';

/**
 * Entries of a monthly report that cannot be placed in its month. A monthly obligation counts only
 * what happened in that month, so an entry dated elsewhere (or before the cooperation began, or with
 * a date that cannot be read) is reported rather than counted or silently dropped.
 */
export const datedOutsidePeriodFact: DerivedFact<{ path: string; date: string; month: string; from: string }> = {
  name: 'datedOutsidePeriod',
  description:
    'One offence, at its date, for each item of the list at `path` whose date (at `date`) is not a readable date inside the month at `month` and on or after the date at `from`.',
  scope: 'document',
  paramsSchema: { type: 'object', additionalProperties: false, required: ['path', 'date', 'month', 'from'], properties: periodParamsProperties },
  pointerParams: ['path', 'month', 'from'],
  returnsOffences: true,
  offenceValues: ['date', 'first_day', 'last_day'],
  compute({ path, date, month, from }, { doc }): Offence[] {
    const list = resolvePointer(doc, path);
    if (!Array.isArray(list)) return [];
    const period = reportPeriod(doc, month, from);
    const offences: Offence[] = [];
    list.forEach((item, index) => {
      const value = resolvePointer(item, date);
      if (!inPeriod(value, period)) {
        offences.push({ pointer: `${path}/${index}${date}`, values: { date: value, first_day: period?.first, last_day: period?.last } });
      }
    });
    return offences;
  },
  locate: ({ path }) => path,
};

/**
 * Calendar days listed more than once in the calling days at `path` (`{date, first_call, last_call}`).
 * A day is one day: its span runs from its earliest first call to its latest last call across all its
 * entries. One offence per repeated day, at the date of its second entry, with that merged span, so
 * halves of a day are never judged as if each were the day.
 */
export const repeatedCallingDaysFact: DerivedFact<{ path: string }> = {
  name: 'repeatedCallingDays',
  description:
    'One offence, at the second entry\'s date, for each date listed more than once among the calling days at `path`, with the merged span of that day (earliest first_call to latest last_call).',
  scope: 'document',
  paramsSchema: { type: 'object', additionalProperties: false, required: ['path'], properties: { path: { type: 'string' } } },
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['date', 'times', 'first_call', 'last_call', 'minutes'],
  compute({ path }, { doc }): Offence[] {
    const list = resolvePointer(doc, path);
    if (!Array.isArray(list)) return [];
    const byDate = new Map<string, number[]>();
    list.forEach((entry, index) => {
      const date = resolvePointer(entry, '/date');
      if (typeof date !== 'string') return;
      byDate.set(date, [...(byDate.get(date) ?? []), index]);
    });
    const offences: Offence[] = [];
    for (const [date, indexes] of byDate) {
      if (indexes.length < 2) continue;
      let first: number | undefined;
      let last: number | undefined;
      for (const index of indexes) {
        const start = parseTimeOfDay(resolvePointer(list[index], '/first_call'));
        const end = parseTimeOfDay(resolvePointer(list[index], '/last_call'));
        if (start !== undefined && (first === undefined || start < first)) first = start;
        if (end !== undefined && (last === undefined || end > last)) last = end;
      }
      offences.push({
        pointer: `${path}/${indexes[1]}/date`,
        values: {
          date,
          times: indexes.length,
          first_call: first === undefined ? undefined : hhmm(first),
          last_call: last === undefined ? undefined : hhmm(last),
          minutes: first === undefined || last === undefined ? undefined : last - first,
        },
      });
    }
    return offences.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  },
  locate: ({ path }) => path,
};

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * Items of the list at `path` dated before the earliest date among the items of the list at
 * `others` (calling days before the first listed campaign began). Nothing when `others` holds no
 * readable date: whether that list may be empty is another rule's question (R19-1/campaigns-listed).
 * One offence per such item, at its date, naming the earliest date.
 */
export const datedBeforeEarliestFact: DerivedFact<{ path: string; date: string; others: string; othersDate: string }> = {
  name: 'datedBeforeEarliest',
  description:
    'One offence, at its date, for each item of the list at `path` whose date (at `date`) is before the earliest readable date (at `othersDate`) among the items of the list at `others`.',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'date', 'others', 'othersDate'],
    properties: { path: { type: 'string' }, date: { type: 'string', pattern: '^/' }, others: { type: 'string' }, othersDate: { type: 'string', pattern: '^/' } },
  },
  pointerParams: ['path', 'others'],
  returnsOffences: true,
  offenceValues: ['date', 'earliest'],
  compute({ path, date, others, othersDate }, { doc }): Offence[] {
    const list = resolvePointer(doc, path);
    const against = resolvePointer(doc, others);
    if (!Array.isArray(list) || !Array.isArray(against)) return [];
    let earliest: string | undefined;
    for (const other of against) {
      const value = resolvePointer(other, othersDate);
      if (isValidDate(value) && (earliest === undefined || (value as string) < earliest)) earliest = value as string;
    }
    if (earliest === undefined) return [];
    const offences: Offence[] = [];
    list.forEach((item, index) => {
      const value = resolvePointer(item, date);
      if (isValidDate(value) && (value as string) < earliest!) offences.push({ pointer: `${path}/${index}${date}`, values: { date: value, earliest } });
    });
    return offences;
  },
  locate: ({ path }) => path,
};
