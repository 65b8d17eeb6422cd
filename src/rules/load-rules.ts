import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { lazyAjv, newAjv } from '../validate/ajv.js';
import { linearRegExp } from '../validate/linear-regexp.js';
import { schemasDir } from '../paths.js';
import { parseYamlDocument, type ParsedDocument } from '../read/parse-document.js';
import { DEFAULT_LIMITS } from '../read/limits.js';
import { documentSchema } from '../validate/validate-document.js';
import { isArraySchema, schemaAt } from '../validate/schema-path.js';
import { DERIVED_FACTS } from '../facts/registry.js';
import { CUSTOM_OPERATORS, isKnownOperator } from '../operators/registry.js';
import { substituteParams, defaultParams } from './params.js';
import { isAll, isAny, isLeaf, isNot, type ConditionNode, type LeafCondition, type LoadedRule, type RuleDefinition, isCrossDocumentRule, type AnyRuleDefinition } from './types.js';
import { placeholders, pluralForms } from './message-template.js';
import { checkCrossDocumentRule } from './check-cross-rule.js';
import { readCachedRules } from './rule-cache.js';
import { runningFromBuild } from '../paths.js';
import { compareText } from '../util/compare.js';

/** A problem in a rule file, with the file and the position of the offending value. */
export interface RuleProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class RuleLoadError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'RuleLoadError';
  }
}

let ruleValidator: ValidateFunction | undefined;
// Parameter schemas are written by rule authors: their `pattern`s run on RE2 (linear time), never on a backtracking RegExp.
const paramsAjv = lazyAjv({ allErrors: true, strict: false, code: { regExp: linearRegExp } });

function validateRuleShape(data: unknown): ValidateFunction {
  ruleValidator ??= newAjv({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(path.join(schemasDir, 'rule.schema.json'), 'utf8')) as object,
  );
  ruleValidator(data);
  return ruleValidator;
}

/** Rule files in a folder (not recursive), in name order so that loading is deterministic. */
export function ruleFilesIn(dir: string): string[] {
  const files: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).filter((entry) => /\.ya?ml$/.test(entry.name) && !entry.name.startsWith('_'));
  for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
    const file = path.join(dir, entry.name);
    // The listing tells plain files and folders apart; only the other entries (links) need a stat.
    if (entry.isFile() || (!entry.isDirectory() && statSync(file).isFile())) files.push(file);
  }
  return files;
}

/**
 * Loads and checks rule files: YAML with positions, the rule JSON Schema, then what a schema cannot
 * see (known facts and operators, paths that exist in the document schema, defined parameters,
 * message placeholders that can be filled, ids never used twice). All problems are collected and
 * thrown together, each naming its file and line.
 */
