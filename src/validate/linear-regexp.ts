import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { RE2JS } from 're2js';

/**
 * Ajv's `code.regExp` engine for patterns written by rule authors (a custom rule's parameter schema):
 * RE2 matches in time linear in the input, so a pattern such as `(a+)+$` cannot hang the run the way
 * a backtracking RegExp does. RE2 has no look-around or back-references; such a pattern is refused
 * when the schema is compiled (ajv reports it with the pattern).
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): { test: (text: string) => boolean; toString: () => string } => {
    const compiled = RE2JS.compile(pattern);
    return {
      test: (text: string) => compiled.matcher(text).find(),
      // Ajv keeps compiled patterns by their toString(): each pattern needs its own.
      toString: () => `/${pattern}/${flags}`,
    };
  },
  // Only read when ajv writes standalone code, which is never done for these schemas.
  { code: 'linearRegExp' },
);
