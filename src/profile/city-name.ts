import { withoutSpacing } from '../util/plain-text.js';

/**
 * City names as a profile looks them up. A report's `city` is the vendor's spelling, so it cannot be
 * allowed to dodge its city's parameters: NFKC (full-width letters, compatibility ideographs),
 * invisible format characters (zero-width, bidi marks) and all white space removed, the sixteen
 * cities' pinyin names (Qingdao) and traditional characters made simplified Chinese, and a trailing
 * 分公司 and 市 dropped.
 * A profile's own keys go through the same function.
 */
export function normaliseCity(name: string): string {
  const plain = withoutSpacing(name);
  const pinyin = PINYIN_TO_CITY[plain.toLowerCase().replace(/['’]/g, '').replace(/(shi|city)$/, '')];
  if (pinyin !== undefined) return pinyin;
  let simplified = [...plain].map((ch) => TRADITIONAL_TO_SIMPLIFIED[ch] ?? ch).join('');
  // The city branch (青岛分公司, 青岛市分公司) is the city: the field names the branch of a city.
  if (simplified.length > 3 && simplified.endsWith('分公司')) simplified = simplified.slice(0, -3);
  return simplified.length > 1 && simplified.endsWith('市') ? simplified.slice(0, -1) : simplified;
}

/** Shandong's sixteen prefecture-level cities, as normaliseCity writes them: each city branch is one of them. */
export const SHANDONG_CITIES: ReadonlySet<string> = new Set([
  '济南', '青岛', '淄博', '枣庄', '东营', '烟台', '潍坊', '济宁', '泰安', '威海', '日照', '临沂', '德州', '聊城', '滨州', '菏泽',
]);

/** The sixteen cities in pinyin, lower case, without spaces or apostrophes (Qingdao, Tai'an). */
const PINYIN_TO_CITY: Record<string, string> = {
  jinan: '济南', qingdao: '青岛', zibo: '淄博', zaozhuang: '枣庄', dongying: '东营', yantai: '烟台', weifang: '潍坊', jining: '济宁',
  taian: '泰安', weihai: '威海', rizhao: '日照', linyi: '临沂', dezhou: '德州', liaocheng: '聊城', binzhou: '滨州', heze: '菏泽',
};

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
