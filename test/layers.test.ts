import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseOptions, type IModule, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

// The layer rules of .dependency-cruiser.cjs (docs/architecture.md): no import cycle, no import
// from a higher layer, every module in a layer. Run here so that npm test fails on an upward import.

const projectRoot = path.resolve(import.meta.dirname, '..');
const options = await extractDepcruiseOptions(path.join(projectRoot, '.dependency-cruiser.cjs'));

/** Cruises `src` under `baseDir` with the project's rules; returns the violations and the modules seen. */
async function cruiseSrc(baseDir: string, tsConfigFile?: string): Promise<{ violations: IViolation[]; modules: IModule[] }> {
  const cruiseOptions: ICruiseOptions = { ...options, baseDir, ...(tsConfigFile ? {} : { tsConfig: undefined }) };
  const transpile = tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : undefined;
  const result = await cruise(['src'], cruiseOptions, undefined, transpile);
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text, not a result object');
  return { violations: result.output.summary.violations, modules: result.output.modules };
}

const said = (violations: IViolation[]): string[] => violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`);

/** The union of every layer's folders and files, as the config writes it. */
function layeredPath(): RegExp {
  const rule = options.ruleSet?.forbidden?.find((r) => r.name === 'not-in-a-layer');
  const pathNot = rule?.from && 'pathNot' in rule.from ? rule.from.pathNot : undefined;
  if (typeof pathNot !== 'string') throw new Error('.dependency-cruiser.cjs has no not-in-a-layer rule with a pathNot');
  return new RegExp(pathNot);
}

describe('layers of src/', () => {
  it('has no import cycle and no import from a higher layer', async () => {
    const { violations, modules } = await cruiseSrc(projectRoot, path.join(projectRoot, 'tsconfig.json'));
    expect(said(violations)).toEqual([]);
    // A module that imports nothing escapes every from-rule; it still has to sit in a layer.
    const inSrc = modules.map((m) => m.source).filter((s) => s.startsWith('src/'));
    expect(inSrc.length).toBeGreaterThan(100);
    expect(inSrc.filter((s) => !layeredPath().test(s))).toEqual([]);
  });

  describe('on a tree that breaks them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-layers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (file: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('src/cli/main.ts', 'export const main = 1;\n');
    write('src/read/reads-cli.ts', "import { main } from '../cli/main.js';\nexport const up = main;\n");
    write('src/report/model.ts', 'export const model = 1;\n');
    write('src/format/text.ts', "import { model } from '../report/model.js';\nexport const down = model;\n");
    write('src/engine/a.ts', "import { b } from './b.js';\nexport const a = (): number => b();\n");
    write('src/engine/b.ts', "import { a } from './a.js';\nexport const b = (): number => a();\n");
    write('src/util/u.ts', 'export const u = 1;\n');
    write('src/stray/s.ts', "import { u } from '../util/u.js';\nexport const s = u;\n");

    it('reports the upward import, the cycle and the module outside every layer, and nothing else', async () => {
      const { violations } = await cruiseSrc(dir);
      expect(said(violations).sort()).toEqual([
        'layer-read: src/read/reads-cli.ts -> src/cli/main.ts',
        'no-circular: src/engine/a.ts -> src/engine/b.ts (cycle src/engine/b.ts -> src/engine/a.ts)',
        'not-in-a-layer: src/stray/s.ts -> src/util/u.ts',
      ]);
    });
  });
});
