import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Argument, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { DOCUMENT_KINDS, KIND_NAMES, type FileKind } from '../../kinds/kinds.js';
import { templatesDir } from '../../paths.js';
import { escapeTerminal } from '../../util/escape.js';
import type { Lang } from '../../util/i18n.js';
import { STDOUT_NAME } from '../../util/stdout-name.js';
import { OutputWriteError, writeNewFileAtomic } from '../../util/atomic-write.js';
import { chosenLang, langOption, subcommand, type SetStatus } from './command-base.js';
import { sayer } from '../help.js';

/** `init` names → document kinds: `dossier` → VendorDossier, `report` → MonthlyReport. */
const INIT_KINDS = new Map<string, FileKind>(KIND_NAMES.map((kind) => [DOCUMENT_KINDS[kind].initName, kind]));

/** Default file names, as the README and the templates' own comments refer to them. */
const DEFAULT_FILE: Record<FileKind, string> = { VendorDossier: 'vendor-dossier.yaml', MonthlyReport: 'monthly-report.yaml' };

/** `init config`: the commented config file (bilingual), named as the search looks for it. */
const CONFIG = { name: 'config', file: 'tmcheck.config.yaml', template: 'config.yaml' } as const;

/** `init assessment`: the branch's own assessment, read only through --assessments (never a document among the inputs). */
const ASSESSMENT = { name: 'assessment', file: 'monthly-assessment.yaml', template: 'monthly-assessment.yaml' } as const;

/** `tmcheck init dossier|report|config [FILE] [--lang]`: writes the commented template to fill in, never over an existing file. */
export function initCommand(io: CliIo, setStatus: SetStatus): Command {
  const say = sayer(io);
  return subcommand('init', io)
    .description(say({ en: 'write a commented template document to fill in (never overwrites a file)', zh: '写出一份带注释的待填写模板（不会覆盖已有文件）' }))
    .addArgument(new Argument('<kind>', say({
      en: 'which document, assessment for the branch\'s --assessments file, or config for a tmcheck.config.yaml',
      zh: '哪种文档；assessment 为分公司的 --assessments 文件，config 为 tmcheck.config.yaml',
    })).choices([...INIT_KINDS.keys(), ASSESSMENT.name, CONFIG.name]))
    .argument('[file]', say({
      en: 'where to write it (default: vendor-dossier.yaml, monthly-report.yaml, monthly-assessment.yaml or tmcheck.config.yaml; - for stdout)',
      zh: '写到哪里（默认：vendor-dossier.yaml、monthly-report.yaml、monthly-assessment.yaml 或 tmcheck.config.yaml；- 为标准输出）',
    }))
    .addOption(langOption(io))
    .action((name: string, file: string | undefined, options: { lang?: Lang }) => {
      setStatus(runInit(name, file, chosenLang(options.lang, io), io));
    });
}

function runInit(name: string, file: string | undefined, lang: Lang, io: CliIo): number {
  const kind = INIT_KINDS.get(name);
  const assessment = name === ASSESSMENT.name;
  const named = file ?? (kind ? DEFAULT_FILE[kind] : assessment ? ASSESSMENT.file : CONFIG.file);
  const target = path.resolve(io.cwd, named);
  const shown = escapeTerminal(named);
  // The template to fill in, commented in the reader's language, with "<填写：…>" / "<fill in: …>" blanks
  // that fail validation until replaced (templates/<kind>.yaml is the filled-in example rules build on).
  // The config file's template is commented in both languages, every setting commented out.
  const template = readFileSync(
    kind ? path.join(templatesDir, lang, DOCUMENT_KINDS[kind].template) : assessment ? path.join(templatesDir, lang, ASSESSMENT.template) : path.join(templatesDir, CONFIG.template),
  );
  // `-`: the template alone on standard output, to pipe or redirect (no "wrote" line mixed into it).
  if (file === STDOUT_NAME) {
    io.stdout.write(template);
    return 0;
  }
  try {
    writeNewFileAtomic(target, template);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.stderr.write(lang === 'zh' ? `tmcheck: ${shown} 已存在，未覆盖；请换一个文件名或先删除它\n` : `tmcheck: ${shown} already exists and was not overwritten; choose another name or remove it first\n`);
    } else if (error instanceof OutputWriteError) {
      // Already one line naming the file and the reason, in both languages.
      io.stderr.write(`tmcheck: ${escapeTerminal(error.text[lang])}\n`);
    } else {
      const detail = escapeTerminal(error instanceof Error ? error.message : String(error));
      io.stderr.write(lang === 'zh' ? `tmcheck: 无法写入 ${shown}：${detail}\n` : `tmcheck: cannot write ${shown}: ${detail}\n`);
    }
    return 2;
  }
  if (assessment) {
    io.stdout.write(
      lang === 'zh'
        ? `已写入 ${shown}（MonthlyAssessment）。填写后检查该月：tmcheck --assessments ${shown} reports/<月份>/\n`
        : `wrote ${shown} (MonthlyAssessment). Fill it in, then check the month: tmcheck --assessments ${shown} reports/<month>/\n`,
    );
    return 0;
  }
  if (!kind) {
    io.stdout.write(
      lang === 'zh'
        ? `已写入 ${shown}。去掉所需设置行首的「# 」即可启用；用 tmcheck config print 查看生效的设置\n`
        : `wrote ${shown}. Remove the "# " before the settings you want; tmcheck config print shows the effective settings\n`,
    );
    return 0;
  }
  io.stdout.write(
    lang === 'zh'
      ? `已写入 ${shown}（${kind}）。填写后运行：tmcheck ${shown}\n`
      : `wrote ${shown} (${kind}). Fill it in, then run: tmcheck ${shown}\n`,
  );
  return 0;
}
