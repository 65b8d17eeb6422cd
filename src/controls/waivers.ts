import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { schemasDir } from '../paths.js';
import { inputError, type InputError } from '../read/input-error.js';
import { parseYamlDocument, type ParsedDocument } from '../read/parse-document.js';
import { readSourceText } from '../read/read-source.js';
import type { ReadLimits } from '../read/limits.js';
import { createAjv } from '../validate/validate-document.js';
import type { Finding, ReportNote } from '../report/model.js';
import { checkedFolders, fileInputIn } from '../read/discover.js';
import { displayPath } from '../util/display-path.js';
import { ownFileNote, WAIVERS_FILE_NAME } from '../read/own-files.js';
import { requirementOfRuleId } from '../rules/requirements.js';
import { waiverFindingFields, type WaiverToolRuleId } from '../report/tool-rules.js';

/** One approved exception, with where it is written (expired and unused waivers are reported there). */
export interface Waiver {
  /** A rule id (`R7-1/signing-entity`) or, for every rule of a requirement, a requirement id (`R7-1`). */
  target: { rule: string } | { requirement: string };
  vendor: string;
  pointer?: string;
  /** The id of the list item a pointer through a list position names (`/agents/1` → the agent's `id`). */
  itemId?: string;
  reason: string;
  approvedBy: string;
  /** Last day the waiver applies, YYYY-MM-DD. */
  expires: string;
  file: string;
  /** JSON Pointer of the waiver in its file (`/waivers/2`) and its position. */
  at: string;
  line: number;
  column: number;
}

export interface WaiverFile {
  file: string;
  waivers: Waiver[];
}

/** A waivers file that could not be read: reported as an invalid file, so the run exits 2. */
export interface WaiverFileProblem {
  file: string;
  errors: InputError[];
}

/** Which waivers files a run applies, and what it says about the ones it leaves alone. */
export interface WaiverFileChoice {
  apply: string[];
  ignored: ReportNote[];
}

/**
 * Waivers are the officer's, never the vendor's. A run applies the file named by --waivers, or else
 * `tmcheck.waivers.yaml` in the working folder — unless the working folder is itself under check
 * (`tmcheck .` inside a vendor's upload), where the file may have come with the upload: it is then
 * ignored with a warning saying to name it with --waivers; the same when a checked file lies in the
 * working folder itself (`tmcheck d.yaml` inside the upload). A `tmcheck.waivers.yaml` beside a file
 * input is never applied and is reported; those inside checked folders are reported by the walk.
 */
export function chooseWaiverFiles(inputs: readonly string[], cwd: string, explicit: readonly string[]): WaiverFileChoice {
  const apply: string[] = [];
  const ignored: ReportNote[] = [];
  const cwdFile = path.join(cwd, WAIVERS_FILE_NAME);
  for (const file of explicit) apply.push(path.resolve(cwd, file));
  if (explicit.length === 0 && isFile(cwdFile)) {
    const underCheck = checkedFolders([...inputs], cwd).find((folder) => isInside(realPath(cwd), realPath(folder)));
    // A file checked from the working folder itself: the waivers file lies beside it, as a vendor's upload would bring it.
    const besideInput = underCheck === undefined ? fileInputIn(inputs, cwd, cwd) : undefined;
    if (underCheck === undefined && besideInput === undefined) apply.push(cwdFile);
    else if (underCheck !== undefined) {
      const folder = path.relative(cwd, underCheck) === '' ? '.' : displayPath(underCheck, cwd);
      ignored.push(ignoredCwdWaivers(cwdFile, cwd, {
        zh: `已忽略：工作文件夹位于被检查的文件夹 ${folder} 之内，其中的豁免文件可能来自被检查方；如确为本人审批的豁免，请用 --waivers ${WAIVERS_FILE_NAME} 明确指定`,
        en: `ignored: the working folder is inside the checked folder ${folder}, so this waivers file may have come with the inputs; if it holds your approved waivers, name it with --waivers ${WAIVERS_FILE_NAME}`,
      }));
    } else {
      const file = displayPath(path.resolve(cwd, besideInput!), cwd);
      ignored.push(ignoredCwdWaivers(cwdFile, cwd, {
        zh: `已忽略：被检查的文件 ${file} 与此豁免文件同在工作文件夹中，豁免文件可能随被检查方的文件一同提交；如确为本人审批的豁免，请用 --waivers ${WAIVERS_FILE_NAME} 明确指定`,
        en: `ignored: the checked file ${file} is beside it in the working folder, so this waivers file may have come with the inputs; if it holds your approved waivers, name it with --waivers ${WAIVERS_FILE_NAME}`,
      }));
    }
  }
  const applied = new Set(apply.map(realPath));
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    if (!isFile(absolute)) continue;
    const beside = path.join(path.dirname(absolute), WAIVERS_FILE_NAME);
    if (path.dirname(realPath(absolute)) === realPath(cwd) || applied.has(realPath(beside)) || !isFile(beside)) continue;
    const file = displayPath(beside, cwd);
    if (!ignored.some((note) => note.file === file)) ignored.push({ file, level: 'warning', message: ownFileNote('waivers') });
  }
  return { apply, ignored };
}

