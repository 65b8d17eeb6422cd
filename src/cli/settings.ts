import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { checkedFolders, fileInputIn } from '../read/discover.js';
import { displayPath } from '../util/display-path.js';
import { effectiveSettings, findConfigFile, readConfigFile, SETTING_NAMES, type ConfigFile, type ConfigSettings, type EffectiveSetting } from '../config/config-file.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../read/limits.js';
import { escapeTerminal } from '../util/escape.js';
import { displayWidth } from '../format/text-batch.js';
import { langFromEnv, type Lang } from '../util/i18n.js';

export interface Settings<T> {
  /** The options with the config file's values where the command line gave none. */
  options: T;
  /** Each setting, its value and where it came from (`--print-config`). */
  effective: EffectiveSetting[];
  /** The config file found or named (absolute), applied or ignored: no output may replace it. */
  file?: string;
}

/**
 * The config file under the command-line options: `--config FILE`, or else the first
 * tmcheck.config.{yaml,yml,json} in the working folder or its parents. One found by the search
 * inside a folder under check (the vendor's upload), or beside a checked file, is ignored with a
 * warning: a vendor's file never changes how its documents are judged. What the command line gave
 * explicitly (commander's option-value source 'cli') wins; paths in the file are relative to its
 * folder. Throws TmcheckConfigError when the file cannot be used.
 */
export function withConfigFile<T extends ConfigSettings & { config?: string }>(
  options: T,
  command: Pick<Command, 'getOptionValueSource'>,
  run: { paths: string[]; cwd: string; stderr: NodeJS.WritableStream; lang: Lang },
): Settings<T> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...(options.maxFileSize !== undefined ? { maxFileBytes: options.maxFileSize } : {}) };
  const found = findConfigFile(run.cwd, options.config);
  let config: ConfigFile | undefined;
  if (found !== undefined) {
    const inputs = [...run.paths, ...(options.history ?? [])];
    const underCheck = options.config === undefined ? folderUnderCheck(found, inputs, run.cwd) : undefined;
    // A file checked from the config's own folder (`tmcheck report.yaml` inside the upload): the config lies beside it.
    const besideInput = options.config === undefined && underCheck === undefined ? fileInputIn(inputs, path.dirname(found), run.cwd) : undefined;
    const shown = displayPath(found, run.cwd);
    if (underCheck !== undefined) run.stderr.write(`tmcheck: ${escapeTerminal(ignoredNote(shown, underCheck, run.lang))}\n`);
    else if (besideInput !== undefined) run.stderr.write(`tmcheck: ${escapeTerminal(ignoredBesideNote(shown, displayPath(path.resolve(run.cwd, besideInput), run.cwd), run.lang))}\n`);
    else config = readConfigFile(found, run.cwd, limits);
  }
  const given: ConfigSettings = {};
  const defaults: ConfigSettings = {};
  for (const name of SETTING_NAMES) {
    const target = command.getOptionValueSource(name) === 'cli' ? given : defaults;
    if (options[name] !== undefined) (target as Record<string, unknown>)[name] = options[name];
  }
  const merged: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const name of SETTING_NAMES) {
    if (given[name] === undefined && config?.settings[name] !== undefined) merged[name] = config.settings[name];
  }
  return { options: merged as T, effective: effectiveSettings(config, given, defaults), ...(found !== undefined ? { file: found } : {}) };
}

/** The checked folder a found config file lies in (shown as the user would name it), if any. */
function folderUnderCheck(file: string, inputs: string[], cwd: string): string | undefined {
  const folder = realPath(path.dirname(file));
  const under = checkedFolders(inputs, cwd).find((checked) => {
    const relative = path.relative(realPath(checked), folder);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
  return under === undefined ? undefined : path.relative(cwd, under) === '' ? '.' : displayPath(under, cwd);
}

function realPath(absolute: string): string {
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

function ignoredNote(file: string, folder: string, lang: Lang): string {
  return lang === 'zh'
    ? `已忽略配置文件 ${file}：它位于被检查的文件夹 ${folder} 之内，可能来自被检查方；如确为本人的设置，请用 --config ${file} 明确指定`
    : `ignored the config file ${file}: it is inside the checked folder ${folder}, so it may have come with the inputs; if it holds your settings, name it with --config ${file}`;
}

function ignoredBesideNote(file: string, input: string, lang: Lang): string {
  return lang === 'zh'
    ? `已忽略配置文件 ${file}：被检查的文件 ${input} 与它在同一文件夹中，配置文件可能随被检查方的文件一同提交；如确为本人的设置，请用 --config ${file} 明确指定`
    : `ignored the config file ${file}: the checked file ${input} is beside it, so it may have come with the inputs; if it holds your settings, name it with --config ${file}`;
}

/** `--print-config` and `tmcheck config print`: one line per setting, its value and its source. */
export function renderSettings(effective: EffectiveSetting[], cwd: string, lang: Lang, env: NodeJS.ProcessEnv): string {
  const rows = effective.map((setting) => {
    const flag = `--${setting.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return [flag, escapeTerminal(shown(setting, cwd, lang, env)), escapeTerminal(sourceOf(setting, lang))] as const;
  });
  const width = (i: 0 | 1) => Math.max(...rows.map((r) => displayWidth(r[i])));
  const pad = (text: string, i: 0 | 1) => text + ' '.repeat(width(i) - displayWidth(text));
  const heading = lang === 'zh' ? '生效的设置（命令行优先于配置文件，配置文件优先于默认值）：' : 'effective settings (the command line wins over the config file, which wins over the defaults):';
  return `${heading}\n${rows.map((r) => `  ${pad(r[0], 0)}  ${pad(r[1], 1)}  ${r[2]}`).join('\n')}\n`;
}

function shown(setting: EffectiveSetting, cwd: string, lang: Lang, env: NodeJS.ProcessEnv): string {
  const none = lang === 'zh' ? '（无）' : '(none)';
  const value = setting.value;
  // What an unset option means, as --help says it.
  if (setting.name === 'lang' && value === undefined) return langFromEnv(env);
  if (setting.name === 'jobs' && value === undefined) return 'auto';
  if (setting.name === 'format' && Array.isArray(value) && value.length === 0) return 'text';
  if (setting.name === 'waivers' && value === undefined) {
    // The working folder's file, when there (docs/waivers-baselines.md: not when that folder is under check).
    return lang === 'zh' ? './tmcheck.waivers.yaml（如有）' : './tmcheck.waivers.yaml (if any)';
  }
  if (value === undefined) return none;
  const one = (item: unknown): string => {
    if (typeof item === 'object' && item !== null && 'format' in item) {
      const target = item as { format: string; file?: string };
      return target.file === undefined ? target.format : `${target.format}=${displayPath(path.resolve(cwd, target.file), cwd)}`;
    }
    return typeof item === 'string' && path.isAbsolute(item) ? displayPath(item, cwd) : String(item);
  };
  if (Array.isArray(value)) return value.length === 0 ? none : value.map(one).join(', ');
  return one(value);
}

function sourceOf(setting: EffectiveSetting, lang: Lang): string {
  if (setting.source === 'command line') return lang === 'zh' ? '命令行' : 'command line';
  if (setting.source === 'config file') return `${lang === 'zh' ? '配置文件' : 'config file'} ${setting.where ?? ''}`;
  if (setting.name === 'lang') return lang === 'zh' ? '默认值（LANG/LC_ALL）' : 'default (LANG/LC_ALL)';
  return lang === 'zh' ? '默认值' : 'default';
}
