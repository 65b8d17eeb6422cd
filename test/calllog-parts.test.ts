import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents, type CallLogOptions } from '../src/calllog/read-call-log.js';
import { helperInWorker, readCallLogInParts, readChunks, type PartReaders } from '../src/calllog/read-in-parts.js';
import type { InputError } from '../src/read/input-error.js';

/**
 * One call log read in chunks on several threads (--jobs) against the same log read whole: the
 * same aggregates, row and line numbers, bad rows, sha256 and errors. Chunks are made tiny here (a
 * few bytes) so that small generated logs are cut in many places: next to ties, bad rows, blank
 * lines, quoted cells, quoted line breaks, the header. Helpers run in this thread (the same loop as
 * a worker thread's), except in the last test, which runs the built worker.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261203);
const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-parts-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
const VENDORS = ['91370102MA3C4F5G9F', '91370200MA3D5E6F79'];

const summary = (contents: CallLogContents | InputError) =>
  'code' in contents
    ? contents
    : { days: contents.aggregator.days(), agents: contents.aggregator.agents(), lines: [...contents.aggregator.lines()], dataRows: contents.dataRows, badRows: contents.badRows, listed: contents.listed, firstBad: contents.firstBad, sha256: contents.sha256, encoding: contents.encoding, warning: contents.encodingWarning };

/** Helpers in this thread, running the loop a worker thread runs. */
const inThread: PartReaders['helper'] = (job, post) => ({ done: readChunks(job, post), stop: () => {} });

/** Reads in parts with helpers in this thread; counts how often the whole file had to be read again. */
async function inParts(file: string, options: CallLogOptions, minPartBytes = 8): Promise<{ contents: CallLogContents | InputError; wholeReads: number }> {
  let wholeReads = 0;
  const contents = await readCallLogInParts(file, options, {
    helper: inThread,
    minPartBytes,
    whole: (f, o) => {
      wholeReads += 1;
      return readCallLog(f, o);
    },
  });
  return { contents, wholeReads };
}

const call = fc
  .tuple(fc.constantFrom(...VENDORS), fc.constantFrom('A001', 'A002', '临时工', '"A001"', '"A,2"', '"A ""3"""'), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 8, max: 9 }), fc.constantFrom('00', '30'), fc.constantFrom('60', '60', '0', '1800', '5400.5', '90000'), fc.constantFrom('1', '1', '0'))
  // Durations decide the day's latest-ending call: equal ends from different rows, and ends past midnight.
  .map(([v, a, d, h, m, s, r]) => `C1,${v},${a},2026-10-0${d} 0${h}:${m}:00,${s},${r}`);
const row = fc.oneof(
  { weight: 20, arbitrary: call },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      'C2,91370102MA3C4F5G9X,A001,2026-10-01 09:00:00,60,1',
      'C3,91370102MA3C4F5G9F,A001,2026-13-01 09:00:00,60,1',
      ',,,',
      'C4,91370102MA3C4F5G9F,A001,2026-10-01 09:00:00,60,1,extra',
    ),
  },
  // Quoted line breaks: the row keeps its number, the lines below it move.
  { weight: 1, arbitrary: fc.constantFrom('C6,91370102MA3C4F5G9F,"A\n1",2026-10-01 10:00:00,60,1', 'C6,91370200MA3D5E6F79,"A\r\n\n1",2026-10-02 07:00:00,60,0', '"C\n7",91370102MA3C4F5G9F,,2026-10-01 10:00:00,60,1') },
);
/** In some logs, one row that stops the file (a syntax error), or a row over a small length limit. */
const stopper = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom('C7,"bad', 'C8,x"y', 'C9,"a"b,', `C10,${'9'.repeat(90)}`)) });
const log = fc
  .record({ rows: fc.array(row, { maxLength: 40 }), stopper, eol: fc.constantFrom('\n', '\n', '\r\n'), gb18030: fc.boolean(), bom: fc.boolean(), finalBreak: fc.boolean(), quotedHeader: fc.boolean() })
  .map(({ stopper: q, ...l }) => (q === null ? l : { ...l, rows: [...l.rows.slice(0, q[0] % (l.rows.length + 1)), q[1], ...l.rows.slice(q[0] % (l.rows.length + 1))] }));
type Log = typeof log extends fc.Arbitrary<infer T> ? T : never;

