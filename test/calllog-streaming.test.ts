import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CallLogAggregator } from '../src/calllog/aggregate.js';
import { BoundedMemo } from '../src/calllog/bounded-memo.js';
import { parseCallRow, parseStartedAt, type CallRow } from '../src/calllog/call-row.js';
import { readHeader, type ColumnLayout } from '../src/calllog/columns.js';
import { DEFAULT_CALL_LOG_OPTIONS, readCallLog, type CallLogContents } from '../src/calllog/read-call-log.js';
import { Utf8Check } from '../src/calllog/utf8-check.js';
import type { InputError } from '../src/read/input-error.js';
import { firstInvalidUtf8 } from '../src/read/read-source.js';
import { projectRoot } from './support/fixtures.js';

/**
 * The streaming CSV path: UTF-8 checked chunk by chunk, rows handed over in batches per chunk. These
 * tests put characters, invalid bytes, bad rows and syntax errors past the first read (64 KiB, see
 * open-file.ts) and across its boundary, where the batching and the carried UTF-8 tail work.
 */

const HEADER = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded';
const V1 = '91370102MA3C4F5G9F';
const V2 = '91370200MA3D5E6F79';
const READ_SIZE = 64 * 1024; // the chunk size of openTableFile's chunks

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-streaming-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function writeLog(name: string, bytes: Buffer): string {
  const file = path.join(temp, name);
  writeFileSync(file, bytes);
  return file;
}

async function read(file: string, options: Partial<typeof DEFAULT_CALL_LOG_OPTIONS> = {}): Promise<CallLogContents | InputError> {
  return readCallLog(file, { ...DEFAULT_CALL_LOG_OPTIONS, ...options });
}

async function contentsOf(file: string, options: Partial<typeof DEFAULT_CALL_LOG_OPTIONS> = {}): Promise<CallLogContents> {
  const contents = await read(file, options);
  if ('code' in contents) throw new Error(`unexpected input error: ${contents.message.en}`);
  return contents;
}

/** Runs a whole buffer through Utf8Check in chunks ending at `cuts`; the first invalid offset, or -1. */
function checkInChunks(bytes: Buffer, cuts: number[]): number {
  const check = new Utf8Check();
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    const invalid = check.push(bytes.subarray(at, cut));
    if (invalid !== -1) return invalid;
    at = cut;
  }
  return check.end();
}

describe('Utf8Check: strict UTF-8 over chunks', () => {
  it('accepts 2-, 3- and 4-byte characters cut at every byte, down to one-byte chunks', () => {
    const text = Buffer.from('é临时工𠀀,A', 'utf8');
    for (let cut = 1; cut < text.length; cut++) expect(checkInChunks(text, [cut]), `cut at ${cut}`).toBe(-1);
    expect(checkInChunks(text, Array.from({ length: text.length }, (_, i) => i))).toBe(-1);
  });

  it('names the first invalid byte by its offset in the file, not in the chunk', () => {
    const bytes = Buffer.concat([Buffer.from('abc临', 'utf8'), Buffer.from([0xff]), Buffer.from('xyz')]);
    expect(checkInChunks(bytes, [])).toBe(6);
    expect(checkInChunks(bytes, [2, 5])).toBe(6);
    // A character cut short by an ASCII byte is invalid at its first byte, even when the cut falls inside it.
    const broken = Buffer.from([0x41, 0xe4, 0xb8, 0x41, 0x42]);
    expect(checkInChunks(broken, [2])).toBe(1);
    expect(checkInChunks(broken, [3])).toBe(1);
  });

  it('a character still open at the end of the file is invalid at its first byte', () => {
    const bytes = Buffer.from([0x41, 0x42, 0xe4, 0xb8]);
    expect(checkInChunks(bytes, [])).toBe(2);
    expect(checkInChunks(bytes, [3])).toBe(2);
  });

  it('whatever the chunking, agrees with firstInvalidUtf8 on the whole file (fast-check, fixed seed)', () => {
    const hard = [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8], [0x80], [0xef, 0xbb, 0xbf]].map((b) => Buffer.from(b));
    const fragment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }).map((s) => Buffer.from(s, 'utf8')),
      fc.uint8Array({ maxLength: 4 }).map((b) => Buffer.from(b)),
      fc.constantFrom(...hard),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), fc.array(fc.nat({ max: 64 }), { maxLength: 8 }), (parts, cuts) => {
        const bytes = Buffer.concat(parts);
        expect(checkInChunks(bytes, cuts)).toBe(firstInvalidUtf8(bytes));
      }),
      { seed: 20261008, numRuns: 2000 },
    );
  });
});

