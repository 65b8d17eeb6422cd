import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { schemasDir } from '../paths.js';
import { ASSESSMENT_KIND, KIND_NAMES, isDocumentKind, kindFiles, type DocumentKind } from '../kinds/kinds.js';
import { inputError, type InputError } from '../read/input-error.js';
import type { ParsedDocument } from '../read/parse-document.js';
import { formatPointer, parsePointer, resolvePointer } from '../util/json-pointer.js';
import { addTmcheckFormats } from './formats.js';
import { placeholderErrors, placeholderPointers } from './placeholders.js';
import { newAjv } from './ajv.js';
import { loadPrebuiltValidator } from './prebuilt-validators.js';
import { fieldDomain, readTerms } from '../glossary/read-terms.js';
import { DOMAINS } from '../glossary/terms.js';
import { latestFactDate } from '../util/dates.js';
import { readsAs } from '../util/plain-text.js';
import { typeName } from '../util/type-name.js';
// ajv-i18n's Chinese messages (CommonJS: `module.exports = fn`; its typings describe an ES default).
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';
import type { Lang } from '../util/i18n.js';

export type JsonSchema = Record<string, unknown>;

export interface Validated {
  kind: DocumentKind;
  /** Unknown keys below the top level: reported, but the document is still checked. */
  warnings: InputError[];
}

const schemas = new Map<DocumentKind, JsonSchema>();
const validators = new Map<DocumentKind, ValidateFunction>();
let ajv: Ajv | undefined;

export function documentSchema(kind: DocumentKind): JsonSchema {
  let schema = schemas.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(path.join(schemasDir, kindFiles(kind).schemaFile), 'utf8')) as JsonSchema;
    schemas.set(kind, schema);
  }
  return schema;
}

/** Compiled once per process and kind (or prebuilt, see usePrebuiltValidators); code generation is the expensive part. */
function validatorFor(kind: DocumentKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(documentSchema(kind));
    validators.set(kind, validate);
  }
  return validate;
}

/**
 * Takes the validator generated at build time for the kind a document declares, where it exists;
 * call before validating that document, and await what it returns, if anything. Loaded once per
 * process and kind: only the first document of a kind waits for the module (a dossier batch never
 * loads the report validator); every other gets undefined, and validates without giving up its turn.
 */
export function usePrebuiltValidators(data: unknown): Promise<void> | undefined {
  const kind = data !== null && typeof data === 'object' ? (data as Record<string, unknown>).kind : undefined;
  if (!isDocumentKind(kind) || validators.has(kind)) return undefined;
  return loadPrebuiltValidator(kind).then((validate) => {
    if (validate && !validators.has(kind)) validators.set(kind, validate);
  });
}

/** The options every document validator is built with, at run time or at build time. */
export const DOCUMENT_AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, verbose: true } as const;

export function createAjv(): Ajv {
  const instance = newAjv(DOCUMENT_AJV_OPTIONS);
  addTmcheckFormats(instance);
  return instance;
}

/**
 * Finds the kind from `kind:` and validates against that kind's JSON Schema (all errors, with
 * positions), then refuses dates that have not come (`latest`: tomorrow where tmcheck runs).
 */
export function validateDocument(doc: ParsedDocument, latest: string = latestFactDate()): Validated | InputError[] {
  const data = doc.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return [inputError('not-a-mapping', '文档的顶层必须是映射（键: 值）', 'the document must be a mapping (key: value) at the top level', { path: '', ...doc.locate('') })];
  }
  const kind = (data as Record<string, unknown>).kind;
  // The branch's assessment decides the ranking: one found among the inputs (or --history) may have come with them.
  if (kind === ASSESSMENT_KIND) {
    return [
      inputError(
        'assessment-among-inputs',
        `这是分公司的月度综合考核（kind: ${ASSESSMENT_KIND}）：考核只从 --assessments 指定的文件读取，从不在被检查的输入（或 --history）之中查找，因为输入可能来自外包合作方；未使用该考核`,
        `this is the branch's monthly assessment (kind: ${ASSESSMENT_KIND}): an assessment is read only from --assessments, never from among the checked inputs (or --history), which may come from the vendors; it was not used`,
        { path: '/kind', ...doc.locate('/kind') },
      ),
    ];
  }
  if (!Object.prototype.hasOwnProperty.call(data, 'kind') || !isDocumentKind(kind)) {
    const got = kind === undefined ? '缺少 kind / kind is missing' : `kind: ${JSON.stringify(kind)}`;
    return [
      inputError(
        'unknown-kind',
        `未知的文档类型（${got}）；可用的类型：${KIND_NAMES.join(', ')}`,
        `unknown document kind (${got}); known kinds: ${KIND_NAMES.join(', ')}`,
        { path: '/kind', ...doc.locate('/kind') },
      ),
    ];
  }
  const validated = validateAs(kind, doc);
  if (Array.isArray(validated)) return validated;
  const future = notYet(kind, doc, latest);
  if (future) return [future];
  const events = eventsNotYet(kind, doc, latest);
  return events.length > 0 ? events : validated;
}

