import { afterEach, describe, expect, it, vi } from 'vitest';
import { latestFactDate } from '../src/util/dates.js';

// latestFactDate() keeps its answer for the local day it was made on (it is asked for every document):
// the kept answer must never outlive that day.
describe('latestFactDate() without a date', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is tomorrow, and moves on at local midnight and when the clock is set back', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 31, 23, 59, 59, 999));
    expect(latestFactDate()).toBe('2027-01-01');
    expect(latestFactDate()).toBe('2027-01-01');
    vi.setSystemTime(new Date(2027, 0, 1, 0, 0, 0, 0));
    expect(latestFactDate()).toBe('2027-01-02');
    vi.setSystemTime(new Date(2027, 0, 1, 23, 59, 59, 999));
    expect(latestFactDate()).toBe('2027-01-02');
    vi.setSystemTime(new Date(2026, 1, 28, 12, 0, 0, 0));
    expect(latestFactDate()).toBe('2026-03-01');
    expect(latestFactDate()).toBe(latestFactDate(new Date()));
  });
});
