import type { AgentAggregate, DayAggregate } from './aggregate.js';
import { clock } from './clock.js';

/** A CallLogDay document (schemas/call-log-day.schema.json): what the R22-1 and R21-1 call-log rules read. */
export function callLogDayDocument(day: DayAggregate, city: string | null): Record<string, unknown> {
  const spanSeconds = day.endSecond - day.firstSecond;
  const end = clock(day.endSecond);
  return {
    kind: 'CallLogDay',
    vendor_credit_code: day.vendor,
    date: day.date,
    city,
    first_call: day.firstTime,
    first_call_minute: day.firstTime.slice(0, 5),
    first_call_row: day.firstRow,
    // Past midnight the hours go on counting (24:30:00 is 00:30 the next day): the call is the day's.
    last_end: end,
    last_end_minute: end.slice(0, -3),
    last_end_row: day.endRow,
    last_end_started: clock(day.endStartSecond),
    last_end_duration_s: day.endDuration,
    span: clock(spanSeconds),
    span_minutes: spanSeconds / 60,
    calls: day.calls,
    recorded: day.recorded,
    first_unrecorded_row: day.firstUnrecordedRow,
  };
}

/** A CallLogAgent document (schemas/call-log-agent.schema.json), joined to the vendor's report of the month. */
export function callLogAgentDocument(agent: AgentAggregate, hasTrainingRecord: boolean): Record<string, unknown> {
  return {
    kind: 'CallLogAgent',
    vendor_credit_code: agent.vendor,
    month: agent.month,
    agent_id: agent.agent,
    calls: agent.calls,
    first_call: agent.firstCall,
    first_call_row: agent.firstRow,
    has_training_record: hasTrainingRecord,
  };
}
