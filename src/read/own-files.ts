import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { readSourceText } from './read-source.js';
import { parseYamlDocument } from './parse-document.js';
import type { ReadLimits } from './limits.js';
import type { Bilingual } from '../util/i18n.js';
import { schemasDir } from '../paths.js';

/** tmcheck's own files, which a folder of inputs may hold next to the documents. */
/**
 * The first bytes of every cache file. The leading NUL makes it unreadable as a document (a NUL in
 * the first two bytes is taken for UTF-16), and the walk recognises it as tmcheck's own file.
 */
export const CACHE_MAGIC = '\u0000tmcheck-cache\n';

export type OwnFileKind = 'waivers' | 'baseline' | 'report' | 'sarif' | 'cache' | 'config' | 'profile' | 'assessments';

export const WAIVERS_FILE_NAME = 'tmcheck.waivers.yaml';
export const BASELINE_FILE_NAME = 'tmcheck.baseline.json';
/** The names a config file is found under (src/config/config-file.ts searches the working folder and its parents for them). */
export const CONFIG_FILE_NAMES: readonly string[] = ['tmcheck.config.yaml', 'tmcheck.config.yml', 'tmcheck.config.json'];

/** The keys a config file may hold (schemas/config.schema.json), read on first use. */
let configKeys: ReadonlySet<string> | undefined;
function isConfigKey(key: string): boolean {
  configKeys ??= new Set(Object.keys((JSON.parse(readFileSync(`${schemasDir}/config.schema.json`, 'utf8')) as { properties: object }).properties));
  return configKeys.has(key);
}

/**
 * What every path of one of tmcheck's own files holds (the name tests of ownFileKind, looser: a `.json`
 * ending, `tmcheck-cache`, `waiver` or a config file name's `tmcheck.config.`, anywhere and in any case).
 * A path without any of them is no candidate; one with them is looked at as before.
 */
const MAY_BE_OWN = /\.json$|tmcheck-cache|waiver|tmcheck\.config\./i;

/** How many leading bytes decide whether a file is worth a closer look. */
const SNIFF_BYTES = 4096;

/**
 * Files the run itself names as its own (the --profile file, the --assessments files): a profile has
 * no name or shape of its own to be told by, and an assessment met any other way is an input error, so the path decides. Keyed by the resolved path and by the real path, so that
 * a walk through a symbolic link still finds it.
 */
export class RunOwnFiles {
  private readonly byPath = new Map<string, OwnFileKind>();
  private readonly names = new Set<string>();

  add(absolute: string, kind: OwnFileKind): this {
    for (const key of [absolute, realPath(absolute)]) {
      if (key === undefined) continue;
      this.byPath.set(key, kind);
      this.names.add(path.basename(key));
    }
    return this;
  }

  kindOf(absolute: string): OwnFileKind | undefined {
    if (this.byPath.size === 0) return undefined;
    const direct = this.byPath.get(absolute);
    if (direct !== undefined || !this.names.has(path.basename(absolute))) return direct;
    const real = realPath(absolute);
    return real === undefined ? undefined : this.byPath.get(real);
  }
}

function realPath(absolute: string): string | undefined {
  try {
    return realpathSync(absolute);
  } catch {
    return undefined;
  }
}

/**
 * Whether a file is one of tmcheck's own (a waivers file, a baseline, a JSON or SARIF report), so
 * that a folder walk skips it instead of reading it as an invalid document. The name and the leading
 * bytes pick candidates; a candidate counts only when its whole content has the shape of that
 * file and no `kind`: anything that could be a document is checked as one, so a vendor cannot get a
 * document skipped by dressing it up. Errors reading the file leave it to the document check.
 */
export function ownFileKind(absolute: string, limits: ReadLimits): OwnFileKind | undefined {
  // Called for every file a walk finds: most paths are turned away by one test before the name is taken apart.
  if (!MAY_BE_OWN.test(absolute)) return undefined;
  const name = path.basename(absolute);
  const extension = path.extname(name).toLowerCase();
  const json = extension === '.json';
  // Opening every YAML document twice would cost a batch dearly: a YAML file is looked at only when
  // its name says waivers (reports and baselines are JSON). Another waivers file is an invalid document.
  const cacheNamed = /tmcheck-cache/i.test(name);
  const configNamed = CONFIG_FILE_NAMES.includes(name);
  if (!json && !cacheNamed && !configNamed && !((extension === '.yaml' || extension === '.yml') && /waiver/i.test(name))) return undefined;
  const head = leadingText(absolute);
  if (head === undefined) return undefined;
  // A --cache file (named with --cache-location): its leading NUL means it could never be a valid document.
  if (head.startsWith(CACHE_MAGIC)) return 'cache';
  const named = name === WAIVERS_FILE_NAME || name === BASELINE_FILE_NAME || configNamed;
  const candidate = named || (json ? head.includes('"tmcheck"') : /^waivers\s*:/m.test(withoutComments(head)));
  if (!candidate) return undefined;
  const source = readSourceText(absolute, limits.maxFileBytes);
  if ('code' in source) return undefined;
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(source.text);
    } catch {
      return undefined;
    }
  } else {
    // A config of comments only (as `tmcheck init config` writes it) sets nothing, and is no document.
    if (configNamed && withoutComments(source.text).trim() === '') return 'config';
    const parsed = parseYamlDocument(source.text, limits);
    if (Array.isArray(parsed)) return undefined;
    data = parsed.data;
  }
  return shapeOf(data, name);
}

