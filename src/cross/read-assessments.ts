import path from 'node:path';
import { readSourceText } from '../read/read-source.js';
import { parseYamlDocument, type Position } from '../read/parse-document.js';
import { inputError, type InputError } from '../read/input-error.js';
import type { ReadLimits } from '../read/limits.js';
import { validateOwnKind } from '../validate/validate-document.js';
import { ASSESSMENT_KIND, ASSESSMENT_SCHEMA_FILE } from '../kinds/kinds.js';
import { isValidCreditCode } from '../util/credit-code.js';
import { displayPath } from '../util/display-path.js';
import { compareText } from '../util/compare.js';
import { sha256 } from '../util/hash.js';
import { parseMonth } from '../util/dates.js';
import type { FileResult } from '../report/model.js';
import type { AssessedScore, BranchAssessments, MonthAssessment } from '../ranking/assessment.js';

/** What the run read of its --assessments files. */
export interface ReadAssessments {
  assessments: BranchAssessments;
  /** Assessment files that cannot be used: input errors listed with the run's files (exit 2). */
  invalid: FileResult[];
  /**
   * A hash of every file's content (or of why it could not be read), in the order named: a changed
   * assessment changes the run's cache key and a shard's settings (src/api/checker.ts).
   */
  contentKey: string;
}

/** One assessment's data as read: a file (shown as reports show paths), its data and positions. */
export interface AssessmentSource {
  file: string;
  data: unknown;
  locate(pointer: string): Position;
  /** Where a key is written (an unknown or look-alike key is told there); `locate` where not given. */
  locateKey?(pointer: string): Position;
}

/**
 * Reads the branch's assessments (`--assessments FILE`, repeatable), with the guards every document
 * gets (size, encoding, YAML errors, duplicate, alias and look-alike keys) and schemas/monthly-assessment.schema.json.
 * Never throws: a file that cannot be used is an invalid file of the report, and the month it names
 * (every month, when it names none) cannot be ranked.
 */
export function readAssessments(files: readonly string[], cwd: string, limits: ReadLimits): ReadAssessments {
  const sources: AssessmentSource[] = [];
  const invalid: FileResult[] = [];
  const hashes: string[] = [];
  let unreadable = false;
  for (const named of [...new Set(files.map((file) => path.resolve(cwd, file)))]) {
    const file = displayPath(named, cwd);
    const source = readSourceText(named, limits.maxFileBytes);
    if ('code' in source) {
      hashes.push(`${file}\u0000!${source.code}`);
      invalid.push(invalidFile(file, [source]));
      unreadable = true;
      continue;
    }
    hashes.push(`${file}\u0000${sha256(source.text)}`);
    const parsed = parseYamlDocument(source.text, limits);
    if (Array.isArray(parsed)) {
      invalid.push(invalidFile(file, parsed));
      unreadable = true;
      continue;
    }
    sources.push({ file, data: parsed.data, locate: parsed.locate, locateKey: parsed.locateKey });
  }
  const built = assessmentsOf(sources);
  return {
    assessments: { byMonth: built.byMonth, unusable: unreadable ? 'all' : built.unusable },
    invalid: [...invalid, ...built.invalid],
    contentKey: sha256(hashes.join('\n')),
  };
}

/**
 * Assessments from their data: each validated and its credit codes checked; two for one month are
 * an input error on both (which is the branch's cannot be told), and that month cannot be ranked.
 * Also used for rule examples (src/coverage/run-examples.ts), whose assessments have no file.
 */
