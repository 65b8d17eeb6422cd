import { inputError, type InputError } from '../read/input-error.js';

/** The call log's columns (docs/documents.md). Their order in a file may differ; their names may not. */
export const CALL_LOG_COLUMNS = ['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded'] as const;
export type CallLogColumn = (typeof CALL_LOG_COLUMNS)[number];

/** Where each column sits in a row, and how many cells a row has. */
export interface ColumnLayout {
  index: Record<CallLogColumn, number>;
  width: number;
}

/**
 * Reads the header row (row 1). Names are compared after trimming spaces; a missing, unknown or
 * repeated column makes the whole file uncheckable, and the error names every such column.
 */
export function readHeader(cells: string[]): ColumnLayout | InputError {
  const names = cells.map((cell) => cell.trim());
  // Excel pads a sheet with empty trailing cells; they are not columns.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const known = new Set<string>(CALL_LOG_COLUMNS);
  const unknown = names.filter((name) => !known.has(name)).map((name) => (name === '' ? '(empty)' : name));
  const repeated = names.filter((name, i) => known.has(name) && names.indexOf(name) !== i);
  const missing = CALL_LOG_COLUMNS.filter((name) => !names.includes(name));
  if (unknown.length > 0 || repeated.length > 0 || missing.length > 0) {
    const zh: string[] = [];
    const en: string[] = [];
    if (missing.length > 0) zh.push(`缺少列 ${missing.join(', ')}`), en.push(`missing column(s) ${missing.join(', ')}`);
    if (unknown.length > 0) zh.push(`未知列 ${unknown.join(', ')}`), en.push(`unknown column(s) ${unknown.join(', ')}`);
    if (repeated.length > 0) zh.push(`重复列 ${[...new Set(repeated)].join(', ')}`), en.push(`repeated column(s) ${[...new Set(repeated)].join(', ')}`);
    return inputError(
      'call-log-header',
      `通话记录表头不符：${zh.join('；')}（表头须为 ${CALL_LOG_COLUMNS.join(',')}，顺序不限）`,
      `call log header does not match: ${en.join('; ')} (the header is ${CALL_LOG_COLUMNS.join(',')}, in any order)`,
      { row: 1 },
    );
  }
  const index = Object.fromEntries(CALL_LOG_COLUMNS.map((name) => [name, names.indexOf(name)])) as Record<CallLogColumn, number>;
  return { index, width: names.length };
}
