import { withoutSpacing } from '../util/plain-text.js';

/**
 * City names as a profile looks them up. A report's `city` is the vendor's spelling, so it cannot be
 * allowed to dodge its city's parameters: NFKC (full-width letters, compatibility ideographs),
 * invisible format characters (zero-width, bidi marks) and all white space removed, traditional
 * characters of Shandong's sixteen city names made simplified, and a trailing 市 dropped.
 * A profile's own keys go through the same function.
 */
export function normaliseCity(name: string): string {
  const plain = withoutSpacing(name);
  const simplified = [...plain].map((ch) => TRADITIONAL_TO_SIMPLIFIED[ch] ?? ch).join('');
  return simplified.length > 1 && simplified.endsWith('市') ? simplified.slice(0, -1) : simplified;
}

/**
 * The traditional (and variant) characters that occur in the names of Shandong's prefecture-level
 * cities: 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽.
 */
const TRADITIONAL_TO_SIMPLIFIED: Record<string, string> = {
  濟: '济',
  島: '岛',
  嶋: '岛',
  棗: '枣',
  莊: '庄',
  東: '东',
  營: '营',
  煙: '烟',
  臺: '台',
  濰: '潍',
  寧: '宁',
  甯: '宁',
  臨: '临',
  濱: '滨',
  澤: '泽',
};
