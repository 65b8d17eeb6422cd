import { compareText } from '../util/compare.js';
import type { CallRow } from './call-row.js';

/** One vendor's calls on one day: all that R22-1 and R21-1 need, whatever the number of calls. */
export interface DayAggregate {
  vendor: string;
  date: string;
  firstTime: string;
  firstSecond: number;
  firstRow: number;
  lastTime: string;
  lastSecond: number;
  lastRow: number;
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

/**
 * Folds calls into per-(vendor, day) and per-(vendor, month, agent) entries and keeps nothing else:
 * memory grows with vendors × days and vendors × agents, never with rows. A cap on the number of
 * entries stops a hostile file (a new vendor on every row) from growing it without bound.
 */
export class CallLogAggregator {
  private readonly byDay = new Map<string, DayAggregate>();
  private readonly byAgent = new Map<string, AgentAggregate>();

  constructor(private readonly maxEntries: number) {}

  add(call: CallRow): void {
    const dayKey = `${call.vendor}\u0000${call.date}`;
    let day = this.byDay.get(dayKey);
    if (!day) {
      this.guard(call.row);
      day = {
        vendor: call.vendor,
        date: call.date,
        firstTime: call.time,
        firstSecond: call.secondOfDay,
        firstRow: call.row,
        lastTime: call.time,
        lastSecond: call.secondOfDay,
        lastRow: call.row,
        calls: 0,
        recorded: 0,
        firstUnrecordedRow: null,
      };
      this.byDay.set(dayKey, day);
    }
    day.calls += 1;
    if (call.recorded) day.recorded += 1;
    else day.firstUnrecordedRow ??= call.row;
    // Strict comparisons: among calls at the same second, the earliest row stands for them.
    if (call.secondOfDay < day.firstSecond) Object.assign(day, { firstTime: call.time, firstSecond: call.secondOfDay, firstRow: call.row });
    if (call.secondOfDay > day.lastSecond) Object.assign(day, { lastTime: call.time, lastSecond: call.secondOfDay, lastRow: call.row });

    const month = call.date.slice(0, 7);
    const agentKey = `${call.vendor}\u0000${month}\u0000${call.agent}`;
    const startedAt = `${call.date} ${call.time}`;
    const agent = this.byAgent.get(agentKey);
    if (!agent) {
      this.guard(call.row);
      this.byAgent.set(agentKey, { vendor: call.vendor, month, agent: call.agent, calls: 1, firstCall: startedAt, firstRow: call.row });
    } else {
      agent.calls += 1;
      if (startedAt < agent.firstCall) Object.assign(agent, { firstCall: startedAt, firstRow: call.row });
    }
  }

  /** Entries held: the memory bound a test can assert on. */
  get size(): { days: number; agents: number } {
    return { days: this.byDay.size, agents: this.byAgent.size };
  }

  /** Per vendor and day, sorted by vendor then date. */
  days(): DayAggregate[] {
    return [...this.byDay.values()].sort((a, b) => compareText(a.vendor, b.vendor) || compareText(a.date, b.date));
  }

  /** Per vendor, month and agent, sorted by vendor, month, then agent. */
  agents(): AgentAggregate[] {
    return [...this.byAgent.values()].sort(
      (a, b) => compareText(a.vendor, b.vendor) || compareText(a.month, b.month) || compareText(a.agent, b.agent),
    );
  }

  /** The credit codes the log names. */
  vendors(): string[] {
    return [...new Set([...this.byDay.values()].map((d) => d.vendor))].sort(compareText);
  }

  private guard(row: number): void {
    if (this.byDay.size + this.byAgent.size >= this.maxEntries) throw new TooManyAggregatesError(this.maxEntries, row);
  }
}
