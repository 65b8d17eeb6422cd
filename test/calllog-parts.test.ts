import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents, type CallLogOptions } from '../src/calllog/read-call-log.js';
import { partInWorker, readCallLogInParts, readPart, type PartReply } from '../src/calllog/read-in-parts.js';
import type { InputError } from '../src/read/input-error.js';

/**
 * One call log read in parts (--jobs) against the same log read whole: the same aggregates, row
 * numbers, bad rows, sha256 and errors. Parts are made tiny here (a few bytes) so that small
 * generated logs are cut in many places: next to ties, bad rows, blank lines, the header.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261203);
const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-parts-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
const VENDORS = ['91370102MA3C4F5G9F', '91370200MA3D5E6F79'];

const summary = (contents: CallLogContents | InputError) =>
  'code' in contents
    ? contents
    : { days: contents.aggregator.days(), agents: contents.aggregator.agents(), lines: [...contents.aggregator.lines()], dataRows: contents.dataRows, badRows: contents.badRows, listed: contents.listed, firstBad: contents.firstBad, sha256: contents.sha256, encoding: contents.encoding, warning: contents.encodingWarning };

const row = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.constantFrom(...VENDORS), fc.constantFrom('A001', 'A002', '临时工'), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 8, max: 9 }), fc.constantFrom('00', '30'), fc.constantFrom('1', '1', '0')).map(([v, a, d, h, m, r]) => `C1,${v},${a},2026-10-0${d} 0${h}:${m}:00,60,${r}`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'C2,91370102MA3C4F5G9X,A001,2026-10-01 09:00:00,60,1', 'C3,91370102MA3C4F5G9F,A001,2026-13-01 09:00:00,60,1', ',,,', 'C4,91370102MA3C4F5G9F,A001,2026-10-01 09:00:00,60,1,extra') },
);
/** In about a third of the logs, one row with a quote: such a log is read whole. */
const quoted = fc.option(fc.tuple(fc.nat(), fc.constantFrom('"C5",91370102MA3C4F5G9F,A001,2026-10-01 10:00:00,60,1', 'C6,91370102MA3C4F5G9F,"A\n1",2026-10-01 10:00:00,60,1', 'C7,"bad', 'C8,x"y')), { freq: 2 });
const log = fc
  .record({ rows: fc.array(row, { maxLength: 40 }), quoted, eol: fc.constantFrom('\n', '\n', '\r\n'), gb18030: fc.boolean(), bom: fc.boolean(), finalBreak: fc.boolean() })
  .map(({ quoted: q, ...l }) => (q === null ? l : { ...l, rows: [...l.rows.slice(0, q[0] % (l.rows.length + 1)), q[1], ...l.rows.slice(q[0] % (l.rows.length + 1))] }));

function write(l: typeof log extends fc.Arbitrary<infer T> ? T : never, name: string): string {
  const text = (l.bom && !l.gb18030 ? '\ufeff' : '') + [HEADER, ...l.rows].join(l.eol) + (l.finalBreak ? l.eol : '');
  const file = path.join(temp, name);
  writeFileSync(file, l.gb18030 ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  return file;
}

describe('a call log read in parts gives what it gives read whole', () => {
  it('same contents for any log, any number of parts (fast-check)', async () => {
    let n = 0;
    let merged = 0;
    await fc.assert(
      fc.asyncProperty(log, fc.integer({ min: 2, max: 6 }), fc.constantFrom(3, 10, 1000, 1000), fc.constantFrom<CallLogOptions['encoding']>('auto', 'auto', 'gb18030'), async (l, parts, maxAggregates, encoding) => {
        const file = write(l, `log-${n++}.csv`);
        const options = { ...DEFAULT_CALL_LOG_OPTIONS, encoding: l.gb18030 ? encoding : ('auto' as const), maxListedProblems: 2, maxAggregates, parts };
        let wholeReads = 0;
        const inParts = await readCallLogInParts(file, options, {
          runPart: readPart,
          minPartBytes: 8,
          whole: (f, o) => {
            wholeReads += 1;
            return readCallLog(f, o);
          },
        });
        expect(summary(inParts)).toEqual(summary(await readCallLog(file, options)));
        if (wholeReads === 0) merged += 1;
        rmSync(file);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // Most generated logs are cut and merged, not read again whole: the merge is what is tested.
    expect(merged).toBeGreaterThan(RUNS / 4);
  });

  it('a file with a quote, or a quoted line break, is read whole: its line breaks may be inside cells', async () => {
    for (const extra of ['"C5",91370102MA3C4F5G9F,A001,2026-10-01 10:00:00,60,1', 'C6,91370102MA3C4F5G9F,"A\n1",2026-10-01 10:00:00,60,1']) {
      const rows = Array.from({ length: 20 }, (_, i) => `C${i},${VENDORS[i % 2]},A001,2026-10-01 09:${String(i).padStart(2, '0')}:00,60,1`);
      rows.splice(15, 0, extra);
      const file = write({ rows, eol: '\n', gb18030: false, bom: false, finalBreak: true }, 'quoted.csv');
      let wholeReads = 0;
      const contents = await readCallLogInParts(file, { ...DEFAULT_CALL_LOG_OPTIONS, parts: 2 }, { runPart: readPart, minPartBytes: 8, whole: (f, o) => ((wholeReads += 1), readCallLog(f, o)) });
      expect(wholeReads).toBe(1);
      expect(summary(contents)).toEqual(summary(await readCallLog(file, DEFAULT_CALL_LOG_OPTIONS)));
    }
  });

  it('parts run in worker threads (the built dist/tmcheck-calllog-worker.js) and come back merged', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `C${i},${VENDORS[i % 2]},A00${i % 3},2026-10-0${1 + (i % 9)} 0${8 + (i % 2)}:${String(i % 60).padStart(2, '0')}:00,60,${i % 97 === 0 ? 0 : 1}`);
    rows.splice(2000, 0, 'C,91370102MA3C4F5G9X,A001,2026-10-01 09:00:00,60,1');
    const file = write({ rows, eol: '\r\n', gb18030: false, bom: true, finalBreak: true }, 'workers.csv');
    const replies: Array<PartReply | undefined> = [];
    const options = { ...DEFAULT_CALL_LOG_OPTIONS, parts: 3 };
    const contents = await readCallLogInParts(file, options, {
      minPartBytes: 1024,
      runPart: async (request) => {
        const reply = await partInWorker(request);
        replies.push(reply);
        return reply;
      },
      whole: () => {
        throw new Error('read whole');
      },
    });
    expect(replies).toHaveLength(2);
    expect(replies.every((reply) => reply !== undefined)).toBe(true);
    expect(summary(contents)).toEqual(summary(await readCallLog(file, options)));
  });
});
