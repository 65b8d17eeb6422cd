import path from 'node:path';

/**
 * What the CLI needs to know about call logs before reading one: which files are call logs, and the
 * options. Kept apart from the readers so that a run without call logs never loads csv-parse,
 * iconv-lite or exceljs (run-check imports the call-log pipeline only when a call log is named).
 */
export const CSV_ENCODINGS = ['auto', 'utf8', 'gb18030'] as const;
export type CsvEncodingChoice = (typeof CSV_ENCODINGS)[number];

export interface CallLogOptions {
  encoding: CsvEncodingChoice;
  maxLineLength: number;
  /** Bad rows listed one by one; the rest are counted. */
  maxListedProblems: number;
  /** Distinct vendor-days plus vendor-agent-months a file may hold (hostile-input guard). */
  maxAggregates: number;
  /** Called every `progressEvery` rows, for a progress line on a terminal. */
  onRows?: (rows: number) => void;
}

export const DEFAULT_CALL_LOG_OPTIONS: CallLogOptions = {
  encoding: 'auto',
  maxLineLength: 64 * 1024,
  maxListedProblems: 20,
  maxAggregates: 200_000,
};

export function isCallLogFile(file: string): boolean {
  return ['.csv', '.xlsx'].includes(path.extname(file).toLowerCase());
}
