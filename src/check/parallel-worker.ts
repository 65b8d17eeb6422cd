import { parentPort, workerData } from 'node:worker_threads';
import { loadRuleSet } from '../cli/load-rule-set.js';
import { checkDocumentFile } from './check-document.js';
import type { DiscoveredFile } from './discover.js';
import type { WorkerCheck, WorkerInit } from './parallel.js';

// Worker entry (dist/check/parallel-worker.js): loads the rules once, then checks the files it is sent.
const init = workerData as WorkerInit;
const ruleSet = loadRuleSet({ customDirs: init.rules.customDirs, asOf: init.rules.asOf, cwd: init.rules.cwd });

parentPort!.on('message', async ({ id, file }: { id: number; file: DiscoveredFile }) => {
  let reply: WorkerCheck;
  try {
    const check = await checkDocumentFile(file, ruleSet, init.limits);
    reply = { id, result: check.result, findings: check.findings };
    if (check.checked?.text !== undefined) {
      const { file: name, kind, data, text } = check.checked;
      reply.checked = { file: name, kind, data, text };
    }
  } catch (error) {
    reply = { id, result: { file: file.display, status: 'invalid', errors: [], warnings: [], outcomes: {} }, findings: [], crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
