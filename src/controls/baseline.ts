import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { schemasDir } from '../paths.js';
import { inputError, type InputError } from '../read/input-error.js';
import { readSourceText } from '../read/read-source.js';
import { createAjv } from '../validate/validate-document.js';
import { fingerprint, itemOf, type FindingScope } from '../report/fingerprint.js';
import type { FileResult, Finding, Severity } from '../report/model.js';
import { compareText } from '../util/compare.js';
import { isWaivable } from './waivers.js';

/** One accepted finding: the fingerprint decides; the rest is for people reading the file. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** The accepted finding's severity: a finding at the same place that has grown more severe is new. */
  severity?: Severity;
  file: string;
  pointer?: string;
  row?: number;
  field?: string;
  vendor?: string;
  /**
   * The id of the list item the finding lies in (location.item), or the day or agent of a call-log
   * finding (Finding.subject): the entry holds back only a finding in that item, not another the
   * vendor lists at the same position or row. Absent (entries written before, findings in no
   * identified item): the pointer alone decides, as it did.
   */
  itemId?: string;
  /**
   * The month (YYYY-MM) of the monthly report or call-log rows the finding concerns: the entry holds
   * back only a finding of that month. A report or log at the same path next month is another
   * month's calling, and its breaches are new.
   */
  month?: string;
  /**
   * The `submitted` date of the dossier the finding lies in: the entry holds back only a finding of
   * that submission. A dossier re-submitted under the same name (a new date) is judged again, and a
   * breach it now states at the accepted place (another penalty at /vendor/administrative_penalties/0)
   * is new.
   */
  submitted?: string;
}

export interface Baseline {
  tool: 'tmcheck';
  baselineVersion: 1;
  findings: BaselineEntry[];
}

/**
 * Findings a baseline may hold: rule findings that no waiver covers, and that a waiver could cover.
 * Waived findings are governed by their waiver (when it expires they must come back); tmcheck's own
 * findings (…/waivers file, call-log rows that could not be read) and a rule's data-quality outcomes
 * (a streak nobody could count, a spot check listed twice) say something could not be judged: a
 * baseline accepts known breaches, it never makes what could not be judged pass (isWaivable).
 */
export function isBaselinable(finding: Finding): boolean {
  return !finding.waived && isWaivable(finding);
}

/** A finding's scope when no file results are at hand: its own month (a call log's) only. */
const ownScope = (finding: Finding): FindingScope => ({ month: finding.month });

export function baselineOf(findings: Finding[], scopeOf: (finding: Finding) => FindingScope = ownScope): Baseline {
  const entries = findings.filter(isBaselinable).map((f): BaselineEntry => {
    const { month, submitted } = scopeOf(f);
    return {
      fingerprint: fingerprint(f),
      ruleId: f.ruleId,
      severity: f.severity,
      file: f.location.file,
      ...(f.location.path !== undefined ? { pointer: f.location.path } : {}),
      ...(f.location.row !== undefined ? { row: f.location.row } : {}),
      ...(f.location.field !== undefined ? { field: f.location.field } : {}),
      ...(f.vendor !== undefined ? { vendor: f.vendor } : {}),
      ...(itemOf(f) !== undefined ? { itemId: itemOf(f) } : {}),
      ...(month !== undefined ? { month } : {}),
      ...(submitted !== undefined ? { submitted } : {}),
    };
  });
  entries.sort((a, b) => compareText(a.file, b.file) || compareText(a.ruleId, b.ruleId) || compareText(a.pointer ?? '', b.pointer ?? '') || compareText(a.fingerprint, b.fingerprint));
  return { tool: 'tmcheck', baselineVersion: 1, findings: entries };
}

/** Deterministic text (no time stamp), so a baseline that did not change does not show in a diff. */
export function renderBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

let validator: ValidateFunction | undefined;

/** Reads a baseline written by --write-baseline; any problem is an input error naming the file. */
export function loadBaseline(absolute: string, maxBytes: number): Baseline | InputError {
  const source = readSourceText(absolute, maxBytes);
  if ('code' in source) return source;
  return parseBaseline(source.text);
}

