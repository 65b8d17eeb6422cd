import path from 'node:path';

/**
 * What the CLI needs to know about call logs before reading one: which files are call logs, and the
 * options. Kept apart from the readers so that a run without call logs never loads the CSV
 * reader, iconv-lite or exceljs (run-check imports the call-log pipeline only when a call log is named).
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
  /** Bytes an XLSX workbook may inflate to (zip-bomb guard). */
  maxXlsxBytes: number;
  /** Strings an XLSX shared-string table may hold (exceljs keeps them all in memory). */
  maxSharedStrings: number;
  /** Threads one large CSV log may be read with (the run's `--jobs`; see read-in-parts.ts). */
  parts?: number;
  /** Called every `progressEvery` rows, for a progress line on a terminal. */
  onRows?: (rows: number) => void;
}

export const DEFAULT_CALL_LOG_OPTIONS: CallLogOptions = {
  encoding: 'auto',
  maxLineLength: 64 * 1024,
  maxListedProblems: 20,
  maxAggregates: 200_000,
  // 512 MiB of XML is about 2.5 million rows of six cells; a log that large is better sent as CSV.
  maxXlsxBytes: 512 * 1024 * 1024,
  // Two or three distinct strings per row (call id, agent, a time typed as text) for a few million rows.
  maxSharedStrings: 10_000_000,
};

/** Last characters (ASCII lower case, as `| 0x20` makes them) a call log's name can end with: `.csv`, `.xlsx`. */
const CALL_LOG_LAST = new Set([0x76, 0x78]);
/** Characters a name may end with that extname skips (a trailing separator): such a name takes the long way. */
const SEPARATORS = new Set([0x2f, 0x5c]);

export function isCallLogFile(file: string): boolean {
  // Asked for every file of a run (15 ms of a warm 5,000-dossier rerun through extname): only a name
  // ending in v or x (any case; no other character lower-cases to them) can be a call log.
  const last = file.charCodeAt(file.length - 1);
  if (!CALL_LOG_LAST.has(last | 0x20) && !SEPARATORS.has(last)) return false;
  return ['.csv', '.xlsx'].includes(path.extname(file).toLowerCase());
}
