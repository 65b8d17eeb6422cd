import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { TOOL_RULES, TOOL_RULE_IDS, toolRule } from '../src/report/tool-rules.js';
import { explain, type Explanation } from '../src/explain/explain.js';
import { renderExplanation } from '../src/explain/render-explanation.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { loadCoverageDeclarations, loadRequirements } from '../src/rules/requirements.js';
import { renderRuleReference } from '../src/docs/rule-reference.js';

const srcDir = path.join(projectRoot, 'src');
const REGISTRY = path.join('report', 'tool-rules.ts');

/** Every .ts file under src/, relative to it. */
function sources(dir = srcDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [path.relative(srcDir, full)] : [];
  });
}

/**
 * The `tmcheck/…` ids the code can give a finding: every quoted one in src/ (a finding's id is
 * always written as a literal, or as a constant set from one).
 */
function idsInCode(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sources()) {
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    for (const match of text.matchAll(/['"`](tmcheck\/[a-z0-9-]+)['"`]/g)) found.set(match[1]!, [...(found.get(match[1]!) ?? []), file]);
  }
  return found;
}

const ruleSet = loadRuleSet({ cwd: projectRoot });
const explainId = (query: string): Explanation | undefined => explain(query, ruleSet, loadRequirements(), loadCoverageDeclarations());

describe("tmcheck's own finding ids (src/report/tool-rules.ts)", () => {
  it('every tmcheck/… id in src/ has an entry, and every entry is used by the code that makes findings', () => {
    const inCode = idsInCode();
    expect([...inCode.keys()].filter((id) => toolRule(id) === undefined)).toEqual([]);
    // Made outside the registry: the finding makers name their id (typed against the registry).
    const used = [...inCode].filter(([, files]) => files.some((file) => file !== REGISTRY)).map(([id]) => id).sort();
    expect(used).toEqual(TOOL_RULE_IDS);
  });

  it('no finding id is built from pieces (the scan above could not see it)', () => {
    // The registry's key type and explain's lookup of a bare id build names, but make no finding.
    const lookups = [REGISTRY, path.join('explain', 'explain.ts')];
    const built = sources().filter((file) => !lookups.includes(file) && /tmcheck\/\$\{|'tmcheck\/'\s*\+/.test(readFileSync(path.join(srcDir, file), 'utf8')));
    expect(built).toEqual([]);
  });

  it.each(TOOL_RULE_IDS)('tmcheck explain %s shows the id itself, in both languages', (id) => {
    const explanation = explainId(id)!;
    expect(explanation.rules).toEqual([]);
    expect(explanation.toolRules.map((t) => t.id)).toEqual([id]);
    const entry = TOOL_RULES[id];
    if (entry.filedUnder === 'waiver') expect(explanation.requirements).toEqual([]);
    else expect(explanation.requirements.map((r) => r.id)).toEqual([entry.filedUnder.requirement]);
    for (const lang of ['zh', 'en'] as const) {
      const text = renderExplanation(explanation, 'text', lang);
      for (const part of [entry.title.en, entry.title.zh, entry.meaning[lang], entry.why[lang], entry.action[lang], entry.doc]) expect(text).toContain(part);
      if (entry.filedUnder !== 'waiver') expect(text).toContain(`${entry.filedUnder.citation} (${entry.filedUnder.requirement})`);
    }
    // Written by hand in each language: the Chinese text is Chinese.
    for (const text of [entry.title, entry.meaning, entry.why, entry.action]) expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers report-no-dossier about the id, not by the rules whose notes name it', () => {
    const explanation = explainId('tmcheck/report-no-dossier')!;
    expect(explanation.rules).toEqual([]);
    expect(explanation.toolRules[0]).toMatchObject({ id: 'tmcheck/report-no-dossier', severity: 'error', consequenceKind: 'data_quality' });
  });

  it('takes the id as a report shows it, without tmcheck/ or in another case', () => {
    expect(explainId('waiver-expired')?.toolRules.map((t) => t.id)).toEqual(['tmcheck/waiver-expired']);
    expect(explainId(' TMCHECK/Call-Log-No-Report ')?.toolRules.map((t) => t.id)).toEqual(['tmcheck/call-log-no-report']);
  });

  it('on the command line: exit 0 and the entry; an unknown tmcheck/ id is exit 2 naming the known ones', async () => {
    const known = await runCli(['explain', 'tmcheck/call-log-no-report', '--lang', 'en'], projectRoot);
    expect(known.status).toBe(0);
    expect(known.stdout).toContain('tmcheck/call-log-no-report  [error]');
    expect(known.stdout).toContain('Filed under: 第二十条 (R20-1)');
    const zh = await runCli(['explain', 'tmcheck/waiver-unused', '--lang', 'zh'], projectRoot);
    expect(zh.status).toBe(0);
    expect(zh.stdout).toContain(`处理方法：${TOOL_RULES['tmcheck/waiver-unused'].action.zh}`);
    const unknown = await runCli(['explain', 'tmcheck/no-such-finding', '--lang', 'en'], projectRoot);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain(`tmcheck's own finding ids are ${TOOL_RULE_IDS.join(', ')}`);
  });

  it('docs/rule-reference.md lists every id', () => {
    const page = renderRuleReference();
    for (const id of TOOL_RULE_IDS) expect(page).toContain(`| \`${id}\` | ${TOOL_RULES[id].severity} |`);
  });
});