function ignoredCwdWaivers(cwdFile: string, cwd: string, message: ReportNote['message']): ReportNote {
  return { file: displayPath(cwdFile, cwd), level: 'warning', message };
}

function isFile(absolute: string): boolean {
  try {
    return statSync(absolute).isFile();
  } catch {
    return false;
  }
}

function realPath(absolute: string): string {
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function loadWaiverFile(absolute: string, cwd: string, limits: ReadLimits): WaiverFile | WaiverFileProblem {
  const file = displayPath(absolute, cwd);
  const source = readSourceText(absolute, limits.maxFileBytes);
  if ('code' in source) return { file, errors: [source] };
  const parsed = parseWaivers(source.text, file, limits);
  return Array.isArray(parsed) ? { file, errors: parsed } : parsed;
}

let validator: ValidateFunction | undefined;

/** Parses and validates a waivers file; every problem comes back with its line and column. */
export function parseWaivers(text: string, file: string, limits: ReadLimits): WaiverFile | InputError[] {
  const parsed = parseYamlDocument(text, limits);
  if (Array.isArray(parsed)) return parsed;
  validator ??= createAjv().compile(JSON.parse(readFileSync(path.join(schemasDir, 'waivers.schema.json'), 'utf8')) as object);
  if (!validator(parsed.data)) return schemaErrors(validator.errors ?? [], parsed);
  const raw = (parsed.data as { waivers: RawWaiver[] }).waivers;
  return {
    file,
    waivers: raw.map((w, i) => ({
      target: w.rule !== undefined ? { rule: w.rule } : { requirement: w.requirement! },
      vendor: w.vendor,
      ...(w.pointer !== undefined ? { pointer: w.pointer } : {}),
      ...(w.item_id !== undefined ? { itemId: w.item_id } : {}),
      reason: w.reason,
      approvedBy: w.approved_by,
      expires: w.expires,
      file,
      at: `/waivers/${i}`,
      ...parsed.locate(`/waivers/${i}`),
    })),
  };
}

interface RawWaiver {
  rule?: string;
  requirement?: string;
  vendor: string;
  pointer?: string;
  item_id?: string;
  reason: string;
  approved_by: string;
  expires: string;
}

/** Schema errors in both languages. A failed "rule or requirement" choice is one message, not three. */
function schemaErrors(errors: ErrorObject[], doc: ParsedDocument): InputError[] {
  const choiceFailed = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: InputError[] = [];
  for (const error of errors) {
    if (error.schemaPath.includes('/oneOf/') && choiceFailed.has(error.instancePath)) continue;
    const params = error.params as Record<string, unknown>;
    let pointer = error.instancePath;
    let zh: string;
    let en: string;
    switch (error.keyword) {
      case 'oneOf':
        zh = '每条豁免须且只能写 rule（规则编号）或 requirement（要求编号）之一';
        en = 'each waiver names exactly one of rule (a rule id) or requirement (a requirement id)';
        break;
      case 'required':
        pointer = `${pointer}/${String(params.missingProperty)}`;
        zh = `缺少必填字段「${String(params.missingProperty)}」`;
        en = `required field "${String(params.missingProperty)}" is missing`;
        break;
      case 'additionalProperties':
        pointer = `${pointer}/${String(params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`;
        zh = `未知字段「${String(params.additionalProperty)}」（可用：rule, requirement, vendor, pointer, item_id, reason, approved_by, expires）`;
        en = `unknown field "${String(params.additionalProperty)}" (known: rule, requirement, vendor, pointer, item_id, reason, approved_by, expires)`;
        break;
      case 'dependencies':
        pointer = `${pointer}/${String(params.property)}`;
        zh = `「${String(params.property)}」须与「${String(params.missingProperty)}」一同填写`;
        en = `"${String(params.property)}" needs "${String(params.missingProperty)}" beside it`;
        break;
      case 'format':
        zh = '日期须为真实存在的日期，格式 YYYY-MM-DD';
        en = 'must be a real calendar date as YYYY-MM-DD';
        break;
      case 'pattern':
        zh = FIELD_FORMAT_ZH[lastToken(pointer)] ?? '格式不正确';
        en = FIELD_FORMAT_EN[lastToken(pointer)] ?? 'has the wrong format';
        break;
      case 'type':
        zh = `类型错误，应为 ${String(params.type)}`;
        en = `must be of type ${String(params.type)}`;
        break;
      case 'minLength':
        zh = '不能为空';
        en = 'must not be empty';
        break;
      default:
        zh = `不符合豁免文件格式（${error.message ?? error.keyword}）`;
        en = `does not fit the waivers format (${error.message ?? error.keyword})`;
    }
    const shown = pointer === '' ? '(file)' : pointer;
    const where = error.keyword === 'required' || error.keyword === 'additionalProperties' || error.keyword === 'dependencies' ? doc.locateKey(pointer) : doc.locate(pointer);
    out.push(inputError('waivers', `${shown}：${zh}`, `${shown}: ${en}`, { path: pointer, ...where }));
  }
  return out;
}

function lastToken(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1);
}

