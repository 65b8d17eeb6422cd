import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serialize } from 'node:v8';
import { packageRoot, standaloneValidatorsFile } from '../paths.js';
import { tmcheckVersion } from '../report/build-report.js';
import { sha256 } from '../util/hash.js';

/** Everything besides a document's bytes that its per-document result depends on. */
export interface RunKeyParts {
  /** RuleSet.sha256: every loaded rule's id and source text, built-in and custom folders alike. */
  rules: string;
  asOf: string | undefined;
  /** The profile's rule parameters (defaults and per city), as the workers get them. */
  profile: unknown;
  /** Every limit and reading option of the run (documents and call logs), whether or not it mattered. */
  limits: unknown;
  /** A hash of the branch's --assessments files, when the run names any: a changed assessment is another run. */
  assessments?: string;
}

/**
 * The run key: a hash of the tool and of every option a document's result depends on. A cached
 * result is reused only under the same key, so changing a rule, the profile, --as-of, a limit or the
 * tool makes every document be checked again. v8's serializer (the structured clone the workers
 * use) tells apart what JSON would merge (NaN and null, undefined and absent).
 */
export function runKey(parts: RunKeyParts, tool: string = toolIdentity()): string {
  const key = { rules: parts.rules, asOf: parts.asOf ?? null, profile: parts.profile ?? null, limits: parts.limits };
  // Only when given: a run without assessments keeps the key it had.
  return sha256(Buffer.concat([Buffer.from(`${tool}\u0000`), serialize(parts.assessments === undefined ? key : { ...key, assessments: parts.assessments })]));
}

let identity: string | undefined;

/**
 * The tool version and a hash of its built code (the bundles under dist/ and the generated schema
 * validators): a rebuilt tool is another tool even when package.json says the same version. Each
 * file's SHA-256 comes from `hashFile` (the --cache stat memo: a megabyte of code is not read and
 * hashed on every run), by default from reading it.
 */
export function toolIdentity(hashFile: (file: string) => string = (file) => sha256(readFileSync(file))): string {
  if (identity !== undefined) return identity;
  const dist = path.join(packageRoot, 'dist');
  let code = '';
  try {
    const files = readdirSync(dist).filter((name) => name.endsWith('.js')).sort().map((name) => path.join(dist, name));
    code = sha256([...files, standaloneValidatorsFile].map((file) => `${path.relative(packageRoot, file)}\u0000${hashFile(file)}\n`).join(''));
  } catch {
    code = 'unbuilt';
  }
  identity = `tmcheck ${tmcheckVersion()} ${code}`;
  return identity;
}
