import type { Lang } from '../util/i18n.js';

/**
 * The one bilingual glossary of every enumerated value a document holds: the code tmcheck works
 * with, the Chinese and English labels a report shows, and the other spellings officers write
 * (read as the code). A reader never sees a raw code where a label exists.
 */
export interface Term {
  code: string;
  zh: string;
  en: string;
  /** Other ways the value is written in documents (the labels themselves are always accepted). */
  aliases?: readonly string[];
}

export interface TermDomain {
  name: { zh: string; en: string };
  /** A closed domain accepts only its terms; an open one also takes other values (judged by rules). */
  closed: boolean;
  terms: readonly Term[];
}

export const DOMAINS = {
  licenseKind: {
    name: { zh: '资质证书种类', en: 'licence kind' },
    closed: false,
    terms: [
      { code: 'business_license', zh: '营业执照', en: 'business licence', aliases: ['企业法人营业执照'] },
      { code: 'value_added_telecom', zh: '增值电信业务经营许可证', en: 'value-added telecommunications business licence', aliases: ['增值电信许可证', 'ICP许可证', 'ICP经营许可证'] },
    ],
  },
  department: {
    name: { zh: '部门', en: 'department' },
    closed: false,
    terms: [
      { code: 'city_cs', zh: '市分公司客户服务部', en: 'city branch customer-service department', aliases: ['市分客服部', '市分公司客服部', '市客服部'] },
      { code: 'provincial_cs', zh: '省分公司客户服务部', en: 'provincial customer-service department', aliases: ['省分客服部', '省分公司客服部', '省客服部'] },
      { code: 'cg_network', zh: 'C/G网经营部', en: 'C/G network business unit', aliases: ['C网经营部', 'G网经营部', 'CG网经营部'] },
      { code: 'finance', zh: '财务部', en: 'finance department', aliases: ['财务'] },
      { code: 'legal', zh: '法律部', en: 'legal department', aliases: ['法务部'] },
      { code: 'marketing', zh: '市场营销部', en: 'marketing department', aliases: ['市场部'] },
    ],
  },
  approvalStep: {
    name: { zh: '审批步骤', en: 'approval step' },
    closed: true,
    terms: [
      { code: 'qualification_review', zh: '资质审核', en: 'qualification review', aliases: ['客服部资质审核'] },
      { code: 'qualification_survey', zh: '填写资质调查表', en: 'qualification survey form', aliases: ['资质调查表', '电话营销合作企业资质调查表'] },
      { code: 'preliminary_approval', zh: '初步审批', en: 'preliminary approval', aliases: ['初审'] },
      { code: 'erp_city_approval', zh: 'ERP 市分合同审批', en: 'ERP city contract approval', aliases: ['ERP市分合同审批', 'ERP合同审批'] },
      { code: 'city_leadership_approval', zh: '市分相关部门及领导审批', en: 'city departments and leadership approval', aliases: ['市分领导审批'] },
      { code: 'provincial_application', zh: '正式公文报省分客服部', en: 'formal application to the provincial customer-service department', aliases: ['正式公文', '报省分申请'] },
      { code: 'provincial_cs_review', zh: '省分客服部复核', en: 'provincial customer-service review', aliases: ['省分复核'] },
      { code: 'provincial_countersign', zh: '会签合同审批表（附件4）', en: 'countersigned contract approval form (attachment 4)', aliases: ['会签', '合同审批表会签', '会签附件4'] },
      { code: 'provincial_leadership_approval', zh: '省分领导审批', en: 'provincial leadership approval', aliases: ['领导审批'] },
      { code: 'agreement_signed', zh: '新国信山东分公司签订协议', en: 'agreement signed by Xinguoxin Shandong', aliases: ['签订协议', '协议签订'] },
    ],
  },
  settlementBasis: {
    name: { zh: '结算依据', en: 'settlement basis' },
    closed: false,
    terms: [
      { code: 'effective_revenue', zh: '有效收入', en: 'effective revenue', aliases: ['按有效收入', '有效营销收入', '按有效收入结算'] },
      { code: 'call_count', zh: '呼叫次数', en: 'number of calls', aliases: ['按呼叫次数', '按呼叫次数结算'] },
      { code: 'connected_calls', zh: '接通次数', en: 'number of connected calls', aliases: ['按接通次数', '按接通次数结算'] },
      { code: 'call_minutes', zh: '通话分钟数', en: 'call minutes', aliases: ['通话时长', '按通话分钟', '按通话时长结算'] },
    ],
  },
  trainingTopic: {
    name: { zh: '培训内容', en: 'training subject' },
    closed: false,
    terms: [
      { code: 'etiquette', zh: '电话礼仪规范', en: 'telephone etiquette', aliases: ['电话礼仪'] },
      { code: 'business_knowledge', zh: '业务知识', en: 'business knowledge' },
      { code: 'business_rules', zh: '业务规定', en: 'business rules', aliases: ['业务规范'] },
      { code: 'sales_skills', zh: '营销技巧', en: 'sales skills', aliases: ['销售技巧'] },
    ],
  },
  archiveMedia: {
    name: { zh: '存档介质', en: 'archive medium' },
    closed: true,
    terms: [
      { code: 'optical_disc', zh: '光盘', en: 'optical disc', aliases: ['光碟'] },
      { code: 'tape', zh: '磁带', en: 'tape' },
      { code: 'disk', zh: '硬盘', en: 'hard disk', aliases: ['磁盘'] },
      { code: 'cloud', zh: '云存储', en: 'cloud storage', aliases: ['云端'] },
      { code: 'other', zh: '其他介质', en: 'other medium', aliases: ['其他', '其它'] },
      { code: 'none', zh: '无', en: 'none', aliases: ['未存档'] },
    ],
  },
  cooperationMode: {
    name: { zh: '合作模式', en: 'cooperation mode' },
    closed: true,
    terms: [
      { code: 'seat_outsourcing', zh: '座席外包模式', en: 'seat outsourcing', aliases: ['座席外包', '坐席外包', '坐席外包模式'] },
      { code: 'business_cooperation', zh: '业务合作模式', en: 'business cooperation', aliases: ['业务合作'] },
    ],
  },
  signingPlace: {
    name: { zh: '签署层级', en: 'signing level' },
    closed: true,
    terms: [
      { code: 'province', zh: '省分公司', en: 'provincial branch', aliases: ['省分', '省公司'] },
      { code: 'city', zh: '市分公司', en: 'city branch', aliases: ['市分', '市公司'] },
    ],
  },
} as const satisfies Record<string, TermDomain>;

