#!/usr/bin/env node
// `npm run docs` (after the build): writes the generated reference pages from the schemas, the
// glossary and the fact/operator registries. test/docs-generated.test.ts fails when they are stale.
import path from 'node:path';
import { packageRoot } from '../dist/paths.js';
import { GENERATED_PAGES } from '../dist/docs/generated-pages.js';
import { writeFileAtomic } from '../dist/util/atomic-write.js';

for (const page of GENERATED_PAGES) {
  writeFileAtomic(path.join(packageRoot, page.file), page.render());
  console.log(`${page.file} written`);
}
