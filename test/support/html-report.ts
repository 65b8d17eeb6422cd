import { formatHtml } from '../../src/format/html.js';
import { summarize, type FileResult, type Finding, type Report, type RuleInfo, type VendorMonth } from '../../src/report/model.js';
import type { Lang } from '../../src/util/i18n.js';

// A sample report for the HTML tests: hostile vendor names and file names, three months of a batch.
export const SCRIPT_VENDOR = '<script>alert(1)</script>';
export const IMG_VENDOR = '"><img src=x onerror=alert(2)>';
export const HOSTILE_FILE = 'reports/<b>bad</b>&"file".yaml';

export const rules: RuleInfo[] = [
  {
    id: 'R7-1/signing-entity',
    article: '7',
    requirement: 'R7-1',
    severity: 'error',
    title: { zh: '协议以联通新国信通信有限公司山东分公司名义签订', en: 'The agreement is signed in the name of 联通新国信' },
    citation: '第七条',
    sourceZh: '所有电话营销业务外包和合作协议必须以联通新国信通信有限公司山东分公司名义签定。',
    consequence: { zh: '须重新签订', en: 'must be signed again' },
    message: { zh: '签约主体为「{actual}」', en: 'signed by "{actual}"' },
  },
  {
    id: 'R24-3/complaint-rate-compensation',
    article: '24',
    requirement: 'R24-3',
    severity: 'notice',
    title: { zh: '投诉率不超过 3% 时须赔偿用户', en: 'At a complaint rate up to 3% the vendor compensates' },
    citation: '第二十四条(二)',
    sourceZh: '投诉率在3%以内（含3%）的，外包商需按照我公司对外公开承诺赔偿。',
    consequence: { zh: '按承诺赔偿', en: 'compensate as promised' },
    message: { zh: '投诉率 {rate}%', en: 'complaint rate {rate}%' },
  },
  {
    id: 'R20-1/pre-job-training',
    article: '20',
    requirement: 'R20-1',
    severity: 'warning',
    title: { zh: '岗前培训不少于规定学时', en: 'Pre-job training hours are met' },
    citation: '第二十条',
    sourceZh: '外包商的营销人员上岗前必须经过培训。',
    consequence: { zh: '扣减佣金', en: 'commission deduction' },
    message: { zh: '培训不足', en: 'training short' },
  },
];

export function finding(over: Partial<Finding> & Pick<Finding, 'ruleId' | 'article' | 'requirement' | 'severity' | 'location'>): Finding {
  return {
    message: { zh: `中文：${over.ruleId}`, en: `English: ${over.ruleId}` },
    consequence: { zh: '中文后果', en: 'English consequence' },
    consequenceKind: 'rejection',
    citation: rules.find((r) => r.id === over.ruleId)?.citation ?? '',
    ...over,
  };
}

export const findings: Finding[] = [
  finding({
    ruleId: 'R7-1/signing-entity',
    article: '7',
    requirement: 'R7-1',
    severity: 'error',
    message: { zh: `签约主体为「${SCRIPT_VENDOR}」`, en: `the agreement is signed by "${SCRIPT_VENDOR}"` },
    location: { file: 'dossiers/a.yaml', path: '/cooperation/agreement/signing_entity', line: 12, column: 21 },
  }),
  finding({
    ruleId: 'R20-1/pre-job-training',
    article: '20',
    requirement: 'R20-1',
    severity: 'warning',
    location: { file: 'dossiers/a.yaml', path: '/agents/3/pre_job_training_hours', line: 41, column: 30 },
    waived: { reason: 'retraining booked <2026-03-01>', approvedBy: 'Li Hua', expires: '2026-06-30' },
  }),
  finding({
    ruleId: 'R24-3/complaint-rate-compensation',
    article: '24',
    requirement: 'R24-3',
    severity: 'notice',
    location: { file: 'calls/2026-02.csv', row: 17, field: 'recorded' },
  }),
];

export const files: FileResult[] = [
  { file: 'dossiers/a.yaml', kind: 'VendorDossier', sha256: 'ab'.repeat(32), status: 'fail', errors: [], warnings: [], outcomes: {} },
  {
    file: HOSTILE_FILE,
    kind: 'MonthlyReport',
    status: 'invalid',
    errors: [{ code: 'schema', message: { zh: '缺少必填字段 month', en: 'the required field month is missing' }, path: '/vendor/<name>', line: 3, column: 5 }],
    warnings: [],
    outcomes: {},
  },
  { file: 'calls/2026-02.csv', kind: 'CallLog', status: 'fail', errors: [], warnings: [], outcomes: {} },
];

export function vendorMonth(month: string, creditCode: string, vendorName: string, score: number, rate: number | undefined, rank: number, last: boolean): VendorMonth {
  return {
    month,
    creditCode,
    vendorName,
    city: '济南',
    file: `reports/${month}-${creditCode}.yaml`,
    assessmentScore: score,
    ...(rate !== undefined ? { complaintRatePercent: rate } : {}),
    rank,
    vendorsRanked: 3,
    lastPlace: last,
    errors: last ? 1 : 0,
    warnings: 0,
    notices: 1,
  };
}

export const batchRows: VendorMonth[] = [
  vendorMonth('2026-01', '91370100MA3C000001', '济南优声外呼服务有限公司', 92, 0.8, 1, false),
  vendorMonth('2026-01', '91370100MA3C000002', SCRIPT_VENDOR, 85.5, 2.4, 2, false),
  vendorMonth('2026-01', '91370100MA3C000003', IMG_VENDOR, 71, 4.2, 3, true),
  vendorMonth('2026-02', '91370100MA3C000001', '济南优声外呼服务有限公司', 90, 1.1, 1, false),
  vendorMonth('2026-02', '91370100MA3C000003', IMG_VENDOR, 80, undefined, 2, false),
  vendorMonth('2026-02', '91370100MA3C000002', SCRIPT_VENDOR, 66.25, 11.5, 3, true),
  vendorMonth('2026-03', '91370100MA3C000001', '济南优声外呼服务有限公司', 94, 0.5, 1, false),
  vendorMonth('2026-03', '91370100MA3C000002', SCRIPT_VENDOR, 70, 9.75, 2, false),
  vendorMonth('2026-03', '91370100MA3C000003', IMG_VENDOR, 64, 3.3, 3, true),
];

export function makeReport(over: Partial<Report> = {}): Report {
  const report: Report = {
    tool: { name: 'tmcheck', version: '0.1.0' },
    ruleset: { version: '2026.1', sha256: 'cd'.repeat(32) },
    generatedAt: '2026-04-02T08:00:00.000Z',
    asOf: '2026-04-01',
    files,
    findings,
    rules,
    skippedRules: [{ id: 'R99-1/future', reason: { zh: '2027-01-01 起生效', en: 'in force from 2027-01-01' } }],
    summary: summarize(files, findings),
    batch: { months: ['2026-01', '2026-02', '2026-03'], vendorMonths: batchRows },
    ...over,
  };
  return report;
}

export const render = (report: Report, lang: Lang = 'en') => formatHtml(report, { lang, color: false, failOn: 'error' });
