import type { DerivedFact, FactContext, Offence } from './fact.js';
import { resolvePointer } from '../util/json-pointer.js';
import { isValidDate } from '../util/dates.js';

/**
 * Three views of an approval trail (a list of `{step, date}` in the order taken) against the steps a
 * cooperation mode requires, each reporting at the step or list it concerns. Steps the mode does not
 * name are ignored here (the schema already limits step names).
 */
interface TrailParams {
  path: string;
  steps: string[];
}

const paramsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'steps'],
  properties: { path: { type: 'string' }, steps: { type: 'array', minItems: 1, items: { type: 'string' } } },
};

interface TrailEntry {
  index: number;
  step: string;
  date: unknown;
  order: number;
}

/** Each rule's params (one object per compiled condition) → its key in the document's shared store. */
const trailKeys = new WeakMap<TrailParams, string>();

/** The trail's entries the mode names, derived once per document and shared by the three facts. */
function trail(params: TrailParams, context: FactContext): TrailEntry[] {
  let key = trailKeys.get(params);
  if (key === undefined) {
    key = `approvalTrail${JSON.stringify([params.path, params.steps])}`;
    trailKeys.set(params, key);
  }
  const known = context.shared?.get(key) as TrailEntry[] | undefined;
  if (known) return known;
  const entries = deriveTrail(params, context.doc);
  context.shared?.set(key, entries);
  return entries;
}

function deriveTrail({ path, steps }: TrailParams, doc: unknown): TrailEntry[] {
  const list = resolvePointer(doc, path);
  if (!Array.isArray(list)) return [];
  const entries: TrailEntry[] = [];
  list.forEach((entry, index) => {
    const step = String(resolvePointer(entry, '/step'));
    const order = steps.indexOf(step);
    if (order >= 0) entries.push({ index, step, date: resolvePointer(entry, '/date'), order });
  });
  return entries;
}

export const approvalStepsMissingFact: DerivedFact<TrailParams> = {
  name: 'approvalStepsMissing',
  description: 'One offence, at the approval list, for each required step that is absent.',
  scope: 'document',
  paramsSchema,
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['step'],
  compute(params, context): Offence[] {
    const present = new Set(trail(params, context).map((entry) => entry.step));
    return params.steps.filter((step) => !present.has(step)).map((step) => ({ pointer: params.path, values: { step } }));
  },
  locate: ({ path }) => path,
};

export const approvalStepsOutOfOrderFact: DerivedFact<TrailParams> = {
  name: 'approvalStepsOutOfOrder',
  description: 'One offence, at the step, for each step taken after a step that must come later.',
  scope: 'document',
  paramsSchema,
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['step', 'after'],
  compute(params, context): Offence[] {
    const offences: Offence[] = [];
    let latest: TrailEntry | undefined;
    for (const entry of trail(params, context)) {
      if (latest && entry.order < latest.order) {
        offences.push({ pointer: `${params.path}/${entry.index}/step`, values: { step: entry.step, after: latest.step } });
      } else {
        latest = entry;
      }
    }
    return offences;
  },
  locate: ({ path }) => path,
};

export const approvalDatesBackwardsFact: DerivedFact<TrailParams> = {
  name: 'approvalDatesBackwards',
  description: 'One offence, at the date, for each step dated earlier than a step taken before it.',
  scope: 'document',
  paramsSchema,
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['step', 'date', 'previous_step', 'previous_date'],
  compute(params, context): Offence[] {
    const offences: Offence[] = [];
    let latest: TrailEntry | undefined;
    for (const entry of trail(params, context)) {
      if (typeof entry.date !== 'string') continue;
      if (latest && entry.date < (latest.date as string)) {
        offences.push({
          pointer: `${params.path}/${entry.index}/date`,
          values: { step: entry.step, date: entry.date, previous_step: latest.step, previous_date: latest.date },
        });
      } else {
        latest = entry;
      }
    }
    return offences;
  },
  locate: ({ path }) => path,
};

/**
 * The latest date of the approval steps named `step` in the list at `path` (the agreement's signing),
 * or null when no such step carries a readable date. R10-P5-2 judges a licence on it as well as on the
 * dossier's `submitted`: the vendor writes `submitted`, and one dated before the agreement (a dossier
 * "submitted" in January recording a September agreement) made a licence that lapsed in between pass.
 * Derived once per document (a licence rule asks for each licence).
 */
export const approvalStepDateFact: DerivedFact<{ path: string; step: string }> = {
  name: 'approvalStepDate',
  description: 'The latest date (YYYY-MM-DD) of the approval steps named `step` in the list at `path`, or null when none has a readable date.',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'step'],
    properties: { path: { type: 'string' }, step: { type: 'string' } },
  },
  pointerParams: ['path'],
  compute({ path, step }, context): string | null {
    const key = `approvalStepDate${JSON.stringify([path, step])}`;
    const known = context.shared?.get(key) as string | null | undefined;
    if (known !== undefined) return known;
    let latest: string | null = null;
    const list = resolvePointer(context.doc, path);
    if (Array.isArray(list)) {
      for (const entry of list) {
        const date = resolvePointer(entry, '/date');
        if (resolvePointer(entry, '/step') === step && isValidDate(date) && (latest === null || (date as string) > latest)) latest = date as string;
      }
    }
    context.shared?.set(key, latest);
    return latest;
  },
  locate: ({ path }) => path,
};