/**
 * Dated events a document counts as done: an approval step, a spot check, a calling day, a
 * campaign's review. One dated after `latest` has not happened, yet would count (an
 * `agreement_signed` of 2099 completes the R10-1 trail; a spot check later this month counts
 * toward R24-2's two), so it is an input error like a future `submitted`.
 */
const EVENT_DATES: Record<'VendorDossier' | 'MonthlyReport', Array<[list: string, field: string[]]>> = {
  VendorDossier: [['cooperation/approvals', ['date']]],
  MonthlyReport: [
    ['inspections', ['date']],
    ['calling_days', ['date']],
    ['campaigns', ['cs_review', 'date']],
  ],
};

function eventsNotYet(kind: DocumentKind, doc: ParsedDocument, latest: string): InputError[] {
  if (kind !== 'VendorDossier' && kind !== 'MonthlyReport') return [];
  const errors: InputError[] = [];
  for (const [list, field] of EVENT_DATES[kind]) {
    const entries = resolvePointer(doc.data, `/${list}`);
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      const date = resolvePointer(entry, field);
      if (typeof date !== 'string' || date <= latest) return;
      const pointer = `/${list}/${index}/${field.join('/')}`;
      errors.push(
        inputError(
          'future-date',
          `${pointer} 为 ${date}，这一天还没有到来（晚于 ${latest}）：尚未发生的事不能计为已完成`,
          `${pointer} is ${date}, a day that has not come (later than ${latest}): what has not happened cannot count as done`,
          { path: pointer, ...doc.locate(pointer) },
        ),
      );
    });
  }
  return errors;
}

/**
 * A dossier submitted, or a month reported, after `latest`. Experience and licences are judged on
 * `submitted`: a date years ahead would turn eight months of telemarketing into the two years R10-P5-3 asks.
 */
function notYet(kind: DocumentKind, doc: ParsedDocument, latest: string): InputError | undefined {
  const data = doc.data as Record<string, unknown>;
  if (kind === 'VendorDossier' && typeof data.submitted === 'string' && data.submitted > latest) {
    return inputError(
      'future-date',
      `/submitted 为 ${data.submitted}，这一天还没有到来（晚于 ${latest}）：档案不能在未来提交`,
      `/submitted is ${data.submitted}, a day that has not come (later than ${latest}): a dossier cannot be submitted in the future`,
      { path: '/submitted', ...doc.locate('/submitted') },
    );
  }
  if (kind === 'MonthlyReport' && typeof data.month === 'string' && data.month > latest.slice(0, 7)) {
    return inputError(
      'future-date',
      `/month 为 ${data.month}，这个月还没有开始（明天是 ${latest}）：不能报告未来的月份`,
      `/month is ${data.month}, a month that has not begun (tomorrow is ${latest}): a report cannot be of a future month`,
      { path: '/month', ...doc.locate('/month') },
    );
  }
  return undefined;
}

/** Validates against a given kind's schema, without `kind:` discovery (rule examples, call-log aggregates). */
export function validateAs(kind: DocumentKind, doc: ParsedDocument): Validated | InputError[] {
  const validate = validatorFor(kind);
  readTerms(kind, doc.data);
  // A blank left in a template is told as such, not as the type or format error it also is.
  const blanks = doc.mayHoldPlaceholders === false ? NO_BLANKS : placeholderPointers(doc.data);
  if (!validate(doc.data) || blanks.length > 0) {
    return [...placeholderErrors(doc, blanks), ...schemaErrors((validate.errors ?? []).filter((error) => !blanks.includes(error.instancePath)), doc, kind)];
  }
  const { warnings, lookAlikes } = unknownNestedKeys(doc.data, documentSchema(kind), doc);
  return lookAlikes.length > 0 ? lookAlikes : { kind, warnings };
}

const otherValidators = new Map<string, ValidateFunction>();

/**
 * Validates a file of tmcheck's own kinds that is no document (the branch's assessment) against its
 * schema file, with the errors a document gets (pointer, position, both languages).
 */
