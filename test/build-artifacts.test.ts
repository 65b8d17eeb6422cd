import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { loadRules, ruleFilesIn } from '../src/rules/load-rules.js';
import { readCachedRules, ruleCacheFile } from '../src/rules/rule-cache.js';
import { RULESET_FILE, rulesetVersionOf } from '../src/rules/ruleset-version.js';
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

  /** The built-in rule files and _ruleset.yaml, copied to a folder of their own. */
  const copiedRules = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-cache-'));
    for (const file of [...ruleFilesIn(builtInRulesDir), path.join(builtInRulesDir, RULESET_FILE)]) copyFileSync(file, path.join(dir, path.basename(file)));
    return { dir, copies: ruleFilesIn(dir) };
  };

  it('an edited rule file is not served from the cache', () => {
    const { copies } = copiedRules();
    expect(readCachedRules(copies)).toBeDefined();
    const capital = copies.find((f) => f.endsWith('R10-P5-1.registered-capital.yaml'))!;
    writeFileSync(capital, readFileSync(capital, 'utf8').replace('default: 1000000', 'default: 2000000'));
    expect(readCachedRules(copies)).toBeUndefined();
  });

  it('the rule cache holds the version _ruleset.yaml gives, and is not served when that file changed', () => {
    const text = readFileSync(path.join(builtInRulesDir, RULESET_FILE), 'utf8');
    expect((JSON.parse(readFileSync(ruleCacheFile, 'utf8')) as { rulesetVersion?: string }).rulesetVersion).toBe(rulesetVersionOf(text));
    expect(rulesetVersionOf(text)).toBe(String((parse(text) as { version: unknown }).version));
    const { dir, copies } = copiedRules();
    expect(readCachedRules(copies)).toBeDefined();
    writeFileSync(path.join(dir, RULESET_FILE), text.replace(/^version: .*$/m, 'version: "2099.1.0"'));
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
