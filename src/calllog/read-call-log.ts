import { createHash } from 'node:crypto';
import path from 'node:path';
import { inputError, type InputError } from '../read/input-error.js';
import { formatNumber } from '../rules/message-template.js';
import { CallLogAggregator, TooManyAggregatesError } from './aggregate.js';
import { isRowProblem, parseCallRow, parsePlainRow, type RowProblem } from './call-row.js';
import { readHeader, type ColumnLayout } from './columns.js';
import type { CallLogOptions } from './call-log-options.js';
import { CallLogInputError } from './errors.js';
import { csvSource } from './read-csv.js';
import { xlsxSource } from './read-xlsx.js';
import { tableName, type TableInput } from './open-file.js';
import type { RowTaker, TableRow, TableSource } from './table-source.js';

export { DEFAULT_CALL_LOG_OPTIONS, isCallLogFile, type CallLogOptions } from './call-log-options.js';

/** `onRows` is called at every multiple of this many data rows. */
export const PROGRESS_EVERY = 10_000;

/** What is kept of a call log after streaming it: aggregates and counts, never its rows. */
export interface CallLogContents {
  aggregator: CallLogAggregator;
  sha256: string;
  encoding?: string;
  /** When the encoding was assumed rather than certain: says which, and how to set it. */
  encodingWarning?: InputError;
  /** Data rows (blank rows excluded) and how many of them could not be read. */
  dataRows: number;
  badRows: number;
  /** The first `maxListedProblems` bad rows. */
  listed: RowProblem[];
  /** The first bad row, whatever `maxListedProblems` says: where the finding on unreadable rows points. */
  firstBad?: RowProblem;
}

/**
 * Streams one call log (CSV or XLSX) into aggregates. Bad rows are collected (the first few in
 * full, the rest counted) and do not stop the others; a problem with the file as a whole (cannot be
 * opened or decoded, wrong header, an endless line, a CSV syntax error) is returned as an InputError.
 * `open` gives the rows (a test passes another CSV reader to compare the two).
 */
export async function readCallLog(file: TableInput, options: CallLogOptions, open: (file: TableInput, options: CallLogOptions) => TableSource = openSource): Promise<CallLogContents | InputError> {
  const hash = createHash('sha256');
  const folder = new RowFolder(options);
  let source: TableSource;
  try {
    source = open(file, options);
    for await (const batch of source.batches((chunk) => hash.update(chunk), folder)) {
      const wrongHeader = folder.fold(batch);
      if (wrongHeader) return wrongHeader;
    }
  } catch (error) {
    return asInputError(error);
  }
  if (!folder.layout) return inputError('empty', '文件为空：没有表头行', 'file is empty: no header row', { row: 1 });
  return folder.contents(hash.digest('hex'), source);
}

/**
 * Folds rows into aggregates and counts, in file order: the header (row 1) gives the layout, unless
 * it is given (a later part of a file read in parts, see read-in-parts.ts).
 */
export class RowFolder implements RowTaker {
  readonly aggregator: CallLogAggregator;
  readonly listed: RowProblem[] = [];
  firstBad: RowProblem | undefined;
  dataRows = 0;
  badRows = 0;
  /** The last row folded. */
  lastRow = 0;
  /** The first `keepBadCells` bad rows as read (see read-in-parts.ts). */
  readonly badCells: Array<{ row: number; line?: number; cells: string[] }> = [];

  constructor(
    private readonly options: Pick<CallLogOptions, 'maxAggregates' | 'maxListedProblems' | 'onRows'>,
    public layout?: ColumnLayout,
    private readonly keepBadCells = 0,
  ) {
    this.aggregator = new CallLogAggregator(options.maxAggregates);
  }

  /** Folds one batch; returns the header's error when row 1 is not a call-log header. */
  fold(batch: TableRow[]): InputError | undefined {
    for (const { row, cells, line } of batch) {
      if (!this.layout) {
        this.lastRow = row;
        const header = readHeader(cells);
        if ('code' in header) return header;
        this.layout = header;
        continue;
      }
      this.foldRow(row, cells, line);
    }
    return undefined;
  }

  /** Rows are taken as they are read once the header is known (see RowTaker). */
  get ready(): boolean {
    return this.layout !== undefined;
  }

  row({ row, cells, line }: TableRow): void {
    this.foldRow(row, cells, line);
  }

