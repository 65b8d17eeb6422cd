import { isValidCreditCode } from '../util/credit-code.js';
import { isValidDate } from '../util/dates.js';
import type { Bilingual } from '../util/i18n.js';
import { BoundedMemo } from './bounded-memo.js';
import { ownString } from './own-string.js';
import type { CallLogColumn, ColumnLayout } from './columns.js';
import { countOf } from '../util/plural.js';

/** One outbound call, as read from a row. */
export interface CallRow {
  /** 1-based row, the header being row 1. */
  row: number;
  /** The physical line the row starts on, when it is not `row` (see TableRow). */
  line?: number;
  vendor: string;
  agent: string;
  /** YYYY-MM-DD */
  date: string;
  /** Seconds since midnight of `date` (its `HH:MM:SS` is written out only for the calls an aggregate keeps). */
  secondOfDay: number;
  /** duration_s in whole seconds, a fraction rounded up (see durationSeconds). */
  duration: number;
  recorded: boolean;
}

/** Why a row could not be read: validation, not a rule. */
export interface RowProblem {
  row: number;
  line?: number;
  field?: CallLogColumn;
  message: Bilingual;
}

/**
 * `YYYY-MM-DD HH:MM:SS` as the spec writes it; also the form Excel shows after re-saving a CSV in a
 * Chinese locale (`2026/10/9 9:05`, one-digit month/day/hour, seconds optional).
 */
const STARTED_AT = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const SECONDS = /^\d+(\.\d+)?$/;

/**
 * The longest duration counted, in seconds (about 31 years): a longer one still ends every day it
 * could be judged on, and the numbers stay exact (a cell of 400 digits would be Infinity).
 */
export const MAX_DURATION = 1e9;

/** A duration_s cell that matches SECONDS, in whole seconds: a fraction is rounded up, so a call never ends earlier than it did. */
export function durationSeconds(text: string): number {
  return Math.min(Math.ceil(Number(text)), MAX_DURATION);
}

/**
 * Dates and credit codes already judged. A log repeats a handful of vendors and days on every row,
 * so each is checked once; the answer for a valid one is the first string seen for it, which the
 * aggregator then looks up again with its hash already computed. A date is keyed by the number
 * YYYYMMDD, read from the cell's digits without cutting a string out of it.
 */
const MEMO_CAP = 4096;
const knownDates = new BoundedMemo<number, string | undefined>(MEMO_CAP, (key) => {
  const date = `${String(Math.floor(key / 10_000)).padStart(4, '0')}-${pad2(Math.floor(key / 100) % 100)}-${pad2(key % 100)}`;
  return isValidDate(date) ? date : undefined;
});
const knownVendors = new BoundedMemo<string, string | undefined>(MEMO_CAP, (code) => (isValidCreditCode(code) ? code : undefined), ownString);

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Parses a started_at cell to a calendar date and second of the day, or undefined when it is not one. */
export function parseStartedAt(text: string): { date: string; secondOfDay: number } | undefined {
  const trimmed = text.trim();
  let dateKey: number;
  let h: number;
  let min: number;
  let s: number;
  if (trimmed.length === SPEC_FORM.length && isSpecFormAt(trimmed, 0)) {
    // The spec's own form, as nearly every row writes it: read digit by digit, no regex.
    dateKey = digits(trimmed, 0, 4) * 10_000 + digits(trimmed, 5, 2) * 100 + digits(trimmed, 8, 2);
    h = digits(trimmed, 11, 2);
    min = digits(trimmed, 14, 2);
    s = digits(trimmed, 17, 2);
  } else {
    const m = STARTED_AT.exec(trimmed);
    if (!m) return undefined;
    // Month and day have at most two digits, so YYYYMMDD names one date.
    dateKey = Number(m[1]) * 10_000 + Number(m[2]) * 100 + Number(m[3]);
    h = Number(m[4]);
    min = Number(m[5]);
    s = Number(m[6] ?? 0);
  }
  const date = knownDates.get(dateKey);
  if (date === undefined || h > 23 || min > 59 || s > 59) return undefined;
  return { date, secondOfDay: h * 3600 + min * 60 + s };
}

const DIGIT_0 = 48;

/** The number written by `count` ASCII digits of `text` from `at` (the caller has checked they are digits). */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) value = value * 10 + (text.charCodeAt(i) - DIGIT_0);
  return value;
}

/** `YYYY-MM-DD HH:MM:SS` exactly, at `at` in `text` (the caller has checked the length). */
function isSpecFormAt(text: string, at: number): boolean {
  for (let i = 0; i < SPEC_FORM.length; i++) {
    const code = text.charCodeAt(at + i);
    const expected = SPEC_FORM.charCodeAt(i);
    if (expected === DIGIT_PLACEHOLDER ? code < DIGIT_0 || code > DIGIT_0 + 9 : code !== expected) return false;
  }
  return true;
}
const SPEC_FORM = 'dddd-dd-dd dd:dd:dd';
const DIGIT_PLACEHOLDER = 'd'.charCodeAt(0);

