import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { STDOUT_NAME } from '../util/stdout-name.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { schemasDir } from '../paths.js';
import { displayPath } from '../util/display-path.js';
import { typeName } from '../util/type-name.js';
import { readSourceText } from '../read/read-source.js';
import { parseYamlDocument, type ParsedDocument, type Position } from '../read/parse-document.js';
import type { ReadLimits } from '../read/limits.js';
import { CONFIG_FILE_NAMES } from '../read/own-files.js';
import { newAjv } from '../validate/ajv.js';
import { formatPointer, parsePointer } from '../util/json-pointer.js';
import type { Bilingual } from '../util/i18n.js';
import { TmcheckConfigError, type ConfigProblem } from '../api/errors.js';

/** Names looked for, in this order; two of them in one folder is an error (which one counts would be a guess). */
export { CONFIG_FILE_NAMES };

/**
 * The settings a config file can hold, under the check command's option names (what commander
 * gives), so that command-line options override them key by key. Paths are absolute, resolved
 * from the config file's folder.
 */
export interface ConfigSettings {
  rules?: string[];
  profile?: string;
  waivers?: string;
  baseline?: string;
  failOn?: 'error' | 'warning' | 'notice' | 'never';
  lang?: 'zh' | 'en';
  /** `--format` targets: a name, and a file for `name=FILE`. */
  format?: Array<{ format: string; file?: string }>;
  output?: string;
  history?: string[];
  assessments?: string[];
  jobs?: number;
  maxFileSize?: number;
  maxDepth?: number;
  maxAliases?: number;
  maxNodes?: number;
  maxLineLength?: number;
  maxCallLogGroups?: number;
  maxXlsxBytes?: number;
  maxSharedStrings?: number;
  sarifMaxResults?: number;
}

export type SettingName = keyof ConfigSettings;

export interface ConfigFile {
  /** The file as shown to the user (relative to the working folder when inside it). */
  file: string;
  settings: ConfigSettings;
  /** Where each setting is written in the file. */
  positions: Partial<Record<SettingName, Position>>;
}

/** File key (JSON Pointer) → setting name. */
const KEYS: ReadonlyArray<[string, SettingName]> = [
  ['/rules', 'rules'],
  ['/profile', 'profile'],
  ['/waivers', 'waivers'],
  ['/baseline', 'baseline'],
  ['/fail_on', 'failOn'],
  ['/lang', 'lang'],
  ['/formats', 'format'],
  ['/output', 'output'],
  ['/history', 'history'],
  ['/assessments', 'assessments'],
  ['/jobs', 'jobs'],
  ['/sarif_max_results', 'sarifMaxResults'],
  ['/limits/max_file_size', 'maxFileSize'],
  ['/limits/max_depth', 'maxDepth'],
  ['/limits/max_aliases', 'maxAliases'],
  ['/limits/max_nodes', 'maxNodes'],
  ['/limits/max_line_length', 'maxLineLength'],
  ['/limits/max_call_log_groups', 'maxCallLogGroups'],
  ['/limits/max_xlsx_bytes', 'maxXlsxBytes'],
  ['/limits/max_shared_strings', 'maxSharedStrings'],
];

/** Every setting a config file can hold, by the check command's option name. */
export const SETTING_NAMES: readonly SettingName[] = KEYS.map(([, name]) => name);
const PATH_SETTINGS: ReadonlySet<SettingName> = new Set(['profile', 'waivers', 'baseline', 'output']);
const PATH_LIST_SETTINGS: ReadonlySet<SettingName> = new Set(['rules', 'history', 'assessments']);

/**
 * The config file of a run: the one named (`--config`, relative to the working folder), or else the
 * first tmcheck.config.{yaml,yml,json} in the working folder or one of its parents. Never one
 * beside the checked inputs: those are the vendor's, and cannot change how they are judged.
 * Undefined when there is none.
 */
