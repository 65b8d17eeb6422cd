import type { ErrorObject, ValidateFunction } from 'ajv';
import localizeZh from 'ajv-i18n/localize/zh/index.js';
import { lazyAjv } from '../validate/ajv.js';
import { linearRegExp } from '../validate/linear-regexp.js';
import type { LoadedRule } from '../rules/types.js';
import { formatPointer } from '../util/json-pointer.js';
import type { Bilingual } from '../util/i18n.js';
import { normaliseCity, SHANDONG_CITIES } from './city-name.js';
import { isValidCreditCode } from '../util/credit-code.js';
import { ProfileError, type Profile, type ProfileProblem, type RuleOverrides } from './profile.js';
import { typeName } from '../util/type-name.js';

// The same engine as the rule loader's: rule authors' patterns run in linear time on profile values too.
const ajv = lazyAjv({ allErrors: true, strict: false, code: { regExp: linearRegExp } });
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Checks a profile against the loaded rules: each rule id exists and is judged per document, each
 * parameter exists in that rule, and each value satisfies the parameter's `schema` from the rule
 * file. Throws ProfileError with every problem (file, line, column) so a profile is fixed in one go.
 */
export function checkProfileAgainstRules(profile: Profile, rules: LoadedRule[]): void {
  // A key names one rule (R22-1/calling-hours) or a requirement (R22-1): every rule of it.
  const byKey = new Map<string, LoadedRule[]>();
  for (const rule of rules) {
    for (const key of [rule.definition.id, rule.definition.requirement]) byKey.set(key, [...(byKey.get(key) ?? []), rule]);
  }
  const problems: ProfileProblem[] = [];
  problems.push(...cityNameProblems(profile), ...registerProblems(profile));
  const scopes: Array<[string[], RuleOverrides]> = [
    [['defaults'], profile.defaults],
    ...Object.entries(profile.cities).map(([city, overrides]): [string[], RuleOverrides] => [['cities', city], overrides]),
  ];
  for (const [prefix, overrides] of scopes) {
    for (const [key, values] of Object.entries(overrides)) {
      const keyPointer = formatPointer([...prefix, key]);
      const report = (pointer: string, atKey: boolean, message: Bilingual) =>
        problems.push({ file: profile.file, ...profile.locate(pointer, atKey), message });
      const matched = byKey.get(key);
      if (!matched) {
        const what = key.includes('/') ? { zh: '规则', en: 'rule' } : { zh: '要求', en: 'requirement' };
        report(keyPointer, true, { zh: `没有编号为 ${key} 的${what.zh}`, en: `there is no ${what.en} ${key}` });
        continue;
      }
      // A cross-document rule (the monthly ranking) is judged over every city at once: no city's profile can set it.
      const perDocument = matched.filter((rule) => !Object.prototype.hasOwnProperty.call(rule.definition, 'cross_document'));
      if (perDocument.length === 0) {
        report(keyPointer, true, {
          zh: `规则 ${key} 跨多份文件判断，不能由分公司参数配置设置`,
          en: `rule ${key} is judged across documents and cannot be set by a profile`,
        });
        continue;
      }
      for (const [name, value] of Object.entries(values)) {
        const pointer = formatPointer([...prefix, key, name]);
        const declaring = perDocument.filter((rule) => Object.prototype.hasOwnProperty.call(rule.definition.params ?? {}, name));
        if (declaring.length === 0) {
          const known = [...new Set(perDocument.flatMap((rule) => Object.keys(rule.definition.params ?? {})))].join(', ') || '—';
          report(pointer, true, {
            zh: `${key.includes('/') ? '规则' : '要求'} ${key} 没有参数 ${name}（其参数：${known}）`,
            en: `${key.includes('/') ? 'rule' : 'requirement'} ${key} has no parameter ${name} (its parameters: ${known})`,
          });
          continue;
        }
        for (const rule of declaring) {
          const validate = validatorFor(rule.definition.params![name]!.schema);
          if (validate(value)) continue;
          const detail = paramErrorText(validate.errors ?? [], rule.definition.params![name]!.schema, name);
          report(pointer, false, {
            zh: `${rule.definition.id} 的参数 ${name} 取值 ${JSON.stringify(value)} 无效（${detail.zh}）`,
            en: `${rule.definition.id} parameter ${name}: ${JSON.stringify(value)} is invalid (${detail.en})`,
          });
          break;
        }
      }
    }
  }
  if (problems.length > 0) throw new ProfileError(problems);
}