const FIELD_FORMAT_ZH: Record<string, string> = {
  rule: '规则编号格式应如 R7-1/signing-entity',
  requirement: '要求编号格式应如 R7-1、R10-P5-1',
  pointer: 'JSON Pointer 须以 / 开头，如 /agents/0/pre_job_training_hours',
};
const FIELD_FORMAT_EN: Record<string, string> = {
  rule: 'a rule id looks like R7-1/signing-entity',
  requirement: 'a requirement id looks like R7-1 or R10-P5-1',
  pointer: 'a JSON Pointer starts with /, e.g. /agents/0/pre_job_training_hours',
};

/** Whether a waiver is still in force on a date: `expires` is the last day it applies. */
export function isExpired(waiver: Waiver, judgedOn: string): boolean {
  return waiver.expires < judgedOn;
}

/** The consequence kind (rules/*.yaml `consequence.kind`) of findings that say the data could not be judged. */
const DATA_QUALITY = 'data_quality';

/**
 * tmcheck's own findings (`tmcheck/…`: call-log rows that cannot be read, calls with no report to
 * check them against, calls a report does not account for) say that something could not be checked,
 * not that a requirement was broken. They carry a requirement for the reader, but a waiver of that
 * requirement approves breaches of it: it never makes what was not checked pass (a waiver of R20-1
 * about one agent's training certificate silenced a month of calls with no report). The waivers
 * schema cannot name them as a rule either. A rule's data-quality outcomes say the same (R24-6's
 * streak that cannot be judged or a month missing between reports, a calling day listed twice, a
 * credit code whose check character is wrong): a waiver of R24-6 about one rectification did not
 * approve a streak nobody could count.
 */
export function isWaivable(finding: Finding): boolean {
  return !finding.ruleId.startsWith('tmcheck/') && finding.consequenceKind !== DATA_QUALITY;
}

/** Whether a waiver covers a finding: same rule (or requirement), same vendor, at or below the pointer. */
export function waiverCovers(waiver: Waiver, finding: Finding): boolean {
  if (finding.vendor === undefined || finding.vendor !== waiver.vendor || !isWaivable(finding)) return false;
  const sameRule = 'rule' in waiver.target ? finding.ruleId === waiver.target.rule : finding.requirement === waiver.target.requirement;
  if (!sameRule) return false;
  if (waiver.pointer === undefined) return true;
  const at = finding.location.path;
  return at !== undefined && (at === waiver.pointer || at.startsWith(`${waiver.pointer}/`)) && itemMatches(waiver, finding);
}

/**
 * The pointer of the list item a waiver's pointer names by position (`/agents/1` of
 * `/agents/1/pre_job_training_hours`): up to its first segment of digits only; undefined when it has none.
 */
export function listPositionOf(pointer: string | undefined): string | undefined {
  if (pointer === undefined) return undefined;
  const found = /\/\d+(?=\/|$)/.exec(pointer);
  return found ? pointer.slice(0, found.index + found[0].length) : undefined;
}

/**
 * The item condition of a waiver whose pointer is the finding's or an ancestor of it. A position in a
 * list is the vendor's to choose (agent 李强 second in September, 张三 second in October): a waiver
 * through a list position applies only to the item there whose id is its `item_id`, and without
 * `item_id` to nothing (it is reported instead, listPositionFinding). `item_id` with a pointer through
 * no list position narrows the waiver to that item wherever it is listed.
 */
function itemMatches(waiver: Waiver, finding: Finding): boolean {
  const position = listPositionOf(waiver.pointer);
  if (waiver.itemId === undefined) return position === undefined;
  const item = finding.location.item;
  return item !== undefined && item.id === waiver.itemId && (position === undefined || item.path === position);
}

