import { appendFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatMarkdown } from '../format/markdown.js';
import type { FormatOptions } from '../format/formatter.js';
import type { Report } from '../report/model.js';

/**
 * In GitHub Actions a step shows only ten annotations of each type, so a run that writes the
 * `github` format also appends the Markdown summary (which fits the page) to the job summary file
 * the runner names in GITHUB_STEP_SUMMARY. The file is the runner's: it is appended to in one
 * write, never replaced. Returns the error message when it cannot be written (the check still stands).
 */
export function appendStepSummary(report: Report, env: NodeJS.ProcessEnv, options: FormatOptions): string | undefined {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  try {
    const text = formatMarkdown(report, { ...options, color: false }) + '\n';
    // A FIFO is written through as a report is (a FIFO nothing reads is an error, never a wait that
    // Ctrl-C cannot end); anything else is appended to.
    if (statSync(file, { throwIfNoEntry: false })?.isFIFO()) writeFileAtomic(file, text);
    else appendFileSync(file, text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