/** A baseline's text (a file's, or content the library API was handed) checked as loadBaseline does. */
export function parseBaseline(text: string): Baseline | InputError {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return inputError('baseline', `基线文件不是有效的 JSON：${detail}`, `the baseline is not valid JSON: ${detail}`, positionOf(text, detail));
  }
  validator ??= createAjv().compile(JSON.parse(readFileSync(path.join(schemasDir, 'baseline.schema.json'), 'utf8')) as object);
  if (!validator(data)) {
    const first = validator.errors?.[0];
    const where = first?.instancePath || '(file)';
    return inputError(
      'baseline',
      `不是 tmcheck --write-baseline 写出的基线文件：${where} ${first?.message ?? ''}`.trim(),
      `not a baseline written by tmcheck --write-baseline: ${where} ${first?.message ?? ''}`.trim(),
      { path: first?.instancePath ?? '' },
    );
  }
  return data as Baseline;
}

/** JSON.parse reports "position N" (and on newer Node "line L column C"); turn either into a position. */
function positionOf(text: string, detail: string): { line?: number; column?: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(detail);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const offset = /position (\d+)/.exec(detail);
  if (!offset) return {};
  const before = text.slice(0, Number(offset[1]));
  const line = before.split('\n').length;
  return { line, column: Number(offset[1]) - before.lastIndexOf('\n') };
}

export interface BaselineOutcome {
  findings: Finding[];
  /** How many findings the baseline held back. */
  suppressed: number;
}

/**
 * Drops findings the baseline knows. A fingerprint accepts as many findings as the baseline holds
 * entries for it, so a second finding with the same identity is new and stays; a finding at a
 * new pointer has a new fingerprint and always stays. The severity must match too: an accepted
 * warning (R24-6's second month last) does not hold back the error the same place later gives
 * (its termination). An entry written before baselines recorded severity holds back warnings and
 * notices only: what it accepted cannot be told, and an error it would hide must come back.
 * An entry with an item id holds back only a finding in the item with that id (the vendor decides
 * the order of its lists: the agent accepted at /agents/1 is not whoever is listed there later);
 * an entry without one holds back a finding at its pointer whatever the item, as before.
 * The month must match: the October report's breach accepted does not hold back November's at the
 * same place of a report kept under the same name. An entry without a month (a dossier's, or one
 * written before baselines recorded it) holds back only findings of no month: which month it
 * accepted cannot be told, and a later month's breach it would hide must come back.
 * The dossier's `submitted` date must match the same way: a re-submitted dossier's breach at an
 * accepted place is new, and an entry without the date (written before) holds back no dossier's.
 */
export function applyBaseline(findings: Finding[], baseline: Baseline, scopeOf: (finding: Finding) => FindingScope = ownScope): BaselineOutcome {
  const allowance = new Map<string, number>();
  const keyOf = (print: string, severity: Severity | undefined, itemId: string | undefined, scope: FindingScope) =>
    JSON.stringify([print, severity ?? 'unrecorded', itemId ?? null, scope.month ?? null, scope.submitted ?? null]);
  for (const entry of baseline.findings) {
    const key = keyOf(entry.fingerprint, entry.severity, entry.itemId, entry);
    allowance.set(key, (allowance.get(key) ?? 0) + 1);
  }
  const take = (key: string): boolean => {
    const left = allowance.get(key) ?? 0;
    if (left > 0) allowance.set(key, left - 1);
    return left > 0;
  };
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const print = isBaselinable(finding) ? fingerprint(finding) : undefined;
    const item = itemOf(finding);
    const scope = scopeOf(finding);
    // Its own item's entry first, then an entry that names no item (the pointer alone).
    const takeFor = (severity: Severity | undefined) => (item !== undefined && take(keyOf(print!, severity, item, scope))) || take(keyOf(print!, severity, undefined, scope));
    const held = print !== undefined && (takeFor(finding.severity) || (finding.severity !== 'error' && takeFor(undefined)));
    if (held) suppressed += 1;
    else kept.push(finding);
  }
  return { findings: kept, suppressed };
}