export function validateOwnKind(schemaFile: string, doc: ParsedDocument): InputError[] {
  let validate = otherValidators.get(schemaFile);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(JSON.parse(readFileSync(path.join(schemasDir, schemaFile), 'utf8')) as JsonSchema);
    otherValidators.set(schemaFile, validate);
  }
  return validate(doc.data) ? [] : schemaErrors(validate.errors ?? [], doc);
}

/** The blanks of a document in which no value can be one (see ParsedDocument.mayHoldPlaceholders). */
const NO_BLANKS: readonly string[] = Object.freeze([]);

/**
 * The schema's errors as input errors. A key the schema does not allow that a reader cannot tell from
 * an allowed key beside it (`scоre` with a Cyrillic о next to `score`) is a look-alike key, as it is
 * below the top level of a document (unknownNestedKeys): the officer reads one value, tmcheck another.
 */
function schemaErrors(errors: readonly ErrorObject[], doc: ParsedDocument, kind?: DocumentKind): InputError[] {
  // The keys each mapping may hold, found once per mapping: a mapping of 40,000 unknown keys is 40,000 errors.
  const unknown = new Map<string, Set<string>>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const keys = unknown.get(error.instancePath) ?? new Set<string>();
    keys.add(String((error.params as Record<string, unknown>).additionalProperty));
    unknown.set(error.instancePath, keys);
  }
  const allowed = new Map<string, string[]>();
  const allowedIn = (instancePath: string): string[] => {
    let names = allowed.get(instancePath);
    if (!names) {
      const mapping = resolvePointer(doc.data, instancePath);
      const others = unknown.get(instancePath);
      names = mapping !== null && typeof mapping === 'object' ? Object.keys(mapping).filter((name) => !others?.has(name)) : [];
      allowed.set(instancePath, names);
    }
    return names;
  };
  return errors.map((error) => {
    if (error.keyword === 'additionalProperties') {
      const twin = lookAlikeTwin(String((error.params as Record<string, unknown>).additionalProperty), allowedIn(error.instancePath));
      if (twin !== undefined) return lookAlikeKey(errorPointer(error), twin, doc);
    }
    return schemaError(error, doc, kind);
  });
}

/** The pointer an error is told at: a missing or unknown key's own, else the value's. */
function errorPointer(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `${error.instancePath}/${String(params.missingProperty)}`;
  if (error.keyword === 'additionalProperties') return formatPointer([...parsePointer(error.instancePath), String(params.additionalProperty)]);
  return error.instancePath;
}

function schemaError(error: ErrorObject, doc: ParsedDocument, kind?: DocumentKind): InputError {
  const pointer = errorPointer(error);
  const position = error.keyword === 'additionalProperties' || error.keyword === 'required' ? doc.locateKey(pointer) : doc.locate(pointer);
  const shown = pointer === '' ? '(document)' : pointer;
  const domain = error.keyword === 'enum' && kind !== undefined ? fieldDomain(kind, pointer) : undefined;
  if (domain) {
    // A glossary field: the accepted values as a person writes them, in both languages.
    const terms = DOMAINS[domain].terms;
    return inputError(
      'schema',
      `${shown} 的${DOMAINS[domain].name.zh}无法识别（${describeValue(error.data, 'zh')}）；可用：${terms.map((t) => t.zh).join('、')}`,
      `${shown}: unrecognised ${DOMAINS[domain].name.en} (${describeValue(error.data, 'en')}); accepted: ${terms.map((t) => `${t.code} (${t.en})`).join(', ')}`,
      { path: pointer, ...position },
    );
  }
  const detail = schemaDetail(error);
  return inputError('schema', `${shown} ${detail.zh}`, `${shown} ${detail.en}`, { path: pointer, ...position });
}

/** What is wrong, said in each language: hand-written for the common cases, ajv-i18n's Chinese for the rest. */
function schemaDetail(error: ErrorObject): { zh: string; en: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { zh: '缺失（必填）', en: 'is required but missing' };
    case 'additionalProperties':
      return error.instancePath === '' ? { zh: '不是已知的顶层键', en: 'is not a known top-level key' } : { zh: '不是已知的键', en: 'is not a known key' };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return { zh: `取值不在允许范围内，须为：${allowed.join('、')}`, en: `must be one of: ${allowed.join(', ')}` };
    }
    case 'type': {
      const type = String(params.type);
      return {
        zh: `类型错误：应为${typeName(type, 'zh')}（实际为${describeValue(error.data, 'zh')}）`,
        en: `must be ${typeName(type, 'en')} (got ${describeValue(error.data, 'en')})`,
      };
    }
    case 'format': {
      const format = String(params.format);
      return { zh: `格式错误：应为有效的${FORMAT_ZH[format] ?? format}（${FORMAT_HINT[format] ?? format}）`, en: `must be a valid ${format} (${FORMAT_HINT[format] ?? format})` };
    }
    default: {
      const zh = { ...error };
      (localizeZhModule as unknown as (errors: ErrorObject[]) => void)([zh]);
      return { zh: zh.message ?? '不符合格式要求', en: error.message ?? 'is invalid' };
    }
  }
}

