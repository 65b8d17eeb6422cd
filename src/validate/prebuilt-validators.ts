import type { ValidateFunction } from 'ajv';
import { pathToFileURL } from 'node:url';
import type { DocumentKind } from '../kinds/kinds.js';
import { runningFromBuild, standaloneValidatorsFile } from '../paths.js';

/**
 * Document validators generated at build time with ajv's standalone code (scripts/build-validators.mjs
 * writes dist/validate/standalone-validators.js). They do exactly what compiling the schema at run
 * time does, without loading ajv or generating code per process. From the sources (tests) the module
 * does not exist, and validation compiles the schemas instead.
 */
let prebuilt: Promise<Partial<Record<DocumentKind, ValidateFunction>>> | undefined;

export function loadPrebuiltValidators(): Promise<Partial<Record<DocumentKind, ValidateFunction>>> {
  if (!runningFromBuild) return Promise.resolve({});
  prebuilt ??= import(pathToFileURL(standaloneValidatorsFile).href).then(
    (module: Partial<Record<DocumentKind, ValidateFunction>>) => module,
    () => ({}),
  );
  return prebuilt;
}