export type DomainName = keyof typeof DOMAINS;

/** Where each domain's values sit in a document: JSON Pointer patterns, `*` for any list index. */
export const TERM_FIELDS: Readonly<Record<string, ReadonlyArray<{ pattern: string; domain: DomainName }>>> = {
  VendorDossier: [
    { pattern: '/handled_by', domain: 'department' },
    { pattern: '/vendor/licenses/*/kind', domain: 'licenseKind' },
    { pattern: '/vendor/recording/archive_media', domain: 'archiveMedia' },
    { pattern: '/cooperation/mode', domain: 'cooperationMode' },
    { pattern: '/cooperation/agreement/signed_at', domain: 'signingPlace' },
    { pattern: '/cooperation/agreement/settlement_basis', domain: 'settlementBasis' },
    { pattern: '/cooperation/approvals/*/step', domain: 'approvalStep' },
    { pattern: '/cooperation/approvals/*/departments/*', domain: 'department' },
  ],
  MonthlyReport: [
    { pattern: '/agents/*/training_topics/*', domain: 'trainingTopic' },
    { pattern: '/settlement/basis', domain: 'settlementBasis' },
  ],
};

const byCode = new Map<string, Term>();
for (const domain of Object.values(DOMAINS) as TermDomain[]) for (const term of domain.terms) byCode.set(term.code, term);

/** The label of a glossary code in a language; any other value is returned as it is. */
export function termLabel(value: string, lang: Lang): string {
  return byCode.get(value)?.[lang] ?? value;
}

/** Every code of the glossary (for tests that look for raw codes in what a person reads). */
export function glossaryCodes(): string[] {
  return [...byCode.keys()];
}
