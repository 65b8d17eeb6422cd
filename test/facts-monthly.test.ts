import { describe, expect, it } from 'vitest';
import type { Offence } from '../src/facts/fact.js';
import { minutesBetweenFact } from '../src/facts/minutes-between.js';
import { ratePercent, ratePercentFact } from '../src/facts/rate-percent.js';
import { countInPeriodAtLeastFact } from '../src/facts/count-in-period.js';
import { datedOutsidePeriodFact, repeatedCallingDaysFact } from '../src/facts/dated-entries.js';
import { reportPeriod } from '../src/facts/report-period.js';
import { wholeMonthsToMonthEndFact } from '../src/facts/whole-months-to-month-end.js';
import { missingListValuesFact } from '../src/facts/missing-list-values.js';
import { DERIVED_FACTS } from '../src/facts/registry.js';
import { CUSTOM_OPERATORS } from '../src/operators/registry.js';
import { isPresentOperator } from '../src/operators/is-present.js';
import { timeAtOrAfterOperator, timeAtOrBeforeOperator } from '../src/operators/time-compare.js';

describe('minutesBetween', () => {
  const span = (first_call: unknown, last_call: unknown) =>
    minutesBetweenFact.compute({ from: '/first_call', to: '/last_call' }, { doc: {}, item: { first_call, last_call } });

  it('counts minutes between two HH:MM times of the item', () => {
    expect(span('09:00', '21:00')).toBe(720);
    expect(span('09:00', '21:01')).toBe(721);
    expect(span('00:00', '23:59')).toBe(1439);
    expect(span('12:30', '12:30')).toBe(0);
  });

  it('is negative when the later time comes first', () => {
    expect(span('21:00', '09:00')).toBe(-720);
  });

  it('is undefined for anything that is not a 24-hour HH:MM time', () => {
    for (const bad of ['9:00', '24:00', '12:60', '', null, 900, undefined, '09:00:00']) {
      expect(span(bad, '21:00'), String(bad)).toBeUndefined();
      expect(span('09:00', bad), String(bad)).toBeUndefined();
    }
  });

  it('locates its finding at the later time, relative to the item', () => {
    expect(minutesBetweenFact.locate({ from: '/first_call', to: '/last_call' })).toBe('/last_call');
    expect(minutesBetweenFact.scope).toBe('item');
  });
});

