import type { FileResult } from '../report/model.js';
import { HISTORY_FILE_CODE, historyNote } from '../cross/history-note.js';
import { INPUT_RULE_PREFIX } from '../format/sarif.js';

/**
 * A file named with --history that cannot be read is an input error of the part that read it (the
 * reports' part of the scale-out recipe, with `--history dossiers/`), listed with the history note.
 * When another part checked that file as its own input and could not read it either (same content),
 * one run over everything lists it once, as that part does: the history copy is left out of the merge
 * (it is not a second check of the file, and the file stays an input error through the part that
 * owns it). Any other file in two parts is an overlap (src/merge/merge-reports.ts refuses it).
 */

const NOTE = historyNote().message;
const isNote = (text: string) => text === NOTE.en || text === NOTE.zh;

/** A JSON report's file entry that is a history copy: its errors end with the note (the JSON form has no codes). */
const isHistoryCopy = (file: FileResult) => file.errors.some((e) => isNote(e.message.en));

/**
 * The reports' files without the history copies of files another report lists as its own and could
 * not check either, with the same content: the same input error seen twice. A copy the owner checked
 * (other content: another checkout) stays, and the merge refuses the overlap.
 */
export function withoutHistoryCopies(filesOf: ReadonlyArray<readonly FileResult[]>): FileResult[][] {
  const owners = new Map(filesOf.flatMap((files) => files.filter((f) => !isHistoryCopy(f)).map((f) => [f.file, f] as const)));
  const sameFailure = (copy: FileResult) => {
    const owner = owners.get(copy.file);
    return owner !== undefined && owner.status === 'invalid' && owner.sha256 === copy.sha256;
  };
  return filesOf.map((files) => files.filter((f) => !(isHistoryCopy(f) && sameFailure(f))));
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const list = (value: Json | undefined, key: string): unknown[] => (value && Array.isArray(value[key]) ? (value[key] as unknown[]) : []);
const HISTORY_RULE = INPUT_RULE_PREFIX + HISTORY_FILE_CODE;

/** The URI a SARIF result, notification or artifact is about (as written, not decoded). */
function uriOf(entry: unknown): string {
  if (!isObject(entry)) return '';
  if (isObject(entry.location)) return String(entry.location.uri ?? '');
  const location: unknown = list(entry, 'locations')[0];
  const physical = isObject(location) && isObject(location.physicalLocation) ? location.physicalLocation : undefined;
  return physical && isObject(physical.artifactLocation) ? String(physical.artifactLocation.uri ?? '') : '';
}

/**
 * The SARIF logs (one run each) without the history copies of files another log lists as its own and
 * could not check either (withoutHistoryCopies):
 * their artifact, results and notifications, and the `input/history-file` descriptor when no result
 * is left that uses it (a run describes the input error codes it met).
 */
export function sarifWithoutHistoryCopies(logs: readonly Json[]): Json[] {
  const runOf = (log: Json) => list(log, 'runs')[0] as Json;
  const copies = logs.map((log) => new Set(list(runOf(log), 'results').filter((r) => isObject(r) && r.ruleId === HISTORY_RULE).map(uriOf)));
  // As for JSON: the owner could not check it either (an input-error result), and its content hash is the copy's.
  const hashes = logs.map((log) => new Map(list(runOf(log), 'artifacts').map((a) => [uriOf(a), String(JSON.stringify(isObject(a) ? a.hashes : undefined))])));
  const failed = new Map<string, string>();
  logs.forEach((log, i) => {
    for (const r of list(runOf(log), 'results')) {
      const uri = uriOf(r);
      if (isObject(r) && String(r.ruleId ?? '').startsWith(INPUT_RULE_PREFIX) && !copies[i]!.has(uri)) failed.set(uri, hashes[i]!.get(uri) ?? '');
    }
  });
  const dropped = copies.map((uris, i) => new Set([...uris].filter((uri) => failed.get(uri) === hashes[i]!.get(uri))));
  if (dropped.every((uris) => uris.size === 0)) return [...logs];
  const runs = logs.map((log, i): Json & { results: unknown[] } => {
    const run = runOf(log);
    const keep = (entry: unknown) => !dropped[i]!.has(uriOf(entry));
    const invocations = list(run, 'invocations').map((inv) =>
      isObject(inv) && Array.isArray(inv.toolExecutionNotifications) ? { ...inv, toolExecutionNotifications: inv.toolExecutionNotifications.filter(keep) } : inv,
    );
    return { ...run, artifacts: list(run, 'artifacts').filter(keep), results: list(run, 'results').filter(keep), ...(run.invocations !== undefined ? { invocations } : {}) };
  });
  const historyLeft = runs.some((run) => run.results.some((r) => isObject(r) && r.ruleId === HISTORY_RULE));
  return logs.map((log, i) => {
    const run = runs[i]!;
    if (historyLeft) return { ...log, runs: [run] };
    const tool = run.tool as Json;
    const driver = tool.driver as Json;
    const rules = list(driver, 'rules').filter((d) => !(isObject(d) && d.id === HISTORY_RULE));
    return { ...log, runs: [{ ...run, tool: { ...tool, driver: { ...driver, rules } } }] };
  });
}
