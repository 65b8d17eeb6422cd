import { renderFieldReference } from './field-reference.js';
import { renderRuleReference } from './rule-reference.js';

/** The pages `npm run docs` writes (scripts/gen-docs.mjs), relative to the package root. */
export const GENERATED_PAGES: ReadonlyArray<{ file: string; render: () => string }> = [
  { file: 'docs/fields.md', render: () => renderFieldReference('en') },
  { file: 'docs/fields.zh.md', render: () => renderFieldReference('zh') },
  { file: 'docs/rule-reference.md', render: renderRuleReference },
];
