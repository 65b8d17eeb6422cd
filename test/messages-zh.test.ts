import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translateUsageError, usageLang } from '../src/cli/usage-errors.js';
import { checkFiles, projectRoot, yamlFixtures } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';

/** English words of the kind ajv, yaml and commander write ("must", "expected", "error:"). */
const ENGLISH_PROSE = /\b(must|should|expected|error|invalid|unknown|missing|allowed|required)\b/i;

describe('input errors in Chinese', () => {
  it('every invalid fixture explains itself in Chinese, without the parser\'s English as the message', async () => {
    for (const fixture of yamlFixtures(path.join(projectRoot, 'fixtures/invalid'))) {
      const report = await checkFiles([fixture]);
      for (const error of report.files[0]!.errors) {
        // The YAML parser's own sentence may follow in brackets, after the Chinese explanation.
        const chinese = error.message.zh.replace(/（[^（）]*[A-Za-z][^（）]*）$/, '');
        expect(chinese, `${fixture}: ${error.message.zh}`).toMatch(/\p{Script=Han}/u);
        expect(chinese, `${fixture}: ${error.message.zh}`).not.toMatch(ENGLISH_PROSE);
      }
    }
  });

  it('a wrong type, an empty string and a bad date read as Chinese sentences', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tmcheck-zh-'));
    const file = path.join(dir, 'v.yaml');
    writeFileSync(file, 'kind: VendorDossier\nsubmitted: 2026-02-30\ncity: 济南\nhandled_by: ""\nvendor: { registered_capital_cny: 80万 }\n');
    const report = await checkFiles([file]);
    const messages = report.files[0]!.errors.map((e) => e.message.zh);
    expect(messages).toContain('/submitted 格式错误：应为有效的日期（YYYY-MM-DD）');
    expect(messages).toContain('/handled_by 不应少于 1 个字符');
    expect(messages).toContain('/vendor/registered_capital_cny 类型错误：应为数字（实际为字符串 "80万"）');
    const english = report.files[0]!.errors.map((e) => e.message.en);
    expect(english).toContain('/vendor/registered_capital_cny must be a number (got string "80万")');
  });

  it('a YAML syntax error names the problem in Chinese, then the parser\'s words', async () => {
    const report = await checkFiles(['fixtures/invalid/yaml-syntax-error.yaml']);
    expect(report.files[0]!.errors[0]!.message.zh).toMatch(/^YAML 语法错误：缩进不正确（Flow sequence/);
  });
});

describe('usage errors in the chosen language', () => {
  it('follow --lang, then the locale', async () => {
    const zh = await runInProcess(['--lang', 'zh', '--fail-on', 'bad', 'x']);
    expect(zh.status).toBe(2);
    expect(zh.stderr.split('\n')[0]).toBe('错误：选项 --fail-on <severity> 的取值「bad」无效，可选：error, warning, notice, never');
    const locale = await runInProcess(['--bogus', 'x'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(locale.stderr.split('\n')[0]).toBe('错误：未知选项 --bogus');
    const english = await runInProcess(['--bogus', 'x']);
    expect(english.stderr.split('\n')[0]).toBe("error: unknown option '--bogus'");
    const sub = await runInProcess(['--lang', 'zh', 'explain', 'a', 'b']);
    expect(sub.stderr.split('\n')[0]).toBe('错误：explain 参数过多：应为 1 个，实际 2 个');
  });

  it('reads --lang=zh and leaves what it does not recognise as it is', () => {
    expect(usageLang(['node', 'tmcheck', '--lang=zh'], {})).toBe('zh');
    expect(usageLang(['node', 'tmcheck'], { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(translateUsageError('error: something new\n', 'zh')).toBe('error: something new\n');
    expect(translateUsageError("error: option '--as-of <date>' argument 'x' is invalid. expected a date as YYYY-MM-DD", 'zh')).toBe(
      '错误：选项 --as-of <date> 的取值「x」无效：应为 YYYY-MM-DD 格式的日期',
    );
  });
});

describe('Chinese labels take the full-width colon', () => {
  /** A Chinese word, then an ASCII colon and a space: "后果: ". YAML's own "键: 值" is syntax, not a label. */
  const ASCII_COLON = /[\p{Script=Han}）」]: /u;
  const labelled = (text: string) => text.replace(/键: 值/g, '').split('\n').filter((line) => ASCII_COLON.test(line));

  it.each(['text', 'junit', 'github', 'sarif'])('the %s report', async (format) => {
    const run = await runInProcess(['--lang', 'zh', '--no-timestamp', '-f', format, 'fixtures/dossier', 'fixtures/monthly', 'fixtures/invalid'], {});
    expect(run.stdout).toMatch(/后果：/);
    expect(labelled(run.stdout)).toEqual([]);
  });

  it.each(['text', 'github'])('the %s report says where a finding is as 位置：/pointer, in English as at /pointer', async (format) => {
    const zh = await runInProcess(['--lang', 'zh', '-f', format, 'fixtures/dossier/dossier-capital-below-minimum.yaml'], {});
    expect(zh.stdout).toContain('R10-P5-1/registered-capital · R10-P5-1 · 位置：/vendor/registered_capital_cny');
    const en = await runInProcess(['--lang', 'en', '-f', format, 'fixtures/dossier/dossier-capital-below-minimum.yaml'], {});
    expect(en.stdout).toContain('R10-P5-1/registered-capital · R10-P5-1 · at /vendor/registered_capital_cny');
  });

  it('explain and rules coverage', async () => {
    for (const args of [['explain', 'R10-P5-1/registered-capital'], ['explain', 'tmcheck/waiver-unused'], ['rules', 'coverage']]) {
      const run = await runInProcess([...args, '--lang', 'zh'], {});
      expect(run.stdout).toMatch(/[\p{Script=Han}）]：/u);
      expect(labelled(run.stdout), args.join(' ')).toEqual([]);
    }
  });
});
