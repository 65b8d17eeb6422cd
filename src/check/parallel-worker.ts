import { parentPort } from 'node:worker_threads';
import { RuleSet } from '../engine/rule-set.js';
import { checkDocumentFile } from '../report/check-document.js';
import { profileParamResolver } from '../profile/param-resolver.js';
import type { DiscoveredFile } from '../read/discover.js';
import type { WorkerCheck, WorkerInit, WorkerReply, WorkerRequest } from './parallel.js';
import { observed } from './observed.js';

// Worker entry (dist/check/parallel-worker.js). It may start before the main thread has loaded the
// rules (prestartWorkers): the first message brings them, and the rule set is built once from them.
let init: WorkerInit;
let ruleSet: RuleSet;
/** Files finished, for the pool's watchdog (DocumentPool.watch). */
let progress: Int32Array;

parentPort!.on('message', async (request: WorkerRequest) => {
  if ('init' in request) {
    init = request.init;
    progress = request.progress;
    const { asOf, profile } = init.rules;
    ruleSet = new RuleSet([...init.loaded], { asOf, params: profile && profileParamResolver(profile) });
    return;
  }
  const reply: WorkerReply = { checks: [] };
  for (const { id, file } of request.files) {
    reply.checks.push(await checkOne(id, file));
    Atomics.add(progress, 0, 1);
  }
  parentPort!.postMessage(reply);
});

async function checkOne(id: number, file: DiscoveredFile): Promise<WorkerCheck> {
  try {
    const check = await checkDocumentFile(file, ruleSet, init.limits);
    const reply: WorkerCheck = { id, result: check.result, findings: check.findings };
    // Only documents a batch check looks at come back whole: the data and the source text are the bulk of a message.
    if (observed(init.observedKinds, check) && check.checked?.text !== undefined) {
      const { file: name, kind, data, text } = check.checked;
      reply.checked = { file: name, kind, data, text };
    }
    return reply;
  } catch (error) {
    return { id, result: { file: file.display, status: 'invalid', errors: [], warnings: [], outcomes: {} }, findings: [], crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
