import { compareText } from '../util/compare.js';
import type { CallRow } from './call-row.js';
import { clock } from './clock.js';
import { ownString } from './own-string.js';

/**
 * One vendor's calls on one day: all that R22-1 and R21-1 need, whatever the number of calls. The
 * day's calling runs from its first call's start to the end (started_at + duration_s) of its
 * latest-ending call; a call that runs past midnight belongs to the day it started on, and its end
 * is a second past 24:00:00 of that day.
 */
export interface DayAggregate {
  vendor: string;
  date: string;
  firstTime: string;
  firstSecond: number;
  firstRow: number;
  /** The end of the latest-ending call, as a second of `date` (86,400 and on: the next day or later). */
  endSecond: number;
  endRow: number;
  /** That call's start (a second of `date`) and duration in seconds: what a finding on the end says. */
  endStartSecond: number;
  endDuration: number;
  calls: number;
  recorded: number;
  firstUnrecordedRow: number | null;
}

/** One agent's calls for one vendor in one month: what the R20-1 join with the monthly report needs. */
export interface AgentAggregate {
  vendor: string;
  month: string;
  agent: string;
  calls: number;
  /** `YYYY-MM-DD HH:MM:SS` of the earliest call, and its row. */
  firstCall: string;
  firstRow: number;
}

/** Raised when a file holds more distinct (vendor, day) and (vendor, agent) keys than any real call log. */
export class TooManyAggregatesError extends Error {
  constructor(readonly limit: number, readonly row: number) {
    super(`more than ${limit} distinct vendor-days and vendor-agents`);
  }
}

/** An agent's month while it is being folded: its first call as a date and a second, written out at the end. */
interface AgentEntry {
  calls: number;
  firstDate: string;
  firstSecond: number;
  firstRow: number;
  /** Physical lines of the rows kept, when they differ from the row (see TableRow.line). */
  firstLine: number | undefined;
}

/** A day while it is being folded: times as seconds, written out as `HH:MM:SS` only at the end. */
interface DayEntry {
  vendor: string;
  date: string;
  firstSecond: number;
  firstRow: number;
  endSecond: number;
  endRow: number;
  endStartSecond: number;
  endDuration: number;
  calls: number;
  recorded: number;
  firstUnrecordedRow: number | null;
  /** Physical lines of the rows kept, when they differ from the row (see TableRow.line). */
  firstLine: number | undefined;
  endLine: number | undefined;
  firstUnrecordedLine: number | undefined;
  /** The agents of the day's month, shared by the month's days: a row finds its agent without building a month key. */
  agentsOfMonth: Map<string, AgentEntry>;
}

/** An aggregator's entries as plain data (exportEntries, absorb). */
export type AggregatorEntries = Array<{ vendor: string; days: Array<Omit<DayEntry, 'agentsOfMonth'>>; months: Array<{ month: string; agents: Array<[string, AgentEntry]> }> }>;

/** One vendor's entries: days by date, agents by month then agent id. */
interface VendorEntries {
  days: Map<string, DayEntry>;
  months: Map<string, Map<string, AgentEntry>>;
}

/**
 * Folds calls into per-(vendor, day) and per-(vendor, month, agent) entries and keeps nothing else:
 * memory grows with vendors × days and vendors × agents, never with rows. A cap on the number of
 * entries stops a hostile file (a new vendor on every row) from growing it without bound.
 *
 * Entries are nested maps (vendor → date, vendor → month → agent) rather than maps keyed by joined
 * strings: a row then costs three lookups of strings it already has and builds no new ones.
 */
export class CallLogAggregator {
  private readonly byVendor = new Map<string, VendorEntries>();
  private dayCount = 0;
  private agentCount = 0;

  constructor(private readonly maxEntries: number) {}

