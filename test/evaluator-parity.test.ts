import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { evaluateDocument, evaluateDocumentWithEngine } from '../src/engine/evaluate-document.js';
import { evaluationKey } from '../src/coverage/run-examples.js';
import { isDocumentKind } from '../src/kinds/kinds.js';
import { applyMutation, mutationArbitrary, validSeeds } from './support/mutations.js';
import { projectRoot } from './support/fixtures.js';

/**
 * Checks run on the direct evaluator (src/engine/condition-evaluator.ts); json-rules-engine's
 * `Engine.run` is the reference it must agree with: the same hits (rule, pointer, message) and the
 * same outcome for every rule, on every fixture and on mutated documents, valid or not.
 */
const ruleSet = loadRuleSet({ cwd: projectRoot });
const seeds = validSeeds();

/** Both evaluations, or the error each threw: a derived fact that throws must throw in both. */
async function both(data: unknown): Promise<{ direct: string; reference: string } | undefined> {
  const kind = (data as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !isDocumentKind(kind)) return undefined;
  const compiled = ruleSet.compiledFor(kind, undefined);
  const outcome = async (run: () => unknown): Promise<string> => {
    try {
      return evaluationKey((await run()) as Parameters<typeof evaluationKey>[0]);
    } catch (error) {
      return `threw ${error instanceof Error ? error.constructor.name : typeof error}`;
    }
  };
  return {
    direct: await outcome(() => evaluateDocument(compiled, data)),
    reference: await outcome(() => evaluateDocumentWithEngine(compiled, data)),
  };
}

describe('direct evaluator agrees with json-rules-engine', () => {
  it(`on every valid fixture (${seeds.length})`, async () => {
    let withHits = 0;
    for (const seed of seeds) {
      const result = await both(seed.data);
      expect(result, seed.name).toBeDefined();
      expect(result!.direct, seed.name).toBe(result!.reference);
      if (!result!.direct.includes('"hits":[]')) withHits += 1;
    }
    // The comparison means something only if many fixtures have findings to compare.
    expect(withHits).toBeGreaterThan(20);
  });

  it('on mutated documents, valid or not', async () => {
    const seed = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261127);
    await fc.assert(
      fc.asyncProperty(mutationArbitrary(seeds.length), async (mutation) => {
        let data: unknown;
        try {
          data = parse(applyMutation(seeds, mutation).toString('utf8'), { logLevel: 'error' });
        } catch {
          return; // unparsable documents never reach the rules
        }
        const result = await both(data);
        if (result) expect(result.direct).toBe(result.reference);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed },
    );
  });
});
