import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { InputError } from '../read/input-error.js';
import type { AggregatorEntries } from './aggregate.js';
import { parseCallRow } from './call-row.js';
import type { CallLogOptions } from './call-log-options.js';
import { readHeader, type ColumnLayout } from './columns.js';
import { CsvRecords } from './csv-records.js';
import { decodeGb18030, detectEncodingAndDoubt, SAMPLE_BYTES, type CsvEncoding } from './encoding.js';
import { MIN_PART_BYTES, takePartHelper } from './part-helpers.js';
import type { TableInput } from './open-file.js';
import { csvSource, PartBoundaryError, type CsvSource } from './read-csv.js';
import { fitWidth, PROGRESS_EVERY, readCallLog, RowFolder, type CallLogContents } from './read-call-log.js';

/**
 * Reading one large CSV call log on several threads (`--jobs`). The file is cut into chunks just
 * after line breaks; the main thread reads the first chunk (the header, the encoding warning) and,
 * like the worker threads, claims the next chunk from a shared counter until none is left, so that
 * a thread the machine slows down simply reads fewer chunks. Each chunk is folded into aggregates
 * of its own, and these are added up in file order with rows and lines renumbered
 * (CallLogAggregator.absorb).
 *
 * A line break is a record boundary only outside quotes. A chunk that starts at a record boundary
 * is read exactly as the whole file would read it there; if it also ends at one (no record begun,
 * no quote open), so does the next chunk. The first chunk starts at the file's start, so checking
 * that every chunk but the last ends at a record boundary proves every cut right. Quotes are fine
 * (and so are line breaks inside them, unless a cut falls inside one). When a cut was wrong, or a
 * chunk meets anything unusual (a syntax error, invalid bytes, too many aggregates), the file is
 * read again on one thread, which gives the exact report, error messages included. The report is
 * the same for any number of threads.
 */

/** Chunks per thread: small enough to even out threads the machine runs at different speeds. */
const CHUNKS_PER_THREAD = 8;
/** How far past a cut a line break is looked for. */
const CUT_WINDOW = 64 * 1024;

/** What a helper thread is given: the file's chunks and the counters it shares with the main thread. */
export interface ChunkJob {
  file: string;
  /** Chunk k is bytes [cuts[k], cuts[k + 1]); chunk 0 (with the header) is the main thread's. */
  cuts: number[];
  encoding: CsvEncoding;
  delimiter: '\n' | '\r\n';
  layout: ColumnLayout;
  options: Pick<CallLogOptions, 'maxLineLength' | 'maxAggregates' | 'maxListedProblems'>;
  /** Int32 [next chunk to claim]: Atomics.add claims one; set to the chunk count, it stops every thread. */
  next: SharedArrayBuffer;
  /** Float64 per thread: the data rows it has folded, for the progress count. */
  progress: SharedArrayBuffer;
  /** This thread's place in `progress`. */
  slot: number;
}

/** What a chunk holds; its rows and lines are numbered from 1 at its first record. */
export interface ChunkReply {
  entries: AggregatorEntries;
  rows: number;
  lines: number;
  dataRows: number;
  badRows: number;
  /** The first bad rows as read, to be judged again under their numbers in the whole file. */
  bad: Array<{ row: number; line?: number; cells: string[] }>;
}

/** A helper thread at work: `post` receives what each chunk it reads gives. */
export interface Helper {
  /** Settles when the helper has stopped, for whatever reason. */
  done: Promise<void>;
  stop(): void;
}

/** How the chunks are read; tests replace them to see each step. */
export interface PartReaders {
  /** Starts one helper thread on `job`. */
  helper: (job: ChunkJob, post: (index: number, reply: ChunkRead) => void) => Helper;
  /** Reads the whole file on this thread. */
  whole: (file: TableInput, options: CallLogOptions) => Promise<CallLogContents | InputError>;
  minPartBytes: number;
}

export { MIN_PART_BYTES } from './part-helpers.js';

export async function readCallLogInParts(file: TableInput, options: CallLogOptions, readers: Partial<PartReaders> = {}): Promise<CallLogContents | InputError> {
  const { helper = helperInWorker, whole = readCallLog, minPartBytes = MIN_PART_BYTES } = readers;
  const threads = options.parts ?? 1;
  // Parts are read from the file by other threads: bytes in memory are read on this one.
  if (typeof file !== 'string') return whole(file, options);
  const plan = threads >= 2 && path.extname(file).toLowerCase() === '.csv' ? planChunks(file, options, threads, minPartBytes) : undefined;
  if (!plan) return whole(file, options);
  const progress = progressCounter(options.onRows);
  const contents = await readPlanned(file, options, plan, threads, helper, progress);
  // Read again on one thread: the progress count goes on from where it was, never back.
  return contents ?? whole(file, { ...options, onRows: (rows) => progress.reach(rows) });
}

interface Plan {
  cuts: number[];
  encoding: CsvEncoding;
  delimiter: '\n' | '\r\n';
  layout: ColumnLayout;
}

