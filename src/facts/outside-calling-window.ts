import type { DerivedFact, Offence } from './fact.js';
import { parseTimeOfDay } from '../util/dates.js';
import { resolvePointer } from '../util/json-pointer.js';

/** A branch's calling window (第二十二条 lets a city set its own calling time), `HH:MM` bounds, both included. */
export interface CallingWindow {
  start: string;
  end: string;
}

interface WindowParams {
  window: CallingWindow | null;
  first: string;
  last: string;
}

const HH_MM = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

/** `HH:MM` or `HH:MM:SS` → minutes since midnight, seconds dropped: a bound given to the minute covers that whole minute. */
export function minuteOfDay(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d{2}:\d{2})(?::[0-5]\d)?$/.exec(text);
  return match ? parseTimeOfDay(match[1]) : undefined;
}

/**
 * The day's first and last call against an optional calling window: one offence at the first call
 * when it is before `start`, one at the last call when it is after `end`. No window (null, the
 * default) or a time that cannot be read gives no offence here; the schema has already required
 * valid times.
 */
export const outsideCallingWindowFact: DerivedFact<WindowParams> = {
  name: 'outsideCallingWindow',
  description: 'Offences at `first` (before window.start) and at `last` (after window.end); none when window is null.',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['window', 'first', 'last'],
    properties: {
      window: {
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['start', 'end'],
            properties: { start: { type: 'string', pattern: HH_MM }, end: { type: 'string', pattern: HH_MM } },
          },
        ],
      },
      first: { type: 'string' },
      last: { type: 'string' },
    },
  },
  pointerParams: ['first', 'last'],
  returnsOffences: true,
  offenceValues: ['time', 'bound'],
  compute({ window, first, last }, { doc }): Offence[] {
    if (!window) return [];
    const offences: Offence[] = [];
    const firstTime = resolvePointer(doc, first);
    const lastTime = resolvePointer(doc, last);
    const [firstMinute, lastMinute] = [minuteOfDay(firstTime), minuteOfDay(lastTime)];
    const [start, end] = [parseTimeOfDay(window.start), parseTimeOfDay(window.end)];
    if (firstMinute !== undefined && start !== undefined && firstMinute < start) {
      offences.push({ pointer: first, values: { time: firstTime, bound: window.start } });
    }
    if (lastMinute !== undefined && end !== undefined && lastMinute > end) {
      offences.push({ pointer: last, values: { time: lastTime, bound: window.end } });
    }
    return offences;
  },
  locate: ({ last }) => last,
};
