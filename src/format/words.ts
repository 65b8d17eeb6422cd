import type { Lang } from '../util/i18n.js';

/**
 * The report's own words in both languages, one home for what every format (and explain) calls
 * them, so that a reader sees one name for one idea in text, JUnit, GitHub, SARIF, Markdown and
 * HTML. English is written in lower case; `heading` capitalises it for titles and table headers.
 * Each format keeps its own table for its own sentences.
 */
export const WORDS = {
  zh: {
    error: '错误', warning: '警告', notice: '提示',
    pass: '通过', fail: '不通过', invalid: '无法检查',
    input: '输入', inputError: '输入错误', inputWarning: '输入警告',
    rule: '规则', ruleset: '规则集', article: '条款', requirement: '要求', severity: '级别', message: '说明', consequence: '后果',
    file: '文件', location: '位置', at: '位置',
    waived: '已豁免', approvedBy: '批准人', expires: '有效期至',
    skipped: '未生效的规则', notInForce: '规则未生效', noFiles: '没有检查任何文件', noFindings: '未发现问题',
    monthlySummary: '月度汇总', month: '月份', vendor: '外包合作方', creditCode: '统一社会信用代码', city: '地市',
    score: '考核得分', complaintRate: '投诉率', rank: '排名', lastPlace: '末位', notRanked: '未排名',
  },
  en: {
    error: 'error', warning: 'warning', notice: 'notice',
    pass: 'pass', fail: 'fail', invalid: 'invalid',
    input: 'input', inputError: 'input error', inputWarning: 'input warning',
    rule: 'rule', ruleset: 'ruleset', article: 'article', requirement: 'requirement', severity: 'severity', message: 'message', consequence: 'consequence',
    file: 'file', location: 'location', at: 'at',
    waived: 'waived', approvedBy: 'approved by', expires: 'expires',
    skipped: 'rules not in force', notInForce: 'rule not in force', noFiles: 'no files were checked', noFindings: 'no findings',
    monthlySummary: 'monthly summary', month: 'month', vendor: 'vendor', creditCode: 'credit code', city: 'city',
    score: 'score', complaintRate: 'complaint rate', rank: 'rank', lastPlace: 'last place', notRanked: 'not ranked',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/**
 * What a consequence kind (a rule's `consequence.kind`, schemas/rule.schema.json) is called: the
 * code is for programs (SARIF), the word for the person reading `explain`.
 */
export const CONSEQUENCE_KINDS: Record<string, { zh: string; en: string }> = {
  rejection: { zh: '不予合作', en: 'rejection' },
  rectification: { zh: '整改', en: 'rectification' },
  warning: { zh: '警示', en: 'warning' },
  compensation: { zh: '赔付', en: 'compensation' },
  deduction: { zh: '扣除佣金', en: 'deduction' },
  fine: { zh: '罚款', en: 'fine' },
  stop_order: { zh: '责令停止', en: 'stop order' },
  suspension: { zh: '暂停业务', en: 'suspension' },
  termination_right: { zh: '有权终止合作', en: 'right to terminate' },
  data_quality: { zh: '数据质量', en: 'data quality' },
};

/** A consequence kind in words; an unknown code (a custom rule's, were the schema to grow) as it is. */
export function consequenceKindWord(kind: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(CONSEQUENCE_KINDS, kind) ? CONSEQUENCE_KINDS[kind]![lang] : kind;
}

/** Where in a document a finding is: "at /vendor/x", "位置：/vendor/x". */
export function atPlace(place: string, lang: Lang): string {
  return lang === 'zh' ? `${WORDS.zh.at}：${place}` : `${WORDS.en.at} ${place}`;
}

/** A word as a title or table header: English capitalised, Chinese as it is. */
export function heading(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
