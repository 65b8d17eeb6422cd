import type { LoadedRule } from '../rules/types.js';
import type { Bilingual } from '../util/i18n.js';
import { compareText } from '../util/compare.js';
import type { CoverageDeclaration, DeclarationStatus, Requirement } from '../rules/requirements.js';

export type CoverageStatus = 'covered' | 'covered_by_parts' | DeclarationStatus | 'uncovered';

export interface CoveringRule {
  id: string;
  title: Bilingual;
  /** True when the requirement is the rule's own; false when the rule lists it in `also_covers`. */
  primary: boolean;
  fixtures: string[];
}

export interface RequirementCoverage {
  id: string;
  article: string;
  citation: string;
  summary: Bilingual;
  status: CoverageStatus;
  rules: CoveringRule[];
  parts?: string[];
  reason?: Bilingual;
}

export interface CoverageTable {
  requirements: RequirementCoverage[];
  /** Inconsistencies: a requirement neither covered nor declared, a declaration that contradicts a rule, unknown ids. */
  problems: Bilingual[];
}

/**
 * Requirement → rules → fixtures, from the rule files themselves (never hand-written): each rule
 * covers its `requirement` and its `also_covers`; declarations name the rest with a reason.
 */
export function buildCoverage(
  rules: LoadedRule[],
  requirements: Requirement[],
  declarations: CoverageDeclaration[],
  fixtures: ReadonlyMap<string, string[]>,
): CoverageTable {
  const problems: Bilingual[] = [];
  const known = new Set(requirements.map((r) => r.id));
  const rulesOf = new Map<string, CoveringRule[]>();
  for (const { definition: rule } of rules) {
    const covered: Array<[string, boolean]> = [[rule.requirement, true], ...(rule.also_covers ?? []).map((id): [string, boolean] => [id, false])];
    for (const [id, primary] of covered) {
      if (!known.has(id)) {
        problems.push({ zh: `规则 ${rule.id} 引用了不存在的要求编号 ${id}`, en: `rule ${rule.id} names requirement ${id}, which regulation/requirements.yaml does not list` });
        continue;
      }
      const entry = { id: rule.id, title: rule.title, primary, fixtures: fixtures.get(rule.id) ?? [] };
      rulesOf.set(id, [...(rulesOf.get(id) ?? []), entry]);
    }
  }
  const declared = new Map<string, CoverageDeclaration>();
  for (const declaration of declarations) {
    if (!known.has(declaration.requirement)) {
      problems.push({ zh: `_coverage.yaml 声明了不存在的要求编号 ${declaration.requirement}`, en: `_coverage.yaml declares requirement ${declaration.requirement}, which regulation/requirements.yaml does not list` });
    } else if (declared.has(declaration.requirement)) {
      problems.push({ zh: `_coverage.yaml 重复声明了 ${declaration.requirement}`, en: `_coverage.yaml declares ${declaration.requirement} twice` });
    }
    declared.set(declaration.requirement, declaration);
  }

  const statusOf = (requirement: Requirement): CoverageStatus => {
    if ((rulesOf.get(requirement.id) ?? []).length > 0) return 'covered';
    const declaration = declared.get(requirement.id);
    if (declaration) return declaration.status;
    if (requirement.parts && requirement.parts.every((part) => (rulesOf.get(part) ?? []).length > 0 || declared.has(part))) return 'covered_by_parts';
    return 'uncovered';
  };

  const table = requirements.map((requirement): RequirementCoverage => {
    const status = statusOf(requirement);
    const declaration = declared.get(requirement.id);
    const covering = [...(rulesOf.get(requirement.id) ?? [])].sort((a, b) => Number(b.primary) - Number(a.primary) || compareText(a.id, b.id));
    if (declaration && covering.length > 0) {
      problems.push({
        zh: `${requirement.id} 已由规则 ${covering.map((r) => r.id).join('、')} 编码，却在 _coverage.yaml 中声明为 ${declaration.status}`,
        en: `${requirement.id} is encoded by ${covering.map((r) => r.id).join(', ')} but declared ${declaration.status} in _coverage.yaml`,
      });
    }
    for (const part of requirement.parts ?? []) {
      if (!known.has(part)) problems.push({ zh: `${requirement.id} 的组成部分 ${part} 不存在`, en: `${requirement.id} lists part ${part}, which is not a requirement` });
    }
    if (status === 'uncovered') {
      problems.push({
        zh: `${requirement.id}（${requirement.citation}）既没有规则编码，也未在 rules/_coverage.yaml 中说明原因`,
        en: `${requirement.id} (${requirement.citation}) is neither encoded by a rule nor declared with a reason in rules/_coverage.yaml`,
      });
    }
    return {
      id: requirement.id,
      article: requirement.article,
      citation: requirement.citation,
      summary: requirement.summary,
      status,
      rules: covering,
      ...(requirement.parts ? { parts: requirement.parts } : {}),
      ...(declaration && covering.length === 0 ? { reason: declaration.reason } : {}),
    };
  });
  return { requirements: table, problems };
}
