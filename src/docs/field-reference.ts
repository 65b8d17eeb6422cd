// The field-by-field reference of the files people write (docs/fields.md, docs/fields.zh.md),
// generated from schemas/*.schema.json by `npm run docs`; a test regenerates it and compares.
// Every field's meaning comes from its schema (`description`, `x-description-zh`), its accepted
// labels from the glossary, its example from a valid example file (checked against the schema).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot, schemasDir } from '../paths.js';
import { DOMAINS, TERM_FIELDS, type DomainName, type TermDomain } from '../glossary/terms.js';
import { escapeMarkdownCell } from '../coverage/markdown.js';
import type { Lang } from '../util/i18n.js';

type Schema = Record<string, any>;
type Text = Record<Lang, string>;

/** One file format of the reference: its schema, a valid example, and where its labels sit. */
export interface FileFormat {
  id: string;
  title: Text;
  schemaFile: string;
  /** A valid file of this format, relative to the package root: the examples column comes from it. */
  exampleFile: string;
  /** Key of TERM_FIELDS when the format's values are read through the glossary. */
  termKind?: string;
}

export const FILE_FORMATS: readonly FileFormat[] = [
  {
    id: 'VendorDossier',
    title: { en: 'Vendor dossier (`kind: VendorDossier`)', zh: '资质档案（`kind: VendorDossier`）' },
    schemaFile: 'vendor-dossier.schema.json',
    exampleFile: 'fixtures/dossier-compliant.yaml',
    termKind: 'VendorDossier',
  },
  {
    id: 'MonthlyReport',
    title: { en: 'Monthly report (`kind: MonthlyReport`)', zh: '月度运营报告（`kind: MonthlyReport`）' },
    schemaFile: 'monthly-report.schema.json',
    exampleFile: 'fixtures/report-compliant.yaml',
    termKind: 'MonthlyReport',
  },
  {
    id: 'MonthlyAssessment',
    title: { en: "Branch's monthly assessment (`kind: MonthlyAssessment`, `--assessments`)", zh: '分公司月度综合考核（`kind: MonthlyAssessment`，`--assessments`）' },
    schemaFile: 'monthly-assessment.schema.json',
    exampleFile: 'docs/examples/monthly-assessment.yaml',
  },
  {
    id: 'profile',
    title: { en: 'Branch profile (`--profile`)', zh: '分公司参数配置（`--profile`）' },
    schemaFile: 'profile.schema.json',
    exampleFile: 'profiles/shandong-example.yaml',
  },
  {
    id: 'waivers',
    title: { en: 'Waivers (`--waivers`, `tmcheck.waivers.yaml`)', zh: '豁免文件（`--waivers`，`tmcheck.waivers.yaml`）' },
    schemaFile: 'waivers.schema.json',
    exampleFile: 'docs/examples/tmcheck.waivers.yaml',
  },
  {
    id: 'baseline',
    title: { en: 'Baseline (`--baseline`, `--write-baseline`)', zh: '基线文件（`--baseline`，`--write-baseline`）' },
    schemaFile: 'baseline.schema.json',
    exampleFile: 'docs/examples/tmcheck-baseline.json',
  },
  {
    id: 'config',
    title: { en: 'Settings file (`tmcheck.config.yaml`)', zh: '设置文件（`tmcheck.config.yaml`）' },
    schemaFile: 'config.schema.json',
    exampleFile: 'docs/examples/tmcheck.config.yaml',
  },
];

/** One row of the reference: a field, where it sits and what its schema says. */
export interface Field {
  /** Dotted path for people: `vendor.licenses[].kind`, `cities.*`. */
  path: string;
  /** JSON Pointer pattern, `*` for any list index or key (as the glossary's TERM_FIELDS). */
  pattern: string;
  schema: Schema;
  required: boolean;
}

export function readSchema(file: string): Schema {
  return JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as Schema;
}