export interface WaiverOutcome {
  /** The same findings, those covered by a waiver in force marked `waived`. */
  findings: Finding[];
  /** Expired waivers (warnings) and waivers that matched nothing (notices), on the waivers file. */
  waiverFindings: Finding[];
}

export const WAIVER_EXPIRED_RULE = 'tmcheck/waiver-expired' satisfies WaiverToolRuleId;
export const WAIVER_UNUSED_RULE = 'tmcheck/waiver-unused' satisfies WaiverToolRuleId;
export const WAIVER_LIST_POSITION_RULE = 'tmcheck/waiver-list-position' satisfies WaiverToolRuleId;

/**
 * Marks the findings that a waiver in force covers (the first such waiver gives the reason shown);
 * reports every expired waiver, and every waiver in force that covered nothing.
 * `knownRuleIds` (the rules in force) lets an unused waiver say when its rule does not exist.
 * Linear: waivers are indexed by what they cover, and each finding looks up only its own keys.
 */
export function applyWaivers(findings: Finding[], files: WaiverFile[], judgedOn: string, knownRuleIds: ReadonlySet<string>): WaiverOutcome {
  const waivers = files.flatMap((f) => f.waivers);
  const index = indexWaivers(waivers.filter((w) => !isExpired(w, judgedOn)));
  const used = new Set<Waiver>();
  // Waivers through a list position without item_id: the id of the item each would have reached (for its warning).
  const positional = new Map<Waiver, string | undefined>();
  const marked = findings.map((finding) => {
    if (finding.waived) return finding;
    const candidates = coveringWaivers(index, finding);
    if (candidates.length === 0) return finding;
    const covering = candidates.filter((w) => {
      if (itemMatches(w, finding)) return true;
      if (w.itemId === undefined && !positional.get(w)) positional.set(w, finding.location.item?.id);
      return false;
    });
    if (covering.length === 0) return finding;
    for (const w of covering) used.add(w);
    const first = covering[0]!;
    return { ...finding, waived: { reason: first.reason, approvedBy: first.approvedBy, expires: first.expires } };
  });
  const waiverFindings: Finding[] = [];
  for (const waiver of waivers) {
    if (isExpired(waiver, judgedOn)) waiverFindings.push(expiredFinding(waiver, judgedOn));
    else if (waiver.itemId === undefined && listPositionOf(waiver.pointer) !== undefined) waiverFindings.push(listPositionFinding(waiver, positional.get(waiver)));
    else if (!used.has(waiver)) waiverFindings.push(unusedFinding(waiver, knownRuleIds));
  }
  return { findings: marked, waiverFindings };
}

/** Waivers in force by (vendor, rule or requirement, pointer or none), each with its place in the files. */
type WaiverIndex = Map<string, Array<{ waiver: Waiver; order: number }>>;

function waiverKey(vendor: string, target: string, pointer: string | undefined): string {
  return JSON.stringify([vendor, target, pointer ?? null]);
}

function indexWaivers(active: Waiver[]): WaiverIndex {
  const index: WaiverIndex = new Map();
  active.forEach((waiver, order) => {
    const target = 'rule' in waiver.target ? `rule:${waiver.target.rule}` : `requirement:${waiver.target.requirement}`;
    const key = waiverKey(waiver.vendor, target, waiver.pointer);
    const bucket = index.get(key);
    if (bucket) bucket.push({ waiver, order });
    else index.set(key, [{ waiver, order }]);
  });
  return index;
}

/**
 * The waivers that may cover a finding, in file order: those without a pointer, and those whose
 * pointer is the finding's or one of its ancestors, for its rule and its requirement (the caller
 * then checks the list item, itemMatches). A pointer has at most as many ancestors as it has levels.
 */
function coveringWaivers(index: WaiverIndex, finding: Finding): Waiver[] {
  if (finding.vendor === undefined || index.size === 0 || !isWaivable(finding)) return [];
  const at = finding.location.path;
  const pointers: Array<string | undefined> = [undefined];
  if (at !== undefined) {
    for (let i = at.indexOf('/'); i !== -1; i = at.indexOf('/', i + 1)) pointers.push(at.slice(0, i));
    pointers.push(at);
  }
  const found: Array<{ waiver: Waiver; order: number }> = [];
  for (const target of [`rule:${finding.ruleId}`, `requirement:${finding.requirement}`]) {
    for (const pointer of pointers) found.push(...(index.get(waiverKey(finding.vendor, target, pointer)) ?? []));
  }
  return found.sort((a, b) => a.order - b.order).map((entry) => entry.waiver);
}