  add(call: CallRow): void {
    let vendor = this.byVendor.get(call.vendor);
    if (!vendor) {
      vendor = { days: new Map(), months: new Map() };
      this.byVendor.set(call.vendor, vendor);
    }
    let day = vendor.days.get(call.date);
    if (!day) {
      this.guard(call.row);
      const month = call.date.slice(0, 7);
      let agentsOfMonth = vendor.months.get(month);
      if (!agentsOfMonth) {
        agentsOfMonth = new Map();
        vendor.months.set(month, agentsOfMonth);
      }
      day = {
        vendor: call.vendor,
        date: call.date,
        firstSecond: call.secondOfDay,
        firstRow: call.row,
        endSecond: call.secondOfDay + call.duration,
        endRow: call.row,
        endStartSecond: call.secondOfDay,
        endDuration: call.duration,
        calls: 0,
        recorded: 0,
        firstUnrecordedRow: null,
        firstLine: call.line,
        endLine: call.line,
        firstUnrecordedLine: undefined,
        agentsOfMonth,
      };
      vendor.days.set(call.date, day);
      this.dayCount += 1;
    }
    day.calls += 1;
    if (call.recorded) day.recorded += 1;
    else if (day.firstUnrecordedRow === null) {
      day.firstUnrecordedRow = call.row;
      day.firstUnrecordedLine = call.line;
    }
    // Strict comparisons: among calls at the same second, the earliest row stands for them.
    if (call.secondOfDay < day.firstSecond) {
      day.firstSecond = call.secondOfDay;
      day.firstRow = call.row;
      day.firstLine = call.line;
    }
    const end = call.secondOfDay + call.duration;
    if (end > day.endSecond) {
      day.endSecond = end;
      day.endRow = call.row;
      day.endStartSecond = call.secondOfDay;
      day.endDuration = call.duration;
      day.endLine = call.line;
    }

    const agent = day.agentsOfMonth.get(call.agent);
    if (!agent) {
      this.guard(call.row);
      day.agentsOfMonth.set(ownString(call.agent), { calls: 1, firstDate: call.date, firstSecond: call.secondOfDay, firstRow: call.row, firstLine: call.line });
      this.agentCount += 1;
    } else {
      agent.calls += 1;
      // Earlier by date, then by second: the order of the `YYYY-MM-DD HH:MM:SS` texts.
      if (call.date < agent.firstDate || (call.date === agent.firstDate && call.secondOfDay < agent.firstSecond)) {
        agent.firstDate = call.date;
        agent.firstSecond = call.secondOfDay;
        agent.firstRow = call.row;
        agent.firstLine = call.line;
      }
    }
  }

  /** Entries held: the memory bound a test can assert on. */
  get size(): { days: number; agents: number } {
    return { days: this.dayCount, agents: this.agentCount };
  }

  /** Per vendor and day, sorted by vendor then date. */
  days(): DayAggregate[] {
    const days: DayAggregate[] = [];
    for (const vendor of this.byVendor.values()) {
      for (const day of vendor.days.values()) {
        days.push({
          vendor: day.vendor,
          date: day.date,
          firstTime: clock(day.firstSecond),
          firstSecond: day.firstSecond,
          firstRow: day.firstRow,
          endSecond: day.endSecond,
          endRow: day.endRow,
          endStartSecond: day.endStartSecond,
          endDuration: day.endDuration,
          calls: day.calls,
          recorded: day.recorded,
          firstUnrecordedRow: day.firstUnrecordedRow,
        });
      }
    }
    return days.sort((a, b) => compareText(a.vendor, b.vendor) || compareText(a.date, b.date));
  }

  /** Per vendor, month and agent, sorted by vendor, month, then agent. */
  agents(): AgentAggregate[] {
    const agents: AgentAggregate[] = [];
    for (const [vendor, entries] of this.byVendor) {
      for (const [month, ofMonth] of entries.months) {
        for (const [agent, entry] of ofMonth) {
          agents.push({ vendor, month, agent, calls: entry.calls, firstCall: `${entry.firstDate} ${clock(entry.firstSecond)}`, firstRow: entry.firstRow });
        }
      }
    }
    return agents.sort((a, b) => compareText(a.vendor, b.vendor) || compareText(a.month, b.month) || compareText(a.agent, b.agent));
  }

  /**
   * The physical line of each row an aggregate points at, for the rows whose line is not their row
   * number (a CSV after a quoted line break): what findings show as their line. Bounded by the entries.
   */
  lines(): Map<number, number> {
    const lines = new Map<number, number>();
    const keep = (row: number | null, line: number | undefined) => {
      if (row !== null && line !== undefined) lines.set(row, line);
    };
    for (const vendor of this.byVendor.values()) {
      for (const day of vendor.days.values()) {
        keep(day.firstRow, day.firstLine);
        keep(day.endRow, day.endLine);
        keep(day.firstUnrecordedRow, day.firstUnrecordedLine);
      }
      for (const ofMonth of vendor.months.values()) for (const agent of ofMonth.values()) keep(agent.firstRow, agent.firstLine);
    }
    return lines;
  }

