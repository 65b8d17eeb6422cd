import type { Ajv } from 'ajv';
import { isValidDate, parseMonth, parseTimeOfDay } from '../util/dates.js';

/**
 * The spec's string formats: real calendar dates, `YYYY-MM` months and 24-hour `HH:MM` times. The
 * table is also what the prebuilt standalone validators import (scripts/build-validators.mjs).
 */
export const TMCHECK_FORMATS = {
  date: { type: 'string', validate: (s: string) => isValidDate(s) },
  month: { type: 'string', validate: (s: string) => parseMonth(s) !== undefined },
  'time-of-day': { type: 'string', validate: (s: string) => parseTimeOfDay(s) !== undefined },
} as const;

export function addTmcheckFormats(ajv: Ajv): void {
  for (const [name, format] of Object.entries(TMCHECK_FORMATS)) ajv.addFormat(name, format);
}