export function findConfigFile(cwd: string, named?: string): string | undefined {
  if (named !== undefined) return path.resolve(cwd, named);
  for (let folder = path.resolve(cwd); ; folder = path.dirname(folder)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(folder, name)).filter(isFile);
    if (found.length > 1) {
      throw new TmcheckConfigError('config', {
        zh: `同一文件夹中有多个配置文件：${found.map((f) => displayPath(f, cwd)).join('、')}；请只保留一个`,
        en: `more than one config file in one folder: ${found.map((f) => displayPath(f, cwd)).join(', ')}; keep one`,
      });
    }
    if (found.length === 1) return found[0];
    if (path.dirname(folder) === folder) return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

let validator: ValidateFunction | undefined;

/**
 * Reads and validates a config file with the guards every input gets (size, encoding, YAML errors,
 * duplicate keys). Unknown keys and bad values throw TmcheckConfigError naming each one's line.
 */
export function readConfigFile(absolute: string, cwd: string, limits: ReadLimits): ConfigFile {
  const file = displayPath(absolute, cwd);
  const fail = (problems: Array<{ message: Bilingual; line?: number; column?: number }>): never => {
    throw new TmcheckConfigError(
      'config',
      { zh: '配置文件无法使用', en: 'the config file cannot be used' },
      problems
        // A file that cannot be read has no line to name.
        .map((p): ConfigProblem => ({ file, ...(p.line !== undefined ? { line: p.line, column: p.column ?? 1 } : {}), message: p.message }))
        .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
    );
  };
  const source = readSourceText(absolute, limits.maxFileBytes);
  if ('code' in source) return fail([source]);
  // A file of comments only (as `tmcheck init config` writes it) sets nothing.
  if (!/^[ \t]*[^#\s]/m.test(source.text)) return { file, settings: {}, positions: {} };
  const parsed = parseYamlDocument(source.text, limits);
  if (Array.isArray(parsed)) return fail(parsed);
  validator ??= newAjv({ allErrors: true, strict: true, verbose: true }).compile(JSON.parse(readFileSync(path.join(schemasDir, 'config.schema.json'), 'utf8')) as object);
  if (!validator(parsed.data)) return fail((validator.errors ?? []).map((error) => problemOf(error, parsed)));

  const folder = path.dirname(absolute);
  const settings: Record<string, unknown> = {};
  const positions: ConfigFile['positions'] = {};
  for (const [pointer, name] of KEYS) {
    const value = valueAt(parsed.data, pointer);
    if (value === undefined) continue;
    positions[name] = parsed.locateKey(pointer);
    if (PATH_SETTINGS.has(name)) settings[name] = outputPath(name, value as string, folder);
    else if (PATH_LIST_SETTINGS.has(name)) settings[name] = (value as string[]).map((dir) => path.resolve(folder, dir));
    else if (name === 'format') settings[name] = (value as string[]).map((target) => formatTarget(target, folder));
    else settings[name] = value;
  }
  return { file, settings: settings as ConfigSettings, positions };
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function formatTarget(target: string, folder: string): { format: string; file?: string } {
  const at = target.indexOf('=');
  return at === -1 ? { format: target } : { format: target.slice(0, at), file: outputPath('format', target.slice(at + 1), folder) };
}

/** A path setting relative to the config file's folder; an output named `-` stays standard output. */
function outputPath(name: SettingName, value: string, folder: string): string {
  return (name === 'output' || name === 'format') && value === STDOUT_NAME ? value : path.resolve(folder, value);
}

/** A schema error as a message at the key or value concerned, naming the setting as written (limits.max_depth). */
function problemOf(error: ErrorObject, parsed: ParsedDocument): { message: Bilingual; line: number; column: number } {
  const params = error.params as Record<string, unknown>;
  const tokens = parsePointer(error.instancePath);
  const setting = (parts: readonly string[]) => (parts.length === 0 ? '(file)' : parts.join('.'));
  const here = setting(tokens);
  if (error.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    const known = Object.keys(((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
    return {
      ...parsed.locateKey(formatPointer([...tokens, key])),
      message: {
        zh: `「${setting([...tokens, key])}」不是已知的设置（可用：${known.join('、')}）`,
        en: `"${setting([...tokens, key])}" is not a known setting (known: ${known.join(', ')})`,
      },
    };
  }
  const at = parsed.locate(error.instancePath);
  switch (error.keyword) {
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return { ...at, message: { zh: `${here} 须为 ${allowed.join('、')} 之一`, en: `${here} must be one of ${allowed.join(', ')}` } };
    }
    case 'type': {
      const type = String(params.type).replace(',null', '');
      return { ...at, message: { zh: `${here} 须为${typeName(type, 'zh')}`, en: `${here} must be ${typeName(type, 'en')}` } };
    }
    case 'minimum':
      return { ...at, message: { zh: `${here} 须为正整数`, en: `${here} must be a positive whole number` } };
    case 'maximum':
      // 2^53 − 1: 1e300 is an integer to JSON Schema, but no limit or count tmcheck can hold.
      return { ...at, message: { zh: `${here} 至多为 9007199254740991`, en: `${here} must be at most 9007199254740991` } };
    case 'minLength':
      return { ...at, message: { zh: `${here} 不能为空`, en: `${here} cannot be empty` } };
    case 'pattern':
      return {
        ...at,
        message: {
          zh: `${here} 须为输出格式名（text、json、sarif、junit、github、markdown、html），可带 =文件`,
          en: `${here} must be an output format (text, json, sarif, junit, github, markdown, html), optionally =FILE`,
        },
      };
    default:
      return { ...at, message: { zh: `${here} 无效（${error.message ?? ''}）`, en: `${here} ${error.message ?? 'is invalid'}` } };
  }
}

/** Where an effective setting came from, for `tmcheck config print`. */
export interface EffectiveSetting {
  name: SettingName;
  value: unknown;
  source: 'command line' | 'config file' | 'default';
  /** For a config file: the file and line. */
  where?: string;
}

/**
 * Every setting with its value and its source: the command line wins over the config file, which
 * wins over the defaults. `given` holds only what the command line set explicitly.
 */
export function effectiveSettings(config: ConfigFile | undefined, given: ConfigSettings, defaults: ConfigSettings): EffectiveSetting[] {
  return KEYS.map(([, name]): EffectiveSetting => {
    if (given[name] !== undefined) return { name, value: given[name], source: 'command line' };
    if (config && config.settings[name] !== undefined) {
      const position = config.positions[name];
      return { name, value: config.settings[name], source: 'config file', where: `${config.file}${position ? `:${position.line}` : ''}` };
    }
    return { name, value: defaults[name], source: 'default' };
  });
}