export function assessmentsOf(sources: readonly AssessmentSource[]): { byMonth: Map<string, MonthAssessment>; unusable: Set<string> | 'all'; invalid: FileResult[] } {
  const invalid: FileResult[] = [];
  const unusable = new Set<string>();
  let unplaced = false;
  const byMonth = new Map<string, MonthAssessment[]>();
  for (const source of sources) {
    const month = monthOf(source.data);
    const errors = [...validateOwnKind(ASSESSMENT_SCHEMA_FILE, { data: source.data, locate: source.locate, locateKey: source.locateKey ?? source.locate }), ...entryErrors(source)];
    if (errors.length > 0) {
      invalid.push(invalidFile(source.file, errors));
      if (month === undefined) unplaced = true;
      else unusable.add(month);
      continue;
    }
    byMonth.set(month!, [...(byMonth.get(month!) ?? []), { file: source.file, month: month!, scores: scoresOf(source) }]);
  }
  const usable = new Map<string, MonthAssessment>();
  for (const [month, assessments] of byMonth) {
    if (assessments.length === 1 && !unusable.has(month)) {
      usable.set(month, assessments[0]!);
      continue;
    }
    unusable.add(month);
    for (const assessment of assessments) {
      const others = assessments.filter((a) => a !== assessment).map((a) => a.file);
      const also = others.length > 0 ? others.join(', ') : '';
      invalid.push(
        invalidFile(assessment.file, [
          inputError(
            'assessment-month-twice',
            `同一月份（${month}）有多份分公司考核${also ? `：另见 ${also}` : '（另一份无法使用）'}；无法判断哪一份属实，${month} 不按任何一份排名`,
            `more than one branch assessment for ${month}${also ? `: see also ${also}` : ' (the other cannot be used)'}; which one holds cannot be told, so ${month} is ranked on neither`,
            { path: '/month', ...assessmentPosition(assessment, '/month', sources) },
          ),
        ]),
      );
    }
  }
  return { byMonth: usable, unusable: unplaced ? 'all' : unusable, invalid: invalid.sort((a, b) => compareText(a.file, b.file)) };
}

function monthOf(data: unknown): string | undefined {
  const month = data !== null && typeof data === 'object' ? (data as Record<string, unknown>).month : undefined;
  return parseMonth(month) ? (month as string) : undefined;
}

type Entry = { credit_code?: unknown; vendor?: unknown; score?: unknown };

function entriesOf(data: unknown): Entry[] {
  const scores = data !== null && typeof data === 'object' ? (data as Record<string, unknown>).scores : undefined;
  return Array.isArray(scores) ? (scores as Entry[]) : [];
}

/** Credit codes whose check character is wrong, or listed twice (a vendor with two scores could be last or not). */
function entryErrors(source: AssessmentSource): InputError[] {
  const errors: InputError[] = [];
  const seen = new Map<string, number>();
  entriesOf(source.data).forEach((entry, i) => {
    const code = entry?.credit_code;
    if (typeof code !== 'string') return;
    const pointer = `/scores/${i}/credit_code`;
    if (!isValidCreditCode(code)) {
      errors.push(
        inputError(
          'assessment-credit-code',
          `${pointer} 的统一社会信用代码 ${code} 校验位不符（GB 32100-2015）`,
          `${pointer}: the credit code ${code} has a wrong check character (GB 32100-2015)`,
          { path: pointer, ...source.locate(pointer) },
        ),
      );
    }
    const first = seen.get(code);
    if (first === undefined) {
      seen.set(code, i);
      return;
    }
    errors.push(
      inputError(
        'assessment-credit-code-twice',
        `统一社会信用代码 ${code} 在本考核中列出两次（另见 /scores/${first}）：无法判断哪个得分属实`,
        `the credit code ${code} is listed twice in this assessment (also /scores/${first}): which score holds cannot be told`,
        { path: pointer, ...source.locate(pointer) },
      ),
    );
  });
  return errors;
}

function scoresOf(source: AssessmentSource): Map<string, AssessedScore> {
  const scores = new Map<string, AssessedScore>();
  entriesOf(source.data).forEach((entry, i) => {
    const creditCode = entry.credit_code as string;
    scores.set(creditCode, {
      creditCode,
      ...(typeof entry.vendor === 'string' ? { vendorName: entry.vendor } : {}),
      score: entry.score as number,
      pointer: `/scores/${i}/score`,
      position: source.locate(`/scores/${i}/score`),
    });
  });
  return scores;
}

function assessmentPosition(assessment: MonthAssessment, pointer: string, sources: readonly AssessmentSource[]): Position {
  return sources.find((s) => s.file === assessment.file)?.locate(pointer) ?? { line: 1, column: 1 };
}

function invalidFile(file: string, errors: InputError[]): FileResult {
  return { file, kind: ASSESSMENT_KIND, status: 'invalid', errors: [...errors, assessmentNote()], warnings: [], outcomes: {} };
}

function assessmentNote(): InputError {
  return inputError(
    'assessment-file',
    '该文件由 --assessments 指定：分公司的月度综合考核，当月按其得分排名；无法使用时该月无法排名，须先修正',
    "named with --assessments: the branch's monthly assessment, whose scores rank its month; while it cannot be used that month cannot be ranked, so it must be fixed",
  );
}
