import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';

const require = createRequire(import.meta.url);

/**
 * A new Ajv instance, loading ajv on first use. Loading it costs about 40 ms, which a plain check with
 * the prebuilt validators (see prebuilt-validators.ts) and the built-in rules never needs to pay.
 */
export function newAjv(options: Options): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  return new AjvClass({ ...options, keywords: [...ANNOTATION_KEYWORDS, ...(options.keywords ?? [])] });
}

/**
 * Annotations of tmcheck's own schemas that JSON Schema has no keyword for (the Chinese description
 * of a field, rendered in docs/fields.zh.md): declared to every instance, so strict mode accepts them.
 */
export const ANNOTATION_KEYWORDS = ['x-description-zh'];

/** Validators compiled on first use: for modules that keep one Ajv instance for the process. */
export function lazyAjv(options: Options): () => Ajv {
  let instance: Ajv | undefined;
  return () => (instance ??= newAjv(options));
}
