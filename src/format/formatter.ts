import type { Lang } from '../util/i18n.js';
import type { Report, FailOn } from '../report/model.js';

export interface FormatOptions {
  lang: Lang;
  /** ANSI colours (text only): true only for a terminal without NO_COLOR. */
  color: boolean;
  failOn: FailOn;
  /** SARIF only (`--sarif-max-results`): most results in the log; more are left out, the most severe kept (sarif-cap.ts). */
  sarifMaxResults?: number;
}

/** A formatter is a pure function of the report model: it renders, it never decides. */
export type Formatter = (report: Report, options: FormatOptions) => string;
