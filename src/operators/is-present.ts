import type { CustomOperator } from './operator.js';
import { readingKey, withoutSpacing } from '../util/plain-text.js';

/**
 * `isPresent: true` holds when the fact carries a value: not missing, not null, and not a string of
 * only blanks (a review record id of "  " is no record). Blanks include what a reader cannot see:
 * zero-width and other format characters (U+200B, U+2060, U+FEFF, a soft hyphen) and ideographic
 * spaces, so an id that looks empty is empty; and a string that only says there is none (see
 * saysNothing). `isPresent: false` holds for the opposite.
 */
export const isPresentOperator: CustomOperator = {
  name: 'isPresent',
  description: 'The fact is present (value: true): not missing, not null, not a string of only white space and invisible characters, with no letter or digit, or saying there is none (无, 待补, N/A, alone or with what is missing: 无工号, 编号待补); or absent (value: false).',
  valueSchema: { type: 'boolean' },
  evaluate: (fact, value) => presentValue(fact) === value,
};

/** Whether a value is present in the sense of `isPresent: true` (a record id of 无 or of blanks is none). */
export function presentValue(fact: unknown): boolean {
  if (fact === undefined || fact === null) return false;
  return typeof fact !== 'string' || !saysNothing(withoutSpacing(fact));
}

/**
 * Text that is there but names nothing: no letter or digit at all (`/`, `？`, `——`), or, its letters
 * and digits taken alone, a word for "none" or "to follow" (a review record id of 无, （无） or N/A is
 * no record; 待补 is a record still to come; 无需审核 says none was needed; 有 and 已审核 say that one
 * exists without saying which), alone or with the name of what is missing before or after it
 * (无工号, 工号：待定, 无审核记录, 证书编号：无, 有记录 say no more than 无 or 有). `visible` is as a
 * person reads it (withoutSpacing).
 */
function saysNothing(visible: string): boolean {
  // Letters of other scripts drawn as Latin ones read as those: `Ν/Α` in Greek capitals says N/A.
  const core = readingKey(visible).replace(/[^\p{L}\p{N}]/gu, '');
  if (core === '' || NO_VALUE.has(core)) return true;
  for (const subject of SUBJECTS) {
    if (core.length > subject.length && core.startsWith(subject) && NO_VALUE.has(core.slice(subject.length))) return true;
    if (core.length > subject.length && core.endsWith(subject) && NO_VALUE.has(core.slice(0, -subject.length))) return true;
  }
  return false;
}

const NO_VALUE = new Set([
  '无', '暂无', '没有', '无记录', '无编号', '空', '缺', '暂缺', '待补', '待补充', '待定', '待填', '后补', '待提供', '未提供', '不详', '未知',
  '不适用', '未填', '未填写', '未录入', '待录入', '未登记', '未分配', '待分配', '暂未分配', '无需', '不需要', '免', '免审',
  // A yes where an id belongs: a record exists, but which one cannot be looked up.
  '有', '是', '已审', '已审核', '通过', '已通过', 'yes', 'ok',
  'na', 'none', 'null', 'nil', 'tbd', 'tba', 'tbc', 'pending', 'unknown', 'undefined', 'unassigned', 'notapplicable', 'notavailable',
]);

/** Names of what an id field holds, written beside a word of NO_VALUE (lower case, letters and digits only). */
const SUBJECTS = ['工号', '编号', '号码', '记录', '记录号', '记录编号', '审核', '审核记录', '证号', '证书', '证书号', '证书编号', '单号', 'id', 'no', 'number', 'record'];
