import type { ValidateFunction } from 'ajv';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentKind } from '../kinds/kinds.js';
import { packageRoot, runningFromBuild } from '../paths.js';

/**
 * Document validators generated at build time with ajv's standalone code (scripts/build-validators.mjs
 * writes one module per kind). They do exactly what compiling the schema at run time does, without
 * loading ajv or generating code per process. From the sources (tests) the modules do not exist,
 * and validation compiles the schemas instead.
 */
export function standaloneValidatorFile(kind: DocumentKind): string {
  return path.join(packageRoot, 'dist', 'validate', `standalone-${kind}.js`);
}

const prebuilt = new Map<DocumentKind, Promise<ValidateFunction | undefined>>();

/** The prebuilt validator of one kind, loaded on first use: a run loads only the kinds it meets. */
export function loadPrebuiltValidator(kind: DocumentKind): Promise<ValidateFunction | undefined> {
  if (!runningFromBuild) return Promise.resolve(undefined);
  let loading = prebuilt.get(kind);
  if (!loading) {
    loading = import(pathToFileURL(standaloneValidatorFile(kind)).href).then(
      (module: { validate?: ValidateFunction }) => module.validate,
      () => undefined,
    );
    prebuilt.set(kind, loading);
  }
  return loading;
}
