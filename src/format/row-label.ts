import type { Lang } from '../util/i18n.js';

/** A table row as the reader's language says it ("row 4" / "第 4 行"), with its physical line when the two differ. */
export function rowLabel(row: number, line: number | undefined, lang: Lang): string {
  if (lang === 'zh') return line === undefined ? `第 ${row} 行` : `第 ${row} 行（文件第 ${line} 行）`;
  return line === undefined ? `row ${row}` : `row ${row} (line ${line})`;
}
