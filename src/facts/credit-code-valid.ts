import { pointerParamsSchema, type DerivedFact } from './fact.js';
import { isValidCreditCode } from '../util/credit-code.js';
import { resolvePointer } from '../util/json-pointer.js';

/** Whether the 统一社会信用代码 at `path` has the check character GB 32100-2015 calls for. */
export const creditCodeValidFact: DerivedFact<{ path: string }> = {
  name: 'creditCodeValid',
  description: 'true when the unified social credit code at `path` passes the GB 32100-2015 check character.',
  scope: 'document',
  paramsSchema: pointerParamsSchema(['path']),
  pointerParams: ['path'],
  compute: ({ path }, { doc }) => isValidCreditCode(resolvePointer(doc, path)),
  locate: ({ path }) => path,
};
