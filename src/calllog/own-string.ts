/**
 * A copy of `text` that keeps nothing else alive. A cell is cut from the text of the chunk it was
 * read in (csv-records.ts), and V8 may keep a cut of 13 or more characters as a view of that whole
 * chunk: a cell kept for the whole file (a credit code, an agent id: one per aggregate) would keep
 * its 64 KiB chunk with it. Joining and cutting again makes V8 build a string of its own (of the
 * cell's length plus one), with every code unit kept as it was.
 */
export function ownString(text: string): string {
  return (' ' + text).slice(1);
}