/** Where to cut the file, and what its header says; undefined when it is not worth or not possible to cut. */
function planChunks(file: string, options: CallLogOptions, threads: number, minPartBytes: number): Plan | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK); // a FIFO must not block the run
  } catch {
    return undefined; // the reader on one thread says why
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size < 2 * minPartBytes) return undefined;
    const sample = readAt(fd, 0, SAMPLE_BYTES);
    const encoding = options.encoding === 'auto' ? detectEncodingAndDoubt(sample, false).encoding : options.encoding;
    if (encoding === 'utf16') return undefined;
    // The header is the first record, read by the CSV reader itself (quotes and all); its line break is the record delimiter.
    const parser = new CsvRecords(options.maxLineLength);
    const records: string[][] = [];
    try {
      parser.push(encoding === 'gb18030' ? decodeGb18030(sample) : sample.toString('utf8'), records);
    } catch {
      return undefined;
    }
    const delimiter = parser.recordDelimiter;
    if (records.length === 0 || (delimiter !== '\n' && delimiter !== '\r\n')) return undefined;
    const layout = readHeader(records[0]!);
    if ('code' in layout) return undefined;
    const chunks = Math.min(threads * CHUNKS_PER_THREAD, Math.floor((stat.size * 4) / minPartBytes));
    const cuts = [0];
    for (let k = 1; k < chunks; k++) {
      const cut = recordStartAfter(fd, Math.floor((stat.size * k) / chunks), delimiter);
      // A line longer than the window, or cuts run together: one chunk fewer.
      if (cut !== undefined && cut > cuts[cuts.length - 1]! && cut < stat.size) cuts.push(cut);
    }
    cuts.push(stat.size);
    return cuts.length > 2 ? { cuts, encoding, delimiter, layout } : undefined;
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

/** Calls `onRows` at each multiple of PROGRESS_EVERY reached, as reading on one thread does, however the threads' counts arrive. */
interface ProgressCounter {
  reach(total: number): void;
}

function progressCounter(onRows: ((rows: number) => void) | undefined): ProgressCounter {
  let shown = 0;
  return {
    reach(total) {
      while (onRows && shown + PROGRESS_EVERY <= total) {
        shown += PROGRESS_EVERY;
        onRows(shown);
      }
    },
  };
}

/** Reads the chunks on this thread and `threads - 1` helpers; undefined when the file must be read on one thread after all. */
async function readPlanned(file: string, options: CallLogOptions, plan: Plan, threads: number, helper: PartReaders['helper'], progress: ProgressCounter): Promise<CallLogContents | undefined> {
  const { cuts, layout } = plan;
  const count = cuts.length - 1;
  const next = new Int32Array(new SharedArrayBuffer(4));
  next[0] = 1; // chunk 0 is read here
  const rowsBy = new Float64Array(new SharedArrayBuffer(8 * threads));
  const job = (slot: number): ChunkJob => ({
    file,
    cuts,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    layout,
    options: { maxLineLength: options.maxLineLength, maxAggregates: options.maxAggregates, maxListedProblems: options.maxListedProblems },
    next: next.buffer as SharedArrayBuffer,
    progress: rowsBy.buffer as SharedArrayBuffer,
    slot,
  });
  const showProgress = () => progress.reach(rowsBy.reduce((sum, rows) => sum + rows, 0));
  const replies: ChunkRead[] = new Array(count);
  let arrived = 0;
  let allArrived: () => void = () => {};
  const everyChunk = new Promise<void>((resolve) => (allArrived = resolve));
  const post = (index: number, reply: ChunkRead) => {
    replies[index] = reply;
    showProgress();
    if (++arrived === count - 1) allArrived();
  };
  const helpers = Array.from({ length: threads - 1 }, (_, k) => helper(job(k + 1), post));

  // The file's sha256 is of the bytes the chunks hold, in order: hashed here while the helpers start.
  // Bytes written after the plan (a file still being copied in) are in no chunk, and not in the hash.
  const sha256 = hashFile(file, cuts[count]!);
  // Chunk 0 on this thread, with the header, the encoding warning and the progress count; then the chunks no thread has claimed yet.
  let first = await readFirst(file, options, cuts[1]!, count === 1, (rows) => ((rowsBy[0] = rows), showProgress()));
  if (first !== undefined) await readChunks(job(0), post, first === 'open' ? 0 : first.folder.dataRows);
  if (first !== undefined && arrived < count - 1) await Promise.race([everyChunk, Promise.all(helpers.map((h) => h.done))]);
  Atomics.store(next, 0, count); // no more chunks for anyone
  for (const h of helpers) h.stop();

  // A chunk that ends inside a record (its last cut fell inside a quoted line break) is read again
  // together with the next one, from its own start, which is known to be right; the next one's reply
  // is not used, having started inside a record.
  let at = 1;
  while (first === 'open' && at < count) {
    at += 1;
    first = await readFirst(file, options, cuts[at]!, at === count, () => {});
  }
  if (first === undefined || first === 'open') return undefined;
  const { folder, source } = first;
  let { rows: rowOffset, lines: lineOffset } = source.consumed();
  while (at < count) {
    let to = at + 1;
    let reply = replies[at];
    while (reply === 'open' && to < count) {
      to += 1;
      reply = await readChunk(job(0), at, to, () => {});
    }
    if (reply === undefined || reply === 'open') return undefined; // a syntax error or the like: the one-thread reader reports it
    folder.aggregator.absorb(reply.entries, rowOffset, lineOffset);
    folder.dataRows += reply.dataRows;
    for (const { row, line, cells } of reply.bad) {
      const problem = parseCallRow(fitWidth(cells, layout.width), layout, row + rowOffset, lineOfRow(row, line, rowOffset, lineOffset));
      if ('message' in problem) folder.addProblem(problem);
    }
    folder.badRows += reply.badRows - reply.bad.length;
    rowOffset += reply.rows;
    lineOffset += reply.lines;
    at = to;
  }
  // The cap is on the whole file: over it, the one-thread reader names the row where it was passed.
  const { days, agents } = folder.aggregator.size;
  if (days + agents > options.maxAggregates) return undefined;
  return folder.contents(sha256, source);
}

