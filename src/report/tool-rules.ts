import type { Bilingual } from '../util/i18n.js';
import type { Finding, Severity } from './model.js';

/**
 * The rule ids tmcheck gives its own findings (`tmcheck/…`): no rule file makes them, so this table
 * is their one record. The code that makes each finding takes its id, severity and consequence kind
 * from here, `tmcheck explain` shows an entry whole, and docs/rule-reference.md lists them
 * (src/docs/rule-reference.ts). test/tool-rules.test.ts fails when src/ names a `tmcheck/…` id this
 * table does not hold. None of them is ever waived or held back by a baseline (isWaivable): each says
 * that something could not be checked, or is about the waivers themselves.
 */
export interface ToolRule {
  severity: Severity;
  /** As a rule file's `consequence.kind`. */
  consequenceKind: string;
  /**
   * The requirement, article and citation its findings are filed under; `waiver` for the waivers'
   * own findings, filed under the requirement of the waiver they are about.
   */
  filedUnder: { requirement: string; article: string; citation: string } | 'waiver';
  /** When the filing differs from `filedUnder` in some runs, how. */
  filedUnderNote?: Bilingual;
  title: Bilingual;
  /** What a finding of this id says happened. */
  meaning: Bilingual;
  /** Why that is an error, a warning or a notice. */
  why: Bilingual;
  /** What the reader does about it. */
  action: Bilingual;
  /** The page (under docs/) that tells more. */
  doc: string;
}

const NOT_A_PASS = {
  zh: '未核对的不能视为合规：tmcheck 从不把没有检查的内容当作通过，所以这是错误（退出码 1），豁免和基线都不能消除它。',
  en: 'what was not checked cannot count as compliant: tmcheck never takes what it did not check for a pass, so this is an error (exit 1) that no waiver or baseline can hold back.',
} as const;