/** Data rows `C<i>` for vendor V1, one a minute from 09:00 on 2026-10-09, agent chosen by `agentOf`. */
function rows(count: number, agentOf: (i: number) => string = () => 'A001'): string[] {
  return Array.from({ length: count }, (_, i) => {
    const minute = i % 600;
    const time = `${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
    return `C${i},${V1},${agentOf(i)},2026-10-09 ${time},30,1`;
  });
}

describe('CSV call logs read in chunks', () => {
  it.each([1, 2])('a character cut %i byte(s) into the second read is read whole', async (cutInto) => {
    // Pad the first row's call id so that the agent 临时工07 starts `cutInto` bytes before the first read ends.
    const agent = '临时工07';
    const before = `${HEADER}\nC`;
    const after = `,${V1},${agent},2026-10-09 09:00:00,30,1\n`;
    const padding = READ_SIZE - cutInto - Buffer.byteLength(`${before},${V1},`);
    const text = `${before}${'0'.repeat(padding)}${after}${rows(2000).join('\n')}\n`;
    const bytes = Buffer.from(text, 'utf8');
    expect(bytes.subarray(READ_SIZE - cutInto, READ_SIZE - cutInto + 3).toString('utf8')).toBe('临'); // the setup cuts where it says

    const contents = await contentsOf(writeLog(`cut-${cutInto}.csv`, bytes));
    expect(contents.encoding).toBe('utf8');
    expect([contents.dataRows, contents.badRows]).toEqual([2001, 0]);
    expect(contents.aggregator.agents().map((a) => [a.agent, a.calls, a.firstRow])).toEqual([
      ['A001', 2000, 3],
      [agent, 1, 2],
    ]);
    expect(contents.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('a GB18030 byte after the first 64 KiB (sampled as UTF-8) stops the file at its byte offset', async () => {
    const head = Buffer.from(`${HEADER}\n${rows(3000).join('\n')}\n`, 'utf8');
    const offset = head.length + Buffer.byteLength(`C9,${V1},`);
    expect(offset).toBeGreaterThan(2 * READ_SIZE);
    const bytes = Buffer.concat([head, Buffer.from(`C9,${V1},`), iconv.encode('临时工', 'gb18030'), Buffer.from(',2026-10-09 09:00:00,30,1\n')]);
    const error = await read(writeLog('late-gb18030.csv', bytes));
    expect(error).toEqual({
      code: 'encoding',
      message: {
        zh: `不是有效的 UTF-8：约第 ${offset} 字节处无效；若文件由 Excel 另存为 CSV，请使用 --encoding gb18030`,
        en: `not valid UTF-8: invalid byte near byte offset ${offset}; for a CSV saved by Excel in a Chinese locale use --encoding gb18030`,
      },
    });
  });

  it('a file ending inside a UTF-8 character is refused at that character', async () => {
    const text = Buffer.from(`${HEADER}\nC1,${V1},临时工,2026-10-09 09:00:00,30,1\n`, 'utf8');
    const bytes = Buffer.concat([text, Buffer.from('临', 'utf8').subarray(0, 2)]);
    const error = await read(writeLog('ends-inside.csv', bytes), { encoding: 'utf8' });
    expect(error).toMatchObject({ code: 'encoding' });
    expect((error as InputError).message.en).toContain(`near byte offset ${text.length};`);
  });

  it('rows keep their numbers over many reads: a quoted line break stays in its row, a blank line is a row', async () => {
    const lines = [HEADER, ...rows(6000)];
    lines[1500] = `"C-multi\nline",${V1},A001,2026-10-09 10:00:00,30,1`; // row 1501, over two lines
    lines[2500] = ''; // row 2501, blank
    lines[3500] = `C3499,${V1},A001,2026-10-09 25:00:00,30,1`; // row 3501: no 25 o'clock
    lines[5999] = `C5998,${V1},A001,2026-10-09 10:00:00,30,2`; // row 6000, in the last read
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    expect(bytes.length).toBeGreaterThan(4 * READ_SIZE);
    const contents = await contentsOf(writeLog('row-numbers.csv', bytes));
    expect(contents.listed.map((p) => [p.row, p.field])).toEqual([
      [3501, 'started_at'],
      [6000, 'recorded'],
    ]);
    expect([contents.dataRows, contents.badRows]).toEqual([5999, 2]);
  });

  it('an unclosed quote late in the file is a CSV syntax error at its row, not a crash', async () => {
    const lines = [HEADER, ...rows(4100)];
    lines[4000] = `"C3999,${V1},A001,2026-10-09 10:00:00,30,1`;
    const error = await read(writeLog('unclosed.csv', Buffer.from(`${lines.join('\n')}\n`, 'utf8')));
    expect(error).toMatchObject({ code: 'csv-syntax', row: 4001 });
    expect((error as InputError).message.en).toBe('row 4001: CSV syntax error (CSV_QUOTE_NOT_CLOSED); the rows after it cannot be read');
  });

  it('a GB18030 log over many reads gives the aggregates of the same log in UTF-8', async () => {
    const agents = ['临时工01', '话务员甲', 'A003'];
    const text = `${HEADER}\n${rows(8000, (i) => agents[i % 3]!).join('\n')}\n`;
    const gb = await contentsOf(writeLog('long-gb18030.csv', iconv.encode(text, 'gb18030')));
    const utf8 = await contentsOf(writeLog('long-utf8.csv', Buffer.from(text, 'utf8')));
    expect([gb.encoding, utf8.encoding]).toEqual(['gb18030', 'utf8']);
    expect(gb.aggregator.agents()).toEqual(utf8.aggregator.agents());
    expect(gb.aggregator.days()).toEqual(utf8.aggregator.days());
    expect(utf8.aggregator.agents().map((a) => [a.agent, a.calls])).toEqual([
      ['A003', 2666],
      ['临时工01', 2667],
      ['话务员甲', 2667],
    ]);
  });
});