/** A valid example file of a format, parsed (YAML 1.2 keeps dates as strings, as tmcheck reads them). */
export function readExample(format: FileFormat): unknown {
  const text = readFileSync(path.join(packageRoot, format.exampleFile), 'utf8');
  return format.exampleFile.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
}

/** The schema a local `$ref` points at, with the referring node's own keywords (its description) on top. */
function resolve(node: Schema, root: Schema): Schema {
  if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  const target = node.$ref.slice(2).split('/').reduce<any>((at, key) => at?.[key], root) as Schema;
  const { $ref: _ref, ...own } = node;
  return { ...resolve(target, root), ...own };
}

/** Every field of a schema, depth first in the schema's order; list items and map values are walked into. */
export function schemaFields(root: Schema): Field[] {
  const fields: Field[] = [];
  const walk = (node: Schema, fieldPath: string, pattern: string, required: boolean): void => {
    const resolved = resolve(node, root);
    // A list's items are resolved too, so that its type can say what it lists.
    const schema = resolved.items && typeof resolved.items === 'object' ? { ...resolved, items: resolve(resolved.items as Schema, root) } : resolved;
    if (fieldPath) fields.push({ path: fieldPath, pattern, schema, required });
    for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      const requiredHere = Array.isArray(schema.required) && schema.required.includes(key);
      walk(child, fieldPath ? `${fieldPath}.${key}` : key, `${pattern}/${key}`, requiredHere);
    }
    const items = schema.items as Schema | undefined;
    if (items && typeof items === 'object' && resolve(items, root).properties) walk(items, `${fieldPath}[]`, `${pattern}/*`, true);
    const values = schema.additionalProperties as Schema | boolean | undefined;
    if (values && typeof values === 'object') walk(values, `${fieldPath}.*`, `${pattern}/*`, false);
  };
  // An item or map value has no row of its own: its fields are rows, its description is its list's.
  walk(root, '', '', true);
  return fields.filter((field) => !field.path.endsWith('[]'));
}

const TYPE_WORDS: Record<string, Text> = {
  string: { en: 'string', zh: '字符串' },
  integer: { en: 'integer', zh: '整数' },
  number: { en: 'number', zh: '数字' },
  boolean: { en: 'true/false', zh: 'true/false' },
  object: { en: 'object', zh: '对象' },
  array: { en: 'list', zh: '列表' },
  null: { en: 'null', zh: 'null' },
  date: { en: 'date YYYY-MM-DD', zh: '日期 YYYY-MM-DD' },
  month: { en: 'month YYYY-MM', zh: '月份 YYYY-MM' },
  'time-of-day': { en: 'time HH:MM', zh: '时刻 HH:MM' },
};

function word(name: string, lang: Lang): string {
  return TYPE_WORDS[name]?.[lang] ?? name;
}

/** The type of a field in words: `date YYYY-MM-DD`, `list of string`, `date YYYY-MM-DD or null`. */
export function typeText(schema: Schema, lang: Lang): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return word('string', lang);
  const or = lang === 'zh' ? ' 或 ' : ' or ';
  if (Array.isArray(schema.oneOf)) return [...new Set((schema.oneOf as Schema[]).map((alt) => typeText(alt, lang)))].join(or);
  const types = ([] as string[]).concat(schema.type ?? []);
  if (types.length === 0) return lang === 'zh' ? '任意值' : 'any value';
  return types
    .map((type) => {
      if (type === 'string' && typeof schema.format === 'string') return word(schema.format, lang);
      if (type === 'array') {
        const items = (schema.items ?? {}) as Schema;
        const of = items.properties ? word('object', lang) : typeText(items, lang);
        return lang === 'zh' ? `列表（${of}）` : `list of ${of}`;
      }
      return word(type, lang);
    })
    .join(or);
}

function grouped(value: number): string {
  return Number.isInteger(value) ? String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : String(value);
}