export function loadRules(sources: Array<{ dir: string; builtIn: boolean }>, options: { useCache?: boolean } = {}): LoadedRule[] {
  const problems: RuleProblem[] = [];
  const rules: LoadedRule[] = [];
  const seen = new Map<string, string>();
  for (const { dir, builtIn } of sources) {
    let files: string[];
    try {
      files = ruleFilesIn(dir);
    } catch (error) {
      problems.push({ file: dir, line: 1, column: 1, message: `cannot read the rules folder: ${folderError(error)}` });
      continue;
    }
    // Only the compiled CLI uses the cache by default: tests run the sources, and must exercise the real loader.
    const cached = builtIn && (options.useCache ?? runningFromBuild) ? readCachedRules(files) : undefined;
    for (const file of files) {
      const rule = cached?.find((r) => r.file === file) ?? loadRuleFile(file, builtIn, problems);
      if (!rule) continue;
      const previous = seen.get(rule.definition.id);
      if (previous) {
        problems.push({ file, line: 1, column: 1, message: `rule id "${rule.definition.id}" is already used by ${previous}` });
        continue;
      }
      seen.set(rule.definition.id, file);
      rules.push(rule);
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules;
}

export function loadRuleFile(file: string, builtIn: boolean, problems: RuleProblem[]): LoadedRule | undefined {
  const source = readFileSync(file, 'utf8');
  const parsed = parseYamlDocument(source, DEFAULT_LIMITS);
  if (Array.isArray(parsed)) {
    for (const error of parsed) problems.push({ file, line: error.line ?? 1, column: error.column ?? 1, message: error.message.en });
    return undefined;
  }
  const report = (pointer: string, message: string) => problems.push({ file, ...parsed.locate(pointer), message });
  const validate = validateRuleShape(parsed.data);
  if (validate.errors) {
    for (const error of validate.errors) {
      // oneOf failures on conditions repeat each branch's complaint; the deepest messages are enough.
      if (error.keyword === 'oneOf' || error.keyword === 'if') continue;
      const extra = error.keyword === 'additionalProperties' ? `: "${String((error.params as { additionalProperty: string }).additionalProperty)}"` : '';
      report(error.instancePath, `${error.instancePath || '(rule)'} ${error.message ?? 'is invalid'}${extra}`);
    }
    return undefined;
  }
  const definition = parsed.data as AnyRuleDefinition;
  const before = problems.length;
  checkSemantics(definition, parsed, report);
  return problems.length === before ? { definition, file, source, builtIn } : undefined;
}

type Report = (pointer: string, message: string) => void;

function checkSemantics(rule: AnyRuleDefinition, parsed: ParsedDocument, report: Report): void {
  if (!rule.id.startsWith(`${rule.requirement}/`)) report('/id', `id "${rule.id}" must start with its requirement "${rule.requirement}/"`);
  if (!rule.requirement.startsWith(`R${rule.article}-`)) report('/requirement', `requirement ${rule.requirement} does not belong to article ${rule.article}`);

  for (const [name, param] of Object.entries(rule.params ?? {})) {
    let check;
    try {
      check = paramsAjv().compile(param.schema);
    } catch (error) {
      report(`/params/${name}/schema`, `schema of parameter "${name}" cannot be compiled: ${error instanceof Error ? error.message : String(error)} (patterns use RE2 syntax, which runs in linear time: no look-around or back-references)`);
      continue;
    }
    if (!check(param.default)) report(`/params/${name}/default`, `default of parameter "${name}" does not satisfy its schema: ${paramsAjv().errorsText(check.errors)}`);
  }
  // A cross-document rule has no conditions: its check, outcomes and placeholders are checked instead.
  if (isCrossDocumentRule(rule)) return checkCrossDocumentRule(rule, report);

  const docSchema = documentSchema(rule.applies_to);
  let itemSchema: Record<string, unknown> | undefined;
  if (rule.for_each) {
    const listSchema = schemaAt(docSchema, rule.for_each);
    if (!isArraySchema(listSchema)) report('/for_each', `for_each ${rule.for_each} is not a list in the ${rule.applies_to} schema`);
    else itemSchema = (listSchema!.items as Record<string, unknown>) ?? {};
  }

  const offenceValues = new Set<string>();
  const visit = (node: ConditionNode, at: string): void => {
    if (isAll(node)) return node.all.forEach((child, i) => visit(child, `${at}/all/${i}`));
    if (isAny(node)) return node.any.forEach((child, i) => visit(child, `${at}/any/${i}`));
    if (isNot(node)) return visit(node.not, `${at}/not`);
    if (!isLeaf(node)) return;
    checkFactReference(node.fact, node.path, node.params, `${at}`, { rule, docSchema, itemSchema, report, offenceValues });
    if (!isKnownOperator(node.operator)) {
      report(`${at}/operator`, `unknown operator "${node.operator}"`);
    }
    checkValue(node.value, `${at}/value`, { rule, docSchema, itemSchema, report, offenceValues });
    const custom = CUSTOM_OPERATORS.get(node.operator);
    if (custom && !isReference(node.value)) {
      const check = paramsAjv().compile(custom.valueSchema);
      const value = substituteParams(node.value, defaultParams(rule));
      if (!check(value)) report(`${at}/value`, `value for operator ${node.operator} is invalid: ${paramsAjv().errorsText(check.errors)}`);
    }
  };
  if (rule.when) visit(rule.when, '/when');
  visit(rule.require, '/require');

  const known = new Set(['actual', 'expected', ...Object.keys(rule.params ?? {}), ...offenceValues]);
  const messages: Array<[string, string, Record<string, unknown> | undefined]> = [
    ['/message/zh', rule.message.zh, itemSchema],
    ['/message/en', rule.message.en, itemSchema],
  ];
  collectLeafMessages(rule.require, '/require', messages, { docSchema, itemSchema });
  for (const [pointer, text, messageItemSchema] of messages) {
    if (pointer.endsWith('/zh')) for (const form of pluralForms(text)) report(pointer, `plural form ${form} is for English messages; Chinese has no plural (write {${form.slice(1).split('|')[0]}})`);
    for (const name of placeholders(text)) {
      const [head, ...rest] = name.split('.');
      if (head === 'doc' && rest.length > 0 && schemaAt(docSchema, '/' + rest.join('/'))) continue;
      if (head === 'item' && rest.length > 0 && messageItemSchema && schemaAt(messageItemSchema, '/' + rest.join('/'))) continue;
      if (rest.length === 0 && known.has(head!)) continue;
      report(pointer, `message placeholder {${name}} cannot be filled (known: ${[...known].join(', ')}, doc.<path>${rule.for_each ? ', item.<path>' : ''})`);
    }
  }
  void parsed;
}

interface CheckContext {
  rule: RuleDefinition;
  docSchema: Record<string, unknown>;
  itemSchema: Record<string, unknown> | undefined;
  report: Report;
  offenceValues: Set<string>;
}

function checkFactReference(fact: string, factPath: string | undefined, params: Record<string, unknown> | undefined, at: string, ctx: CheckContext): void {
  const { rule, docSchema, itemSchema, report } = ctx;
  if (fact === 'doc' || fact === 'item') {
    if (fact === 'item' && !rule.for_each) return report(`${at}/fact`, 'fact "item" needs for_each');
    const base = fact === 'doc' ? docSchema : itemSchema;
    if (factPath !== undefined && base && !schemaAt(base, factPath)) {
      report(`${at}/path`, `path ${factPath} does not exist in the ${rule.applies_to} schema${fact === 'item' ? ` (items of ${rule.for_each})` : ''}`);
    }
    return;
  }
  const derived = DERIVED_FACTS.get(fact);
  if (!derived) return report(`${at}/fact`, `unknown fact "${fact}" (known: doc, item, ${[...DERIVED_FACTS.keys()].join(', ')})`);
  if (derived.scope === 'item' && !rule.for_each) report(`${at}/fact`, `fact "${fact}" works on list items and needs for_each`);
  const resolved = substituteParams(params ?? {}, defaultParams(rule)) as Record<string, unknown>;
  const check = paramsAjv().compile(derived.paramsSchema);
  if (!check(resolved)) report(`${at}/params`, `params of fact ${fact} are invalid: ${paramsAjv().errorsText(check.errors)}`);
  const base = derived.scope === 'item' ? itemSchema : docSchema;
  for (const name of derived.pointerParams) {
    const pointer = resolved[name];
    if (typeof pointer === 'string' && base && !schemaAt(base, pointer)) {
      report(`${at}/params/${name}`, `path ${pointer} does not exist in the ${rule.applies_to} schema`);
    }
  }
  for (const value of derived.offenceValues ?? []) ctx.offenceValues.add(value);
  if (factPath !== undefined) report(`${at}/path`, `derived fact "${fact}" takes no path`);
}

function isReference(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && ('param' in value || 'fact' in value);
}

function checkValue(value: unknown, at: string, ctx: CheckContext): void {
  if (!isReference(value)) return;
  const ref = value as Record<string, unknown>;
  if ('param' in ref) {
    if (typeof ref.param !== 'string' || !Object.prototype.hasOwnProperty.call(ctx.rule.params ?? {}, ref.param)) {
      ctx.report(at, `value refers to undefined parameter "${String(ref.param)}"`);
    }
    return;
  }
  checkFactReference(String(ref.fact), ref.path as string | undefined, ref.params as Record<string, unknown> | undefined, at, ctx);
}

type SchemaNode = Record<string, unknown>;

/**
 * Messages on conditions, each with the schema `{item.…}` placeholders read from: the for_each item,
 * or — for `isEmpty` on a list, which reports each element — that list's element.
 */
function collectLeafMessages(
  node: ConditionNode,
  at: string,
  out: Array<[string, string, SchemaNode | undefined]>,
  schemas: { docSchema: SchemaNode; itemSchema: SchemaNode | undefined },
): void {
  if (node.message) {
    const itemSchema = isLeaf(node) && node.operator === 'isEmpty' ? listElementSchema(node, schemas) : schemas.itemSchema;
    out.push([`${at}/message/zh`, node.message.zh, itemSchema], [`${at}/message/en`, node.message.en, itemSchema]);
  }
  if (isAll(node)) node.all.forEach((child, i) => collectLeafMessages(child, `${at}/all/${i}`, out, schemas));
  else if (isAny(node)) node.any.forEach((child, i) => collectLeafMessages(child, `${at}/any/${i}`, out, schemas));
  else if (isNot(node)) collectLeafMessages(node.not, `${at}/not`, out, schemas);
}

function listElementSchema(leaf: LeafCondition, schemas: { docSchema: SchemaNode; itemSchema: SchemaNode | undefined }): SchemaNode | undefined {
  const base = leaf.fact === 'doc' ? schemas.docSchema : leaf.fact === 'item' ? schemas.itemSchema : undefined;
  const list = base && leaf.path !== undefined ? schemaAt(base, leaf.path) : undefined;
  return isArraySchema(list) ? (list!.items as SchemaNode) : schemas.itemSchema;
}

/** Why a rules folder cannot be read, in words (the usual mistakes: a wrong path in --rules or a config file's `rules`). */
function folderError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'ENOTDIR') return 'it is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  return error instanceof Error ? error.message : String(error);
}
