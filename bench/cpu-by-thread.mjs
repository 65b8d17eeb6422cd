#!/usr/bin/env node
// Where a run's CPU goes, by thread role and by kind of work, from a `perf` sampling of it
// (docs/performance-history.md, "--jobs 2 (issue 14, session 11)"). Wall time on a shared machine is noise;
// CPU samples are not, and this splits them the way the --jobs 2 question needs: the threads that run
// JavaScript (each process's main thread, a worker thread) against V8's helper threads (TurboFan
// compiling, concurrent and parallel GC), which a one-worker run gets on the idle second core for free.
//
//   perf record -e task-clock -F 999 -o p.data -- node --perf-basic-prof bin/tmcheck.js --jobs 2 ... DIR
//   perf script -i p.data -F pid,tid,ip,sym,dso | node bench/cpu-by-thread.mjs
//
// Samples at -F 999 are about a millisecond of CPU each. `--perf-basic-prof` names JIT code (JS:*f
// optimized, JS:^f Sparkplug, JS:~f interpreted); it also makes V8 refuse dist/tmcheck.js.cache, so
// compare runs made the same way. Several processes (the parse limit's two --part runs under one
// `sh -c`) are summed.
import { createInterface } from 'node:readline';

/** The kind of work a sample is, from its symbol and the object it is in (first match wins). */
const KINDS = [
  ['kernel', (sym, dso) => dso.includes('kernel')],
  ['js-optimized', (sym) => sym.startsWith('JS:*')],
  ['js-baseline', (sym) => sym.startsWith('JS:^') || sym.startsWith('JS:~')],
  ['interpreter', (sym) => /Handler|InterpreterEntryTrampoline/.test(sym)],
  ['compile', (sym) => /compiler::|Turbofan|TurboFan|Pipeline|Compile|Maglev|Baseline(?!OutOfLine)|interpreter::Bytecode/.test(sym)],
  ['parse-js', (sym) => /Parser|Scanner|PreParse/.test(sym)],
  ['gc', (sym) => /Scaveng|Heap::|MarkCompact|Sweep|Marking|Evacuat|GC|Collector|MemoryAllocator|PagedSpace|NewSpace|Remembered|SlotSet|Minor/.test(sym)],
  ['inline-caches', (sym) => /^Builtins_.*IC|IC::|Feedback/.test(sym)],
  ['builtins', (sym) => sym.startsWith('Builtins_')],
  ['libc', (sym, dso) => /libc|libstdc/.test(dso)],
  ['v8-node-other', () => true],
];

const threads = new Map();
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  // "  1234/1240  7f...  symbol name (dso)"
  const match = /^\s*(\d+)\/(\d+)\s+[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$/.exec(line);
  if (!match) continue;
  const [, pid, tid, sym, dso] = match;
  const kind = KINDS.find(([, test]) => test(sym, dso))[0];
  let thread = threads.get(tid);
  if (!thread) threads.set(tid, (thread = { main: pid === tid, samples: 0, kinds: new Map() }));
  thread.samples += 1;
  thread.kinds.set(kind, (thread.kinds.get(kind) ?? 0) + 1);
}

// A thread runs JavaScript if it is a process's main thread or most of its samples are JavaScript's own work.
const jsWork = (thread) => ['js-optimized', 'js-baseline', 'interpreter', 'inline-caches', 'builtins'].reduce((sum, kind) => sum + (thread.kinds.get(kind) ?? 0), 0);
const roles = { javascript: { threads: 0, samples: 0, kinds: new Map() }, helpers: { threads: 0, samples: 0, kinds: new Map() } };
for (const thread of threads.values()) {
  const role = roles[thread.main || jsWork(thread) > 0.2 * thread.samples ? 'javascript' : 'helpers'];
  role.threads += 1;
  role.samples += thread.samples;
  for (const [kind, count] of thread.kinds) role.kinds.set(kind, (role.kinds.get(kind) ?? 0) + count);
}
const total = roles.javascript.samples + roles.helpers.samples;
const result = {
  samples: total,
  helperShare: total > 0 ? Number((roles.helpers.samples / total).toFixed(3)) : 0,
  ...Object.fromEntries(Object.entries(roles).map(([name, role]) => [name, { threads: role.threads, samples: role.samples, ...Object.fromEntries([...role.kinds].sort((a, b) => b[1] - a[1])) }])),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
