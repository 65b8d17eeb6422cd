import type { Bilingual, Lang } from '../util/i18n.js';
import type { Position } from '../read/parse-document.js';
import { escapeTerminal } from '../util/escape.js';

/** Parameter values by name, for one rule. */
export type ParamOverrides = Record<string, unknown>;
/** Rule id → its parameter overrides. */
export type RuleOverrides = Record<string, ParamOverrides>;

/**
 * A branch profile (`--profile FILE`): rule parameter overrides for every report (`defaults`) and
 * per city (`cities`, keyed by a report's exact `city`). City overrides win over defaults, which win
 * over the rule files' own defaults. Format: schemas/profile.schema.json and README "Profiles".
 */
export interface Profile {
  /** The file as the user named it (relative to the working directory when inside it). */
  file: string;
  description?: string;
  defaults: RuleOverrides;
  cities: Record<string, RuleOverrides>;
  /** The branch's register (`vendors`): credit code → the city, as written, of the branch that handles the vendor. */
  vendors: Record<string, string>;
  /** Position of a value (or, with `key`, of its key) in the profile file, for error messages. */
  locate(pointer: string, key?: boolean): Position;
}

export interface ProfileProblem {
  file: string;
  line: number;
  column: number;
  message: Bilingual;
}

/** A profile that cannot be used: every problem, each with the file and line. The CLI exits 2. */
export class ProfileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message.en}`).join('\n'));
    this.name = 'ProfileError';
  }

  /** One line per problem, in the report language, with characters from the file made harmless. */
  render(lang: Lang): string {
    const heading = lang === 'zh' ? '分公司参数配置（--profile）无法使用：' : 'the profile cannot be used:';
    const lines = this.problems.map((p) => `  ${escapeTerminal(`${p.file}:${p.line}:${p.column}: ${p.message[lang]}`)}`);
    return `${heading}\n${lines.join('\n')}\n`;
  }
}

export function ownEntry<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
