import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse, CsvError } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvRecordError, CsvRecords } from '../src/calllog/csv-records.js';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import type { InputError } from '../src/read/input-error.js';
import { csvParseSource } from './support/csv-parse-source.js';

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

/**
 * The whole reader, new against old: generated call logs (valid and bad rows, quoted cells with
 * commas and line breaks, CRLF, blank lines, a BOM, UTF-8 or GB18030, sometimes past the first
 * 64 KiB read) give the same aggregates, the same row and line numbers, the same bad rows, or the
 * same input error, through csv-records.ts and through csv-parse.
 */
describe('the call-log reader gives what the csv-parse reader gave', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-parser-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const VENDORS = ['91370102MA3C4F5G9F', '91370200MA3D5E6F79', '91370102MA3C4F5G9X'];
  const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const field = (value: string, quote: boolean) => (quote || /[",\r\n]/.test(value) ? quoted(value) : value);
  const row = fc.record({
    call: fc.constantFrom('C1', 'C2', '', 'C,3', 'C\n4', 'C"5', '长'.repeat(9000)),
    vendor: fc.constantFrom(...VENDORS, ' 91370102MA3C4F5G9F '),
    agent: fc.constantFrom('A001', 'A002', '临时工', ' ', 'A\r\n3'),
    day: fc.integer({ min: 1, max: 31 }),
    minute: fc.integer({ min: 0, max: 24 * 60 }),
    duration: fc.constantFrom('60', '0', 'x', ''),
    recorded: fc.constantFrom('1', '1', '0', '2'),
    quote: fc.boolean(),
    extra: fc.constantFrom('', '', ',', ',x'),
  });
  const log = fc.record({
    rows: fc.array(fc.oneof({ weight: 8, arbitrary: row }, { weight: 1, arbitrary: fc.constantFrom('', ',,,', 'bad"quote', '"open') }), { maxLength: 30 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    gb18030: fc.boolean(),
    finalBreak: fc.boolean(),
  });
  const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
  const text = (l: typeof log extends fc.Arbitrary<infer T> ? T : never) => {
    const lines = l.rows.map((r) => {
      if (typeof r === 'string') return r;
      const at = `2026-10-${String(r.day).padStart(2, '0')} ${String(Math.floor(r.minute / 60)).padStart(2, '0')}:${String(r.minute % 60).padStart(2, '0')}:00`;
      return [r.call, r.vendor, r.agent, at, r.duration, r.recorded].map((v) => field(v, r.quote)).join(',') + r.extra;
    });
    return [HEADER, ...lines].join(l.eol) + (l.finalBreak ? l.eol : '');
  };
  const summary = (contents: CallLogContents | InputError) =>
    'code' in contents
      ? contents
      : { days: contents.aggregator.days(), agents: contents.aggregator.agents(), lines: [...contents.aggregator.lines()], dataRows: contents.dataRows, badRows: contents.badRows, listed: contents.listed, firstBad: contents.firstBad, sha256: contents.sha256, encoding: contents.encoding };

  it('same aggregates, rows, lines and errors (fast-check)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(log, async (l) => {
        const body = (l.bom && !l.gb18030 ? '\ufeff' : '') + text(l);
        const file = path.join(temp, `log-${n++}.csv`);
        writeFileSync(file, l.gb18030 ? iconv.encode(body, 'gb18030') : Buffer.from(body, 'utf8'));
        const options = { ...DEFAULT_CALL_LOG_OPTIONS, encoding: l.gb18030 ? ('gb18030' as const) : ('utf8' as const), maxLineLength: 20_000 };
        const expected = summary(await readCallLog(file, options, csvParseSource));
        expect(summary(await readCallLog(file, options))).toEqual(expected);
        rmSync(file);
      }),
      { numRuns: Math.ceil(RUNS / 5), ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});

describe('what the reader keeps', () => {
  it('a kept cell does not keep the 64 KiB chunk it was cut from: 300 agents, each in a chunk of its own, add little heap', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-keep-'));
    try {
      const file = path.join(dir, 'agents.csv');
      // Each agent's first row is followed by ~70 KB of rows of a known agent: one new long id per chunk read.
      const filler = Buffer.from('C0,91370102MA3C4F5G9F,A001,2026-10-01 09:00:00,60,1\n'.repeat(1400));
      const parts = [Buffer.from('call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n')];
      for (let i = 0; i < 300; i++) parts.push(Buffer.from(`C${i},91370102MA3C4F5G9F,agent-with-a-long-id-${i},2026-10-01 09:00:00,60,1\n`), filler);
      writeFileSync(file, Buffer.concat(parts));
      parts.length = 0;
      gc();
      const before = process.memoryUsage().heapUsed;
      const contents = await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS);
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      if ('code' in contents) throw new Error(contents.message.en);
      expect(contents.aggregator.size.agents).toBe(301);
      // Kept chunks would be 300 × 64 KiB ≈ 20 MB.
      expect(grown).toBeLessThan(8 * 1024 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
