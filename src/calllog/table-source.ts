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
   */
  batches(onBytes: (chunk: Buffer) => void): AsyncGenerator<TableRow[]>;
}