function describeValue(value: unknown, lang: Lang): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return lang === 'zh' ? '列表' : 'a list';
  if (typeof value === 'object') return lang === 'zh' ? '映射' : 'a mapping';
  // JSON.stringify shows NaN and Infinity (`.nan`, `.inf` in YAML) as null.
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  const clipped = text.length > 40 ? text.slice(0, 37) + '…' : text;
  return lang === 'zh' ? `${TYPE_ZH[typeof value] ?? typeof value} ${clipped}` : `${typeof value} ${clipped}`;
}

const FORMAT_HINT: Record<string, string> = { date: 'YYYY-MM-DD', month: 'YYYY-MM', 'time-of-day': 'HH:MM, 24 h' };
const FORMAT_ZH: Record<string, string> = { date: '日期', month: '月份', 'time-of-day': '时刻' };
const TYPE_ZH: Record<string, string> = { number: '数字', integer: '整数', string: '字符串', boolean: '布尔值（true/false）', object: '映射', array: '列表', null: 'null' };

/**
 * Keys the schema does not name, below the top level. The spec makes them warnings (vendors add
 * remarks), so they are found by walking data and schema together rather than failing validation.
 * An unknown key that a reader cannot tell from a known key beside it (`vendor_caused` twice, one
 * with a zero-width space, a Cyrillic а or full-width letters) is a duplicate key as a person reads
 * the file: the officer sees two values for one field and tmcheck would judge one of them, so it is
 * an input error (`lookAlikes`), like a duplicate key.
 */
function unknownNestedKeys(data: unknown, schema: JsonSchema, doc: ParsedDocument): { warnings: InputError[]; lookAlikes: InputError[] } {
  const warnings: InputError[] = [];
  const lookAlikes: InputError[] = [];
  // One path, extended and shortened as the walk goes down and back up: no array per key visited.
  const tokens: Array<string | number> = [];
  const visit = (value: unknown, node: JsonSchema | undefined): void => {
    if (!node || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const items = node.items as JsonSchema | undefined;
      if (!items) return;
      for (let i = 0; i < value.length; i++) {
        tokens.push(i);
        visit(value[i], items);
        tokens.pop();
      }
      return;
    }
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of Object.keys(value)) {
      const known = Object.prototype.hasOwnProperty.call(properties, key);
      if (!known && tokens.length === 0) continue; // top-level keys are the schema's own errors
      tokens.push(key);
      if (known) {
        visit((value as Record<string, unknown>)[key], properties[key]);
      } else {
        const pointer = formatPointer(tokens);
        const twin = lookAlikeTwin(key, Object.keys(properties).filter((name) => Object.prototype.hasOwnProperty.call(value, name)));
        if (twin === undefined) {
          warnings.push(inputError('unknown-key', `${pointer} 不是已知的键，已忽略`, `${pointer} is not a known key; ignored`, { path: pointer, ...doc.locateKey(pointer) }));
        } else {
          lookAlikes.push(lookAlikeKey(pointer, twin, doc));
        }
      }
      tokens.pop();
    }
  };
  visit(data, schema);
  return { warnings, lookAlikes };
}

/**
 * The known key beside `key` (one of `known`: the schema's keys present in the same mapping, few)
 * that a reader cannot tell from it; undefined if none.
 */
function lookAlikeTwin(key: string, known: readonly string[]): string | undefined {
  return known.find((name) => name !== key && readsAs(key, name));
}

function lookAlikeKey(pointer: string, twin: string, doc: ParsedDocument): InputError {
  return inputError(
    'look-alike-key',
    `${pointer} 看起来与同一映射中的键 ${twin} 相同（含不可见字符、全角字符、大小写不同或形似拉丁字母的其他文字字母）：同一字段出现两个值，无法判断以哪个为准；请删除或改正其中一个`,
    `${pointer} reads as the key ${twin} beside it (invisible characters, full-width forms, case or letters of another script that look Latin): one field with two values cannot be judged; remove or correct one of them`,
    { path: pointer, ...doc.locateKey(pointer) },
  );
}