/**
 * Two keys that name one city once normalised (济南 and 濟南市) would make the lookup depend on order.
 * A key that names none of Shandong's sixteen cities (清岛 for 青岛, a county such as 胶州) matches no
 * report: its city's reports would be judged by the defaults, the stricter hours meant for them lost.
 */
function cityNameProblems(profile: Profile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const seen = new Map<string, string>();
  for (const name of Object.keys(profile.cities)) {
    const at = { file: profile.file, ...profile.locate(formatPointer(['cities', name]), true) };
    const normal = normaliseCity(name);
    const first = seen.get(normal);
    if (normal === '') problems.push({ ...at, message: { zh: '城市名不能为空（只有空白或不可见字符）', en: 'a city name cannot be empty (only spaces or invisible characters)' } });
    else if (!SHANDONG_CITIES.has(normal)) {
      problems.push({
        ...at,
        message: {
          zh: `「${name}」不是山东省十六个地市之一：按城市设置的参数只用于这些地市的文件，这一项不会用于任何文件，该市的文件将按 defaults 判断`,
          en: `"${name}" is not one of Shandong's sixteen cities: per-city parameters apply to documents of those cities, so this entry would apply to none, and that city's documents would be judged by the defaults`,
        },
      });
    } else if (first !== undefined) {
      problems.push({
        ...at,
        message: { zh: `城市「${name}」与「${first}」是同一城市（${normal}），只能写一次`, en: `city "${name}" is the same city as "${first}" (${normal}); name it once` },
      });
    } else seen.set(normal, name);
  }
  return problems;
}

/** The register's entries must name a vendor (a credit code whose check character is right) and one of Shandong's sixteen cities. */
function registerProblems(profile: Profile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  for (const [code, city] of Object.entries(profile.vendors)) {
    if (!isValidCreditCode(code)) {
      const at = { file: profile.file, ...profile.locate(formatPointer(['vendors', code]), true) };
      problems.push({ ...at, message: { zh: `「${code}」的校验位不正确，不是有效的统一社会信用代码`, en: `"${code}" is not a valid unified social credit code (its check character is wrong)` } });
    }
    if (!SHANDONG_CITIES.has(normaliseCity(city))) {
      const at = { file: profile.file, ...profile.locate(formatPointer(['vendors', code])) };
      problems.push({ ...at, message: { zh: `「${city}」不是山东省十六个地市之一`, en: `"${city}" is not one of Shandong's sixteen cities` } });
    }
  }
  return problems;
}

/**
 * Why a value fails its parameter's schema. Where the regulation fixes a value or a list (a const, or
 * an `allOf` of `contains` naming each item the list must keep), say which, not ajv's "must be equal
 * to constant" / "must contain at least 1 valid item(s)": a profile may make a rule stricter, never
 * looser than the regulation (docs/profiles.md).
 */
function paramErrorText(errors: ErrorObject[], schema: Record<string, unknown>, name: string): Bilingual {
  // The items a `contains` tried are not the problem: the item it did not find is.
  const shown = errors.filter((e) => e.keyword !== 'allOf' && !e.schemaPath.includes('/contains/')).map((error): Bilingual => {
    if (error.keyword === 'const') {
      const allowed = JSON.stringify((error.params as { allowedValue: unknown }).allowedValue);
      return { zh: `${name} 须为 ${allowed}`, en: `${name} must be ${allowed}` };
    }
    if (error.keyword === 'type') {
      const type = (error.params as { type: unknown }).type;
      return { zh: `${name} 须为${typeName(type, 'zh')}`, en: `${name} must be ${typeName(type, 'en')}` };
    }
    const contains = /^#\/allOf\/(\d+)\/contains$/.exec(error.schemaPath);
    const kept = contains ? (schema.allOf as Array<{ contains?: { const?: unknown } }> | undefined)?.[Number(contains[1])]?.contains?.const : undefined;
    if (kept !== undefined) return { zh: `${name} 须包含 ${JSON.stringify(kept)}`, en: `${name} must include ${JSON.stringify(kept)}` };
    // The branch reads Chinese: ajv-i18n's wording (as for documents, src/validate/validate-document.ts).
    const zh = { ...error };
    (localizeZh as unknown as (errors: ErrorObject[]) => void)([zh]);
    return { zh: `${name} ${zh.message ?? '取值无效'}`, en: ajv().errorsText([error], { dataVar: name }) };
  });
  return { zh: shown.map((text) => text.zh).join('；'), en: shown.map((text) => text.en).join(', ') };
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
