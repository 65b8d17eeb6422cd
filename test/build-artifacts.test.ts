import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { loadRules, ruleFilesIn } from '../src/rules/load-rules.js';
import { readCachedRules, ruleCacheFile } from '../src/rules/rule-cache.js';
import { builtInRulesDir, packageRoot } from '../src/paths.js';
import { createAjv, documentSchema } from '../src/validate/validate-document.js';
import { DOCUMENT_KINDS } from '../src/kinds/kinds.js';

/**
 * What `npm run build` leaves beside the compiled code must behave exactly like what it replaces:
 * the rule cache like loading the rules, the standalone validators like compiling the schemas.
 */
describe('build artifacts', () => {
  it('the build has written the rule cache and the standalone validators', () => {
    expect(existsSync(ruleCacheFile), 'run `npm run build` first').toBe(true);
    expect(existsSync(path.join(packageRoot, 'dist', 'validate', 'standalone-validators.js'))).toBe(true);
  });

  it('the rule cache holds exactly what the loader produces from the same files', () => {
    const files = ruleFilesIn(builtInRulesDir);
    const cached = readCachedRules(files);
    expect(cached, 'cache does not match the rule files: run `npm run build`').toBeDefined();
    const loaded = loadRules([{ dir: builtInRulesDir, builtIn: true }], { useCache: false });
    expect(cached!.map((r) => r.definition)).toEqual(loaded.map((r) => r.definition));
  });

  it('an edited rule file is not served from the cache', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-cache-'));
    for (const file of ruleFilesIn(builtInRulesDir)) copyFileSync(file, path.join(dir, path.basename(file)));
    const copies = ruleFilesIn(dir);
    expect(readCachedRules(copies)).toBeDefined();
    const capital = copies.find((f) => f.endsWith('R10-P5-1.registered-capital.yaml'))!;
    writeFileSync(capital, readFileSync(capital, 'utf8').replace('default: 1000000', 'default: 2000000'));
    expect(readCachedRules(copies)).toBeUndefined();
  });

  it('the standalone validators report the same errors as schemas compiled at run time', async () => {
    const standalone = await import(pathToFileURL(path.join(packageRoot, 'dist', 'validate', 'standalone-validators.js')).href);
    const ajv = createAjv();
    const invalid = readdirSync(path.join(packageRoot, 'fixtures', 'invalid'))
      .map((name) => { try { return parse(readFileSync(path.join(packageRoot, 'fixtures', 'invalid', name), 'utf8')); } catch { return undefined; } })
      .filter((data) => data && typeof data === 'object' && !Array.isArray(data));
    let compared = 0;
    for (const kind of Object.keys(DOCUMENT_KINDS) as Array<keyof typeof DOCUMENT_KINDS>) {
      const compiled = ajv.compile(documentSchema(kind));
      const prebuilt = standalone[kind];
      for (const data of [...invalid, { kind, vendor: { credit_code: 'x' }, submitted: '2026-02-30', month: '2026-13' }]) {
        expect(prebuilt(data)).toBe(compiled(data));
        expect(prebuilt.errors).toEqual(compiled.errors);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
