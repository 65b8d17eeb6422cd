import type { Lang } from '../util/i18n.js';
import type { Report, FailOn } from '../report/model.js';

export interface FormatOptions {
  lang: Lang;
  /** ANSI colours (text only): true only for a terminal without NO_COLOR. */
  color: boolean;
  failOn: FailOn;
}

/** A formatter is a pure function of the report model: it renders, it never decides. */
export type Formatter = (report: Report, options: FormatOptions) => string;