export const TOOL_RULES = {
  'tmcheck/call-log-unreadable-rows': {
    severity: 'error',
    consequenceKind: 'rectification',
    filedUnder: { requirement: 'R21-1', article: '21', citation: '第二十一条' },
    title: { zh: '通话记录中有无法读取的行', en: 'Call log rows that cannot be read' },
    meaning: {
      zh: '通话记录中有数据行无法读取（日期不存在、统一社会信用代码无效、时长不是秒数、recorded 不是 1/0、单元格数不对、call_id 或 agent_id 为空等）。这些行的呼叫没有核对培训（第二十条）、录音（第二十一条）和营销时间（第二十二条）。发现位于第一个无法读取的行，并写明行数；前 20 个坏行各有一条输入警告（写明行和列），其余计数。超过一半的行无法读取时，整个通话记录无法判断，是输入错误（退出码 2）。',
      en: 'Some data rows of the call log cannot be read (a date that does not exist, an invalid credit code, a duration that is not seconds, recorded other than 1/0, a wrong number of cells, an empty call_id or agent_id…). Their calls were not checked for training (Article 20), recording (Article 21) or calling hours (Article 22). The finding is at the first bad row and counts them; the first 20 bad rows are also input warnings naming the row and column, the rest counted. When more than half of the rows cannot be read, the log cannot be judged at all: an input error (exit 2).',
    },
    why: NOT_A_PASS,
    action: {
      zh: '按输入警告所列的行和列修正通话记录，然后重新检查。',
      en: 'Correct the call log at the rows and columns its input warnings name, then check it again.',
    },
    doc: 'docs/call-logs.md',
  },
  'tmcheck/call-log-no-report': {
    severity: 'error',
    consequenceKind: 'data_quality',
    filedUnder: { requirement: 'R20-1', article: '20', citation: '第二十条' },
    title: { zh: '通话记录的某月没有月报可核对', en: 'Call log month without its monthly report' },
    meaning: {
      zh: '通话记录中某合作方某月的呼叫，在本次检查中没有该合作方该月的月报（MonthlyReport）。外呼话务员的培训记录在月报中，所以没有核对（第二十条），该月的营销时间也只按默认时段判断，而不是按月报所在城市的参数。发现位于该月第一个呼叫所在行。',
      en: "A vendor's calls in one month of the call log have no MonthlyReport of that vendor and month in this run. The calling agents' training records are in that report, so they were not checked (Article 20), and the month's calling hours were judged by the default hours, not by the report's city. The finding is at the month's first call.",
    },
    why: NOT_A_PASS,
    action: {
      zh: '在同一次运行中同时指定该合作方该月的月报和通话记录，例如 tmcheck reports/2026-11/ calls.csv。',
      en: "Name the vendor's MonthlyReport of that month and the call log in one run, e.g. tmcheck reports/2026-11/ calls.csv.",
    },
    doc: 'docs/call-logs.md',
  },
  'tmcheck/call-log-calls-unreported': {
    severity: 'error',
    consequenceKind: 'data_quality',
    filedUnder: { requirement: 'R21-1', article: '21', citation: '第二十一条' },
    title: { zh: '月报少报了通话记录中的呼叫', en: 'Calls the monthly report leaves out' },
    meaning: {
      zh: '本次检查的全部通话记录中某合作方某月的呼叫比该月月报的呼叫总数（recording.calls_total）多，或在月报 calling_days 未列出的日期有呼叫。月报的营销业务审核（第十九条）、号码资源审核（第二十三条）、录音（第二十一条）和营销时间（第二十二条）规则只检查月报所报的外呼，少报的外呼没有检查。发现位于该月第一个呼叫所在行，写明月报、数量和最多五个未列出的日期。',
      en: "A vendor's calls in one month, over every call log of the run, are more than its report of that month counts (recording.calls_total), or fall on days the report's calling_days do not list. The report's rules on campaign reviews (Article 19), number reviews (Article 23), recording (Article 21) and calling hours (Article 22) judge only the calling it states, so the calls it leaves out went unchecked. The finding is at the month's first call, naming the report, the counts and up to five unlisted days.",
    },
    why: NOT_A_PASS,
    action: {
      zh: '按实际外呼更正月报（呼叫总数、营销日及其营销业务和号码批次），然后与通话记录一并重新检查。',
      en: 'Correct the report to the calls made (calls_total, calling days, and their campaigns and number batches), then check it again with the call log.',
    },
    doc: 'docs/call-logs.md',
  },
  'tmcheck/report-no-dossier': {
    severity: 'error',
    consequenceKind: 'data_quality',
    filedUnder: { requirement: 'R10-1', article: '10', citation: '第十条' },
    filedUnderNote: {
      zh: 'R10-1 的规则未生效时归入 R10-3，两者都未生效时归入 R10-P5-2。',
      en: 'Filed under R10-3 when no R10-1 rule is in force, under R10-P5-2 when neither is.',
    },
    title: { zh: '月报没有合作方的资质档案可核对', en: "Monthly report without its vendor's dossier" },
    meaning: {
      zh: '月报所属合作方的资质档案（VendorDossier）既不在本次检查中，也不在 --history 中，所以无法核对合作开始日和营销日是否早于协议签订日（R10-1/R10-3 calling-before-agreement，第十条），也无法核对其证照在该月是否有效（R10-P5-2/license-in-force-in-month）。发现位于月报的 /vendor/credit_code；月报的其他规则照常检查。',
      en: "The vendor's dossier (VendorDossier) is neither in this run nor in --history, so whether the report's cooperation start and calling days precede the signing of its agreement (R10-1/R10-3 calling-before-agreement, Article 10), and whether its licences were in force through the month (R10-P5-2/license-in-force-in-month), could not be checked. The finding is at the report's /vendor/credit_code; the report's other rules run as usual.",
    },
    why: NOT_A_PASS,
    action: {
      zh: '将该合作方的资质档案与月报一并检查（同一次运行中指定两者），或用 --history 指定资质档案，例如 tmcheck --history dossiers/ reports/2026-11/。',
      en: "Check the vendor's dossier together with the report (name both in one run), or name the dossiers with --history, e.g. tmcheck --history dossiers/ reports/2026-11/.",
    },
    doc: 'docs/documents.md',
  },
  'tmcheck/waiver-expired': {
    severity: 'warning',
    consequenceKind: 'waiver',
    filedUnder: 'waiver',
    title: { zh: '豁免已到期', en: 'Waiver expired' },
    meaning: {
      zh: '豁免文件中的一项豁免在判断日（--as-of，否则 --today 或今天）之前已过到期日（expires），不再生效。发现位于豁免文件中该豁免所在行。',
      en: 'A waiver in the waivers file expired before the date it is judged on (--as-of, else --today or today) and no longer applies. The finding is at the waiver\'s line in the waivers file.',
    },
    why: {
      zh: '这是警告：豁免本身没有违规，但它覆盖的发现已重新计入结果（可能使退出码为 1），审批需要复核。',
      en: 'A warning: the waiver itself breaks nothing, but the findings it covered count again (and may make the exit status 1), and its approval needs a look.',
    },
    action: {
      zh: '如例外仍成立，请重新审批并更新到期日；否则删除该豁免并整改所覆盖的问题。',
      en: 'If the exception still holds, renew its approval and expiry date; otherwise remove the waiver and correct what it covered.',
    },
    doc: 'docs/waivers-baselines.md',
  },
  'tmcheck/waiver-unused': {
    severity: 'notice',
    consequenceKind: 'waiver',
    filedUnder: 'waiver',
    title: { zh: '豁免未匹配任何发现', en: 'Waiver that matches no finding' },
    meaning: {
      zh: '一项生效中的豁免没有覆盖本次检查的任何发现（所指规则不存在时，消息会注明）。发现位于豁免文件中该豁免所在行。',
      en: 'A waiver in force covered no finding of this run (the message says so when no rule in force has its rule id). The finding is at the waiver\'s line in the waivers file.',
    },
    why: {
      zh: '这是提示：问题可能已整改，但留着的豁免日后可能掩盖新的问题。',
      en: 'A notice: the problem may be fixed, but a waiver left in place could hide a new problem later.',
    },
    action: {
      zh: '确认问题已整改后删除该豁免；如果本应匹配，请核对其规则编号、合作方、指针和 item_id。',
      en: 'Once the problem is confirmed fixed, remove the waiver; if it should have matched, check its rule id, vendor, pointer and item_id.',
    },
    doc: 'docs/waivers-baselines.md',
  },
  'tmcheck/waiver-list-position': {
    severity: 'warning',
    consequenceKind: 'waiver',
    filedUnder: 'waiver',
    title: { zh: '豁免指向列表位置而没有 item_id', en: 'Waiver through a list position without item_id' },
    meaning: {
      zh: '豁免的指针经过列表位置（如 /agents/1），却没有 item_id。列表顺序由被检查方决定，该位置日后可能是另一条目，所以该豁免不豁免任何发现。消息写明该位置现在条目的编号。发现位于豁免文件中该豁免所在行。',
      en: 'The waiver\'s pointer goes through a list position (such as /agents/1) without item_id. The vendor decides the order of its lists, so another item may stand there later: the waiver waives nothing. The message names the id of the item there now. The finding is at the waiver\'s line in the waivers file.',
    },
    why: {
      zh: '这是警告：所批准的例外没有生效，其所指的发现照常计入结果。',
      en: 'A warning: the approved exception does not apply, and the findings it points at count.',
    },
    action: {
      zh: '为该豁免加上 item_id：所批准条目的编号（id 或 record_id）；或让指针不经过列表位置。',
      en: 'Add item_id to the waiver: the id (id or record_id) of the item approved; or give a pointer through no list position.',
    },
    doc: 'docs/waivers-baselines.md',
  },
} as const satisfies Record<`tmcheck/${string}`, ToolRule>;

