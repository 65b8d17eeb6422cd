import type { Lang } from './i18n.js';

// One wording for a JSON Schema type in every message (documents, profiles, config files), so a
// reader sees "must be a number" / "应为数字", never ajv's "must be number" or a bare "integer".
const NAMES: Record<Lang, Record<string, string>> = {
  en: { number: 'a number', integer: 'an integer', string: 'a string', boolean: 'true or false', object: 'a mapping (key: value)', array: 'a list', null: 'null' },
  zh: { number: '数字', integer: '整数', string: '字符串', boolean: '布尔值（true/false）', object: '映射（键: 值）', array: '列表', null: 'null' },
};

/** A schema's `type` ("integer", "string,null" as ajv reports it, or a list) as a reader says it. */
export function typeName(type: unknown, lang: Lang): string {
  const types = (Array.isArray(type) ? type.map(String) : String(type).split(',')).map((t) => t.trim()).filter(Boolean);
  return types.map((t) => NAMES[lang][t] ?? t).join(lang === 'zh' ? '或' : ' or ');
}
