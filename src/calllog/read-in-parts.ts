import { createHash } from 'node:crypto';
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import iconv from 'iconv-lite';
import { packageRoot } from '../paths.js';
import type { InputError } from '../read/input-error.js';
import type { AggregatorEntries } from './aggregate.js';
import { parseCallRow } from './call-row.js';
import type { CallLogOptions } from './call-log-options.js';
import { readHeader, type ColumnLayout } from './columns.js';
import { detectEncodingAndDoubt, SAMPLE_BYTES, type CsvEncoding } from './encoding.js';
import { csvSource, type CsvPart } from './read-csv.js';
import { fitWidth, readCallLog, RowFolder, type CallLogContents } from './read-call-log.js';

/**
 * Reading one large CSV call log on several threads (`--jobs`). The file is cut into parts at line
 * breaks; the main thread reads the first part, worker threads the others, each into aggregates of
 * its own, which are then added up in file order with the rows renumbered (CallLogAggregator.absorb).
 *
 * A line break is a record boundary only outside quotes, so the cut is trusted only when no part
 * met a quote character; and rows are renumbered by counting records, so every row must start on
 * the line of its number. Whenever that does not hold, or a part meets anything unusual (a syntax
 * error, invalid bytes, too many aggregates), the file is read again on one thread, which gives
 * the exact report for it. The report is the same for any number of threads.
 */

/** Below this many bytes a part, a thread costs more than it saves. */
export const MIN_PART_BYTES = 4 * 1024 * 1024;
/** How far past the cut a line break is looked for. */
const CUT_WINDOW = 64 * 1024;
// Bundled into dist/ (scripts/bundle.mjs); tests that run the TypeScript sources use the built worker too.
const WORKER_FILE = path.join(packageRoot, 'dist', 'tmcheck-calllog-worker.js');

/** What a worker is asked to read. */
export interface PartRequest {
  file: string;
  part: Required<CsvPart>;
  encoding: CsvEncoding;
  layout: ColumnLayout;
  options: Pick<CallLogOptions, 'maxLineLength' | 'maxAggregates' | 'maxListedProblems' | 'encoding'>;
}

/** What a worker found in its part; rows are numbered from 1 at the part's first record. */
export interface PartReply {
  entries: AggregatorEntries;
  rows: number;
  dataRows: number;
  badRows: number;
  /** The first bad rows as read, to be judged again under their numbers in the whole file. */
  bad: Array<{ row: number; cells: string[] }>;
}

/** How the parts are read; tests replace them to see each step. */
export interface PartReaders {
  /** Reads one later part; undefined when the file cannot be read in parts after all. */
  runPart: (request: PartRequest) => Promise<PartReply | undefined>;
  /** Reads the whole file on this thread. */
  whole: (file: string, options: CallLogOptions) => Promise<CallLogContents | InputError>;
  minPartBytes: number;
}

export async function readCallLogInParts(file: string, options: CallLogOptions, readers: Partial<PartReaders> = {}): Promise<CallLogContents | InputError> {
  const { runPart = partInWorker, whole = readCallLog, minPartBytes = MIN_PART_BYTES } = readers;
  const plan = options.parts !== undefined && options.parts >= 2 && path.extname(file).toLowerCase() === '.csv' ? planParts(file, options, minPartBytes) : undefined;
  if (!plan) return whole(file, options);
  return (await readPlanned(file, options, plan, runPart)) ?? whole(file, options);
}

interface Plan {
  cuts: number[];
  encoding: CsvEncoding;
  delimiter: '\n' | '\r\n';
  layout: ColumnLayout;
}

/** Where to cut the file, and what its first line says; undefined when it is not worth or not safe to cut. */
function planParts(file: string, options: CallLogOptions, minPartBytes: number): Plan | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO must not block the run
  } catch {
    return undefined; // the reader on one thread says why
  }
  try {
    const stat = fstatSync(fd);
    const parts = Math.min(options.parts ?? 1, Math.floor(stat.size / minPartBytes));
    if (!stat.isFile() || parts < 2) return undefined;
    const sample = readAt(fd, 0, SAMPLE_BYTES);
    const detected = options.encoding === 'auto' ? detectEncodingAndDoubt(sample, false).encoding : options.encoding;
    if (detected === 'utf16') return undefined;
    // The header line decides the record delimiter (the first line break) and the layout; a quote or a lone CR in it: no cut.
    const lineFeed = sample.indexOf(0x0a);
    if (lineFeed === -1) return undefined;
    const delimiter = sample[lineFeed - 1] === 0x0d ? '\r\n' : '\n';
    const firstLine = sample.subarray(0, delimiter === '\r\n' ? lineFeed - 1 : lineFeed);
    if (firstLine.includes(0x22) || firstLine.includes(0x0d)) return undefined;
    const text = detected === 'gb18030' ? iconv.decode(firstLine, 'gb18030') : firstLine.toString('utf8');
    const layout = readHeader(text.replace(/^\ufeff/, '').split(','));
    if ('code' in layout) return undefined;
    const cuts = [0];
    for (let k = 1; k < parts; k++) {
      const cut = recordStartAfter(fd, Math.floor((stat.size * k) / parts), delimiter);
      if (cut === undefined || cut <= cuts[cuts.length - 1]! || cut >= stat.size) return undefined;
      cuts.push(cut);
    }
    cuts.push(stat.size);
    return { cuts, encoding: detected, delimiter, layout };
  } finally {
    closeSync(fd);
  }
}

