import type { DerivedFact, Offence } from './fact.js';
import { resolvePointer } from '../util/json-pointer.js';

/** Required values that no item of a list carries in `field` (e.g. a licence kind nobody holds). */
export const missingItemValuesFact: DerivedFact<{ path: string; field: string; required: string[] }> = {
  name: 'missingItemValues',
  description: 'One offence, at the list, for each value of `required` that no item of the list at `path` has in `field`.',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'field', 'required'],
    properties: { path: { type: 'string' }, field: { type: 'string' }, required: { type: 'array', items: { type: 'string' } } },
  },
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['missing'],
  compute({ path, field, required }, { doc }): Offence[] {
    const list = resolvePointer(doc, path);
    const present = new Set(Array.isArray(list) ? list.map((item) => resolvePointer(item, `/${field}`)) : []);
    return required.filter((value) => !present.has(value)).map((missing) => ({ pointer: path, values: { missing } }));
  },
  locate: ({ path }) => path,
};
