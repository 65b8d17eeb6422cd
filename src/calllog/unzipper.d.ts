// The part of unzipper (the zip parser exceljs streams with; it ships no types) that xlsx-limits.ts uses.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  export interface Entry extends Readable {
    path: string;
    vars: { uncompressedSize?: number };
    autodrain(): unknown;
  }
  export function Parse(options: { forceStream: boolean }): NodeJS.ReadWriteStream & AsyncIterable<Entry>;
}
