import { parseMonth } from '../util/dates.js';

/** The calendar month before `YYYY-MM` (2026-01 → 2025-12), or undefined for a malformed month. */
export function previousMonth(month: string): string | undefined {
  const parsed = parseMonth(month);
  if (!parsed) return undefined;
  const year = parsed.month === 1 ? parsed.year - 1 : parsed.year;
  const monthNumber = parsed.month === 1 ? 12 : parsed.month - 1;
  if (year < 0) return undefined;
  return `${String(year).padStart(4, '0')}-${String(monthNumber).padStart(2, '0')}`;
}