/** Bounds a value must keep to, in words: range, lengths, pattern, closed lists of values. */
export function boundsText(schema: Schema, lang: Lang): string[] {
  const zh = lang === 'zh';
  const out: string[] = [];
  if (typeof schema.minimum === 'number') out.push(`≥ ${grouped(schema.minimum)}`);
  if (typeof schema.maximum === 'number') out.push(`≤ ${grouped(schema.maximum)}`);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push(zh ? `不能为空` : `not empty`);
  if (typeof schema.maxLength === 'number') out.push(zh ? `至多 ${schema.maxLength} 个字符` : `at most ${schema.maxLength} characters`);
  if (typeof schema.minProperties === 'number') out.push(zh ? `至少 ${schema.minProperties} 项` : `at least ${schema.minProperties} entry`);
  if (typeof schema.pattern === 'string') out.push(`${zh ? '格式' : 'pattern'} \`${schema.pattern}\``);
  const keys = schema.propertyNames as Schema | undefined;
  if (keys && typeof keys.pattern === 'string') out.push(`${zh ? '键的格式' : 'keys match'} \`${keys.pattern}\``);
  if (Array.isArray(schema.enum)) out.push(`${zh ? '取值' : 'one of'} ${(schema.enum as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`);
  const items = schema.items as Schema | undefined;
  if (items && !items.properties) out.push(...boundsText(items, lang).map((bound) => `${zh ? '每项' : 'each'} ${bound}`));
  return out;
}

/** The glossary domain a field's values (or its list's values) are read through, if any. */
function domainOf(field: Field, termKind: string | undefined): DomainName | undefined {
  const entries = termKind ? TERM_FIELDS[termKind] ?? [] : [];
  return entries.find((entry) => entry.pattern === field.pattern || entry.pattern === `${field.pattern}/*`)?.domain;
}

