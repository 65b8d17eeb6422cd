/**
 * Calendar dates as the regulation means them: `YYYY-MM-DD` strings, no time zone, no instants.
 * YAML 1.2 keeps dates as strings, so all date arithmetic lives here.
 */

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1-12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

export function parseDate(text: unknown): CalendarDate | undefined {
  if (typeof text !== 'string') return undefined;
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isValidDate(text: unknown): boolean {
  return parseDate(text) !== undefined;
}

export function parseMonth(text: unknown): { year: number; month: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const m = MONTH.exec(text);
  if (!m) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : undefined;
}

/** Minutes since midnight for `HH:MM`, or undefined. */
export function parseTimeOfDay(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = TIME.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Negative, zero or positive like a comparator; dates in `YYYY-MM-DD` compare as strings. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The same calendar day `months` later. Where that month is shorter (31 Jan + 1 month), the last day
 * of the month is used, as the Civil Code of the PRC (民法典第二百零二条) reads a period's end.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1; // 1-12, also before year 0
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** Whole calendar years from `from` to `to`: two years have passed on the same day two years later. */
export function wholeYearsBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.floor(wholeMonthsBetween(from, to) / 12);
}

/** Whole calendar months from `from` to `to` (negative when `to` is earlier). */
export function wholeMonthsBetween(from: CalendarDate, to: CalendarDate): number {
  let months = (to.year - from.year) * 12 + (to.month - from.month);
  if (compareDates(addMonths(from, months), to) > 0) months -= 1;
  return months;
}

export function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The day after `date`. */
export function nextDay(date: CalendarDate): CalendarDate {
  if (date.day < daysInMonth(date.year, date.month)) return { ...date, day: date.day + 1 };
  return date.month < 12 ? { year: date.year, month: date.month + 1, day: 1 } : { year: date.year + 1, month: 1, day: 1 };
}

export function lastDayOfMonth(year: number, month: number): CalendarDate {
  return { year, month, day: daysInMonth(year, month) };
}

/** Today's calendar date where tmcheck runs (local time: a compliance officer's "today"). */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The latest date a document may carry as a fact: tomorrow, a day's grace for the time zones of writer and runner. */
export function latestFactDate(now?: Date): string {
  if (now) return localToday(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  // Asked for every document: the answer is kept for the local day it was made on (local-time date
  // fields cost a time-zone lookup each), and made again once the clock leaves that day.
  const ms = Date.now();
  if (latestToday && ms >= latestToday.from && ms < latestToday.until) return latestToday.date;
  const today = new Date(ms);
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  const until = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1).getTime();
  latestToday = { from, until, date: latestFactDate(today) };
  return latestToday.date;
}

/** latestFactDate's answer for the local day [from, until) in epoch milliseconds. */
let latestToday: { from: number; until: number; date: string } | undefined;

/**
 * Whole calendar months from `date` (YYYY-MM-DD) to the last day of `month` (YYYY-MM): R24-2's
 * cooperation length (negative when the date lies after the month); undefined when either cannot be read.
 */
export function monthsToMonthEnd(date: unknown, month: unknown): number | undefined {
  const from = parseDate(date);
  const reported = parseMonth(month);
  return from && reported ? wholeMonthsBetween(from, lastDayOfMonth(reported.year, reported.month)) : undefined;
}
