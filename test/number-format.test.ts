import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { withDecimals } from '../src/rules/message-template.js';

// Numbers in messages are written without Intl (its first formatter loads ICU's data at start-up),
// and must read exactly as Intl.NumberFormat('en-US') wrote them before.
const intl = (value: number, decimals: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals }).format(value);

describe('withDecimals writes numbers as Intl.NumberFormat en-US does', () => {
  it('at the edges: halves, carries, signed zero, tiny and huge values', () => {
    const values = [0, -0, 1.005, -1.005, 0.00005, -0.00005, 0.00015, 2.5e-5, 1e-7, -1e-7, 999999.99999, 123456789.125, 1e21, 1.23456789e25, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, 1234.5, 3.00001, 99.99995, 9.99995, 1000, 100000, 1e6];
    for (const value of values) for (let decimals = 0; decimals <= 20; decimals++) expect(withDecimals(value, decimals), `${value} @${decimals}`).toBe(intl(value, decimals));
  });

  it('for any finite double and 4 to 20 decimals', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((n) => n / 10000), fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100)), fc.integer({ min: 4, max: 20 }), (value, decimals) => {
        expect(withDecimals(value, decimals)).toBe(intl(value, decimals));
      }),
      { numRuns: 3000 },
    );
  });
});