/** The value at a pointer pattern in an example: for each `*`, the first list item or map entry that has it. */
export function exampleAt(example: unknown, pattern: string): unknown {
  const at = (value: unknown, keys: string[]): unknown => {
    if (keys.length === 0) return value;
    if (value === null || typeof value !== 'object') return undefined;
    const [key, ...rest] = keys as [string, ...string[]];
    if (key !== '*') return at((value as Record<string, unknown>)[key], rest);
    for (const child of Object.values(value as object)) {
      const found = at(child, rest);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return at(example, pattern.split('/').slice(1));
}

function exampleText(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}

const WORDS = {
  en: {
    generated: 'Generated by `npm run docs` from [`schemas/`](../schemas/) (`description`, `x-description-zh`) and the glossary (`src/glossary/terms.ts`): do not edit by hand; a test fails when it is stale.',
    intro: 'Every field of every file tmcheck reads from people: its path (`[]` is any item of a list, `*` any key), type, whether it is required, the bounds a value must keep, what it means and an example. How documents are read and judged: [documents.md](documents.md); in Chinese: [fields.zh.md](fields.zh.md).',
    columns: '| field | type | required | bounds | meaning | example |',
    yes: 'yes',
    no: 'no',
    schema: 'Schema',
    example: 'example',
    labels: 'Accepted values',
    labelsIntro: 'Each value may be written as its code, its Chinese or English label, or one of the other spellings listed (full-width forms, spaces and case do not matter). Reports show the label in their language.',
    labelColumns: '| code | 中文 | English | also accepted |',
    closed: 'closed: any other value is an input error',
    open: 'open: other values are accepted and judged by the rules',
    seeLabels: 'labels',
  },
  zh: {
    generated: '由 `npm run docs` 根据 [`schemas/`](../schemas/)（`description`、`x-description-zh`）和术语表（`src/glossary/terms.ts`）生成：请勿手工修改；内容过期时测试失败。',
    intro: 'tmcheck 读取的每种文件的每个字段：路径（`[]` 表示列表中的任一项，`*` 表示任一键）、类型、是否必填、取值范围、含义和示例。文档如何读取和判断见 [documents.md](documents.md)；英文版：[fields.md](fields.md)。',
    columns: '| 字段 | 类型 | 必填 | 取值范围 | 含义 | 示例 |',
    yes: '是',
    no: '否',
    schema: 'Schema',
    example: '示例',
    labels: '可接受的取值',
    labelsIntro: '每个取值可以写代码、中文或英文名称，或下表所列的其他写法（全角、空格和大小写不影响）。报告以报告语言的名称显示。',
    labelColumns: '| 代码 | 中文 | English | 其他写法 |',
    closed: '封闭：其他取值是输入错误',
    open: '开放：也接受其他取值，由规则判断',
    seeLabels: '名称',
  },
} as const;

function anchor(domain: DomainName): string {
  return `values-${domain.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function renderFormat(format: FileFormat, lang: Lang, rendered: Set<DomainName>): string {
  const words = WORDS[lang];
  const schema = readSchema(format.schemaFile);
  const example = readExample(format);
  const description = lang === 'zh' ? schema['x-description-zh'] : schema.description;
  const lines = [
    `## ${format.title[lang]}`,
    '',
    String(description ?? ''),
    '',
    `${words.schema}: [\`schemas/${format.schemaFile}\`](../schemas/${format.schemaFile}); ${words.example}: [\`${format.exampleFile}\`](../${format.exampleFile}).`,
    '',
    words.columns,
    '|---|---|---|---|---|---|',
  ];
  const domains: DomainName[] = [];
  const fields = schemaFields(schema);
  for (const [index, field] of fields.entries()) {
    // Only a field without rows of its own below it shows an example: the rows below show the rest.
    const next = fields[index + 1]?.path;
    const leaf = !(next && (next.startsWith(`${field.path}.`) || next.startsWith(`${field.path}[]`)));
    const bounds = boundsText(field.schema, lang);
    const domain = domainOf(field, format.termKind);
    if (domain) {
      if (!domains.includes(domain)) domains.push(domain);
      bounds.push(`${words.seeLabels}: [${DOMAINS[domain].name[lang]}](#${anchor(domain)})`);
    }
    const meaning = lang === 'zh' ? field.schema['x-description-zh'] : field.schema.description;
    const cells = [
      `\`${field.path}\``,
      escapeMarkdownCell(typeText(field.schema, lang)),
      field.required ? words.yes : words.no,
      bounds.map((b) => b.replace(/\|/g, '\\|')).join('; '),
      escapeMarkdownCell(String(meaning ?? '')),
      (leaf ? exampleText(exampleAt(example, field.pattern)) : '').replace(/\|/g, '\\|'),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  // Formats share domains (settlement basis): each domain's table is written once, where it is first used.
  for (const domain of domains.filter((d) => !rendered.has(d))) {
    rendered.add(domain);
    lines.push('', ...renderDomain(domain, lang));
  }
  return lines.join('\n');
}

function renderDomain(name: DomainName, lang: Lang): string[] {
  const words = WORDS[lang];
  const domain: TermDomain = DOMAINS[name];
  return [
    `<a id="${anchor(name)}"></a>`,
    `### ${words.labels}: ${domain.name[lang]} (${domain.closed ? words.closed : words.open})`,
    '',
    words.labelColumns,
    '|---|---|---|---|',
    ...domain.terms.map((term) => `| \`${term.code}\` | ${escapeMarkdownCell(term.zh)} | ${escapeMarkdownCell(term.en)} | ${escapeMarkdownCell((term.aliases ?? []).join('、'))} |`),
  ];
}

/** The whole page in one language: docs/fields.md (en) or docs/fields.zh.md (zh). */
export function renderFieldReference(lang: Lang): string {
  const words = WORDS[lang];
  const title = lang === 'zh' ? '# 字段参考' : '# Field reference';
  const contents = FILE_FORMATS.map((format) => `- [${format.title[lang].replace(/`/g, '')}](#${headingSlug(format.title[lang])})`);
  const rendered = new Set<DomainName>();
  const body = FILE_FORMATS.map((format) => renderFormat(format, lang, rendered));
  return `${[title, '', '[← README](../README.md)', '', words.intro, '', `> ${words.generated}`, '', ...contents, '', body.join('\n\n')].join('\n')}\n`;
}

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function headingSlug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
