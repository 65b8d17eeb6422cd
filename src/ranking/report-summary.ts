import { resolvePointer } from '../util/json-pointer.js';
import { ratePercent } from '../facts/rate-percent.js';
import type { Position } from '../read/parse-document.js';
import { monthsToMonthEnd } from '../util/dates.js';

/**
 * What cross-document checks keep of one valid MonthlyReport: a few fields and the position of the
 * score, never the whole document (a province's year of reports stays small in memory).
 */
export interface ReportSummary {
  file: string;
  month: string;
  creditCode: string;
  vendorName: string;
  city: string;
  /**
   * The score the vendor-month is ranked on: the branch's assessment of the month where there is
   * one (--assessments), else the report's own assessment_score.
   */
  assessmentScore: number;
  /** The report's own assessment_score; undefined when it states none (allowed where the branch assessed the month). */
  reportedScore?: number;
  /** Where /assessment_score is in the file: R24-6 findings point there. */
  scorePosition: Position;
  /** Where /month is: an input error about a second report for the same month points there. */
  monthPosition: Position;
  /** Where /vendor/credit_code is: an input error about one vendor name under two codes points there. */
  creditCodePosition: Position;
  /** Vendor-caused complaints / paying users in percent; undefined when there are no paying users. */
  complaintRatePercent?: number;
  /** The report's cooperation_started: one vendor's reports must state one start (R24-2's first month hangs on it). */
  cooperationStarted?: string;
  /** Where /cooperation_started is: a finding about a start the vendor's other reports contradict points there. */
  cooperationStartedPosition?: Position;
  /**
   * Only when the report's own start makes its month a first month (R24-2: one spot check suffices):
   * its /inspections as listed, and where they are. Another document contradicting the start withholds
   * that relaxation (first-month-contradicted.ts), and the month's checks are counted again.
   */
  firstMonthInspections?: { items: unknown[]; position: Position };
  /** The dates of /calling_days, in list order: a day before the vendor's agreement was signed is a finding. */
  callingDays?: string[];
  /** The earliest-dated calling day (its index and position): a finding about calling days points there. */
  earliestCallingDay?: { index: number; position: Position };
}

/** A report as read, before it is known which score ranks it (its own, or the branch's assessment). */
export type ReportFacts = Omit<ReportSummary, 'assessmentScore'>;

export const SCORE_POINTER = '/assessment_score';
export const STARTED_POINTER = '/cooperation_started';
export const INSPECTIONS_POINTER = '/inspections';

/**
 * The facts of a report, or undefined when the data lacks what they need (a valid report always has
 * them; the check stays total for anything else it is handed).
 */
export function summarizeReport(file: string, data: unknown, locate: (pointer: string) => Position): ReportFacts | undefined {
  const month = resolvePointer(data, '/month');
  const creditCode = resolvePointer(data, '/vendor/credit_code');
  const vendorName = resolvePointer(data, '/vendor/name');
  const city = resolvePointer(data, '/city');
  const score = resolvePointer(data, SCORE_POINTER);
  if (typeof month !== 'string' || typeof creditCode !== 'string') return undefined;
  const paying = resolvePointer(data, '/complaints/paying_users');
  const caused = resolvePointer(data, '/complaints/vendor_caused');
  // The rate the rules judge (multiplied before dividing), so the table shows the number the findings do.
  const rate = ratePercent(caused, paying);
  const started = resolvePointer(data, STARTED_POINTER);
  return {
    file,
    month,
    creditCode,
    vendorName: typeof vendorName === 'string' ? vendorName : creditCode,
    city: typeof city === 'string' ? city : '',
    ...(typeof score === 'number' && Number.isFinite(score) ? { reportedScore: score } : {}),
    scorePosition: locate(SCORE_POINTER),
    monthPosition: locate('/month'),
    creditCodePosition: locate('/vendor/credit_code'),
    ...(rate !== undefined ? { complaintRatePercent: rate } : {}),
    ...(typeof started === 'string' ? { cooperationStarted: started, cooperationStartedPosition: locate(STARTED_POINTER) } : {}),
    ...firstMonthInspectionsOf(data, month, started, locate),
    ...callingDaysOf(data, locate),
  };
}

/**
 * The report's calling days: their dates in list order, and the earliest-dated one's index in the list
 * (the pointer a finding needs). An entry without a date (not in a valid report) is passed over.
 */
function callingDaysOf(data: unknown, locate: (pointer: string) => Position): Pick<ReportFacts, 'callingDays' | 'earliestCallingDay'> {
  const days = resolvePointer(data, '/calling_days');
  if (!Array.isArray(days)) return {};
  const dates: string[] = [];
  let earliest: number | undefined;
  days.forEach((day, index) => {
    const date = day !== null && typeof day === 'object' ? (day as { date?: unknown }).date : undefined;
    if (typeof date !== 'string') return;
    dates.push(date);
    if (earliest === undefined || date < (days[earliest] as { date: string }).date) earliest = index;
  });
  return earliest === undefined ? {} : { callingDays: dates, earliestCallingDay: { index: earliest, position: locate(callingDayPointer(earliest)) } };
}

/** A report's inspections, kept only when its own start makes its month a first month (rare: the facts stay small). */
function firstMonthInspectionsOf(data: unknown, month: string, started: unknown, locate: (pointer: string) => Position): Pick<ReportFacts, 'firstMonthInspections'> {
  if (typeof started !== 'string' || !isFirstMonth(started, month)) return {};
  const items = resolvePointer(data, INSPECTIONS_POINTER);
  return { firstMonthInspections: { items: Array.isArray(items) ? items : [], position: locate(INSPECTIONS_POINTER) } };
}

/** Whether a cooperation started on `started` is under a whole month old at the end of `month` (and started by then): R24-2's first month. */
export function isFirstMonth(started: string, month: string): boolean {
  const months = monthsToMonthEnd(started, month);
  return months !== undefined && months >= 0 && months < 1;
}

export function callingDayPointer(index: number): string {
  return `/calling_days/${index}/date`;
}
