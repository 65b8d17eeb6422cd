import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { builtInRulesDir, packageRoot, schemasDir } from '../paths.js';
import { parseYamlDocument } from '../read/parse-document.js';
import { DEFAULT_LIMITS } from '../read/limits.js';
import { createAjv } from '../validate/validate-document.js';
import type { Bilingual } from '../util/i18n.js';

/** One requirement of the regulation (regulation/requirements.yaml). */
export interface Requirement {
  id: string;
  article: string;
  citation: string;
  summary: Bilingual;
  /** An umbrella requirement holds when all of these hold. */
  parts?: string[];
}

export type DeclarationStatus = 'not_machine_checkable' | 'encoded_by_engine';

/** A requirement that no rule encodes, declared in rules/_coverage.yaml with the reason. */
export interface CoverageDeclaration {
  requirement: string;
  status: DeclarationStatus;
  reason: Bilingual;
}

export const regulationDir = path.join(packageRoot, 'regulation');
export const requirementsFile = path.join(regulationDir, 'requirements.yaml');
export const coverageFile = path.join(builtInRulesDir, '_coverage.yaml');

/** `R7-1/signing-entity` → `R7-1`: a rule id starts with its requirement (load-rules enforces it). */
export function requirementOfRuleId(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash === -1 ? ruleId : ruleId.slice(0, slash);
}

let requirements: Requirement[] | undefined;
let declarations: CoverageDeclaration[] | undefined;

/** The regulation's requirement list, in file order (article order). Throws, naming file:line, if malformed. */
export function loadRequirements(): Requirement[] {
  requirements ??= readChecked<{ requirements: RawRequirement[] }>(requirementsFile, 'requirements.schema.json').requirements.map((r) => ({
    id: r.id,
    article: r.article,
    citation: r.citation,
    summary: { zh: r.summary_zh, en: r.summary_en },
    ...(r.parts ? { parts: r.parts } : {}),
  }));
  return requirements;
}

/** The built-in ruleset's declarations of requirements no rule encodes. */
export function loadCoverageDeclarations(): CoverageDeclaration[] {
  declarations ??= readChecked<{ declared: CoverageDeclaration[] }>(coverageFile, 'coverage.schema.json').declared;
  return declarations;
}

interface RawRequirement {
  id: string;
  article: string;
  citation: string;
  summary_zh: string;
  summary_en: string;
  parts?: string[];
}

const validators = new Map<string, ValidateFunction>();

function readChecked<T>(file: string, schemaFile: string): T {
  const parsed = parseYamlDocument(readFileSync(file, 'utf8'), DEFAULT_LIMITS);
  if (Array.isArray(parsed)) {
    throw new Error(parsed.map((e) => `${file}:${e.line ?? 1}:${e.column ?? 1}: ${e.message.en}`).join('\n'));
  }
  let validate = validators.get(schemaFile);
  if (!validate) {
    validate = createAjv().compile(JSON.parse(readFileSync(path.join(schemasDir, schemaFile), 'utf8')) as object);
    validators.set(schemaFile, validate);
  }
  if (!validate(parsed.data)) {
    throw new Error(
      (validate.errors ?? [])
        .map((e) => {
          const { line, column } = parsed.locate(e.instancePath);
          return `${file}:${line}:${column}: ${e.instancePath || '(file)'} ${e.message ?? 'is invalid'}`;
        })
        .join('\n'),
    );
  }
  return parsed.data as T;
}
