import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// What every run and every --jobs worker loads at start-up (scripts/bundle.mjs writes dist/): the
// libraries only some runs need are loaded on first use from node_modules, never bundled in.
const dist = path.join(import.meta.dirname, '..', 'dist');

describe('the bundle (dist/, built by npm run build)', () => {
  it("carries neither json-rules-engine's Engine (with JSONPath and its event emitter) nor re2js", () => {
    const bundled = readdirSync(dist).filter((name) => name.endsWith('.js') && (name.startsWith('tmcheck') || name.startsWith('bundle-')));
    expect(bundled).toContain('tmcheck-worker.js');
    for (const name of bundled) {
      const code = readFileSync(path.join(dist, name), 'utf8');
      expect(code, name).not.toMatch(/node_modules\/(json-rules-engine|jsonpath-plus|eventemitter2)\//);
      expect(code, name).not.toMatch(/class RE2JS/);
    }
  });
});
