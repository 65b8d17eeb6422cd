import { defaultParams } from '../rules/params.js';
import type { ParamResolver } from '../engine/rule-set.js';
import { ownEntry, type Profile, type RuleOverrides } from './profile.js';
import { normaliseCity } from './city-name.js';

/** What parameters depend on: a profile's overrides (plain data, so it can be sent to a worker thread). */
export type ProfileParams = Pick<Profile, 'defaults' | 'cities'>;

/**
 * Parameters for a rule as judged for a report of `city`: the rule file's defaults, then the
 * profile's `defaults`, then the city's overrides (each: requirement key, then rule key). Cities are
 * matched by normalised name (city-name.ts) in a Map, so a city named `__proto__` or `constructor` is just a city. Results are cached per rule and city: the RuleSet
 * asks once per document.
 */
export function profileParamResolver(profile: ProfileParams): ParamResolver {
  const cache = new Map<string, ReturnType<ParamResolver>>();
  // Cities by their normalised name: a report's spelling (濟南市, "济南 ", 济\u200b南) finds its city's entry.
  const cities = new Map<string, RuleOverrides>(Object.entries(profile.cities).map(([name, overrides]) => [normaliseCity(name), overrides]));
  return (rule, city) => {
    const key = JSON.stringify([rule.id, city ?? null]);
    let params = cache.get(key);
    if (!params) {
      const declared = (values: Record<string, unknown> | undefined) =>
        Object.fromEntries(Object.entries(values ?? {}).filter(([name]) => Object.prototype.hasOwnProperty.call(rule.params ?? {}, name)));
      const cityOverrides = city === undefined ? undefined : cities.get(normaliseCity(city));
      // A requirement key sets the parameters its rules declare; a rule key wins over it.
      params = {
        ...defaultParams(rule),
        ...declared(ownEntry(profile.defaults, rule.requirement)),
        ...ownEntry(profile.defaults, rule.id),
        ...declared(ownEntry(cityOverrides, rule.requirement)),
        ...ownEntry(cityOverrides, rule.id),
      };
      cache.set(key, params);
    }
    return params;
  };
}
