import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

const require = createRequire(import.meta.url);

/**
 * A new Ajv instance, loading ajv on first use. Loading it costs about 40 ms, which a plain check with
 * the prebuilt validators (see prebuilt-validators.ts) and the built-in rules never needs to pay.
 */
export function newAjv(options: Options): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  return new AjvClass(options);
}

/** Validators compiled on first use: for modules that keep one Ajv instance for the process. */
export function lazyAjv(options: Options): () => Ajv {
  let instance: Ajv | undefined;
  return () => (instance ??= newAjv(options));
}