/** Shown in messages: input is cut short so that a hostile cell cannot flood the report. */
function shown(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/**
 * Reads one data row. A row with the wrong number of cells, or a cell that cannot be read, is a
 * RowProblem naming the first bad column (the rest of that row's problems are in the same message).
 */
export function parseCallRow(cells: string[], layout: ColumnLayout, row: number, line?: number): CallRow | RowProblem {
  if (cells.length !== layout.width) {
    return {
      row,
      ...(line !== undefined ? { line } : {}),
      message: {
        zh: `第 ${row} 行有 ${cells.length} 列，表头有 ${layout.width} 列`,
        en: `row ${row} has ${countOf(cells.length, 'cell')}, the header has ${layout.width}`,
      },
    };
  }
  // Every index is below the width just checked.
  const { index } = layout;
  const callId = cells[index.call_id]!.trim();
  const vendorCell = cells[index.vendor_credit_code]!.trim();
  const agent = cells[index.agent_id]!.trim();
  const startedAtCell = cells[index.started_at]!.trim();
  const duration = cells[index.duration_s]!.trim();
  const recorded = cells[index.recorded]!.trim();

  const vendor = knownVendors.get(vendorCell);
  const startedAt = parseStartedAt(startedAtCell);
  const durationOk = SECONDS.test(duration);
  const recordedOk = recorded === '1' || recorded === '0';
  if (callId !== '' && vendor !== undefined && agent !== '' && startedAt !== undefined && durationOk && recordedOk) {
    return { row, line, vendor, agent, date: startedAt.date, secondOfDay: startedAt.secondOfDay, duration: durationSeconds(duration), recorded: recorded === '1' };
  }

  // A bad row: every problem it has, in column order of the spec.
  const problems: Array<{ field: CallLogColumn; zh: string; en: string }> = [];
  if (callId === '') problems.push({ field: 'call_id', zh: 'call_id 为空', en: 'call_id is empty' });
  if (vendor === undefined) {
    problems.push({
      field: 'vendor_credit_code',
      zh: `vendor_credit_code「${shown(vendorCell)}」不是有效的统一社会信用代码（18 位，校验位符合 GB 32100-2015）`,
      en: `vendor_credit_code "${shown(vendorCell)}" is not a valid unified social credit code (18 characters, GB 32100-2015 check character)`,
    });
  }
  if (agent === '') problems.push({ field: 'agent_id', zh: 'agent_id 为空', en: 'agent_id is empty' });
  if (startedAt === undefined) {
    problems.push({
      field: 'started_at',
      zh: `started_at「${shown(startedAtCell)}」不是有效的日期时间（YYYY-MM-DD HH:MM:SS）`,
      en: `started_at "${shown(startedAtCell)}" is not a valid date and time (YYYY-MM-DD HH:MM:SS)`,
    });
  }
  if (!durationOk) {
    problems.push({
      field: 'duration_s',
      zh: `duration_s「${shown(duration)}」不是非负的秒数`,
      en: `duration_s "${shown(duration)}" is not a non-negative number of seconds`,
    });
  }
  if (!recordedOk) {
    problems.push({ field: 'recorded', zh: `recorded「${shown(recorded)}」须为 1 或 0`, en: `recorded "${shown(recorded)}" must be 1 or 0` });
  }
  return {
    row,
    ...(line !== undefined ? { line } : {}),
    field: problems[0]!.field,
    message: {
      zh: `第 ${row} 行无法读取：${problems.map((p) => p.zh).join('；')}`,
      en: `row ${row} cannot be read: ${problems.map((p) => p.en).join('; ')}`,
    },
  };
}

export function isRowProblem(value: CallRow | RowProblem): value is RowProblem {
  return 'message' in value;
}

/** Where each cell of a plain row starts and ends in its text (see parsePlainRow). */
const MAX_PLAIN_WIDTH = 64;
const cellStart = new Int32Array(MAX_PLAIN_WIDTH);
const cellEnd = new Int32Array(MAX_PLAIN_WIDTH);
/** The row parsePlainRow read last: one object for every plain row (the aggregator keeps its strings, never the row). */
const plainCall: CallRow = { row: 0, line: undefined, vendor: '', agent: '', date: '', secondOfDay: 0, duration: 0, recorded: false };

/**
 * A row read straight from the text of a plain CSV record, text[from, to) (no quote, no line
 * break: csv-records.ts), without cutting it into cells: the call parseCallRow would give for the
 * record's cells, or undefined when the row is anything but a plain valid call in the spec's own
 * form (cells to trim, another date form, a bad cell, a ragged row). The caller then reads it the
 * usual way, which gives the exact answer; this only ever answers what parseCallRow would. The row
 * returned is overwritten by the next call.
 */
export function parsePlainRow(text: string, from: number, to: number, layout: ColumnLayout, row: number, line: number): CallRow | undefined {
  const { width, index } = layout;
  if (width > MAX_PLAIN_WIDTH) return undefined;
  let cells = 0;
  for (let at = from; ; ) {
    const comma = text.indexOf(',', at);
    const end = comma === -1 || comma > to ? to : comma;
    if (cells === width) return undefined; // more cells than the header: fitWidth and parseCallRow judge them
    cellStart[cells] = at;
    cellEnd[cells] = end;
    cells += 1;
    if (end === to) break;
    at = end + 1;
  }
  if (cells !== width) return undefined;

  // call_id and agent_id: any text, not empty, and nothing trim() would take off.
  const callAt = cellStart[index.call_id]!;
  const callEnd = cellEnd[index.call_id]!;
  const agentAt = cellStart[index.agent_id]!;
  const agentEnd = cellEnd[index.agent_id]!;
  if (callEnd === callAt || isTrimmed(text.charCodeAt(callAt)) || isTrimmed(text.charCodeAt(callEnd - 1))) return undefined;
  if (agentEnd === agentAt || isTrimmed(text.charCodeAt(agentAt)) || isTrimmed(text.charCodeAt(agentEnd - 1))) return undefined;

  // recorded: 1 or 0.
  const recordedAt = cellStart[index.recorded]!;
  if (cellEnd[index.recorded]! - recordedAt !== 1) return undefined;
  const recorded = text.charCodeAt(recordedAt);
  if (recorded !== DIGIT_0 && recorded !== DIGIT_0 + 1) return undefined;

  // duration_s: digits, then maybe a point and digits (SECONDS).
  const duration = secondsAt(text, cellStart[index.duration_s]!, cellEnd[index.duration_s]!);
  if (duration < 0) return undefined;

  // started_at: `YYYY-MM-DD HH:MM:SS`, a valid date and time.
  const at = cellStart[index.started_at]!;
  if (cellEnd[index.started_at]! - at !== SPEC_FORM.length || !isSpecFormAt(text, at)) return undefined;
  const date = knownDates.get(digits(text, at, 4) * 10_000 + digits(text, at + 5, 2) * 100 + digits(text, at + 8, 2));
  const h = digits(text, at + 11, 2);
  const min = digits(text, at + 14, 2);
  const s = digits(text, at + 17, 2);
  if (date === undefined || h > 23 || min > 59 || s > 59) return undefined;

  // vendor_credit_code: a valid code (one with a space around it is not, and is read the usual way).
  const vendor = knownVendors.get(text.slice(cellStart[index.vendor_credit_code]!, cellEnd[index.vendor_credit_code]!));
  if (vendor === undefined) return undefined;

  plainCall.row = row;
  plainCall.line = line === row ? undefined : line;
  plainCall.vendor = vendor;
  plainCall.agent = text.slice(agentAt, agentEnd);
  plainCall.date = date;
  plainCall.secondOfDay = h * 3600 + min * 60 + s;
  plainCall.duration = duration;
  plainCall.recorded = recorded === DIGIT_0 + 1;
  return plainCall;
}

/**
 * text[from, to) as durationSeconds reads it when it matches SECONDS (digits, optionally a point and
 * more digits), else -1. Whole seconds of up to 9 digits are added up here; anything else (a
 * fraction, a longer number) goes through durationSeconds, so the two always agree.
 */
function secondsAt(text: string, from: number, to: number): number {
  let at = from;
  let value = 0;
  while (at < to && isDigit(text.charCodeAt(at))) {
    value = value * 10 + (text.charCodeAt(at) - DIGIT_0);
    at += 1;
  }
  if (at === from) return -1;
  if (at === to) return at - from <= 9 ? value : durationSeconds(text.slice(from, to));
  if (text.charCodeAt(at) !== 0x2e) return -1;
  const fraction = at + 1;
  for (at = fraction; at < to; at++) if (!isDigit(text.charCodeAt(at))) return -1;
  return to > fraction ? durationSeconds(text.slice(from, to)) : -1;
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_0 + 9;
}

/**
 * Whether String.prototype.trim() may take this code unit off a cell's end: every control
 * character and space up to U+0020 (more than trim takes: those rows are read the usual way), and
 * the white space and line terminators above it (test/calllog-plain-rows.test.ts checks the list
 * against trim for every code unit).
 */
export function isTrimmed(code: number): boolean {
  if (code <= 0x20) return true;
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