/** The offset just after the first record delimiter at or after `from` (a line feed is never inside a UTF-8 or GB18030 character). */
function recordStartAfter(fd: number, from: number, delimiter: '\n' | '\r\n'): number | undefined {
  const window = readAt(fd, from - 1, CUT_WINDOW);
  for (let at = window.indexOf(0x0a, 1); at !== -1; at = window.indexOf(0x0a, at + 1)) {
    if (delimiter === '\n' || window[at - 1] === 0x0d) return from - 1 + at + 1;
  }
  return undefined;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, readSync(fd, buffer, 0, length, position));
}

/** Reads the parts at once; undefined when the file must be read on one thread after all. */
async function readPlanned(file: string, options: CallLogOptions, plan: Plan, runPart: PartReaders['runPart']): Promise<CallLogContents | undefined> {
  const { cuts, encoding, delimiter, layout } = plan;
  const partOptions = { maxLineLength: options.maxLineLength, maxAggregates: options.maxAggregates, maxListedProblems: options.maxListedProblems, encoding };
  const later = cuts.slice(1, -1).map((start, i) => runPart({ file, part: { start, end: cuts[i + 2]!, delimiter }, encoding, layout, options: partOptions }));
  // The first part on this thread, with the header, the encoding warning and the progress line.
  const hash = createHash('sha256');
  const folder = new RowFolder(options);
  const source = csvSource(file, { encoding: options.encoding, maxLineLength: options.maxLineLength }, { start: 0, end: cuts[1]! });
  let usable = true;
  try {
    for await (const batch of source.batches((chunk) => hash.update(chunk))) if (folder.fold(batch)) usable = false;
    // The file's sha256 is of all its bytes in order: the rest is hashed here while the workers read it.
    for await (const chunk of createReadStream(file, { start: cuts[1], highWaterMark: 64 * 1024 })) hash.update(chunk as Buffer);
  } catch {
    usable = false;
  }
  const replies = await Promise.all(later);
  if (!usable || source.sawQuote() || folder.movedLines || replies.some((reply) => reply === undefined)) return undefined;
  let offset = folder.lastRow;
  for (const reply of replies as PartReply[]) {
    folder.aggregator.absorb(reply.entries, offset);
    folder.dataRows += reply.dataRows;
    for (const { row, cells } of reply.bad) {
      const problem = parseCallRow(fitWidth(cells, layout.width), layout, row + offset);
      if ('message' in problem) folder.addProblem(problem);
    }
    folder.badRows += reply.badRows - reply.bad.length;
    offset += reply.rows;
  }
  // The cap is on the whole file: over it, the one-thread reader names the row where it was passed.
  const { days, agents } = folder.aggregator.size;
  if (days + agents > options.maxAggregates) return undefined;
  return folder.contents(hash.digest('hex'), source);
}

/** Reads one later part into aggregates (in a worker thread, see part-worker.ts). */
export async function readPart(request: PartRequest): Promise<PartReply | undefined> {
  const { file, part, layout, options } = request;
  // Bad rows are judged again under their numbers in the file: the first few are kept as read.
  const folder = new RowFolder(options, layout, Math.max(1, options.maxListedProblems));
  const source = csvSource(file, { encoding: request.encoding, maxLineLength: options.maxLineLength }, part);
  try {
    for await (const batch of source.batches(() => {})) folder.fold(batch);
  } catch {
    return undefined;
  }
  if (source.sawQuote() || folder.movedLines) return undefined;
  return { entries: folder.aggregator.exportEntries(), rows: folder.lastRow, dataRows: folder.dataRows, badRows: folder.badRows, bad: folder.badCells };
}

/** Runs a part in a worker thread; undefined if the worker fails in any way. */
export function partInWorker(request: PartRequest): Promise<PartReply | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_FILE, { workerData: request });
    worker.once('message', (reply: PartReply | undefined) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