  /**
   * A plain CSV record straight from the text: false when it is not a plain valid call, to be read
   * as cells instead. Nearly every row of a log comes this way, with no cells, row or call object
   * made for it.
   */
  plain(text: string, from: number, to: number, row: number, line: number): boolean {
    const call = parsePlainRow(text, from, to, this.layout!, row, line);
    if (call === undefined) return false;
    this.lastRow = row;
    this.countDataRow();
    this.aggregator.add(call);
    return true;
  }

  /** A data row (after the header), as cells. */
  private foldRow(row: number, cells: string[], line: number | undefined): void {
    this.lastRow = row;
    if (isBlank(cells)) return;
    this.countDataRow();
    const call = parseCallRow(fitWidth(cells, this.layout!.width), this.layout!, row, line);
    if (isRowProblem(call)) {
      this.addProblem(call);
      if (this.badCells.length < this.keepBadCells) this.badCells.push(line === undefined ? { row, cells } : { row, line, cells });
    } else this.aggregator.add(call);
  }

  private countDataRow(): void {
    this.dataRows += 1;
    if (this.dataRows % PROGRESS_EVERY === 0) this.options.onRows?.(this.dataRows);
  }

  addProblem(problem: RowProblem): void {
    this.badRows += 1;
    this.firstBad ??= problem;
    if (this.listed.length < this.options.maxListedProblems) this.listed.push(problem);
  }

  contents(sha256: string, source: TableSource): CallLogContents {
    const { aggregator, dataRows, badRows, listed, firstBad } = this;
    return { aggregator, sha256, ...(source.encoding ? { encoding: source.encoding } : {}), ...(source.warning ? { encodingWarning: source.warning } : {}), dataRows, badRows, listed, ...(firstBad ? { firstBad } : {}) };
  }
}

/** A problem with the file as a whole, as the InputError the report shows; anything else is a bug and is thrown. */
function asInputError(error: unknown): InputError {
  if (error instanceof CallLogInputError) return error.error;
  if (error instanceof TooManyAggregatesError) {
    return inputError(
      'too-many-aggregates',
      `第 ${error.row} 行：不同的「外包合作方×日期」与「外包合作方×话务员」超过 ${error.limit} 个，不像一份通话记录，已停止读取（可用 --max-call-log-groups 调整）`,
      `row ${error.row}: more than ${error.limit} distinct vendor-days and vendor-agents; this does not look like a call log, reading stopped (raise it with --max-call-log-groups)`,
      { row: error.row },
    );
  }
  throw error;
}

function openSource(file: TableInput, options: CallLogOptions): TableSource {
  return path.extname(tableName(file)).toLowerCase() === '.xlsx' ? xlsxSource(file, options) : csvSource(file, options);
}

/** A row of empty or all-space cells (as a spreadsheet leaves between blocks of rows). */
function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell !== '' && cell.trim() !== '') return false;
  return true;
}

/**
 * Trailing empty cells do not count as columns (Excel pads rows, and an XLSX row stops at its last
 * value); a row is ragged only when it has values beyond the header or cells missing in the middle.
 */
export function fitWidth(cells: string[], width: number): string[] {
  if (cells.length === width) return cells;
  let end = cells.length;
  while (end > width && cells[end - 1]!.trim() === '') end -= 1;
  return end > width ? cells : cells.slice(0, end);
}

/** File warnings for the bad rows: each listed row, then one line counting the rest. */
export function rowProblemWarnings(contents: CallLogContents): InputError[] {
  const warnings = contents.listed.map((problem) =>
    inputError('call-log-row', problem.message.zh, problem.message.en, {
      row: problem.row,
      ...(problem.line !== undefined ? { line: problem.line } : {}),
      ...(problem.field ? { field: problem.field } : {}),
    }),
  );
  const rest = contents.badRows - contents.listed.length;
  if (rest > 0) {
    warnings.push(
      inputError(
        'call-log-rows',
        `另有 ${rest} 行无法读取（共 ${contents.badRows} 行，占 ${contents.dataRows} 行数据的 ${percent(contents.badRows, contents.dataRows)}），未计入汇总`,
        `${rest} more rows cannot be read (${contents.badRows} in all, ${percent(contents.badRows, contents.dataRows)} of ${contents.dataRows} data rows); they are left out of the aggregates`,
      ),
    );
  }
  return warnings;
}

/** As the findings write numbers: just over half (when the call log cannot be judged) never reads "50.0%". */
function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${formatNumber((part * 100) / whole, [50])}%`;
}
