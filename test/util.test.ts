import { describe, expect, it } from 'vitest';
import { formatPointer, nearestExisting, parsePointer, resolvePointer } from '../src/util/json-pointer.js';
import { addMonths, daysInMonth, parseDate, parseMonth, parseTimeOfDay, wholeMonthsBetween, wholeYearsBetween } from '../src/util/dates.js';
import { creditCodeCheckCharacter, isValidCreditCode } from '../src/util/credit-code.js';
import { escapeHtml, escapeTerminal } from '../src/util/escape.js';
import { decodeUtf8, firstInvalidUtf8 } from '../src/read/read-source.js';
import { fillMessage, formatValue, placeholders } from '../src/rules/message-template.js';
import { langFromEnv } from '../src/util/i18n.js';
import { detachStrings } from '../src/util/detach-strings.js';

const d = (text: string) => parseDate(text)!;

describe('JSON Pointer', () => {
  it('parses and formats with ~0 and ~1 escapes', () => {
    expect(parsePointer('/a~1b/c~0d/0')).toEqual(['a/b', 'c~d', '0']);
    expect(formatPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
    expect(parsePointer('')).toEqual([]);
    expect(() => parsePointer('a/b')).toThrow(/must start with/);
  });

  it('resolves own properties and array indexes only', () => {
    const data = { list: [{ x: 1 }], obj: {} };
    expect(resolvePointer(data, '/list/0/x')).toBe(1);
    expect(resolvePointer(data, '/list/01')).toBeUndefined();
    expect(resolvePointer(data, '/list/length')).toBeUndefined();
    expect(resolvePointer(data, '/obj/constructor')).toBeUndefined();
    expect(resolvePointer(data, '/obj/__proto__')).toBeUndefined();
    expect(resolvePointer(data, '/obj/toString')).toBeUndefined();
  });

  it('finds the nearest existing ancestor of a missing value', () => {
    expect(nearestExisting({ a: { b: 1 } }, '/a/c/d')).toBe('/a');
    expect(nearestExisting({ a: { b: 1 } }, '/a/b')).toBe('/a/b');
  });
});

describe('calendar dates', () => {
  it('rejects impossible dates, months and times', () => {
    expect(parseDate('2026-02-29')).toBeUndefined();
    expect(parseDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseDate('2026-1-01')).toBeUndefined();
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(parseTimeOfDay('24:00')).toBeUndefined();
    expect(parseTimeOfDay('21:30')).toBe(21 * 60 + 30);
  });

  it('counts whole years by the calendar: the same day two years later is two years', () => {
    expect(wholeYearsBetween(d('2024-10-08'), d('2026-10-08'))).toBe(2);
    expect(wholeYearsBetween(d('2024-10-09'), d('2026-10-08'))).toBe(1);
    // 29 February: the anniversary in a common year is the month's last day (民法典第二百零二条).
    expect(wholeYearsBetween(d('2024-02-29'), d('2026-02-28'))).toBe(2);
    expect(wholeYearsBetween(d('2024-02-29'), d('2026-02-27'))).toBe(1);
  });

  it('adds months clamping to the end of a shorter month', () => {
    expect(addMonths(d('2026-01-31'), 1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(addMonths(d('2026-11-15'), 2)).toEqual({ year: 2027, month: 1, day: 15 });
    expect(wholeMonthsBetween(d('2026-09-20'), d('2026-10-19'))).toBe(0);
    expect(wholeMonthsBetween(d('2026-09-20'), d('2026-10-20'))).toBe(1);
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts a code whose check character matches and rejects others', () => {
    expect(isValidCreditCode('91370102MA3C4F5G9F')).toBe(true);
    expect(creditCodeCheckCharacter('91370102MA3C4F5G9')).toBe('F');
    expect(isValidCreditCode('91370102MA3C4F5G9A')).toBe(false);
    expect(isValidCreditCode('91370102MA3C4F5GIF')).toBe(false); // I is not in the alphabet
    expect(isValidCreditCode('91370102MA3C4F5G9')).toBe(false);
    expect(isValidCreditCode(913701)).toBe(false);
  });
});

describe('escaping', () => {
  it('escapes every control character and bidi override for the terminal', () => {
    expect(escapeTerminal('a\u001b[31mb\u001b[0m\u0007\u009b\u202e\n')).toBe('a\\x1b[31mb\\x1b[0m\\x07\\x9b\\u202e\\n');
    expect(escapeTerminal('济南泉声')).toBe('济南泉声');
  });

  it('escapes HTML specials everywhere in the string', () => {
    expect(escapeHtml(`<a href="x">'&'</a><b>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;&lt;b&gt;');
  });
});

describe('reading bytes', () => {
  it('accepts a UTF-8 BOM and rejects UTF-16 and invalid UTF-8 with the byte offset', () => {
    const bom = decodeUtf8(Buffer.from('\ufeffkind: x\n', 'utf8'));
    expect(bom).toMatchObject({ text: 'kind: x\n' });
    expect(decodeUtf8(Buffer.from('\ufeffk', 'utf16le'))).toMatchObject({ code: 'encoding', line: 1, column: 1 });
    const bad = decodeUtf8(Buffer.concat([Buffer.from('a: 1\nb: '), Buffer.from([0xc3, 0x28])]));
    expect(bad).toMatchObject({ code: 'encoding', line: 2, column: 4 });
    expect((bad as { message: { en: string } }).message.en).toContain('invalid byte 0xc3 at byte offset 8');
  });

  it('finds the first invalid byte, including overlong forms and surrogates', () => {
    expect(firstInvalidUtf8(Buffer.from('好的', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe5, 0xa5]))).toBe(1);
  });
});

describe('message templates', () => {
  it('fills parameters, actual values and document paths, formatting numbers', () => {
    expect(placeholders('¥{actual} < ¥{min} at {doc.vendor.name}')).toEqual(['actual', 'min', 'doc.vendor.name']);
    const text = fillMessage('¥{actual} < ¥{min} ({doc.vendor.name}, {item.id}, {missing})', { actual: 999999, min: 1000000 }, {
      doc: { vendor: { name: '泉声' } },
      item: { id: 'A1' },
    }, 'en');
    expect(text).toBe('¥999,999 < ¥1,000,000 (泉声, A1, —)');
    expect(formatValue(79.5)).toBe('79.5');
    expect(formatValue(3.004)).toBe('3.004');
    expect(formatValue((31 / 2150) * 100)).toBe('1.4419');
    expect(formatValue(['a', 'b'])).toBe('a, b');
  });
});

describe('language from the environment', () => {
  it('chooses Chinese for a Chinese locale and English otherwise', () => {
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LC_ALL: 'zh_TW', LANG: 'en_US' })).toBe('zh');
    expect(langFromEnv({ LANG: 'C' })).toBe('en');
    expect(langFromEnv({})).toBe('en');
  });
});

describe('detachStrings', () => {
  it('keeps every value, list items and an own __proto__ key included', () => {
    const long = 'vendor name that is long enough to be sliced \ud800';
    const data = JSON.parse(`{"__proto__": ${JSON.stringify(long)}, "list": [${JSON.stringify(long)}, 1, null, "short"], "nested": {"a": ${JSON.stringify(long)}}}`) as Record<string, unknown>;
    const shared = { b: long };
    for (const [value, options] of [[data, { shared: false }], [{ x: shared, y: shared }, { shared: true }]] as const) {
      const before = JSON.stringify(value);
      expect(JSON.stringify(detachStrings(value, options))).toBe(before);
    }
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(true);
    expect(data['__proto__']).toBe(long);
    expect(detachStrings(long)).toBe(long);
  });
});

describe('daysInMonth', () => {
  it('agrees with the JavaScript calendar for every month of four centuries', () => {
    for (let year = 1900; year <= 2300; year++) {
      for (let month = 1; month <= 12; month++) {
        expect(daysInMonth(year, month), `${year}-${month}`).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
      }
    }
  });
});
