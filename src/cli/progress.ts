import { escapeTerminal } from '../util/escape.js';
import type { Lang } from '../util/i18n.js';

/** Runs with fewer files finish before a progress line would help. */
export const PROGRESS_MIN_FILES = 20;

export interface ProgressLine {
  update(done: number, total: number): void;
  /** Rows of a large call log read so far (every thread's, with --jobs): a long read shows it is moving. */
  rows(file: string, rows: number): void;
  /** Clears the line so the report starts on a clean terminal line. */
  end(): void;
}

/**
 * A one-line "checking 12/300 files" counter on stderr, or undefined when it must stay silent:
 * stderr is not a terminal, a JSON report is asked for, or the report goes to a pipe on stdout
 * (a progress line there would interleave with what the pipe's reader shows).
 */
export function progressLine(
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
  when: { json: boolean; stdoutPiped: boolean },
  lang: Lang,
): ProgressLine | undefined {
  if (stderr.isTTY !== true || when.json || when.stdoutPiped) return undefined;
  let shown = false;
  let lastPercent = -1;
  // A rows line is longer than a files line: the next files line clears it first.
  let clear = '';
  return {
    update(done, total) {
      if (total < PROGRESS_MIN_FILES) return;
      const percent = Math.floor((done / total) * 100);
      if (percent === lastPercent && done !== total) return; // at most ~100 redraws per run
      lastPercent = percent;
      shown = true;
      stderr.write(clear + (lang === 'zh' ? `\r正在检查：${done}/${total} 个文件（${percent}%）` : `\rchecking: ${done}/${total} files (${percent}%)`));
      clear = '';
    },
    rows(file, rows) {
      shown = true;
      clear = '\r\u001b[2K';
      const name = escapeTerminal(file); // a file name is the vendor's: no terminal control codes
      stderr.write(lang === 'zh' ? `\r\u001b[2K正在读取 ${name}：${rows} 行` : `\r\u001b[2Kreading ${name}: ${rows} rows`);
    },
    end() {
      if (shown) stderr.write('\r\u001b[2K');
    },
  };
}