describe('ratePercent', () => {
  it('gives exact percentages at the tier boundaries', () => {
    expect(ratePercent(60, 2000)).toBe(3);
    expect(ratePercent(215, 2150)).toBe(10);
    // Dividing first would give 7.000000000000001 and push a 7% threshold into the next tier.
    expect(ratePercent(7, 100)).toBe(7);
    expect(ratePercent(61, 2000)).toBeCloseTo(3.05, 12);
    expect(ratePercent(0, 2000)).toBe(0);
  });

  it('never divides by zero: no paying users gives no rate', () => {
    expect(ratePercent(3, 0)).toBeUndefined();
    expect(ratePercent(0, 0)).toBeUndefined();
  });

  it('gives no rate for values that are not non-negative numbers', () => {
    for (const bad of [-1, '3', null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(ratePercent(bad, 100), String(bad)).toBeUndefined();
      expect(ratePercent(1, bad), String(bad)).toBeUndefined();
    }
  });

  it('reads both numbers from the document by pointer', () => {
    const doc = { complaints: { vendor_caused: 31, paying_users: 2150 } };
    const params = { part: '/complaints/vendor_caused', whole: '/complaints/paying_users' };
    expect(ratePercentFact.compute(params, { doc })).toBeCloseTo(1.4418604651, 9);
    expect(ratePercentFact.locate(params)).toBe('/complaints/vendor_caused');
  });
});

describe('countInPeriodAtLeast', () => {
  const params = { path: '/inspections', field: '/calls_checked', min: 20, date: '/date', month: '/month', from: '/cooperation_started' };
  const count = (inspections: unknown, min = 20, cooperation_started = '2026-09-01') =>
    countInPeriodAtLeastFact.compute({ ...params, min }, { doc: { month: '2026-10', cooperation_started, inspections } });
  const on = (date: string, calls_checked: unknown = 20) => ({ date, calls_checked });

  it('counts the items of the month whose field reaches the minimum (the minimum itself counts)', () => {
    expect(count([on('2026-10-05'), on('2026-10-06', 19), on('2026-10-07', 25)])).toBe(2);
    expect(count([on('2026-10-05', 19)], 19)).toBe(1);
  });

  it('counts only checks dated inside the month: its first and last days in, the days around them out', () => {
    expect(count([on('2026-10-01'), on('2026-10-31')])).toBe(2);
    expect(count([on('2026-09-30'), on('2026-11-01'), on('2025-10-15')])).toBe(0);
  });

  it('the first month begins at cooperation_started: a check the day before does not count', () => {
    expect(count([on('2026-10-14'), on('2026-10-15')], 20, '2026-10-15')).toBe(1);
  });

  it('a date that cannot be read never counts', () => {
    expect(count([on('2026-10-32'), on('2026-1-05'), { calls_checked: 30 }])).toBe(0);
  });

  it('counts 0 for an empty or missing list, and skips items without a number', () => {
    expect(count([])).toBe(0);
    expect(count(undefined)).toBe(0);
    expect(count('twenty')).toBe(0);
    expect(count([on('2026-10-05', '25'), {}, null, on('2026-10-05', 30)])).toBe(1);
  });
});

describe('reportPeriod', () => {
  const period = (month: unknown, cooperation_started: unknown) => reportPeriod({ month, cooperation_started }, '/month', '/cooperation_started');

  it('is the month, from the start of the cooperation when it began inside it', () => {
    expect(period('2026-10', '2026-09-20')).toEqual({ first: '2026-10-01', last: '2026-10-31' });
    expect(period('2026-10', '2026-10-15')).toEqual({ first: '2026-10-15', last: '2026-10-31' });
    expect(period('2028-02', '2020-01-01')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
  });

  it('is unknown when the month or the start date cannot be read', () => {
    expect(period('2026-13', '2026-09-20')).toBeUndefined();
    expect(period('2026-10', '2026-02-30')).toBeUndefined();
  });
});

describe('datedOutsidePeriod', () => {
  const params = { path: '/inspections', date: '/date', month: '/month', from: '/cooperation_started' };
  const outside = (dates: unknown[], cooperation_started = '2026-09-01') =>
    datedOutsidePeriodFact.compute(params, { doc: { month: '2026-10', cooperation_started, inspections: dates.map((date) => ({ date })) } });

  it('names each entry dated outside the month, at its date, with the days the report covers', () => {
    expect(outside(['2026-09-30', '2026-10-01', '2026-10-31', '2026-11-01'])).toEqual([
      { pointer: '/inspections/0/date', values: { date: '2026-09-30', first_day: '2026-10-01', last_day: '2026-10-31' } },
      { pointer: '/inspections/3/date', values: { date: '2026-11-01', first_day: '2026-10-01', last_day: '2026-10-31' } },
    ]);
  });

  it('an entry dated before the cooperation began is outside too', () => {
    expect(outside(['2026-10-14', '2026-10-15'], '2026-10-15')).toEqual([
      { pointer: '/inspections/0/date', values: { date: '2026-10-14', first_day: '2026-10-15', last_day: '2026-10-31' } },
    ]);
  });

  it('an entry whose date cannot be read is named, never dropped', () => {
    expect((outside(['2026-10-32', undefined]) as Offence[]).map((o) => o.pointer)).toEqual(['/inspections/0/date', '/inspections/1/date']);
  });
});

describe('repeatedCallingDays', () => {
  const repeats = (calling_days: unknown) => repeatedCallingDaysFact.compute({ path: '/calling_days' }, { doc: { calling_days } });
  const day = (date: string, first_call: string, last_call: string) => ({ date, first_call, last_call });

  it('a day listed twice is one offence, at the repeat, with the merged span of the whole day', () => {
    expect(repeats([day('2026-10-09', '08:00', '14:00'), day('2026-10-10', '09:00', '10:00'), day('2026-10-09', '15:00', '21:00')])).toEqual([
      { pointer: '/calling_days/2/date', values: { date: '2026-10-09', times: 2, first_call: '08:00', last_call: '21:00', minutes: 780 } },
    ]);
  });

  it('merges across any number of entries in any order', () => {
    expect(repeats([day('2026-10-09', '12:00', '13:00'), day('2026-10-09', '07:30', '09:00'), day('2026-10-09', '10:00', '19:45')])).toEqual([
      { pointer: '/calling_days/1/date', values: { date: '2026-10-09', times: 3, first_call: '07:30', last_call: '19:45', minutes: 735 } },
    ]);
  });

  it('days listed once give nothing', () => {
    expect(repeats([day('2026-10-09', '08:00', '20:00'), day('2026-10-10', '08:00', '20:00')])).toEqual([]);
    expect(repeats(undefined)).toEqual([]);
  });
});

describe('wholeMonthsToMonthEnd', () => {
  const months = (cooperation_started: unknown, month: unknown) =>
    wholeMonthsToMonthEndFact.compute({ from: '/cooperation_started', month: '/month' }, { doc: { cooperation_started, month } });

  it('counts whole calendar months from the start to the last day of the reported month', () => {
    expect(months('2026-09-20', '2026-10')).toBe(1);
    expect(months('2026-09-30', '2026-10')).toBe(1); // 30 Sep + 1 month = 30 Oct <= 31 Oct
    expect(months('2026-10-01', '2026-10')).toBe(0); // 1 Oct + 1 month = 1 Nov > 31 Oct
    expect(months('2026-10-31', '2026-10')).toBe(0);
    expect(months('2025-10-15', '2026-10')).toBe(12);
  });

  it('follows month ends: 31 January has a full month on the last day of February', () => {
    expect(months('2026-01-31', '2026-02')).toBe(1);
    expect(months('2024-01-31', '2024-02')).toBe(1);
    expect(months('2026-02-01', '2026-02')).toBe(0);
  });

  it('is negative when cooperation starts after the month, undefined for bad dates', () => {
    expect(months('2026-11-05', '2026-10')).toBe(-1);
    expect(months('2026-02-30', '2026-10')).toBeUndefined();
    expect(months('2026-10-01', '2026-13')).toBeUndefined();
    expect(months(undefined, '2026-10')).toBeUndefined();
  });
});

describe('missingListValues', () => {
  const required = ['etiquette', 'business_knowledge', 'business_rules', 'sales_skills'];
  const missing = (training_topics: unknown) =>
    missingListValuesFact.compute({ path: '/training_topics', required }, { doc: {}, item: { training_topics } });

  it('reports nothing when every required value is present, in any order and with extras', () => {
    expect(missing(['sales_skills', 'extra', 'business_rules', 'business_knowledge', 'etiquette'])).toEqual([]);
  });

  it('reports one offence at the list naming every missing value, in the required order', () => {
    expect(missing(['business_rules'])).toEqual([{ pointer: '/training_topics', values: { missing: ['etiquette', 'business_knowledge', 'sales_skills'] } }]);
    expect(missing([])).toEqual([{ pointer: '/training_topics', values: { missing: required } }]);
    expect(missing(undefined)).toEqual([{ pointer: '/training_topics', values: { missing: required } }]);
  });
});

describe('monthly operators', () => {
  it('isPresent: a value that is not missing, null or blank', () => {
    for (const present of ['R-1', 0, false, ' x ']) expect(isPresentOperator.evaluate(present, true), String(present)).toBe(true);
    for (const absent of [undefined, null, '', '   ', '\t']) {
      expect(isPresentOperator.evaluate(absent, true), JSON.stringify(absent)).toBe(false);
      expect(isPresentOperator.evaluate(absent, false), JSON.stringify(absent)).toBe(true);
    }
  });

  it('timeAtOrAfter / timeAtOrBefore: inclusive bounds, null is no bound, bad times never pass', () => {
    expect(timeAtOrAfterOperator.evaluate('09:00', '09:00')).toBe(true);
    expect(timeAtOrAfterOperator.evaluate('08:59', '09:00')).toBe(false);
    expect(timeAtOrBeforeOperator.evaluate('21:00', '21:00')).toBe(true);
    expect(timeAtOrBeforeOperator.evaluate('21:01', '21:00')).toBe(false);
    expect(timeAtOrAfterOperator.evaluate('00:00', null)).toBe(true);
    expect(timeAtOrBeforeOperator.evaluate('23:59', null)).toBe(true);
    // Past 24:00 (a call log's day ending after midnight) is after every bound, and no bound holds it.
    expect(timeAtOrBeforeOperator.evaluate('25:00', '23:59')).toBe(false);
    expect(timeAtOrAfterOperator.evaluate('24:30', '23:59')).toBe(true);
    expect(timeAtOrBeforeOperator.evaluate('25:00', null)).toBe(true);
    expect(timeAtOrBeforeOperator.evaluate('24:60', null)).toBe(false);
    expect(timeAtOrBeforeOperator.evaluate('9:00', null)).toBe(false);
    expect(timeAtOrAfterOperator.evaluate('09:00', '9:00')).toBe(false);
  });
});

describe('registration', () => {
  it('the monthly facts and operators are in the registries under their names', () => {
    for (const fact of [minutesBetweenFact, ratePercentFact, countInPeriodAtLeastFact, datedOutsidePeriodFact, repeatedCallingDaysFact, wholeMonthsToMonthEndFact, missingListValuesFact]) {
      expect(DERIVED_FACTS.get(fact.name)).toBe(fact);
    }
    for (const operator of [isPresentOperator, timeAtOrAfterOperator, timeAtOrBeforeOperator]) {
      expect(CUSTOM_OPERATORS.get(operator.name)).toBe(operator);
    }
  });
});