function write(l: Omit<Log, 'quotedHeader'> & { quotedHeader?: boolean }, name: string): string {
  const header = l.quotedHeader ? HEADER.split(',').map((cell) => `"${cell}"`).join(',') : HEADER;
  const text = (l.bom && !l.gb18030 ? '\ufeff' : '') + [header, ...l.rows].join(l.eol) + (l.finalBreak ? l.eol : '');
  const file = path.join(temp, name);
  writeFileSync(file, l.gb18030 ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  return file;
}

const calls = (n: number, at = (i: number) => `C${i},${VENDORS[i % 2]},A00${i % 3},2026-10-0${1 + (i % 9)} 0${8 + (i % 2)}:${String(i % 60).padStart(2, '0')}:00,60,${i % 97 === 0 ? 0 : 1}`) => Array.from({ length: n }, (_, i) => at(i));

describe('a call log read in parts gives what it gives read whole', () => {
  it('same contents, row and line numbers, bad rows and errors for any log and any number of threads (fast-check)', async () => {
    let n = 0;
    let merged = 0;
    let mergedWithQuotes = 0;
    await fc.assert(
      fc.asyncProperty(log, fc.integer({ min: 2, max: 4 }), fc.constantFrom(3, 10, 1000, 1000, 1000), fc.constantFrom<CallLogOptions['encoding']>('auto', 'auto', 'gb18030'), fc.constantFrom(80, 65536), fc.constantFrom(8, 100), async (l, threads, maxAggregates, encoding, maxLineLength, minPartBytes) => {
        const file = write(l, `log-${n++}.csv`);
        const options = { ...DEFAULT_CALL_LOG_OPTIONS, encoding: l.gb18030 ? encoding : ('auto' as const), maxListedProblems: 2, maxAggregates, maxLineLength, parts: threads };
        const { contents, wholeReads } = await inParts(file, options, minPartBytes);
        expect(summary(contents)).toEqual(summary(await readCallLog(file, options)));
        if (wholeReads === 0) {
          merged += 1;
          if (l.quotedHeader || l.rows.some((r) => r.includes('"'))) mergedWithQuotes += 1;
        }
        rmSync(file);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // Most generated logs are cut and merged, not read again whole, quotes or not: the merge is what is tested.
    expect(merged).toBeGreaterThan(RUNS / 4);
    expect(mergedWithQuotes).toBeGreaterThan(RUNS / 8);
  });

  it('quotes without line breaks in them need no second reading; a quoted line break is merged with its lines right', async () => {
    const rows = calls(40, (i) => `"C${i}",${VENDORS[i % 2]},"A,${i % 3}",2026-10-0${1 + (i % 9)} 09:${String(i).padStart(2, '0')}:00,60,1`);
    rows.splice(1, 0, 'C99,91370102MA3C4F5G9F,"A\n1",2026-10-01 10:00:00,60,1', 'C98,91370102MA3C4F5G9F,A001,2026-13-01 09:00:00,60,1');
    const file = write({ rows, eol: '\r\n', gb18030: false, bom: false, finalBreak: true }, 'quoted.csv');
    const options = { ...DEFAULT_CALL_LOG_OPTIONS, parts: 2 };
    // 8 chunks of about 400 bytes: the quoted line break, in the first 300 bytes, is inside none of the cuts.
    const { contents, wholeReads } = await inParts(file, options, 1024);
    expect(wholeReads).toBe(0);
    const whole = await readCallLog(file, options);
    expect(summary(contents)).toEqual(summary(whole));
    expect((whole as CallLogContents).listed[0]).toMatchObject({ row: 4, line: 5 });
  });

  it('a cut inside a quoted line break is found, and only the chunks around it are read again', async () => {
    for (const at of [2, 20, 38]) {
      const rows = calls(40);
      // A cell of many lines, over one of the cuts (near the start: over the first chunk's end).
      rows.splice(at, 0, `C99,91370102MA3C4F5G9F,"${'x\n'.repeat(300)}",2026-10-01 10:00:00,60,1`);
      const file = write({ rows, eol: '\n', gb18030: false, bom: false, finalBreak: true }, `cut-in-quotes-${at}.csv`);
      const options = { ...DEFAULT_CALL_LOG_OPTIONS, parts: 2 };
      const { contents, wholeReads } = await inParts(file, options, 512);
      expect(wholeReads).toBe(0);
      const whole = await readCallLog(file, options);
      expect(summary(contents)).toEqual(summary(whole));
      expect([...(whole as CallLogContents).aggregator.lines()].length).toBeGreaterThan(0);
    }
  });

  it('the progress count covers every thread’s rows, at the same multiples as reading on one thread', async () => {
    const file = write({ rows: calls(20_500), eol: '\n', gb18030: false, bom: false, finalBreak: true }, 'progress.csv');
    const seen = { whole: [] as number[], parts: [] as number[] };
    await readCallLog(file, { ...DEFAULT_CALL_LOG_OPTIONS, onRows: (rows) => seen.whole.push(rows) });
    const { wholeReads } = await inParts(file, { ...DEFAULT_CALL_LOG_OPTIONS, parts: 3, onRows: (rows) => seen.parts.push(rows) }, 64 * 1024);
    expect(wholeReads).toBe(0);
    expect(seen.whole).toEqual([10_000, 20_000]);
    expect(seen.parts).toEqual(seen.whole);
  });

  it('chunks run in worker threads (the built dist/tmcheck-calllog-worker.js) and come back merged', async () => {
    const rows = calls(3000);
    rows.splice(2000, 0, 'C,91370102MA3C4F5G9X,A001,2026-10-01 09:00:00,60,1', 'C,91370102MA3C4F5G9F,"A\n1",2026-10-01 09:00:00,60,1');
    const file = write({ rows, eol: '\r\n', gb18030: false, bom: true, finalBreak: true }, 'workers.csv');
    const fromWorkers = new Set<number>();
    const options = { ...DEFAULT_CALL_LOG_OPTIONS, parts: 3 };
    const contents = await readCallLogInParts(file, options, {
      minPartBytes: 8 * 1024,
      helper: (job, post) =>
        helperInWorker(job, (index, reply) => {
          expect(reply).toBeDefined();
          fromWorkers.add(index);
          post(index, reply);
        }),
      whole: () => {
        throw new Error('read whole');
      },
    });
    expect(summary(contents)).toEqual(summary(await readCallLog(file, options)));
    // The workers need time to start; whether they claimed chunks before this thread read them all depends on the machine.
    for (const index of fromWorkers) expect(index).toBeGreaterThan(0);
  });
});