export type ToolRuleId = keyof typeof TOOL_RULES;

export const TOOL_RULE_IDS = Object.keys(TOOL_RULES).sort() as ToolRuleId[];

/** The tool rule an id names, if it is one. */
export function toolRule(id: string): ToolRule | undefined {
  return Object.prototype.hasOwnProperty.call(TOOL_RULES, id) ? TOOL_RULES[id as ToolRuleId] : undefined;
}

/** The tool rules whose findings are filed under a fixed requirement, and the waivers' own. */
export type FiledToolRuleId = { [K in ToolRuleId]: (typeof TOOL_RULES)[K]['filedUnder'] extends 'waiver' ? never : K }[ToolRuleId];
export type WaiverToolRuleId = Exclude<ToolRuleId, FiledToolRuleId>;

type Decided = Pick<Finding, 'ruleId' | 'severity' | 'consequenceKind'>;

/** The fields of a finding that its tool rule's entry decides: id, severity, consequence kind (a waiver's finding is filed by its waiver). */
export function waiverFindingFields(id: WaiverToolRuleId): Decided {
  return { ruleId: id, severity: TOOL_RULES[id].severity, consequenceKind: TOOL_RULES[id].consequenceKind };
}

/** As waiverFindingFields, and the requirement, article and citation the finding is filed under. */
export function toolFindingFields(id: FiledToolRuleId): Decided & Pick<Finding, 'article' | 'requirement' | 'citation'> {
  const entry = TOOL_RULES[id];
  const { requirement, article, citation } = entry.filedUnder;
  return { ruleId: id, severity: entry.severity, consequenceKind: entry.consequenceKind, requirement, article, citation };
}
