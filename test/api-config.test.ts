import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { effectiveSettings, findConfigFile, readConfigFile, SETTING_NAMES } from '../src/config/config-file.js';
import { DEFAULT_CALL_LOG_OPTIONS } from '../src/calllog/call-log-options.js';
import { TmcheckConfigError } from '../src/api/errors.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

// tmcheck.config.yaml: where it is found, how it is validated (every problem at its line), and
// which source each effective setting comes from.

const tempDir = tempDirMaker('tmcheck-config-');
const template = readFileSync(path.join(projectRoot, 'templates', 'config.yaml'), 'utf8');

function read(dir: string, text: string, name = 'tmcheck.config.yaml') {
  writeFileSync(path.join(dir, name), text);
  return readConfigFile(path.join(dir, name), dir, DEFAULT_LIMITS);
}

function problems(dir: string, text: string): Array<[number | undefined, string]> {
  try {
    read(dir, text);
  } catch (error) {
    expect(error).toBeInstanceOf(TmcheckConfigError);
    expect((error as TmcheckConfigError).code).toBe('config');
    return (error as TmcheckConfigError).problems.map((p) => [p.line, p.message.en]);
  }
  throw new Error('expected the config file to be refused');
}

describe('finding the config file', () => {
  it('in the working folder or a parent, never below it; a named one wins', () => {
    const root = tempDir();
    const inner = path.join(root, 'a', 'b');
    mkdirSync(inner, { recursive: true });
    mkdirSync(path.join(root, 'inputs'));
    // A config file among the inputs (the vendor's folder) is not the run's.
    writeFileSync(path.join(root, 'inputs', 'tmcheck.config.yaml'), 'lang: en\n');
    expect(findConfigFile(root)).toBeUndefined();
    writeFileSync(path.join(root, 'tmcheck.config.json'), '{}');
    expect(findConfigFile(inner)).toBe(path.join(root, 'tmcheck.config.json'));
    writeFileSync(path.join(root, 'a', 'tmcheck.config.yml'), '{}');
    expect(findConfigFile(inner)).toBe(path.join(root, 'a', 'tmcheck.config.yml'));
    expect(findConfigFile(inner, '../../inputs/tmcheck.config.yaml')).toBe(path.join(root, 'inputs', 'tmcheck.config.yaml'));
  });

  it('two config files in one folder are an error, not a guess', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'tmcheck.config.yaml'), '{}');
    writeFileSync(path.join(root, 'tmcheck.config.json'), '{}');
    expect(() => findConfigFile(root)).toThrow(/more than one config file/);
  });
});

describe('validating it', () => {
  it('reads every setting, with paths from the file\'s folder and the line of each', () => {
    const dir = tempDir();
    const config = read(
      dir,
      ['rules: [my-rules]', 'profile: p.yaml', 'fail_on: warning', 'lang: zh', 'formats: [text, json=out/r.json]', 'jobs: 2', 'limits:', '  max_depth: 10', ''].join('\n'),
    );
    expect(config.settings).toEqual({
      rules: [path.join(dir, 'my-rules')],
      profile: path.join(dir, 'p.yaml'),
      failOn: 'warning',
      lang: 'zh',
      format: [{ format: 'text' }, { format: 'json', file: path.join(dir, 'out', 'r.json') }],
      jobs: 2,
      maxDepth: 10,
    });
    expect(config.positions.maxDepth).toMatchObject({ line: 8 });
    expect(config.positions.failOn).toMatchObject({ line: 3 });
  });

  it('unknown keys and bad values are refused, each at its line', () => {
    const dir = tempDir();
    const text = ['lang: fr', 'fail-on: error', 'jobs: 0', 'formats: [pdf]', 'limits:', '  max_depth: deep', '  max_size: 3', 'rules: my-rules', ''].join('\n');
    expect(problems(dir, text).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [1, 'lang must be one of zh, en'],
      [2, '"fail-on" is not a known setting (known: rules, profile, waivers, baseline, fail_on, lang, formats, output, history, assessments, jobs, sarif_max_results, limits)'],
      [3, 'jobs must be a positive whole number'],
      [4, 'formats.0 must be an output format (text, json, sarif, junit, github, markdown, html), optionally =FILE'],
      [6, 'limits.max_depth must be an integer'],
      [7, expect.stringContaining('"limits.max_size" is not a known setting')],
      [8, 'rules must be a list'],
    ]);
  });

  it('YAML errors and duplicate keys are refused with their line, and the message exists in Chinese', () => {
    const dir = tempDir();
    expect(problems(dir, 'lang: zh\nlang: en\n')[0]![0]).toBe(2);
    expect(problems(dir, 'jobs: [\n')).toHaveLength(1);
    const error = (() => {
      try {
        return read(dir, 'jobs: [\n');
      } catch (thrown) {
        return thrown as TmcheckConfigError;
      }
    })();
    expect(error).toBeInstanceOf(TmcheckConfigError);
    expect((error as TmcheckConfigError).render('zh')).toMatch(/^配置文件无法使用：\n {2}tmcheck\.config\.yaml:\d+:\d+: /);
  });

  it('the template `init config` writes is valid, and so is every setting in it once uncommented', () => {
    const dir = tempDir();
    expect(read(dir, template).settings).toEqual({});
    const uncommented = template
      .split('\n')
      .filter((line) => /^# {1,3}[a-z_]+:|^# {3}- /.test(line))
      .map((line) => line.slice(2))
      .join('\n');
    const config = read(dir, uncommented);
    expect(Object.keys(config.settings).sort()).toEqual(
      [...SETTING_NAMES].sort(),
    );
    // The limits it shows are the defaults.
    expect(config.settings).toMatchObject({
      maxFileSize: DEFAULT_LIMITS.maxFileBytes,
      maxDepth: DEFAULT_LIMITS.maxDepth,
      maxAliases: DEFAULT_LIMITS.maxAliases,
      maxNodes: DEFAULT_LIMITS.maxNodes,
      maxLineLength: DEFAULT_CALL_LOG_OPTIONS.maxLineLength,
      maxCallLogGroups: DEFAULT_CALL_LOG_OPTIONS.maxAggregates,
      maxXlsxBytes: DEFAULT_CALL_LOG_OPTIONS.maxXlsxBytes,
      maxSharedStrings: DEFAULT_CALL_LOG_OPTIONS.maxSharedStrings,
    });
  });
});

describe('the effective settings', () => {
  it('the command line wins over the file, the file over the defaults, each saying where it came from', () => {
    const dir = tempDir();
    const config = read(dir, 'lang: zh\nfail_on: warning\n');
    const settings = effectiveSettings(config, { failOn: 'notice' }, { failOn: 'error', maxDepth: 64 });
    const byName = Object.fromEntries(settings.map((s) => [s.name, s]));
    expect(byName.failOn).toEqual({ name: 'failOn', value: 'notice', source: 'command line' });
    expect(byName.lang).toEqual({ name: 'lang', value: 'zh', source: 'config file', where: 'tmcheck.config.yaml:1' });
    expect(byName.maxDepth).toEqual({ name: 'maxDepth', value: 64, source: 'default' });
  });
});
