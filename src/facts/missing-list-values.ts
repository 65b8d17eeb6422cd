import type { DerivedFact, Offence } from './fact.js';
import { resolvePointer } from '../util/json-pointer.js';

/**
 * Required values absent from the list at `path` of the current item (an agent's training topics).
 * One offence per item, at the list, naming every missing value at once: a reader wants "lacks
 * etiquette, sales_skills" once, not one finding per topic.
 */
export const missingListValuesFact: DerivedFact<{ path: string; required: string[] }> = {
  name: 'missingListValues',
  description: 'One offence, at the list at `path` of the current item, naming the values of `required` it lacks (none when it has all).',
  scope: 'item',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'required'],
    properties: { path: { type: 'string' }, required: { type: 'array', minItems: 1, items: { type: 'string' } } },
  },
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['missing'],
  compute({ path, required }, { item }): Offence[] {
    const list = resolvePointer(item, path);
    const present = new Set(Array.isArray(list) ? list : []);
    const missing = required.filter((value) => !present.has(value));
    return missing.length === 0 ? [] : [{ pointer: path, values: { missing } }];
  },
  locate: ({ path }) => path,
};
