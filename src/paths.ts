import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The package root. This module sits directly under src/ (and dist/ once built), so one level up is
 * the root in both layouts; rules/, schemas/ and templates/ are read from there.
 */
export const packageRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

export const builtInRulesDir = path.join(packageRoot, 'rules');
export const schemasDir = path.join(packageRoot, 'schemas');
export const templatesDir = path.join(packageRoot, 'templates');
