import { describe, expect, it } from 'vitest';
import { fillMessage, formatNumber } from '../src/rules/message-template.js';

// A message at a boundary must never contradict its verdict: a value just past a threshold never
// prints as the threshold itself.
describe('numbers in messages show as many digits as the verdict needs', () => {
  it('a rate just above 3% or just below 10% keeps the digits that set it apart', () => {
    expect(formatNumber(3.00001)).toBe('3.00001');
    expect(formatNumber(9.99999)).toBe('9.99999');
    expect(formatNumber(-3.00001)).toBe('-3.00001');
  });

  it('capital just below ¥1,000,000 keeps its cents, and more when it takes more', () => {
    expect(formatNumber(999999.99)).toBe('999,999.99');
    expect(formatNumber(999999.5)).toBe('999,999.5');
    expect(formatNumber(999999.99999)).toBe('999,999.99999');
  });

  it('exact and ordinary values read as before: four decimals at most when rounding is harmless', () => {
    expect(formatNumber(1000000)).toBe('1,000,000');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(3.05)).toBe('3.05');
    expect(formatNumber((31 * 100) / 2150)).toBe('1.4419');
    expect(formatNumber(100 / 3)).toBe('33.3333');
  });

  it('a rounding that lands on a threshold of the message shows more digits', () => {
    expect(formatNumber(3.00009999)).toBe('3.0001');
    expect(formatNumber(3.00009999, [3.0001])).toBe('3.00009999');
  });

  it('fillMessage uses the message\'s own numbers as thresholds', () => {
    const values = { actual: 9.99999, max_percent: 10, min_capital_cny: 1000000 };
    expect(fillMessage('rate {actual}% is below {max_percent}%', values, { doc: {} }, 'en')).toBe('rate 9.99999% is below 10%');
    expect(fillMessage('capital ¥{doc.c} is below ¥{min_capital_cny}', values, { doc: { c: 999999.99999 } }, 'en')).toBe(
      'capital ¥999,999.99999 is below ¥1,000,000',
    );
    expect(fillMessage('{actual}', { actual: 2.00005, expected: 2.0001 }, { doc: {} }, 'en')).toBe('2.00005');
  });
});