function shapeOf(data: unknown, name: string): OwnFileKind | undefined {
  // A config file under its own name holds config keys only. One with any other key is checked as a
  // document (it could be one, misnamed).
  if (CONFIG_FILE_NAMES.includes(name)) return data === null || (isRecord(data) && Object.keys(data).every(isConfigKey)) ? 'config' : undefined;
  if (!isRecord(data) || Object.prototype.hasOwnProperty.call(data, 'kind')) return undefined;
  // Under its own name, a file without `kind` is tmcheck's even when it is malformed.
  if (name === WAIVERS_FILE_NAME) return 'waivers';
  if (name === BASELINE_FILE_NAME) return 'baseline';
  const keys = Object.keys(data);
  if (keys.length === 1 && keys[0] === 'waivers' && Array.isArray(data.waivers)) return 'waivers';
  if (data.tool === 'tmcheck' && data.baselineVersion !== undefined && Array.isArray(data.findings)) return 'baseline';
  if (isRecord(data.tool) && data.tool.name === 'tmcheck' && Array.isArray(data.files) && Array.isArray(data.findings) && isRecord(data.summary)) return 'report';
  if (data.version === '2.1.0' && Array.isArray(data.runs) && data.runs.length > 0) {
    const runs = data.runs as unknown[];
    const byTmcheck = runs.every((run) => isRecord(run) && isRecord(run.tool) && isRecord(run.tool.driver) && run.tool.driver.name === 'tmcheck');
    if (byTmcheck) return 'sarif';
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first bytes of a regular file as text; undefined for anything else or on any error. */
function leadingText(absolute: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** YAML text without comment lines, directives and the document marker, for the first-key test. */
function withoutComments(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .filter((line) => !/^\s*(#|%|---\s*$|$)/.test(line))
    .join('\n');
}

/** A warning for the own files a user may have expected to apply (waivers, a config): the others are notes. */
export function ownFileLevel(kind: OwnFileKind): 'warning' | 'note' {
  return kind === 'waivers' || kind === 'config' ? 'warning' : 'note';
}

/** What a run says about an own file it did not check. */
export function ownFileNote(kind: OwnFileKind): Bilingual {
  switch (kind) {
    case 'waivers':
      return {
        zh: `已忽略：豁免只从 --waivers 指定的文件或运行 tmcheck 的工作文件夹读取，被检查的输入之中或旁边的豁免文件从不生效；未作为文档检查`,
        en: `ignored: waivers are only read from --waivers or from the working folder tmcheck runs in, never from among or beside the checked inputs; not checked as a document`,
      };
    case 'baseline':
      return { zh: '已跳过：这是 tmcheck 的基线文件，不是待检查的文档', en: 'skipped: a tmcheck baseline, not a document to check' };
    case 'report':
      return { zh: '已跳过：这是 tmcheck 的 JSON 报告，不是待检查的文档', en: 'skipped: a tmcheck JSON report, not a document to check' };
    case 'sarif':
      return { zh: '已跳过：这是 tmcheck 的 SARIF 报告，不是待检查的文档', en: 'skipped: a tmcheck SARIF log, not a document to check' };
    case 'config':
      return {
        zh: '已跳过：这是 tmcheck 的配置文件，不是待检查的文档；被检查的文件夹中的配置只有用 --config 指定时才生效',
        en: 'skipped: a tmcheck config file, not a document to check; a config inside a checked folder applies only when named with --config',
      };
    case 'profile':
      return { zh: '已跳过：这是本次用 --profile 指定的配置档（其参数已生效），不是待检查的文档', en: 'skipped: the profile named with --profile for this run (its parameters apply), not a document to check' };
    case 'assessments':
      return { zh: '已跳过：这是本次用 --assessments 指定的分公司考核（其得分已用于排名），不是待检查的文档', en: "skipped: the branch's assessment named with --assessments for this run (its scores rank its month), not a document to check" };
    case 'cache':
      return { zh: '已跳过：这是 tmcheck 的缓存文件（--cache），不是待检查的文档；被检查的输入之中的缓存从不读取', en: 'skipped: a tmcheck cache file (--cache), not a document to check; a cache among the checked inputs is never read' };
  }
}
