import { pointerParamsSchema, type DerivedFact } from './fact.js';
import { resolvePointer } from '../util/json-pointer.js';

/**
 * `part` as a percentage of `whole` (complaints per paying user). Undefined when `whole` is zero or
 * either value is not a non-negative number: there is no rate to judge, and every comparison on an
 * undefined fact fails, so rules say explicitly what an absent rate means.
 */
export function ratePercent(part: unknown, whole: unknown): number | undefined {
  if (!isCount(part) || !isCount(whole) || whole === 0) return undefined;
  // Multiply before dividing: 215 * 100 / 2150 is exactly 10, whereas 215 / 2150 * 100 is not.
  return (part * 100) / whole;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export const ratePercentFact: DerivedFact<{ part: string; whole: string }> = {
  name: 'ratePercent',
  description: 'The number at `part` as a percentage of the number at `whole`; undefined when `whole` is 0.',
  scope: 'document',
  paramsSchema: pointerParamsSchema(['part', 'whole']),
  pointerParams: ['part', 'whole'],
  compute: ({ part, whole }, { doc }) => ratePercent(resolvePointer(doc, part), resolvePointer(doc, whole)),
  locate: ({ part }) => part,
};
