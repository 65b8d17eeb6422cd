import { isValidCreditCode } from '../util/credit-code.js';
import { isValidDate } from '../util/dates.js';
import type { Bilingual } from '../util/i18n.js';
import type { CallLogColumn, ColumnLayout } from './columns.js';

/** One outbound call, as read from a row. */
export interface CallRow {
  /** 1-based row, the header being row 1. */
  row: number;
  vendor: string;
  agent: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS */
  time: string;
  /** Seconds since midnight of `date`. */
  secondOfDay: number;
  recorded: boolean;
}

/** Why a row could not be read: validation, not a rule. */
export interface RowProblem {
  row: number;
  field?: CallLogColumn;
  message: Bilingual;
}

/**
 * `YYYY-MM-DD HH:MM:SS` as the spec writes it; also the form Excel shows after re-saving a CSV in a
 * Chinese locale (`2026/10/9 9:05`, one-digit month/day/hour, seconds optional).
 */
const STARTED_AT = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const pad = (n: number | string) => String(n).padStart(2, '0');

/** Parses a started_at cell to a calendar date and time of day, or undefined when it is not one. */
export function parseStartedAt(text: string): { date: string; time: string; secondOfDay: number } | undefined {
  const m = STARTED_AT.exec(text.trim());
  if (!m) return undefined;
  const date = `${m[1]}-${pad(m[2]!)}-${pad(m[3]!)}`;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (!isValidDate(date) || h > 23 || min > 59 || s > 59) return undefined;
  return { date, time: `${pad(h)}:${pad(min)}:${pad(s)}`, secondOfDay: h * 3600 + min * 60 + s };
}

/** Shown in messages: input is cut short so that a hostile cell cannot flood the report. */
function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/**
 * Reads one data row. A row with the wrong number of cells, or a cell that cannot be read, is a
 * RowProblem naming the first bad column (the rest of that row's problems are in the same message).
 */
export function parseCallRow(cells: string[], layout: ColumnLayout, row: number): CallRow | RowProblem {
  if (cells.length !== layout.width) {
    return {
      row,
      message: {
        zh: `第 ${row} 行有 ${cells.length} 列，表头有 ${layout.width} 列`,
        en: `row ${row} has ${cells.length} cells, the header has ${layout.width}`,
      },
    };
  }
  const cell = (name: CallLogColumn) => (cells[layout.index[name]] ?? '').trim();
  const problems: Array<{ field: CallLogColumn; zh: string; en: string }> = [];

  if (cell('call_id') === '') problems.push({ field: 'call_id', zh: 'call_id 为空', en: 'call_id is empty' });
  const vendor = cell('vendor_credit_code');
  if (!isValidCreditCode(vendor)) {
    problems.push({
      field: 'vendor_credit_code',
      zh: `vendor_credit_code「${shown(vendor)}」不是有效的统一社会信用代码（18 位，校验位符合 GB 32100-2015）`,
      en: `vendor_credit_code "${shown(vendor)}" is not a valid unified social credit code (18 characters, GB 32100-2015 check character)`,
    });
  }
  const agent = cell('agent_id');
  if (agent === '') problems.push({ field: 'agent_id', zh: 'agent_id 为空', en: 'agent_id is empty' });
  const startedAt = parseStartedAt(cell('started_at'));
  if (!startedAt) {
    problems.push({
      field: 'started_at',
      zh: `started_at「${shown(cell('started_at'))}」不是有效的日期时间（YYYY-MM-DD HH:MM:SS）`,
      en: `started_at "${shown(cell('started_at'))}" is not a valid date and time (YYYY-MM-DD HH:MM:SS)`,
    });
  }
  const duration = cell('duration_s');
  if (!/^\d+(\.\d+)?$/.test(duration)) {
    problems.push({
      field: 'duration_s',
      zh: `duration_s「${shown(duration)}」不是非负的秒数`,
      en: `duration_s "${shown(duration)}" is not a non-negative number of seconds`,
    });
  }
  const recorded = cell('recorded');
  if (recorded !== '1' && recorded !== '0') {
    problems.push({ field: 'recorded', zh: `recorded「${shown(recorded)}」须为 1 或 0`, en: `recorded "${shown(recorded)}" must be 1 or 0` });
  }

  if (problems.length > 0 || !startedAt) {
    return {
      row,
      field: problems[0]!.field,
      message: {
        zh: `第 ${row} 行无法读取：${problems.map((p) => p.zh).join('；')}`,
        en: `row ${row} cannot be read: ${problems.map((p) => p.en).join('; ')}`,
      },
    };
  }
  return { row, vendor, agent, date: startedAt.date, time: startedAt.time, secondOfDay: startedAt.secondOfDay, recorded: recorded === '1' };
}

export function isRowProblem(value: CallRow | RowProblem): value is RowProblem {
  return 'message' in value;
}
