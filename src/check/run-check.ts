import type { ReadLimits } from '../read/limits.js';
import type { RuleSet } from '../engine/rule-set.js';
import { findingsByFile, statusOf, type FileResult, type Finding, type Report, type ReportNote } from '../report/model.js';
import { ownFileLevel, ownFileNote } from '../read/own-files.js';
import { HIDDEN_FOLDER_NOTE } from '../read/hidden-names.js';
import { buildReport } from '../report/build-report.js';
import { discoverInputs, type DiscoveredFile, type Discovery } from '../read/discover.js';
import { checkDocumentFile, type DocumentCheck } from '../report/check-document.js';
import { DocumentPool, inOrder, LOOK_AHEAD_PER_WORKER, workerCount, type ParallelOptions } from './parallel.js';
import { shardOf, type Shard } from './shard.js';
import type { BatchCheck } from '../report/batch-check.js';
import { DEFAULT_CALL_LOG_OPTIONS, isCallLogFile, type CallLogOptions } from '../calllog/call-log-options.js';
import { pushAll } from '../util/push-all.js';
import { DocumentCache, type CacheOptions } from '../cache/document-cache.js';
import { runKey, toolIdentity } from '../cache/run-key.js';
import type { DocumentKind } from '../kinds/kinds.js';
import { KeptRecords } from '../report/compact.js';

export interface RunOptions {
  inputs: string[];
  cwd: string;
  ruleSet: RuleSet;
  limits: ReadLimits;
  /** Checks across documents, fed every valid document. */
  batchChecks?: BatchCheck[];
  /** Time stamp to put in the report; undefined leaves it out (reproducible output). */
  generatedAt?: string;
  /** Called after each file, for a progress line on a terminal. */
  onProgress?: (done: number, total: number) => void;
  /** How call logs (.csv, .xlsx) are read: encoding, line-length limit. */
  callLog?: CallLogOptions;
  /** Called every 10,000 rows of a call log, for a progress line on a terminal. */
  onCallLogRows?: (file: string, rows: number) => void;
  /** `--jobs N`: documents are read and ruled on in N worker threads; the report is the same for any N. */
  parallel?: ParallelOptions;
  /** `--shard k/n`: check only the inputs whose path falls in part k of n. */
  shard?: Shard;
  /**
   * The files to check, already found (the library API adds in-memory contents): `inputs` is then
   * not walked. Taken over: the run empties `discovered.files` and lets each entry go once its file is done.
   */
  discovered?: Discovery;
  /** `--cache`: reuse per-document results of earlier runs (needs `parallel.rules`, which names the profile). */
  cache?: CacheOptions;
  /** A hash of the branch's --assessments files: part of the cache's key (src/cross/read-assessments.ts). */
  assessmentsKey?: string;
}

/** How many documents are checked in a row before the event loop gets a turn (signals, output). */
const YIELD_EVERY_FILES = 32;

/**
 * The whole run: discover inputs, check every file (one bad file never stops the others), then the
 * cross-document checks, then the report model. Waivers, the baseline and the monthly rows come
 * after, in finishReport (src/controls/apply-controls.ts): the library API puts the two together.
 */