/** Reads the file's first bytes up to `end` (the header and the rows after it) into a folder; 'open' when `end` is inside a record. */
async function readFirst(file: string, options: CallLogOptions, end: number, last: boolean, onRows: (rows: number) => void): Promise<{ folder: RowFolder; source: CsvSource } | 'open' | undefined> {
  const folder = new RowFolder(options);
  const source = csvSource(file, { encoding: options.encoding, maxLineLength: options.maxLineLength }, { start: 0, end, last });
  try {
    for await (const batch of source.batches(() => {}, folder)) {
      if (folder.fold(batch)) return undefined; // not a call-log header
      onRows(folder.dataRows);
    }
  } catch (error) {
    return error instanceof PartBoundaryError ? 'open' : undefined;
  }
  return { folder, source };
}

/** A row's physical line in the whole file, when it is not the row's number (see TableRow.line). */
function lineOfRow(row: number, line: number | undefined, rowOffset: number, lineOffset: number): number | undefined {
  const at = (line ?? row) + lineOffset;
  return at === row + rowOffset ? undefined : at;
}

/** The sha256 of the file's first `size` bytes. */
function hashFile(file: string, size: number): string {
  const hash = createHash('sha256');
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    for (let at = 0, read = 1; at < size && read > 0; at += read) {
      read = readSync(fd, buffer, 0, Math.min(buffer.length, size - at), at);
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * What a chunk gives: its contents; 'open' when it ends inside a record (a cut inside a quoted line
 * break, or the chunk started inside one); undefined when it cannot be used as read (a syntax error,
 * invalid bytes, too many aggregates: maybe from a wrong start, else the one-thread reader reports it).
 */
export type ChunkRead = ChunkReply | 'open' | undefined;

/**
 * What every thread runs: claims chunks (after the first) until none is left, and posts what each
 * gives. `rowsBefore`: data rows this thread folded before, for the progress count.
 */
export async function readChunks(job: ChunkJob, post: (index: number, reply: ChunkRead) => void, rowsBefore = 0): Promise<void> {
  const next = new Int32Array(job.next);
  const rowsBy = new Float64Array(job.progress);
  let done = rowsBefore;
  for (;;) {
    const index = Atomics.add(next, 0, 1);
    if (index >= job.cuts.length - 1) return;
    const reply = await readChunk(job, index, index + 1, (rows) => (rowsBy[job.slot] = done + rows));
    if (typeof reply === 'object') done += reply.dataRows;
    post(index, reply);
  }
}

/** Reads the bytes from cut `from` to cut `to` (not the first chunk) into aggregates of their own. */
async function readChunk(job: ChunkJob, from: number, to: number, onRows: (rows: number) => void): Promise<ChunkRead> {
  const { file, cuts, layout, options } = job;
  // Bad rows are judged again under their numbers in the file: the first few are kept as read.
  const folder = new RowFolder(options, layout, Math.max(1, options.maxListedProblems));
  try {
    const source = csvSource(file, { encoding: job.encoding, maxLineLength: options.maxLineLength }, { start: cuts[from]!, end: cuts[to]!, delimiter: job.delimiter, last: to === cuts.length - 1 });
    for await (const batch of source.batches(() => {}, folder)) {
      folder.fold(batch);
      onRows(folder.dataRows);
    }
    const { rows, lines } = source.consumed();
    return { entries: folder.aggregator.exportEntries(), rows, lines, dataRows: folder.dataRows, badRows: folder.badRows, bad: folder.badCells };
  } catch (error) {
    return error instanceof PartBoundaryError ? 'open' : undefined;
  }
}

/** A helper in a worker thread (dist/tmcheck-calllog-worker.js, see part-worker.ts), started ahead or now. */
export function helperInWorker(job: ChunkJob, post: (index: number, reply: ChunkRead) => void): Helper {
  const worker = takePartHelper();
  worker.postMessage(job);
  const done = new Promise<void>((resolve) => {
    worker.on('message', (message: { index: number; reply: ChunkRead } | 'done') => {
      if (message === 'done') resolve();
      else post(message.index, message.reply);
    });
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
  return { done, stop: () => void worker.terminate() };
}
