import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { RuleSet } from '../engine/rule-set.js';
import type { AnyRuleDefinition } from '../rules/types.js';
import { ruleSummary } from '../rules/rule-summary.js';
import { compareText } from '../util/compare.js';
import { compareFindings, summarize, type FileResult, type Finding, type Report, type RuleInfo } from './model.js';
import { builtInRulesetVersion } from '../rules/ruleset-version.js';

let toolVersion: string | undefined;

export function tmcheckVersion(): string {
  toolVersion ??= (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  return toolVersion;
}

/** Assembles the report model in a deterministic order: files by path, findings by position. */
export function buildReport(input: { files: FileResult[]; findings: Finding[]; ruleSet: RuleSet; generatedAt?: string }): Report {
  const files = [...input.files].sort((a, b) => compareText(a.file, b.file));
  const findings = [...input.findings].sort(compareFindings);
  const custom = input.ruleSet.rules.some((r) => !r.builtIn);
  return {
    tool: { name: 'tmcheck', version: tmcheckVersion() },
    ruleset: { version: builtInRulesetVersion() + (custom ? '+custom' : ''), sha256: input.ruleSet.sha256 },
    ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
    ...(input.ruleSet.asOf ? { asOf: input.ruleSet.asOf } : {}),
    files,
    findings,
    rules: rulesInForce(input.ruleSet),
    skippedRules: input.ruleSet.skipped().map((r) => ({
      id: r.definition.id,
      reason: {
        zh: r.definition.effective_from > (input.ruleSet.asOf ?? '') ? `${r.definition.effective_from} 起生效` : `已于 ${r.definition.retired_on} 废止`,
        en: r.definition.effective_from > (input.ruleSet.asOf ?? '') ? `in force from ${r.definition.effective_from}` : `retired on ${r.definition.retired_on}`,
      },
    })),
    summary: summarize(files, findings),
  };
}

/** The rules in force, as the report lists them (id order). */
export function rulesInForce(ruleSet: RuleSet): RuleInfo[] {
  return ruleSet.rules.filter((r) => ruleSet.inForce(r.definition)).map((r) => ruleInfo(r.definition)).sort((a, b) => compareText(a.id, b.id));
}

function ruleInfo(rule: AnyRuleDefinition): RuleInfo {
  return {
    ...ruleSummary(rule),
    sourceZh: rule.source_zh,
    // Copies: the rule's own message is the template its findings are written from (a caller's edit would reach them).
    consequence: { zh: rule.consequence.zh, en: rule.consequence.en },
    message: { zh: rule.message.zh, en: rule.message.en },
  };
}