function targetText(waiver: Waiver): { zh: string; en: string } {
  const itemZh = waiver.itemId !== undefined ? `（条目编号 ${waiver.itemId}）` : '';
  const itemEn = waiver.itemId !== undefined ? ` (item id ${waiver.itemId})` : '';
  const pointerZh = waiver.pointer !== undefined ? `，位置 ${waiver.pointer || '/'}${itemZh}` : '';
  const pointerEn = waiver.pointer !== undefined ? ` at ${waiver.pointer || '/'}${itemEn}` : '';
  if ('rule' in waiver.target) {
    return { zh: `规则 ${waiver.target.rule}，合作方 ${waiver.vendor}${pointerZh}`, en: `rule ${waiver.target.rule}, vendor ${waiver.vendor}${pointerEn}` };
  }
  return {
    zh: `要求 ${waiver.target.requirement} 的全部规则，合作方 ${waiver.vendor}${pointerZh}`,
    en: `every rule of requirement ${waiver.target.requirement}, vendor ${waiver.vendor}${pointerEn}`,
  };
}

/** A finding on a waiver (its id, severity and consequence kind from TOOL_RULES), filed under the requirement it waives. */
function waiverFinding(waiver: Waiver, id: WaiverToolRuleId, fields: Pick<Finding, 'message' | 'consequence'>): Finding {
  const requirement = 'rule' in waiver.target ? requirementOfRuleId(waiver.target.rule) : waiver.target.requirement;
  const article = /^R(\d+)-/.exec(requirement)?.[1] ?? '';
  return {
    ...waiverFindingFields(id),
    ...fields,
    article,
    requirement,
    citation: waiver.file,
    location: { file: waiver.file, path: waiver.at, line: waiver.line, column: waiver.column },
    vendor: waiver.vendor,
  };
}

function expiredFinding(waiver: Waiver, judgedOn: string): Finding {
  const target = targetText(waiver);
  return waiverFinding(waiver, WAIVER_EXPIRED_RULE, {
    message: {
      zh: `豁免已于 ${waiver.expires} 到期（按 ${judgedOn} 判断），不再生效：${target.zh}（批准人：${waiver.approvedBy}）`,
      en: `waiver expired on ${waiver.expires} (judged on ${judgedOn}) and no longer applies: ${target.en} (approved by ${waiver.approvedBy})`,
    },
    consequence: {
      zh: '该豁免所覆盖的发现重新计入结果；如仍需豁免，请重新审批并更新到期日',
      en: 'the findings it covered count again; renew the approval and its expiry date if the exception still holds',
    },
  });
}

function unusedFinding(waiver: Waiver, knownRuleIds: ReadonlySet<string>): Finding {
  const target = targetText(waiver);
  const unknownRule = 'rule' in waiver.target && !knownRuleIds.has(waiver.target.rule);
  return waiverFinding(waiver, WAIVER_UNUSED_RULE, {
    message: {
      zh: `豁免未匹配任何发现：${target.zh}${unknownRule ? '（没有生效的规则使用此编号）' : ''}`,
      en: `waiver matches no finding: ${target.en}${unknownRule ? ' (no rule in force has this id)' : ''}`,
    },
    consequence: {
      zh: '问题可能已整改；请删除此豁免，以免日后掩盖新的问题',
      en: 'the problem may be fixed; remove the waiver so that it cannot hide a new problem later',
    },
  });
}

function listPositionFinding(waiver: Waiver, idNow: string | undefined): Finding {
  const target = targetText(waiver);
  const position = listPositionOf(waiver.pointer)!;
  const fix = idNow !== undefined
    ? { zh: `；该位置现为编号 ${idNow} 的条目，如批准的确是它，请加上 item_id: ${JSON.stringify(idNow)}`, en: `; the item there now has id ${idNow}: if it is the one approved, add item_id: ${JSON.stringify(idNow)}` }
    : { zh: '；请加上 item_id：所批准条目的编号（id 或 record_id）', en: '; add item_id: the id (id or record_id) of the item approved' };
  return waiverFinding(waiver, WAIVER_LIST_POSITION_RULE, {
    message: {
      zh: `豁免未生效：指针经过列表位置 ${position}，而列表顺序由被检查方决定，该位置日后可能是另一条目：${target.zh}${fix.zh}`,
      en: `waiver not applied: its pointer goes through the list position ${position}, and the vendor decides the order of its lists, so another item may stand there: ${target.en}${fix.en}`,
    },
    consequence: {
      zh: '该豁免不豁免任何发现，其所指的发现照常计入结果',
      en: 'the waiver waives nothing: the findings it points at count',
    },
  });
}
