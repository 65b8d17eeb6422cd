import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { newAjv } from '../validate/ajv.js';
import { schemasDir } from '../paths.js';
import { readSourceText } from '../read/read-source.js';
import { parseYamlDocument, type ParsedDocument } from '../read/parse-document.js';
import type { ReadLimits } from '../read/limits.js';
import { displayPath } from '../util/display-path.js';
import { formatPointer, parsePointer } from '../util/json-pointer.js';
import type { Bilingual } from '../util/i18n.js';
import { typeName } from '../util/type-name.js';
import { ProfileError, type Profile, type ProfileProblem, type RuleOverrides } from './profile.js';

let validator: ValidateFunction | undefined;

function profileValidator(): ValidateFunction {
  validator ??= newAjv({ allErrors: true, strict: true, strictRequired: false }).compile(
    JSON.parse(readFileSync(path.join(schemasDir, 'profile.schema.json'), 'utf8')) as object,
  );
  return validator;
}

/**
 * Reads a profile file with the same guards as a document (size, encoding, YAML errors, duplicate
 * keys, alias bombs) and checks its shape against schemas/profile.schema.json. Whether its rule ids,
 * parameter names and values fit the loaded rules is checked by checkProfileAgainstRules.
 * Throws ProfileError naming the file and line of every problem.
 */
export function readProfile(file: string, cwd: string, limits: ReadLimits): Profile {
  const absolute = path.resolve(cwd, file);
  const shown = displayPath(absolute, cwd);
  const fail = (problems: Array<{ message: Bilingual; line?: number; column?: number }>): never => {
    throw new ProfileError(problems.map((p) => ({ file: shown, line: p.line ?? 1, column: p.column ?? 1, message: p.message })));
  };
  const source = readSourceText(absolute, limits.maxFileBytes);
  if ('code' in source) return fail([source]);
  const parsed = parseYamlDocument(source.text, limits);
  if (Array.isArray(parsed)) return fail(parsed);

  const validate = profileValidator();
  if (!validate(parsed.data)) {
    // ajv also reports the inner errors of propertyNames and of each anyOf branch; the outer one says it all.
    const errors = (validate.errors ?? []).filter((e) => e.propertyName === undefined && !e.schemaPath.startsWith('#/anyOf/'));
    return fail(errors.map((error) => shapeProblem(error, parsed, shown)));
  }

  const data = parsed.data as { description?: string; defaults?: RuleOverrides; cities?: Record<string, RuleOverrides>; vendors?: Record<string, string> };
  return {
    file: shown,
    ...(data.description !== undefined ? { description: data.description } : {}),
    defaults: data.defaults ?? {},
    cities: data.cities ?? {},
    vendors: data.vendors ?? {},
    locate: (pointer, key = false) => (key ? parsed.locateKey(pointer) : parsed.locate(pointer)),
  };
}

/** A schema error in words a branch administrator can act on, at the key or value concerned. */
function shapeProblem(error: ErrorObject, parsed: ParsedDocument, file: string): ProfileProblem {
  const params = error.params as Record<string, unknown>;
  const at = (pointer: string, key: boolean) => ({ file, ...(key ? parsed.locateKey(pointer) : parsed.locate(pointer)) });
  const shown = (pointer: string) => (pointer === '' ? '(profile)' : pointer);
  const where = error.instancePath;
  const depth = parsePointer(where).length;
  switch (error.keyword) {
    case 'additionalProperties': {
      const pointer = formatPointer([...parsePointer(where), String(params.additionalProperty)]);
      return {
        ...at(pointer, true),
        message: {
          zh: `${pointer} 不是分公司参数配置已知的键（可用：description、defaults、cities、vendors）`,
          en: `${pointer} is not a known key of a profile (known: description, defaults, cities, vendors)`,
        },
      };
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      const pointer = formatPointer([...parsePointer(where), name]);
      // Depth says what the key should have been: a rule id (under defaults or a city) or a parameter name.
      const isRuleLevel = where === '/defaults' || (depth === 2 && where.startsWith('/cities/'));
      if (where === '/cities') return { ...at(pointer, true), message: { zh: '城市名不能为空', en: 'a city name cannot be empty' } };
      if (where === '/vendors') return { ...at(pointer, true), message: { zh: `「${name}」不是统一社会信用代码（18 位）`, en: `"${name}" is not a unified social credit code (18 characters)` } };
      return {
        ...at(pointer, true),
        message: isRuleLevel
          ? { zh: `「${name}」不是规则编号（形如 R22-1/calling-hours）`, en: `"${name}" is not a rule id (like R22-1/calling-hours)` }
          : { zh: `「${name}」不是参数名（小写字母、数字和下划线）`, en: `"${name}" is not a parameter name (lower-case letters, digits and _)` },
      };
    }
    case 'anyOf':
      return { ...at('', false), message: { zh: '分公司参数配置须包含 defaults 或 cities', en: 'a profile needs defaults or cities (or both)' } };
    case 'minProperties':
      return { ...at(where, false), message: { zh: `${where} 没有设置任何参数`, en: `${where} sets no parameter` } };
    case 'type':
      return {
        ...at(where, false),
        message: { zh: `${shown(where)} 类型错误：须为${typeName(params.type, 'zh')}`, en: `${shown(where)} must be ${typeName(params.type, 'en')}` },
      };
    default:
      return { ...at(where, false), message: { zh: `${shown(where)} 不符合分公司参数配置格式（${error.message ?? ''}）`, en: `${shown(where)} ${error.message ?? 'is invalid'}` } };
  }
}

