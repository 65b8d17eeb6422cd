import type { InternalKind } from '../kinds/kinds.js';
import { resolvePointer } from '../util/json-pointer.js';
import type { CallLogColumn } from './columns.js';

/**
 * Where in the call log a finding on an aggregate belongs: for each field a rule can fail on, the
 * aggregate field holding the row of the offending call, and the column to name. A span breach, or
 * an end after the window, points at the day's latest-ending call (its duration sets the end); a
 * start before the window at the first call; unrecorded calls at the first unrecorded one; an
 * untrained agent at their first call.
 */
const ROW_OF: Record<InternalKind, Record<string, { rowAt: string; field: CallLogColumn }>> = {
  CallLogDay: {
    '/span_minutes': { rowAt: '/last_end_row', field: 'started_at' },
    '/span': { rowAt: '/last_end_row', field: 'started_at' },
    '/last_end': { rowAt: '/last_end_row', field: 'started_at' },
    '/last_end_minute': { rowAt: '/last_end_row', field: 'started_at' },
    '/first_call': { rowAt: '/first_call_row', field: 'started_at' },
    '/first_call_minute': { rowAt: '/first_call_row', field: 'started_at' },
    '/recorded': { rowAt: '/first_unrecorded_row', field: 'recorded' },
    '/first_unrecorded_row': { rowAt: '/first_unrecorded_row', field: 'recorded' },
  },
  CallLogAgent: {
    '/has_training_record': { rowAt: '/first_call_row', field: 'agent_id' },
    '/agent_id': { rowAt: '/first_call_row', field: 'agent_id' },
  },
};

/**
 * The row and column of a finding at `pointer` in an aggregate; the aggregate's first call when the
 * field is not mapped. `rowAt`: the aggregate field the row came from (an aggregate over several
 * logs keeps, per such field, the log the row is in).
 */
export function rowLocation(kind: InternalKind, aggregate: unknown, pointer: string): { row: number; field?: CallLogColumn; rowAt: string } {
  const mapped = ROW_OF[kind][pointer];
  const row = mapped ? resolvePointer(aggregate, mapped.rowAt) : undefined;
  if (typeof row === 'number') return { row, field: mapped!.field, rowAt: mapped!.rowAt };
  return { row: Number(resolvePointer(aggregate, FIRST_CALL_ROW)), rowAt: FIRST_CALL_ROW };
}

const FIRST_CALL_ROW = '/first_call_row';