export async function runCheck(options: RunOptions): Promise<Report> {
  const discovered = options.discovered ?? discoverInputs(options.inputs, options.cwd, undefined, options.limits);
  const inShard = (display: string) => !options.shard || shardOf(display, options.shard.count) === options.shard.index;
  // The run's own list (a batch's entries, with any in-memory contents, would otherwise last as long as its caller).
  const discovery = { files: discovered.files.splice(0).filter((f) => inShard(f.display)), problems: discovered.problems.filter((p) => inShard(p.display)) };
  // tmcheck's own files found among the inputs are said, never checked as documents.
  const notes: ReportNote[] = discovered.skipped
    .filter((own) => inShard(own.display))
    .map((own): ReportNote => ({ file: own.display, level: ownFileLevel(own.kind), message: ownFileNote(own.kind) }))
    // Hidden folders holding names of inputs are not read: said once each, so that no one believes them checked.
    .concat(discovered.hiddenFolders.filter((folder) => inShard(folder.display)).map((folder) => ({ file: folder.display, level: 'warning', message: HIDDEN_FOLDER_NOTE })));
  const files: FileResult[] = discovery.problems.map(({ display, error }) => ({
    file: display,
    status: 'invalid',
    errors: [error],
    warnings: [],
    outcomes: {},
  }));
  const findings: Finding[] = [];
  // Every file's result and finding is kept to the end of the run: kept small (src/report/compact.ts).
  const kept = new KeptRecords();
  // Call logs are streamed into aggregates as they come and ruled on once every report is seen.
  // The call-log pipeline (CSV reader, iconv-lite, exceljs) loads only when a call log is named.
  // Which files are call logs, asked once a file (extname and a lower-case copy each time).
  const callLogFiles = new Set(discovery.files.filter((file) => isCallLogFile(file.absolute)));
  // Call logs are never cached: the check pauses its reuse for good (their pipeline loads and they are read in the loop).
  if (callLogFiles.size > 0) options.cache?.reuse?.stop('pause');
  const callLogs = callLogFiles.size > 0
    ? new (await import('../calllog/call-log-check.js')).CallLogCheck(options.ruleSet, { parts: options.parallel?.jobs ?? 1, ...(options.callLog ?? DEFAULT_CALL_LOG_OPTIONS) }, options.onCallLogRows)
    : undefined;
  const batchChecks: BatchCheck[] = [...(options.batchChecks ?? []), ...(callLogs ? [callLogs] : [])];
  let done = 0;
  const documents = discovery.files.length - callLogFiles.size;
  const workers = workerCount(options.parallel?.jobs ?? 1, documents, options.parallel?.explicit ?? true);
  const observedKinds = batchChecks.some((cross) => !cross.kinds) ? 'all' : [...new Set(batchChecks.flatMap((cross) => cross.kinds ?? []))];
  // Started on the first document that needs checking: a rerun whose documents are all cached starts no worker.
  let pool: DocumentPool | undefined;
  // The main thread checks documents too, with the rule set it has: `workers` + 1 threads check.
  // Told how many documents there are, the pool makes its last batches smaller (without a cache every one goes through it).
  const workerPool = () => (pool ??= new DocumentPool(workers, { rules: options.parallel!.rules, loaded: options.ruleSet.rules, limits: options.limits, observedKinds }, options.ruleSet, options.cache ? {} : { expected: documents }));
  const evaluate = (file: DiscoveredFile): Promise<DocumentCheck> => (workers > 0 ? workerPool().check(file) : checkDocumentFile(file, options.ruleSet, options.limits));
  const cache = options.cache && openCache(options, options.cache, (kind) => batchChecks.some((cross) => !cross.kinds || cross.kinds.includes(kind)));
  const check = (file: DiscoveredFile): DocumentCheck | Promise<DocumentCheck> => (cache ? cache.check(file, evaluate) : evaluate(file));
  /** Takes a document's check into the run, in input order. */
  const take = (document: DocumentCheck): void => {
    files.push(kept.result(document.result));
    for (const finding of document.findings) findings.push(kept.finding(finding));
    const checked = document.checked;
    for (const cross of batchChecks) {
      if (checked && (!cross.kinds || cross.kinds.includes(checked.kind))) cross.observe(checked);
      else if (document.result.status === 'invalid') cross.observeUnchecked?.(document.result);
      else cross.observeResult?.(document.result);
    }
    // Counted apart from the call: `onProgress?.(++done)` skips the increment when there is no progress line.
    done += 1;
    options.onProgress?.(done, discovery.files.length);
  };
  const takeCallLog = async (file: DiscoveredFile): Promise<void> => {
    files.push(await callLogs!.checkFile(file));
    done += 1;
    options.onProgress?.(done, discovery.files.length);
  };
  // Each entry is let go once its file is done (inOrder never looks at an entry again once it has handed it out).
  const pending: Array<DiscoveredFile | undefined> = discovery.files;
  // Documents from here on come through the cache until one misses.
  const reuse = options.cache?.reuse;
  if (callLogFiles.size === 0) reuse?.start();
  try {
    if (workers > 0) {
      // Documents are checked ahead in workers but consumed in input order, so cross checks observe
      // them in the same order whatever the job count.
      const start = (file: DiscoveredFile): Promise<DocumentCheck> | undefined => (callLogFiles.has(file) ? undefined : Promise.resolve(check(file)));
      let position = 0;
      for await (const { file, result } of inOrder(discovery.files, (workers + 1) * LOOK_AHEAD_PER_WORKER, start)) {
        pending[position++] = undefined;
        if (result) take(await result);
        else await takeCallLog(file);
      }
    } else {
      // One at a time here; a document the cache has is taken at once, without a promise (an async
      // generator's steps and promises per file were a sixth of a warm --cache rerun's allocations, and
      // the generator and this loop its two largest optimizing compiles).
      for (let position = 0; position < pending.length; position++) {
        const file = pending[position]!;
        pending[position] = undefined;
        if (callLogFiles.size > 0 && callLogFiles.has(file)) {
          await takeCallLog(file);
          continue;
        }
        const result = check(file);
        take(result instanceof Promise ? await result : result);
        // Documents are checked back to back without waiting on the event loop, so a signal's handler
        // (Ctrl-C) would only run at the end: give the loop a turn every few files.
        if (done % YIELD_EVERY_FILES === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    reuse?.stop('end');
    // Not awaited (see close): the workers end while the report is built; the process waits for them at exit.
    void pool?.close();
  }
  cache?.save();
  for (const cross of batchChecks) {
    const outcome = await cross.finish();
    for (const finding of outcome.findings) findings.push(kept.finding(finding));
    pushAll(files, outcome.extraFiles ?? []);
    for (const { file, error } of outcome.fileErrors) {
      const target = files.find((f) => f.file === file);
      if (target) {
        (target.errors = ownList(target.errors)).push(error);
        target.status = 'invalid';
      }
    }
    for (const { file, warning } of outcome.fileWarnings ?? []) {
      const target = files.find((f) => f.file === file);
      if (target) (target.warnings = ownList(target.warnings)).push(warning);
    }
  }
  const byFile = findingsByFile(findings);
  for (const file of files) {
    if (file.status !== 'invalid') file.status = statusOf(byFile.get(file.file) ?? []);
  }
  const report = buildReport({ files, findings, ruleSet: options.ruleSet, generatedAt: options.generatedAt });
  // Files the walk did not read are listed (each in its shard), never judged.
  const unreadFiles = discovered.unreadFiles.filter(inShard);
  return { ...report, ...(notes.length > 0 ? { notes } : {}), ...(unreadFiles.length > 0 ? { unreadFiles } : {}) };
}

/** A file's list to add to: a kept file's empty list is shared and frozen (NO_PROBLEMS), so it gets one of its own first. */
function ownList<T>(list: T[]): T[] {
  return Object.isFrozen(list) ? [...list] : list;
}

/** The run's document cache, keyed by everything a document's own result depends on besides its bytes. */
function openCache(options: RunOptions, cache: CacheOptions, observed: (kind: DocumentKind) => boolean): DocumentCache {
  return new DocumentCache(
    cache,
    (hashFile) => {
      const tool = cache.toolVersion ?? toolIdentity(hashFile);
      return { key: documentsKey(options, tool), tool };
    },
    options.limits,
    observed,
  );
}

/**
 * What a document's own result depends on besides its bytes: the rules, --as-of, the profile, the
 * limits and the tool (the cache's key; a shard's record of its settings, src/api/checker.ts).
 */
export function documentsKey(options: Pick<RunOptions, 'ruleSet' | 'limits' | 'callLog' | 'parallel' | 'assessmentsKey'>, toolVersion?: string, hashFile?: (file: string) => string): string {
  if (!options.parallel) throw new Error('runCheck: the run key needs parallel.rules, which names the profile it depends on');
  return runKey(
    {
      rules: options.ruleSet.sha256,
      asOf: options.ruleSet.asOf,
      profile: options.parallel.rules.profile,
      limits: { read: options.limits, callLog: options.callLog ?? DEFAULT_CALL_LOG_OPTIONS },
      ...(options.assessmentsKey !== undefined ? { assessments: options.assessmentsKey } : {}),
    },
    toolVersion ?? toolIdentity(hashFile),
  );
}
