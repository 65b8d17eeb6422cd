import type { BatchCheck } from '../report/batch-check.js';
import { inputError, type InputError } from '../read/input-error.js';
import { resolvePointer } from '../util/json-pointer.js';
import { normaliseCity, SHANDONG_CITIES } from './city-name.js';
import type { Profile } from './profile.js';
import type { CheckedDocument } from '../report/check-document.js';
import type { Position } from '../read/parse-document.js';

/**
 * With a profile that names cities, a document whose `city` matches none of them (after
 * normalisation) is judged by the profile's defaults. When the city is another of Shandong's sixteen,
 * that is the profile's reading: a warning on its `city` naming the profile's cities. When it is none
 * of them (青岛分公司 is 青岛, but 胶州, 青州 or "QD" name no city branch), which city's parameters
 * apply cannot be told, and a vendor could dodge its city's stricter hours by the spelling: an input
 * error on its `city`, never a pass. A monthly report needs the branch's register to say its city
 * (unverifiedCityError); a register decides every listed vendor's city (registerError).
 */
export function profileCityCheck(profile: Pick<Profile, 'cities' | 'vendors'>): BatchCheck | undefined {
  const names = Object.keys(profile.cities);
  const register = new Map(Object.entries(profile.vendors).map(([code, city]) => [code, { city, normalised: normaliseCity(city) }]));
  if (names.length === 0 && register.size === 0) return undefined;
  const known = new Set(names.map(normaliseCity));
  const warnings: Array<{ file: string; warning: InputError }> = [];
  const errors: Array<{ file: string; error: InputError }> = [];
  return {
    name: 'profile-cities',
    kinds: ['VendorDossier', 'MonthlyReport'],
    observe(doc) {
      const city = resolvePointer(doc.data, '/city');
      const creditCode = resolvePointer(doc.data, '/vendor/credit_code');
      // Normalised once: NFKC and the look-alike tables are the costly part, and every check below compares it.
      const normalised = typeof city === 'string' ? normaliseCity(city) : undefined;
      if (names.length > 0 && typeof city === 'string' && normalised !== undefined && !known.has(normalised) && !SHANDONG_CITIES.has(normalised)) {
        errors.push({
          file: doc.file,
          error: inputError(
            'unknown-city',
            `城市「${city}」既不是分公司参数配置中的城市（${names.join('、')}），也不是山东省的十六个地市之一：无法确定适用哪个城市的参数；请填写地市名称（如 青岛）`,
            `city "${city}" is neither a city of the profile (${names.join(', ')}) nor one of Shandong's sixteen cities, so which city's parameters apply cannot be told; write the city's name (e.g. 青岛)`,
            { path: '/city', ...cityPosition(doc) },
          ),
        });
        return;
      }
      const unregistered = register.size > 0 && typeof creditCode === 'string' ? registerError(doc, city, normalised, creditCode, register) : undefined;
      if (unregistered) {
        errors.push({ file: doc.file, error: unregistered });
        return;
      }
      if (names.length === 0 || typeof city !== 'string' || normalised === undefined) return;
      if (register.size === 0 && doc.kind === 'MonthlyReport') {
        errors.push({ file: doc.file, error: unverifiedCityError(doc, city) });
        return;
      }
      if (known.has(normalised)) return;
      warnings.push({
        file: doc.file,
        warning: inputError(
          'unknown-city',
          `城市「${city}」不在分公司参数配置的城市中（${names.join('、')}），按分公司参数配置的 defaults 判断`,
          `city "${city}" matches no city of the profile (${names.join(', ')}); judged by the profile's defaults`,
          { path: '/city', ...cityPosition(doc) },
        ),
      });
    },
    finish: () => ({ findings: [], fileErrors: errors, fileWarnings: warnings }),
  };
}

/**
 * A report's `city` picks the profile's parameters (a city's calling hours), and the vendor writes it:
 * a 青岛 vendor writing 济南 would be judged by 济南's looser hours. Its dossier is the vendor's word
 * too (a submission portal receives both from the vendor). Only the branch's register (the
 * profile's `vendors`) can say which city's parameters apply: without one, a monthly report checked
 * with a profile that sets parameters per city cannot be judged, an input error on its city.
 */
function unverifiedCityError(doc: CheckedDocument, city: string): InputError {
  return inputError(
    'city-unverified',
    `分公司参数配置按城市规定参数（如营销时间），但没有外包合作方登记（vendors）：月报的城市「${city}」由合作方自己填写，不能决定适用哪个城市的参数；请在分公司参数配置的 vendors 中登记各合作方的统一社会信用代码及其市分公司城市`,
    `the profile sets parameters (such as calling hours) per city but has no register of vendors (vendors): the report's city "${city}" is the vendor's own word and cannot decide which city's parameters apply; list each vendor's credit code and its branch's city under the profile's vendors`,
    { path: '/city', ...cityPosition(doc) },
  );
}

/**
 * With the branch's register (the profile's `vendors`), the city is the branch's word, not the
 * vendor's: a document whose `city` is another city than its vendor's registered one is an input
 * error on its city, and so is a monthly report of a vendor the register does not list (on its
 * credit code): which city's parameters apply cannot be told. A dossier of an unlisted vendor is
 * one applying to be admitted, and is checked as it is.
 */
function registerError(
  doc: CheckedDocument,
  city: unknown,
  normalised: string | undefined,
  creditCode: string,
  register: ReadonlyMap<string, { city: string; normalised: string }>,
): InputError | undefined {
  const registered = register.get(creditCode);
  if (registered === undefined) {
    if (doc.kind !== 'MonthlyReport') return undefined;
    return inputError(
      'vendor-not-registered',
      `分公司参数配置的外包合作方登记（vendors）中没有 ${creditCode}：无法确定适用哪个城市的参数（如营销时间）；请将该合作方及其市分公司城市加入登记`,
      `the profile's register (vendors) does not list ${creditCode}, so which city's parameters (such as calling hours) apply cannot be told; add the vendor and its branch's city to the register`,
      { path: '/vendor/credit_code', ...doc.parsed.locate('/vendor/credit_code') },
    );
  }
  if (typeof city !== 'string' || normalised === registered.normalised) return undefined;
  return inputError(
    'city-not-registered',
    `城市「${city}」不是分公司参数配置登记的该外包合作方（${creditCode}）的城市「${registered.city}」：分公司参数配置按城市规定参数（如营销时间），城市以登记为准`,
    `city "${city}" is not the city the profile's register gives for the vendor ${creditCode} ("${registered.city}"): the profile sets parameters (such as calling hours) per city, and the register decides the city`,
    { path: '/city', ...cityPosition(doc) },
  );
}

/**
 * Where a document's city is. A document checked in a worker thread comes back with its text and is
 * parsed again only when a position is asked for; a block-style `city:` at the start of a line (the
 * usual YAML) is found in the text instead, so a batch of reports from other cities is not parsed twice.
 */
function cityPosition(doc: CheckedDocument): Position {
  const match = doc.text === undefined ? null : /^city[ \t]*:[ \t]*/m.exec(doc.text);
  if (!match || !doc.text) return doc.parsed.locate('/city');
  const offset = match.index + match[0].length;
  const before = doc.text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
