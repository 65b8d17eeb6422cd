import type { InputError } from '../read/input-error.js';

/** One row of a table as text cells, numbered as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  row: number;
  cells: string[];
  /**
   * The physical line the row starts on (header = line 1), only when it is not `row`: in a CSV after
   * a quoted field with a line break. What line-based outputs (SARIF, GitHub, JUnit) show.
   */
  line?: number;
}

/** A call log file opened for streaming: CSV or the one worksheet with data of an XLSX workbook. */
export interface TableSource {
  /** The CSV encoding that was used (absent for XLSX). */
  encoding?: string;
  /** Said in the report when the encoding was a judgement (see encoding.ts). */
  warning?: InputError;
  /**
   * Rows in file order, in batches (a CSV yields the rows of each chunk it reads), so that the
   * reader's loop over rows is synchronous and pays one await per batch, not per row.
   * `onBytes` sees every byte of the file once (for its sha256).
   *
   * `taker` (CSV only; a source may ignore it): takes rows as they are read, in file order, once it
   * is `ready`; a row it takes is in no batch. See RowTaker.
   */
  batches(onBytes: (chunk: Buffer) => void, taker?: RowTaker): AsyncGenerator<TableRow[]>;
}

/**
 * What folds rows as they are read (read-call-log.ts's RowFolder), instead of in batches: every
 * row once `ready` (after the header), in file order.
 */
export interface RowTaker {
  readonly ready: boolean;
  /**
   * A plain CSV record, text[from, to) (no quote, no line break: see csv-records.ts), as row `row`
   * starting on physical line `line`: true when folded; false to have it read as cells.
   */
  plain(text: string, from: number, to: number, row: number, line: number): boolean;
  /** Any other row. */
  row(row: TableRow): void;
}
