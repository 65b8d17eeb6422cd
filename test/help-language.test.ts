import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { displayWidth } from '../src/format/text-batch.js';
import { runCli } from './support/run-cli.js';
import { HELP_COMMANDS } from './support/cli-commands.js';

/**
 * `--help` speaks the user's language, as usage errors do: Chinese with --lang zh or a Chinese
 * locale, every description and commander's own headings and notes; English otherwise.
 */
const CJK = /[\u4e00-\u9fff]/;
const NAMES = HELP_COMMANDS.map((command) => [command.join(' ') || '(check)', command] as const);

/** The lines that begin an item (an argument, an option or a command): indented by two, then the term. */
const itemLines = (help: string) => help.split('\n').filter((line) => /^ {2}\S/.test(line));

function expectChinese(help: string): void {
  const items = itemLines(help);
  expect(items.length).toBeGreaterThan(0);
  expect(items.filter((line) => !CJK.test(line)), 'item lines with no Chinese').toEqual([]);
  expect(help).toMatch(/^用法：tmcheck/);
  expect(help).toContain('选项：\n');
  for (const english of ['Usage:', 'Options:', 'Commands:', 'Arguments:', 'display help', 'output the version', '(default:', '(choices:', 'default: ']) {
    expect(help, english).not.toContain(english);
  }
  // Chinese takes two columns a character: every line still fits commander's 80, and none starts with closing punctuation.
  const lines = help.split('\n');
  expect(lines.filter((line) => displayWidth(line) > 80), 'lines wider than 80 columns').toEqual([]);
  expect(lines.filter((line) => /^\s*[，。、；：）」]/.test(line)), 'lines that start with closing punctuation').toEqual([]);
}

describe('--help in Chinese', () => {
  it.each(NAMES)('%s --help --lang zh', async (_name, command) => {
    const help = await runCli([...command, '--help', '--lang', 'zh'], packageRoot);
    expect(help.status).toBe(0);
    expectChinese(help.stdout);
  });

  it.each(NAMES)('%s --help with LANG=zh_CN.UTF-8', async (_name, command) => {
    const help = await runCli([...command, '--help'], packageRoot, { LANG: 'zh_CN.UTF-8' });
    expect(help.status).toBe(0);
    expectChinese(help.stdout);
  });

  it("commander's notes in Chinese: choices, defaults, and a repeatable option's none", async () => {
    const help = (await runCli(['--help', '--lang', 'zh'], packageRoot)).stdout;
    expect(help).toMatch(/--fail-on <severity> +使退出码为 1 的最低级别（可选：error、warning、\n +notice、never；默认：error）\n/);
    expect(help).toMatch(/--rules <dir> +加入一个自定义规则文件夹（可重复）（默认：无）\n/);
    expect(help).toMatch(/-h, --help +显示该命令的帮助\n/);
    expect((await runCli(['rules', '--help', '--lang', 'zh'], packageRoot)).stdout).toMatch(/^ {2}help \[command\] +显示该命令的帮助$/m);
  });
});

describe('--help in English', () => {
  it.each(NAMES)('%s --help: English, also with --lang en in a Chinese locale', async (_name, command) => {
    const plain = await runCli([...command, '--help'], packageRoot);
    const asked = await runCli([...command, '--help', '--lang', 'en'], packageRoot, { LANG: 'zh_CN.UTF-8' });
    expect(asked.stdout).toBe(plain.stdout);
    expect(plain.stdout).toMatch(/^Usage: tmcheck/);
    expect(plain.stdout).toContain('Options:\n');
    expect(plain.stdout).toMatch(/-h, --help +display help for command\n/);
    // Chinese only where the English names it: the regulation's title, an article and a keyword to look up.
    const chinese = plain.stdout.replace(/中国联通山东分公司电话营销管理办法|第七条|注册资本/g, '');
    expect(chinese).not.toMatch(CJK);
  });
});
