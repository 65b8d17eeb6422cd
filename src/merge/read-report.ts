import type { InputError } from '../read/input-error.js';
import type { BatchSummary, FileResult, Finding, ListItem, Location, Report, ReportNote, ShardRecord, Summary } from '../report/model.js';
import { SEVERITIES } from '../report/model.js';
import { LANGS, type Bilingual, type Lang } from '../util/i18n.js';

/**
 * A JSON report (docs/report-json.md) read back into the report model, so that `tmcheck merge`
 * works on the model, sorts with its comparator and writes with the JSON formatter. A JSON report
 * holds one language: each text becomes both languages of the model (the formatter then writes it
 * back as it was). What the JSON form leaves out (rule metadata, outcomes, a finding's citation) is
 * left empty. Throws ReportShapeError naming the first entry that does not fit.
 */
export function reportFromJson(data: unknown): Report {
  const report = object(data, '(report)');
  const tool = object(report.tool, 'tool');
  const ruleset = object(report.ruleset, 'ruleset');
  return {
    tool: { name: text(tool.name, 'tool.name'), version: text(tool.version, 'tool.version') },
    ruleset: { version: text(ruleset.version, 'ruleset.version'), sha256: text(ruleset.sha256, 'ruleset.sha256') },
    ...optional(report, 'generatedAt', text),
    ...optional(report, 'asOf', text),
    ...optional(report, 'shard', shardRecord),
    files: list(report.files, 'files').map((entry, i) => fileResult(entry, `files[${i}]`)),
    findings: list(report.findings, 'findings').map((entry, i) => finding(entry, `findings[${i}]`)),
    rules: [],
    skippedRules: list(report.skippedRules ?? [], 'skippedRules').map((entry, i) => {
      const skipped = object(entry, `skippedRules[${i}]`);
      return { id: text(skipped.id, `skippedRules[${i}].id`), reason: both(skipped.reason, `skippedRules[${i}].reason`) };
    }),
    summary: summary(report.summary),
    ...(own(report, 'batch') !== undefined ? { batch: batch(report.batch) } : {}),
    ...(own(report, 'baseline') !== undefined ? { baseline: baseline(report.baseline) } : {}),
    ...(own(report, 'notes') !== undefined ? { notes: list(report.notes, 'notes').map((entry, i) => note(entry, `notes[${i}]`)) } : {}),
    ...(own(report, 'unreadFiles') !== undefined ? { unreadFiles: list(report.unreadFiles, 'unreadFiles').map((entry, i) => text(entry, `unreadFiles[${i}]`)) } : {}),
  };
}

/**
 * The language a JSON report's texts are in (`lang`, see docs/report-json.md); undefined when the
 * report does not record it (written by an older tmcheck).
 */
export function reportLang(data: unknown): Lang | undefined {
  const lang = own(object(data, '(report)'), 'lang');
  if (lang === undefined) return undefined;
  if (!LANGS.includes(lang as Lang)) throw new ReportShapeError('lang');
  return lang as Lang;
}

export class ReportShapeError extends Error {
  constructor(readonly where: string) {
    super(`${where} does not have the shape of docs/report-json.md`);
    this.name = 'ReportShapeError';
  }
}

type Json = Record<string, unknown>;

const own = (value: Json, key: string): unknown => (Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined);

function object(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ReportShapeError(where);
  return value as Json;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ReportShapeError(where);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ReportShapeError(where);
  return value;
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ReportShapeError(where);
  return value;
}

/** A JSON report's one-language text as the model's two. */
function both(value: unknown, where: string): Bilingual {
  const one = text(value, where);
  return { zh: one, en: one };
}

function optional<T>(value: Json, key: string, read: (v: unknown, where: string) => T): Record<string, T> {
  const found = own(value, key);
  return found === undefined ? {} : { [key]: read(found, key) };
}

/**
 * Copies the listed keys that are present, in the input's key order (the JSON formatter writes a
 * location and a waiver as they are, so the order is part of the bytes), each checked by its reader.
 */
function pick<T>(value: unknown, where: string, readers: Record<string, (v: unknown, where: string) => unknown>): T {
  const source = object(value, where);
  const out: Json = {};
  for (const key of Object.keys(source)) {
    const read = Object.prototype.hasOwnProperty.call(readers, key) ? readers[key] : undefined;
    if (read) out[key] = read(source[key], `${where}.${key}`);
  }
  return out as T;
}

const LOCATION = { file: text, path: text, line: count, column: count, row: count, field: text, item: listItem };

function listItem(value: unknown, where: string): ListItem {
  const found = pick<ListItem>(value, where, { path: text, id: text });
  if (found.path === undefined || found.id === undefined) throw new ReportShapeError(where);
  return found;
}

function location(value: unknown, where: string): Location {
  const found = pick<Location>(value, where, LOCATION);
  if (found.file === undefined) throw new ReportShapeError(`${where}.file`);
  return found;
}

function inputError(value: unknown, where: string): InputError {
  const entry = object(value, where);
  // The JSON form has no code: the model's is for the run that found the problem.
  return { code: 'merged', message: both(entry.message, `${where}.message`), ...pick<Omit<InputError, 'code' | 'message'>>(value, where, { path: text, line: count, column: count, row: count, field: text }) };
}

