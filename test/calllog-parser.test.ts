import { parse, CsvError } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordError, CsvRecords } from '../src/calllog/csv-records.js';

/**
 * The CSV record splitter against csv-parse, the parser it replaced (kept as a dev dependency for
 * this test only): on generated text, fed in chunks cut anywhere, both give the same records, or
 * the same error in the same record. The text is built from the characters that matter to CSV
 * (quotes, commas, CR, LF, BOM) and a few others of 1 to 4 UTF-8 bytes, with small length limits so
 * that CSV_MAX_RECORD_SIZE is met often, at every position.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261202);

type Outcome = { records: string[][]; error?: { code: string; record: number } };

function reference(text: string, max: number): Outcome {
  try {
    const records = parse(Buffer.from(text, 'utf8'), { bom: true, relax_column_count: true, max_record_size: max, skip_empty_lines: false }) as string[][];
    return { records };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // Records before the error are what the reader had handed over; csv-parse/sync keeps none, so they are left out here.
    return { records: [], error: { code: error.code, record: (error as unknown as { records: number }).records + 1 } };
  }
}

function splitter(text: string, max: number, cuts: number[]): Outcome {
  const parser = new CsvRecords(max);
  const records: string[][] = [];
  let at = 0;
  try {
    for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b)) {
      parser.push(text.slice(at, cut), records);
      at = cut;
    }
    parser.push(text.slice(at), records);
    parser.end(records);
    return { records };
  } catch (error) {
    if (!(error instanceof CsvRecordError)) throw error;
    return { records: [], error: { code: error.code, record: error.record } };
  }
}

const piece = fc.constantFrom('"', '""', ',', '\n', '\r', '\r\n', 'a', 'bc', '1', ' ', 'é', '临', '𠀀', '\ufeff', 'A001', '2026-01-02 09:00:00');
const csvText = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

/** Records that mostly look like CSV: cells quoted or not, with the separators inside quotes. */
const cell = fc.oneof(
  fc.constantFrom('', 'x', 'A001', '临时工', '𠀀'),
  fc.array(piece, { maxLength: 6 }).map((p) => `"${p.join('').replaceAll('"', '""')}"`),
);
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');
const csvFile = fc
  .tuple(fc.boolean(), lineBreak, fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), fc.boolean())
  .map(([bom, eol, rows, finalBreak]) => (bom ? '\ufeff' : '') + rows.map((row) => row.join(',')).join(eol) + (finalBreak && rows.length > 0 ? eol : ''));

describe('CsvRecords reads CSV as csv-parse does', () => {
  for (const [name, texts] of [
    ['arbitrary text of CSV characters', csvText],
    ['well-formed files with quoted separators, CRLF, CR, BOM', csvFile],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(texts, fc.array(fc.nat(120), { maxLength: 6 }), fc.oneof(fc.constant(65536), fc.integer({ min: 0, max: 12 })), (text, cuts, max) => {
          const expected = reference(text, max);
          const got = splitter(text, max, cuts);
          if (expected.error) expect(got.error).toEqual(expected.error);
          else expect(got).toEqual(expected);
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });
  }

  it('hands over the records before an error, and numbers the error by record', () => {
    const records: string[][] = [];
    const parser = new CsvRecords(65536);
    expect(() => parser.push('a,b\n"x",y\nc"d,e\n', records)).toThrow(expect.objectContaining({ code: 'INVALID_OPENING_QUOTE', record: 3 }));
    expect(records).toEqual([
      ['a', 'b'],
      ['x', 'y'],
    ]);
  });
});
