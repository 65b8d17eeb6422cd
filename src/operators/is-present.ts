import type { CustomOperator } from './operator.js';
import { withoutSpacing } from '../util/plain-text.js';

/**
 * `isPresent: true` holds when the fact carries a value: not missing, not null, and not a string of
 * only blanks (a review record id of "  " is no record). Blanks include what a reader cannot see:
 * zero-width and other format characters (U+200B, U+2060, U+FEFF, a soft hyphen) and ideographic
 * spaces, so an id that looks empty is empty. `isPresent: false` holds for the opposite.
 */
export const isPresentOperator: CustomOperator = {
  name: 'isPresent',
  description: 'The fact is present (value: true): not missing, not null, not a string of only white space and invisible characters; or absent (value: false).',
  valueSchema: { type: 'boolean' },
  evaluate: (fact, value) => hasValue(fact) === value,
};

function hasValue(fact: unknown): boolean {
  if (fact === undefined || fact === null) return false;
  return typeof fact !== 'string' || withoutSpacing(fact) !== '';
}
