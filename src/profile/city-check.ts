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
 * error on its `city`, never a pass. Only the city is kept per document.
 */
export function profileCityCheck(profile: Pick<Profile, 'cities' | 'vendors'>): BatchCheck | undefined {
  const names = Object.keys(profile.cities);
  const register = new Map(Object.entries(profile.vendors).map(([code, city]) => [code, { city, normalised: normaliseCity(city) }]));
  if (names.length === 0 && register.size === 0) return undefined;
  const known = new Set(names.map(normaliseCity));
  const warnings: Array<{ file: string; warning: InputError }> = [];
  const errors: Array<{ file: string; error: InputError }> = [];
  // Per credit code, the cities (normalised, and as written) of the vendor's dossiers; and the reports' cities, to compare at the end.
  const dossierCities = new Map<string, Map<string, string>>();
  const reportCities: Array<{ file: string; creditCode: string; city: string; normalised: string; position: Position }> = [];
  return {
    name: 'profile-cities',
    kinds: ['VendorDossier', 'MonthlyReport'],
    observe(doc) {
      const city = resolvePointer(doc.data, '/city');
      const creditCode = resolvePointer(doc.data, '/vendor/credit_code');
      // Normalised once: NFKC and the look-alike tables are the costly part, and every check below compares it.
      const normalised = typeof city === 'string' ? normaliseCity(city) : undefined;
      const unregistered = register.size > 0 && typeof creditCode === 'string' ? registerError(doc, city, normalised, creditCode, register) : undefined;
      if (unregistered) {
        errors.push({ file: doc.file, error: unregistered });
        return;
      }
      if (names.length === 0) return;
      if (typeof city !== 'string' || normalised === undefined) return;
      const inShandong = SHANDONG_CITIES.has(normalised);
      if (typeof creditCode === 'string' && inShandong) {
        if (doc.kind === 'VendorDossier') dossierCities.set(creditCode, (dossierCities.get(creditCode) ?? new Map()).set(normalised, city));
        else reportCities.push({ file: doc.file, creditCode, city, normalised, position: cityPosition(doc) });
      }
      if (known.has(normalised)) return;
      const listed = names.join('、');
      if (!inShandong) {
        errors.push({
          file: doc.file,
          error: inputError(
            'unknown-city',
            `城市「${city}」既不是配置文件中的城市（${listed}），也不是山东省的十六个地市之一：无法确定适用哪个城市的参数；请填写地市名称（如 青岛）`,
            `city "${city}" is neither a city of the profile (${names.join(', ')}) nor one of Shandong's sixteen cities, so which city's parameters apply cannot be told; write the city's name (e.g. 青岛)`,
            { path: '/city', ...cityPosition(doc) },
          ),
        });
        return;
      }
      warnings.push({
        file: doc.file,
        warning: inputError(
          'unknown-city',
          `城市「${city}」不在配置文件的城市中（${listed}），按配置文件的 defaults 判断`,
          `city "${city}" matches no city of the profile (${names.join(', ')}); judged by the profile's defaults`,
          { path: '/city', ...cityPosition(doc) },
        ),
      });
    },
    finish: () => ({ findings: [], fileErrors: [...errors, ...reportCityErrors(reportCities, dossierCities)], fileWarnings: warnings }),
  };
}

/**
 * A report's `city` picks the profile's parameters (a city's calling hours), and the vendor writes it:
 * a 青岛 vendor writing 济南 would be judged by 济南's hours. The vendor's dossier names the city
 * branch that handles it. So when the run holds a dossier of the report's vendor (same credit code)
 * and the report's city is none of that vendor's dossier cities, which city's parameters apply
 * cannot be told: an input error on the report's city, naming the dossier's. Without a dossier of
 * the vendor in the run there is nothing to compare.
 */
function reportCityErrors(
  reports: ReadonlyArray<{ file: string; creditCode: string; city: string; normalised: string; position: Position }>,
  dossierCities: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Array<{ file: string; error: InputError }> {
  const errors: Array<{ file: string; error: InputError }> = [];
  for (const report of reports) {
    const cities = dossierCities.get(report.creditCode);
    if (!cities || cities.has(report.normalised)) continue;
    const named = [...cities.values()];
    errors.push({
      file: report.file,
      error: inputError(
        'city-not-dossier',
        `月报的城市「${report.city}」不是该外包合作方（${report.creditCode}）在本次检查中资质档案的城市（${named.join('、')}）：配置文件按城市规定参数（如营销时间），无法确定适用哪个城市；请填写办理该合作方的市分公司所在城市`,
        `the report's city "${report.city}" is not the city of the vendor's (${report.creditCode}) dossier in this run (${named.join(', ')}): the profile sets parameters (such as calling hours) per city, so which city's apply cannot be told; write the city of the branch that handles the vendor`,
        { path: '/city', ...report.position },
      ),
    });
  }
  return errors;
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
      `配置文件的外包合作方登记（vendors）中没有 ${creditCode}：无法确定适用哪个城市的参数（如营销时间）；请将该合作方及其市分公司城市加入登记`,
      `the profile's register (vendors) does not list ${creditCode}, so which city's parameters (such as calling hours) apply cannot be told; add the vendor and its branch's city to the register`,
      { path: '/vendor/credit_code', ...doc.parsed.locate('/vendor/credit_code') },
    );
  }
  if (typeof city !== 'string' || normalised === registered.normalised) return undefined;
  return inputError(
    'city-not-registered',
    `城市「${city}」不是配置文件登记的该外包合作方（${creditCode}）的城市「${registered.city}」：配置文件按城市规定参数（如营销时间），城市以登记为准`,
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
