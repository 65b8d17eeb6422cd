import type { Readable } from 'node:stream';

/**
 * The entries of unzipper's streaming parser, in file order, as an async iterable. An error of the
 * parser while an entry is being read (a deflate stream that ends early, a bad signature) is emitted
 * on the parser only: the entry never ends, and its reader waited forever (the run ended with
 * "the process ended before the check finished", no report for any file). Here it fails that entry
 * too, so its reader sees the error and the file is an input error.
 */
export async function* zipEntries<Entry extends Readable>(zip: AsyncIterable<Entry> & NodeJS.EventEmitter): AsyncGenerator<Entry> {
  let current: Entry | undefined;
  const fail = (error: Error) => {
    if (current === undefined || current.destroyed) return;
    // An entry nobody reads any more (drained, left) has no error listener: its error is the parser's.
    current.on('error', () => {});
    current.destroy(error);
  };
  zip.on('error', fail);
  try {
    for await (const entry of zip) {
      current = entry;
      yield entry;
    }
  } finally {
    zip.off('error', fail);
  }
}
