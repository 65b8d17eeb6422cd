import type { ValidateFunction } from 'ajv';
import { lazyAjv } from '../validate/ajv.js';
import type { LoadedRule } from '../rules/types.js';
import { formatPointer } from '../util/json-pointer.js';
import type { Bilingual } from '../util/i18n.js';
import { ProfileError, type Profile, type ProfileProblem, type RuleOverrides } from './profile.js';

const ajv = lazyAjv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Checks a profile against the loaded rules: each rule id exists and is judged per document, each
 * parameter exists in that rule, and each value satisfies the parameter's `schema` from the rule
 * file. Throws ProfileError with every problem (file, line, column) so a profile is fixed in one go.
 */
export function checkProfileAgainstRules(profile: Profile, rules: LoadedRule[]): void {
  const byId = new Map(rules.map((r) => [r.definition.id, r]));
  const problems: ProfileProblem[] = [];
  const scopes: Array<[string[], RuleOverrides]> = [
    [['defaults'], profile.defaults],
    ...Object.entries(profile.cities).map(([city, overrides]): [string[], RuleOverrides] => [['cities', city], overrides]),
  ];
  for (const [prefix, overrides] of scopes) {
    for (const [ruleId, values] of Object.entries(overrides)) {
      const rulePointer = formatPointer([...prefix, ruleId]);
      const report = (pointer: string, key: boolean, message: Bilingual) =>
        problems.push({ file: profile.file, ...profile.locate(pointer, key), message });
      const rule = byId.get(ruleId);
      if (!rule) {
        report(rulePointer, true, { zh: `没有编号为 ${ruleId} 的规则`, en: `there is no rule ${ruleId}` });
        continue;
      }
      // A cross-document rule (the monthly ranking) is judged over every city at once: no city's profile can set it.
      if (Object.prototype.hasOwnProperty.call(rule.definition, 'cross_document')) {
        report(rulePointer, true, {
          zh: `规则 ${ruleId} 跨多份文件判断，不能由配置文件设置`,
          en: `rule ${ruleId} is judged across documents and cannot be set by a profile`,
        });
        continue;
      }
      const declared = rule.definition.params ?? {};
      const names = Object.keys(declared);
      for (const [name, value] of Object.entries(values)) {
        const pointer = formatPointer([...prefix, ruleId, name]);
        const param = Object.prototype.hasOwnProperty.call(declared, name) ? declared[name] : undefined;
        if (!param) {
          const known = names.length > 0 ? names.join(', ') : '—';
          report(pointer, true, {
            zh: `规则 ${ruleId} 没有参数 ${name}（其参数：${known}）`,
            en: `rule ${ruleId} has no parameter ${name} (its parameters: ${known})`,
          });
          continue;
        }
        const validate = validatorFor(param.schema);
        if (!validate(value)) {
          const detail = ajv().errorsText(validate.errors, { dataVar: name });
          report(pointer, false, {
            zh: `${ruleId} 的参数 ${name} 取值 ${JSON.stringify(value)} 无效（${detail}）`,
            en: `${ruleId} parameter ${name}: ${JSON.stringify(value)} is invalid (${detail})`,
          });
        }
      }
    }
  }
  if (problems.length > 0) throw new ProfileError(problems);
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
