import type { RuleSet } from '../engine/rule-set.js';
import type { Bilingual } from '../util/i18n.js';

/**
 * With an --as-of date before any rule is in force (or after every rule is retired), the run could
 * judge nothing: that is never a pass. The message, or undefined when some rule is in force.
 */
export function nothingInForce(ruleSet: RuleSet): Bilingual | undefined {
  if (ruleSet.asOf === undefined || ruleSet.rules.some((r) => ruleSet.inForce(r.definition))) return undefined;
  const earliest = ruleSet.rules.map((r) => r.definition.effective_from).sort()[0];
  const from = earliest !== undefined && earliest > ruleSet.asOf ? earliest : undefined;
  return {
    zh: `--as-of ${ruleSet.asOf}：当日没有任何规则生效${from ? `（最早的规则自 ${from} 起生效）` : ''}，无法判断任何文件；未作检查`,
    en: `--as-of ${ruleSet.asOf}: no rule is in force on that date${from ? ` (the earliest takes effect on ${from})` : ''}, so nothing can be judged; nothing was checked`,
  };
}
