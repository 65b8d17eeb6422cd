import { parseMonth } from '../util/dates.js';

/** The calendar month before `YYYY-MM` (2026-01 → 2025-12), or undefined for a malformed month. */
export function previousMonth(month: string): string | undefined {
  const index = monthIndex(month);
  return index === undefined || index <= 0 ? undefined : monthAt(index - 1);
}

/** Months since year 0 (2026-10 → 2026 × 12 + 9): months compare and subtract as numbers. */
export function monthIndex(month: string): number | undefined {
  const parsed = parseMonth(month);
  return parsed ? parsed.year * 12 + parsed.month - 1 : undefined;
}

/** The `YYYY-MM` of a month index. */
export function monthAt(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** One key per vendor (credit code) and month, for maps of reports or calls by vendor-month. */
export function vendorMonthKey(creditCode: string, month: string): string {
  return `${creditCode}\u0000${month}`;
}
