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
      // Its operator modules are bundled (the direct evaluator's operator map), its Engine is not.
      expect(code, name).not.toMatch(/node_modules\/json-rules-engine\/dist\/(engine|almanac|rule|json-rules-engine|index)\.js/);
      expect(code, name).not.toMatch(/node_modules\/(jsonpath-plus|eventemitter2)\//);
      expect(code, name).not.toMatch(/class RE2JS/);
    }
  });

  it('loads node:child_process and node:v8 on first use only, never when a module loads', () => {
    for (const name of ['tmcheck.js', 'tmcheck-document.js', 'tmcheck-worker.js']) {
      const code = readFileSync(path.join(dist, name), 'utf8');
      // commander's `var childProcess = require('node:child_process')` (`require` in the CLI's script, `__require` in the ES modules), and ES imports of either.
      expect(code, name).not.toMatch(/=\s*(__)?require\("node:(child_process|v8)"\)/);
      expect(code, name).not.toMatch(/from\s*"node:(child_process|v8)"/);
    }
  });

  it("keeps yaml and the document validators out of the CLI's script, in the document script a warm --cache rerun never loads", () => {
    const cli = readFileSync(path.join(dist, 'tmcheck.js'), 'utf8');
    const document = readFileSync(path.join(dist, 'tmcheck-document.js'), 'utf8');
    // esbuild names each wrapped module by its path: yaml's CommonJS files, the validators' lazily initialised modules.
    for (const marker of ['node_modules/yaml/dist/', '"dist/validate/standalone-VendorDossier.js"']) {
      expect(cli).not.toContain(marker);
      expect(document).toContain(marker);
    }
  });
});
