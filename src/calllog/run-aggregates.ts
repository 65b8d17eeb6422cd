import { compareText } from '../util/compare.js';
import type { AgentAggregate, DayAggregate } from './aggregate.js';

/**
 * A vendor-day over every call log of the run (a month's calls may be saved as several files): the
 * calls and recorded calls add up, the first call is the earliest start and the end the latest end
 * in any log. Each row kept is a row of one log, named beside it. Logs come in input order and the
 * comparisons are strict, so on a tie the earlier log keeps it, as the earlier row does in one log.
 */
export interface RunDay<L> {
  day: DayAggregate;
  /** The log of each row the day keeps (firstRow, endRow, firstUnrecordedRow). */
  at: { first: L; end: L; firstUnrecorded: L | undefined };
  /** The logs with calls of the day, in input order. */
  logs: L[];
}

/** A vendor-month's agent over every call log of the run: calls add up, the first call is the earliest in any log. */
export interface RunAgent<L> {
  agent: AgentAggregate;
  /** The log of agent.firstRow. */
  at: L;
  logs: L[];
}

/** The run's vendor-days, sorted by vendor then date, from each log's days (logs in input order). */
export function runDays<L>(logs: ReadonlyArray<{ log: L; days: readonly DayAggregate[] }>): Array<RunDay<L>> {
  const byKey = new Map<string, RunDay<L>>();
  for (const { log, days } of logs) {
    for (const day of days) {
      const key = `${day.vendor}\u0000${day.date}`;
      const known = byKey.get(key);
      if (!known) {
        byKey.set(key, { day: { ...day }, at: { first: log, end: log, firstUnrecorded: day.firstUnrecordedRow === null ? undefined : log }, logs: [log] });
        continue;
      }
      const merged = known.day;
      if (known.logs[known.logs.length - 1] !== log) known.logs.push(log);
      merged.calls += day.calls;
      merged.recorded += day.recorded;
      if (merged.firstUnrecordedRow === null && day.firstUnrecordedRow !== null) {
        merged.firstUnrecordedRow = day.firstUnrecordedRow;
        known.at.firstUnrecorded = log;
      }
      if (day.firstSecond < merged.firstSecond) {
        merged.firstSecond = day.firstSecond;
        merged.firstTime = day.firstTime;
        merged.firstRow = day.firstRow;
        known.at.first = log;
      }
      if (day.endSecond > merged.endSecond) {
        merged.endSecond = day.endSecond;
        merged.endRow = day.endRow;
        merged.endStartSecond = day.endStartSecond;
        merged.endDuration = day.endDuration;
        known.at.end = log;
      }
    }
  }
  return [...byKey.values()].sort((a, b) => compareText(a.day.vendor, b.day.vendor) || compareText(a.day.date, b.day.date));
}

/** The run's vendor-month agents, sorted by vendor, month, then agent, from each log's agents (logs in input order). */
export function runAgents<L>(logs: ReadonlyArray<{ log: L; agents: readonly AgentAggregate[] }>): Array<RunAgent<L>> {
  const byKey = new Map<string, RunAgent<L>>();
  for (const { log, agents } of logs) {
    for (const agent of agents) {
      const key = `${agent.vendor}\u0000${agent.month}\u0000${agent.agent}`;
      const known = byKey.get(key);
      if (!known) {
        byKey.set(key, { agent: { ...agent }, at: log, logs: [log] });
        continue;
      }
      if (known.logs[known.logs.length - 1] !== log) known.logs.push(log);
      known.agent.calls += agent.calls;
      // `YYYY-MM-DD HH:MM:SS` texts order as the times do.
      if (agent.firstCall < known.agent.firstCall) {
        known.agent.firstCall = agent.firstCall;
        known.agent.firstRow = agent.firstRow;
        known.at = log;
      }
    }
  }
  return [...byKey.values()].sort((a, b) => compareText(a.agent.vendor, b.agent.vendor) || compareText(a.agent.month, b.agent.month) || compareText(a.agent.agent, b.agent.agent));
}