describe('started_at', () => {
  it('reads the spec form and the forms Excel writes to the same date and second', () => {
    const expected = { date: '2026-10-09', secondOfDay: 9 * 3600 + 5 * 60 };
    for (const text of ['2026-10-09 09:05:00', ' 2026-10-09 09:05:00 ', '2026/10/9 9:05', '2026-10-09T09:05:00', '2026/10/09 09:05:00']) {
      expect(parseStartedAt(text), text).toEqual(expected);
    }
    expect(parseStartedAt('2026-10-09 23:59:59')).toEqual({ date: '2026-10-09', secondOfDay: 86_399 });
  });

  it('refuses dates and times that do not exist, in every form, however often they are seen', () => {
    for (let seen = 0; seen < 2; seen++) {
      for (const text of ['2026-02-29 10:00:00', '2026/2/29 10:00', '2026-13-01 10:00:00', '2026-10-00 10:00:00', '2026-10-09 24:00:00', '2026-10-09 10:60:00', '2026-10-09 10:00:60']) {
        expect(parseStartedAt(text), text).toBeUndefined();
      }
    }
    expect(parseStartedAt('2024-02-29 10:00:00')).toEqual({ date: '2024-02-29', secondOfDay: 36_000 });
    // Only ASCII digits: full-width ones look the same in a spreadsheet but are not the spec's form.
    expect(parseStartedAt('２０２６-10-09 10:00:00')).toBeUndefined();
    expect(parseStartedAt('2026-10-09 1０:00:00')).toBeUndefined();
  });
});

describe('a row', () => {
  const layout = readHeader(HEADER.split(',')) as ColumnLayout;

  it('names every bad cell in spec order, the first as its field', () => {
    const problem = parseCallRow(['', 'NOT-A-CODE', ' ', '2026-10-09 10:00:00', '-1', 'yes'], layout, 7);
    expect(problem).toEqual({
      row: 7,
      field: 'call_id',
      message: {
        zh: '第 7 行无法读取：call_id 为空；vendor_credit_code「NOT-A-CODE」不是有效的统一社会信用代码（18 位，校验位符合 GB 32100-2015）；agent_id 为空；duration_s「-1」不是非负的秒数；recorded「yes」须为 1 或 0',
        en: 'row 7 cannot be read: call_id is empty; vendor_credit_code "NOT-A-CODE" is not a valid unified social credit code (18 characters, GB 32100-2015 check character); agent_id is empty; duration_s "-1" is not a non-negative number of seconds; recorded "yes" must be 1 or 0',
      },
    });
  });

  it('a vendor code with a wrong check character stays refused after a valid one was seen', () => {
    const valid = parseCallRow(['C1', V1, 'A001', '2026-10-09 10:00:00', '30', '1'], layout, 2);
    expect(valid).toEqual({ row: 2, vendor: V1, agent: 'A001', date: '2026-10-09', secondOfDay: 36_000, duration: 30, recorded: true });
    const wrongCheck = `${V1.slice(0, 17)}0`;
    for (const row of [3, 4]) expect(parseCallRow(['C2', wrongCheck, 'A001', '2026-10-09 10:00:00', '30', '1'], layout, row)).toMatchObject({ row, field: 'vendor_credit_code' });
  });
});

