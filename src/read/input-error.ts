import type { Bilingual } from '../util/i18n.js';

/** Why a file could not be checked, and where (pointer and position when known). */
export interface InputError {
  code: string;
  message: Bilingual;
  path?: string;
  line?: number;
  column?: number;
  /** 1-based row of a table (CSV/XLSX), the header being row 1. */
  row?: number;
  /** Column name of a table. */
  field?: string;
}

export function inputError(code: string, zh: string, en: string, where: Partial<InputError> = {}): InputError {
  return { code, message: { zh, en }, ...where };
}
