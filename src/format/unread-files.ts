import type { Lang } from '../util/i18n.js';

/** Names shown before the rest are counted: a folder of scans must not make a line of thousands. */
const SHOWN = 10;

/**
 * The one line a report gives the files a folder walk did not read (Report.unreadFiles): their count
 * and their names, at most ten. Plain text: the caller escapes it for its format.
 */
export function unreadFilesLine(files: readonly string[], lang: Lang): string {
  const shown = files.slice(0, SHOWN);
  const more = files.length - shown.length;
  if (lang === 'zh') return `未读取的文件（${files.length} 个）：${shown.join('、')}${more > 0 ? ` 等（另 ${more} 个）` : ''}`;
  return `files not read (${files.length}): ${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
}
