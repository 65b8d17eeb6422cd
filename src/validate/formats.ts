import type { Ajv } from 'ajv';
import { isValidDate, parseMonth, parseTimeOfDay } from '../util/dates.js';

/** The spec's string formats: real calendar dates, `YYYY-MM` months and 24-hour `HH:MM` times. */
export function addTmcheckFormats(ajv: Ajv): void {
  ajv.addFormat('date', { type: 'string', validate: (s: string) => isValidDate(s) });
  ajv.addFormat('month', { type: 'string', validate: (s: string) => parseMonth(s) !== undefined });
  ajv.addFormat('time-of-day', { type: 'string', validate: (s: string) => parseTimeOfDay(s) !== undefined });
}