  /** The credit codes the log names. */
  vendors(): string[] {
    return [...this.byVendor].filter(([, entries]) => entries.days.size > 0).map(([vendor]) => vendor).sort(compareText);
  }

  /** The entries, as plain data a worker thread can send (see read-in-parts.ts). */
  exportEntries(): AggregatorEntries {
    return [...this.byVendor].map(([vendor, entries]) => ({
      vendor,
      days: [...entries.days.values()].map(({ agentsOfMonth: _, ...day }) => day),
      months: [...entries.months].map(([month, agents]) => ({ month, agents: [...agents] })),
    }));
  }

  /**
   * Adds the entries of a later part of the file, read apart: its rows come after every row folded
   * here, and are numbered from 1 after `rowOffset`, its physical lines from 1 after `lineOffset`.
   * The result is what folding those rows here would give, the same strict comparisons keeping the
   * earlier row on a tie. The entry cap is left to the caller (the total of all parts), which knows
   * the row to name.
   */
  absorb(later: AggregatorEntries, rowOffset: number, lineOffset: number): void {
    const shift = (row: number) => row + rowOffset;
    // A row's line in the whole file; kept only where it is not the row's number (see TableRow.line).
    const lineOf = (row: number | null, line: number | undefined) => {
      if (row === null) return undefined;
      const at = (line ?? row) + lineOffset;
      return at === row + rowOffset ? undefined : at;
    };
    for (const { vendor: code, days, months } of later) {
      let vendor = this.byVendor.get(code);
      if (!vendor) {
        vendor = { days: new Map(), months: new Map() };
        this.byVendor.set(code, vendor);
      }
      for (const { month, agents } of months) {
        let ofMonth = vendor.months.get(month);
        if (!ofMonth) {
          ofMonth = new Map();
          vendor.months.set(month, ofMonth);
        }
        for (const [id, agent] of agents) {
          const known = ofMonth.get(id);
          if (!known) {
            ofMonth.set(id, { ...agent, firstRow: shift(agent.firstRow), firstLine: lineOf(agent.firstRow, agent.firstLine) });
            this.agentCount += 1;
            continue;
          }
          known.calls += agent.calls;
          if (agent.firstDate < known.firstDate || (agent.firstDate === known.firstDate && agent.firstSecond < known.firstSecond)) {
            known.firstDate = agent.firstDate;
            known.firstSecond = agent.firstSecond;
            known.firstRow = shift(agent.firstRow);
            known.firstLine = lineOf(agent.firstRow, agent.firstLine);
          }
        }
      }
      for (const day of days) {
        const known = vendor.days.get(day.date);
        if (!known) {
          vendor.days.set(day.date, {
            ...day,
            firstRow: shift(day.firstRow),
            endRow: shift(day.endRow),
            firstUnrecordedRow: day.firstUnrecordedRow === null ? null : shift(day.firstUnrecordedRow),
            firstLine: lineOf(day.firstRow, day.firstLine),
            endLine: lineOf(day.endRow, day.endLine),
            firstUnrecordedLine: lineOf(day.firstUnrecordedRow, day.firstUnrecordedLine),
            agentsOfMonth: vendor.months.get(day.date.slice(0, 7))!,
          });
          this.dayCount += 1;
          continue;
        }
        known.calls += day.calls;
        known.recorded += day.recorded;
        if (known.firstUnrecordedRow === null && day.firstUnrecordedRow !== null) {
          known.firstUnrecordedRow = shift(day.firstUnrecordedRow);
          known.firstUnrecordedLine = lineOf(day.firstUnrecordedRow, day.firstUnrecordedLine);
        }
        if (day.firstSecond < known.firstSecond) {
          known.firstSecond = day.firstSecond;
          known.firstRow = shift(day.firstRow);
          known.firstLine = lineOf(day.firstRow, day.firstLine);
        }
        if (day.endSecond > known.endSecond) {
          known.endSecond = day.endSecond;
          known.endRow = shift(day.endRow);
          known.endStartSecond = day.endStartSecond;
          known.endDuration = day.endDuration;
          known.endLine = lineOf(day.endRow, day.endLine);
        }
      }
    }
  }

  private guard(row: number): void {
    if (this.dayCount + this.agentCount >= this.maxEntries) throw new TooManyAggregatesError(this.maxEntries, row);
  }
}
