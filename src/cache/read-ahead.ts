import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Files a request to the reader names. */
const BATCH_FILES = 64;
/** Largest batch of bytes a reply holds; a file that would not fit is left to the main thread. */
const BATCH_BYTES = 1 << 20;
/** Batches asked for ahead of the file the run has reached (at most this many replies held: a few MB). */
const AHEAD = 6;
/** Fewer documents than this are all read on the main thread (the reader's own start is tens of ms of a core). */
export const READ_AHEAD_MIN_FILES = 512;

/**
 * The reader thread: for each request, every named file that is a plain regular file of the size
 * fstat gives, not empty and within the limit, read (with the flags readSourceBytes uses: a FIFO
 * never blocks it) and hashed with SHA-256; anything else (not a regular file, too large, empty,
 * changed while read, any error) is left to the main thread, which reads it with readSourceBytes
 * and its guards and messages. Node built-ins only: it loads nothing of tmcheck.
 */
const READER = `
const { workerData } = require('node:worker_threads');
const { closeSync, constants, fstatSync, openSync, readSync } = require('node:fs');
const crypto = require('node:crypto');
const sha256 = crypto.hash ? (bytes) => crypto.hash('sha256', bytes) : (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const { port, maxBytes, batchBytes, reached } = workerData;
const scratch = Buffer.allocUnsafeSlow(batchBytes);
port.on('message', ({ start, paths }) => {
  const spans = new Int32Array(2 * paths.length).fill(-1);
  const hashes = [];
  let at = 0;
  for (let k = 0; k < paths.length; k++) {
    hashes.push('');
    // A file the main thread has reached already it has read itself: not read twice.
    if (start + k < Atomics.load(reached, 0)) continue;
    let fd;
    try {
      fd = openSync(paths[k], constants.O_RDONLY | constants.O_NONBLOCK);
      const stat = fstatSync(fd);
      const size = stat.size;
      if (!stat.isFile() || size === 0 || size > maxBytes || at + size + 1 > batchBytes) continue;
      // One byte more than fstat said: a file that grew meanwhile is the main thread's to read.
      let filled = 0;
      for (;;) {
        const n = readSync(fd, scratch, at + filled, size + 1 - filled, null);
        if (n === 0) break;
        filled += n;
        if (filled >= size) break;
      }
      if (filled !== size) continue;
      hashes[k] = sha256(scratch.subarray(at, at + size));
      spans[2 * k] = at;
      spans[2 * k + 1] = size;
      at += size;
    } catch {
      // Left to the main thread, whose read says what is wrong.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  // Only the bytes read, in a buffer of their own handed over whole (the scratch is reused).
  const bytes = new Uint8Array(at);
  bytes.set(scratch.subarray(0, at));
  port.postMessage({ start, spans, hashes, bytes }, [bytes.buffer]);
});
`;

interface Batch {
  start: number;
  spans: Int32Array;
  hashes: string[];
  bytes: Uint8Array;
}

/** A file's bytes as the reader read them, and their SHA-256 in hex. */
export interface ReadAheadFile {
  bytes: Uint8Array;
  sha256: string;
}

/**
 * Reads and hashes a run's files ahead of it on another thread, so that the main thread's share of
 * a warm --cache rerun (where reading and hashing every file is most of what is left) overlaps with
 * the rest. The main thread asks for each file in the list's order; a file the reader has not
 * reached yet, or left alone, the main thread reads itself, so the reader can only save time: the
 * verdict never depends on it. Replies are taken without waiting (receiveMessageOnPort).
 */
export class ReadAhead {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** The next file asked for (by position in `paths`) and the first not yet requested from the reader. */
  private position = 0;
  private requested = 0;
  private batch: Batch | undefined;
  private stopped = false;
  /** The position the main thread has reached, shared with the reader so that it skips what is past. */
  private readonly reached = new Int32Array(new SharedArrayBuffer(4));
  /** Files the reader handed over (for tests and measurements). */
  fromReader = 0;

  constructor(
    private readonly paths: readonly string[],
    maxBytes: number,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(READER, { eval: true, workerData: { port: port2, maxBytes, batchBytes: BATCH_BYTES, reached: this.reached }, transferList: [port2] });
    // Never what keeps the process alive, and a reader that fails leaves every file to the main thread.
    this.worker.unref();
    this.port.unref();
    this.worker.on('error', () => this.stop());
    this.request();
  }

  /** The file's bytes and hash if the reader has them; undefined: read it here. `path` is the next of the list. */
  take(path: string): ReadAheadFile | undefined {
    if (this.stopped) return undefined;
    const i = this.position++;
    Atomics.store(this.reached, 0, this.position);
    if (this.paths[i] !== path) {
      // Asked out of order: the list is not the run's, so none of it is used.
      this.stop();
      return undefined;
    }
    this.request();
    while (!this.batch || this.batch.start + this.batch.hashes.length <= i) {
      const message = receiveMessageOnPort(this.port);
      if (!message) return undefined;
      this.batch = message.message as Batch;
    }
    const k = i - this.batch.start;
    if (k < 0 || this.batch.spans[2 * k]! < 0) return undefined;
    const at = this.batch.spans[2 * k]!;
    this.fromReader += 1;
    return { bytes: this.batch.bytes.subarray(at, at + this.batch.spans[2 * k + 1]!), sha256: this.batch.hashes[k]! };
  }

  /** Ends the reader (not awaited: it holds nothing the run needs). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.batch = undefined;
    this.port.close();
    void this.worker.terminate();
  }

  /** Keeps AHEAD batches asked for beyond the file reached. */
  private request(): void {
    const limit = Math.min(this.paths.length, this.position + AHEAD * BATCH_FILES);
    while (this.requested < limit) {
      const start = this.requested;
      const paths = this.paths.slice(start, Math.min(start + BATCH_FILES, this.paths.length));
      this.port.postMessage({ start, paths });
      this.requested += paths.length;
    }
  }
}