describe('CallLogAggregator', () => {
  const call = (row: number, vendor: string, agent: string, date: string, secondOfDay: number, recorded = true, duration = 0): CallRow => ({ row, vendor, agent, date, secondOfDay, duration, recorded });

  it('keeps the earliest call of a day and of an agent-month by time, the earliest row among equal times', () => {
    const aggregator = new CallLogAggregator(100);
    aggregator.add(call(2, V1, 'A001', '2026-10-10', 36_000));
    aggregator.add(call(3, V1, 'A001', '2026-10-09', 50_000));
    aggregator.add(call(4, V1, 'A001', '2026-10-09', 32_400, false)); // earliest of 10-09 and of the month
    aggregator.add(call(5, V1, 'A001', '2026-10-09', 32_400)); // same second: row 4 stands
    aggregator.add(call(6, V1, 'A001', '2026-10-09', 50_000, false)); // same last second: row 3 stands
    aggregator.add(call(7, V2, 'A001', '2026-11-01', 30_000));
    expect(aggregator.days()).toEqual([
      { vendor: V1, date: '2026-10-09', firstTime: '09:00:00', firstSecond: 32_400, firstRow: 4, endSecond: 50_000, endRow: 3, endStartSecond: 50_000, endDuration: 0, calls: 4, recorded: 2, firstUnrecordedRow: 4 },
      { vendor: V1, date: '2026-10-10', firstTime: '10:00:00', firstSecond: 36_000, firstRow: 2, endSecond: 36_000, endRow: 2, endStartSecond: 36_000, endDuration: 0, calls: 1, recorded: 1, firstUnrecordedRow: null },
      { vendor: V2, date: '2026-11-01', firstTime: '08:20:00', firstSecond: 30_000, firstRow: 7, endSecond: 30_000, endRow: 7, endStartSecond: 30_000, endDuration: 0, calls: 1, recorded: 1, firstUnrecordedRow: null },
    ]);
    expect(aggregator.agents()).toEqual([
      { vendor: V1, month: '2026-10', agent: 'A001', calls: 5, firstCall: '2026-10-09 09:00:00', firstRow: 4 },
      { vendor: V2, month: '2026-11', agent: 'A001', calls: 1, firstCall: '2026-11-01 08:20:00', firstRow: 7 },
    ]);
    expect(aggregator.size).toEqual({ days: 3, agents: 2 });
    expect(aggregator.vendors()).toEqual([V1, V2]);
  });

  it('one agent-month is shared by the days of that month, and a new month starts a new one', () => {
    const aggregator = new CallLogAggregator(100);
    aggregator.add(call(2, V1, 'A001', '2026-10-30', 36_000));
    aggregator.add(call(3, V1, 'A001', '2026-10-31', 36_000));
    aggregator.add(call(4, V1, 'A001', '2026-11-01', 36_000));
    expect(aggregator.agents().map((a) => [a.month, a.calls, a.firstRow])).toEqual([
      ['2026-10', 2, 2],
      ['2026-11', 1, 4],
    ]);
  });
});

describe('BoundedMemo', () => {
  it('computes each key once up to its cap, then every time, so a hostile stream of new keys holds no more', () => {
    const computed: string[] = [];
    const memo = new BoundedMemo<string, number | undefined>(2, (key) => {
      computed.push(key);
      return key === 'bad' ? undefined : key.length;
    });
    for (const key of ['bad', 'abc', 'bad', 'abc', 'later', 'later']) memo.get(key);
    expect(computed).toEqual(['bad', 'abc', 'later', 'later']);
    expect(memo.get('bad')).toBeUndefined();
    expect(memo.get('later')).toBe(5);
  });
});

describe('the committed fixtures still read', () => {
  it('the UTF-8 fixture with a BOM has the BOM dropped from its first column name', async () => {
    const file = path.join(projectRoot, 'fixtures', 'calllogs', 'calllog-2026-10-utf8-bom.csv');
    expect([...readFileSync(file).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const contents = await contentsOf(file);
    expect(contents.encoding).toBe('utf8');
    expect(contents.dataRows).toBeGreaterThan(0);
  });
});
