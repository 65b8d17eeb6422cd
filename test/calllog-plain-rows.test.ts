import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { isTrimmed } from '../src/calllog/call-row.js';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents, type CallLogOptions } from '../src/calllog/read-call-log.js';
import { csvSource } from '../src/calllog/read-csv.js';
import type { TableSource } from '../src/calllog/table-source.js';
import type { TableInput } from '../src/calllog/open-file.js';
import type { InputError } from '../src/read/input-error.js';

/**
 * Plain rows (no quote, no line break) are folded straight from the text (parsePlainRow), without
 * cells; anything else is read as cells. Here the same logs are read both ways: with plain rows
 * taken, and with every row read as cells, as before. Each log starts with ~20 KB of filler rows so
 * that its generated rows come after the first 16 KiB chunk (the header's), where plain rows are taken.
 * The cells are made of the cases parsePlainRow must leave to the usual reading: cells to trim
 * (every kind of space trim takes), other date forms, invalid dates and times, bad durations and
 * recorded flags, ragged rows, quotes, a lone line feed in a CRLF file.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261204);
const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-plain-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
const FILLER = 'F0,91370102MA3C4F5G9F,A001,2026-10-01 12:00:00,60,1';
const FILLER_ROWS = 400;

const summary = (contents: CallLogContents | InputError) =>
  'code' in contents
    ? contents
    : { days: contents.aggregator.days(), agents: contents.aggregator.agents(), lines: [...contents.aggregator.lines()], dataRows: contents.dataRows, badRows: contents.badRows, listed: contents.listed, firstBad: contents.firstBad, sha256: contents.sha256 };

/** The CSV reader with plain rows never taken: every row as cells. */
const asCells = (file: TableInput, options: CallLogOptions): TableSource => {
  const source = csvSource(file, options);
  return { ...source, batches: (onBytes) => source.batches(onBytes) };
};

/** Plain rows taken among the generated ones (after the filler). */
let plainTaken = 0;
/** The CSV reader as tmcheck runs it, counting the generated plain rows taken. */
const counted = (file: TableInput, options: CallLogOptions): TableSource => {
  const source = csvSource(file, options);
  return {
    ...source,
    batches: (onBytes, taker) =>
      source.batches(
        onBytes,
        taker && {
          get ready() {
            return taker.ready;
          },
          plain: (text, from, to, row, line) => (taker.plain(text, from, to, row, line) ? ((plainTaken += row > FILLER_ROWS + 1 ? 1 : 0), true) : false),
          row: (row) => taker.row(row),
        },
      ),
  };
};

/** Mostly nothing; else a space trim takes off, or one it keeps (U+200B). */
const space = fc.oneof({ weight: 16, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\u2028', '\ufeff', '\u200b') });
/** Mostly a value of the valid kind; else one parsePlainRow must leave to the usual reading; sometimes padded. */
const cell = (valid: string[], other: string[]) =>
  fc.tuple(space, fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...other) }), space).map(([a, v, b]) => a + v + b);
const row = fc.record({
  call: cell(['C1', 'C2', '临1', 'C\r3'], ['']),
  vendor: cell(['91370102MA3C4F5G9F', '91370200MA3D5E6F79'], ['91370102MA3C4F5G9X', '9137010']),
  agent: cell(['A001', 'A002', '临时工', 'A\r1'], ['', 'A\n2']),
  at: cell(['2026-10-09 09:05:00', '2026-10-09 17:30:59', '2026-10-10 08:00:00'], ['2026/10/9 9:05', '2026-10-9 09:05:00', '2026-02-30 10:00:00', '2026-10-09 24:00:00', '2026-10-09 09:60:00', '2026-10-09T09:05:00', '2026-10-09 09:05']),
  // Durations that set the day's end: whole and fractional seconds, past midnight, at and over the 9 digits added up in place, and capped.
  duration: cell(['60', '0', '1.5', '0.000', '3599.0001', '7200', '86400', '999999999', '1000000000', '12345678901234567890'], ['1.', '.5', '', 'x', '١']),
  recorded: cell(['1', '1', '0'], ['2', '01', '']),
  extra: fc.constantFrom('', '', '', '', '', ',', ',x', ', '),
  quote: fc.constantFrom(false, false, false, false, true),
  short: fc.constantFrom(false, false, false, false, false, true),
});
const log = fc.record({ rows: fc.array(row, { minLength: 10, maxLength: 40 }), eol: fc.constantFrom('\n', '\r\n'), gb18030: fc.boolean(), finalBreak: fc.boolean() });

describe('plain rows folded straight from the text', () => {
  it('trim takes off exactly the code units isTrimmed names above U+0020 (and none below U+0021 is kept)', () => {
    const wrong: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const trimmed = code <= 0x20 || `x${String.fromCharCode(code)}`.trim() === 'x';
      if (isTrimmed(code) !== trimmed) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it('give the same aggregates, rows, lines and bad rows as reading every row as cells (fast-check)', async () => {
    let n = 0;
    plainTaken = 0;
    await fc.assert(
      fc.asyncProperty(log, async (l) => {
        const lines = l.rows.map((r) => {
          const cells = [r.call, r.vendor, r.agent, r.at, r.duration, r.recorded].map((cell) => (r.quote ? `"${cell}"` : cell));
          return (r.short ? cells.slice(0, 5) : cells).join(',') + r.extra;
        });
        const text = [HEADER, ...Array.from({ length: FILLER_ROWS }, () => FILLER), ...lines].join(l.eol) + (l.finalBreak ? l.eol : '');
        const file = path.join(temp, `log-${n++}.csv`);
        writeFileSync(file, l.gb18030 ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
        const options = { ...DEFAULT_CALL_LOG_OPTIONS, encoding: l.gb18030 ? ('gb18030' as const) : ('utf8' as const) };
        expect(summary(await readCallLog(file, options, counted))).toEqual(summary(await readCallLog(file, options, asCells)));
        rmSync(file);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // Generated rows were taken as plain rows (about one in four is a plain valid call).
    expect(plainTaken).toBeGreaterThan(RUNS);
  });
});