function fileResult(value: unknown, where: string): FileResult {
  const entry = object(value, where);
  const status = text(entry.status, `${where}.status`);
  if (status !== 'pass' && status !== 'fail' && status !== 'invalid') throw new ReportShapeError(`${where}.status`);
  return {
    file: text(entry.file, `${where}.file`),
    ...optional(entry, 'kind', text),
    ...optional(entry, 'sha256', text),
    status,
    ...optional(entry, 'month', text),
    ...optional(entry, 'submitted', text),
    errors: list(entry.errors ?? [], `${where}.errors`).map((e, i) => inputError(e, `${where}.errors[${i}]`)),
    warnings: list(entry.warnings ?? [], `${where}.warnings`).map((e, i) => inputError(e, `${where}.warnings[${i}]`)),
    outcomes: {},
  };
}

function finding(value: unknown, where: string): Finding {
  const entry = object(value, where);
  const severity = text(entry.severity, `${where}.severity`);
  if (!(SEVERITIES as readonly string[]).includes(severity)) throw new ReportShapeError(`${where}.severity`);
  return {
    ruleId: text(entry.ruleId, `${where}.ruleId`),
    article: text(entry.article, `${where}.article`),
    requirement: text(entry.requirement, `${where}.requirement`),
    severity: severity as Finding['severity'],
    message: both(entry.message, `${where}.message`),
    consequence: both(entry.consequence, `${where}.consequence`),
    consequenceKind: '',
    citation: '',
    location: location(entry.location, `${where}.location`),
    ...optional(entry, 'vendor', text),
    ...optional(entry, 'month', text),
    ...optional(entry, 'subject', text),
    ...(own(entry, 'waived') !== undefined ? { waived: waived(entry.waived, `${where}.waived`) } : {}),
  };
}

function waived(value: unknown, where: string): NonNullable<Finding['waived']> {
  const found = pick<NonNullable<Finding['waived']>>(value, where, { reason: text, approvedBy: text, expires: text });
  if (found.reason === undefined) throw new ReportShapeError(`${where}.reason`);
  return found;
}

/** A `--shard k/n` report's record: whole numbers 1 ≤ index ≤ count, its two keys, and its dossiers' digests (32 hex digits). */
export function shardRecord(value: unknown, where: string): ShardRecord {
  const entry = object(value, where);
  const index = count(entry.index, `${where}.index`);
  const of = count(entry.count, `${where}.count`);
  if (index < 1 || index > of) throw new ReportShapeError(`${where}.index`);
  const digest = (key: 'dossiersKey' | 'joinedDossiersKey') => {
    const found = own(entry, key);
    if (found === undefined) return {};
    if (typeof found !== 'string' || !/^[0-9a-f]{32}$/.test(found)) throw new ReportShapeError(`${where}.${key}`);
    return { [key]: found };
  };
  return {
    index,
    count: of,
    inputsKey: text(entry.inputsKey, `${where}.inputsKey`),
    settingsKey: text(entry.settingsKey, `${where}.settingsKey`),
    ...digest('dossiersKey'),
    ...digest('joinedDossiersKey'),
  };
}

function summary(value: unknown): Summary {
  const entry = object(value, 'summary');
  return { files: count(entry.files, 'summary.files'), errors: count(entry.errors, 'summary.errors'), warnings: count(entry.warnings, 'summary.warnings'), notices: count(entry.notices, 'summary.notices') };
}

function baseline(value: unknown): NonNullable<Report['baseline']> {
  const entry = object(value, 'baseline');
  return { file: text(entry.file, 'baseline.file'), suppressed: count(entry.suppressed, 'baseline.suppressed') };
}

function note(value: unknown, where: string): ReportNote {
  const entry = object(value, where);
  const level = text(entry.level, `${where}.level`);
  if (level !== 'warning' && level !== 'note') throw new ReportShapeError(`${where}.level`);
  return { file: text(entry.file, `${where}.file`), level, message: both(entry.message, `${where}.message`) };
}

/** The batch is written as it is: its rows are checked for what merging and the formats read. */
function batch(value: unknown): BatchSummary {
  const entry = object(value, 'batch');
  list(entry.months, 'batch.months').forEach((m, i) => text(m, `batch.months[${i}]`));
  list(entry.vendorMonths, 'batch.vendorMonths').forEach((row, i) => {
    const r = object(row, `batch.vendorMonths[${i}]`);
    for (const key of ['month', 'creditCode', 'vendorName', 'city', 'file']) text(r[key], `batch.vendorMonths[${i}].${key}`);
    for (const key of ['errors', 'warnings', 'notices']) count(r[key], `batch.vendorMonths[${i}].${key}`);
  });
  if (own(entry, 'incompleteMonths') !== undefined) list(entry.incompleteMonths, 'batch.incompleteMonths').forEach((m, i) => text(m, `batch.incompleteMonths[${i}]`));
  if (own(entry, 'assessedMonths') !== undefined) {
    list(entry.assessedMonths, 'batch.assessedMonths').forEach((m, i) => {
      const assessed = object(m, `batch.assessedMonths[${i}]`);
      for (const key of ['month', 'file']) text(assessed[key], `batch.assessedMonths[${i}].${key}`);
    });
  }
  return entry as unknown as BatchSummary;
}
