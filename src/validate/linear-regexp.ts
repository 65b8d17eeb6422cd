import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Ajv's `code.regExp` engine for patterns written by rule authors (a custom rule's parameter schema):
 * RE2 matches in time linear in the input, so a pattern such as `(a+)+$` cannot hang the run the way
 * a backtracking RegExp does. RE2 has no look-around or back-references; such a pattern is refused
 * when the schema is compiled (ajv reports it with the pattern).
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): { test: (text: string) => boolean; toString: () => string } => {
    // Loaded on first use: only custom rules' and profiles' parameter schemas need it (start-up).
    const { RE2JS } = require('re2js') as typeof import('re2js');
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
