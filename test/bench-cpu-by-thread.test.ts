import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';

const script = path.join(projectRoot, 'bench', 'cpu-by-thread.mjs');

/** Runs bench/cpu-by-thread.mjs on `lines` of `perf script -F pid,tid,ip,sym,dso` output. */
function summarize(lines: string[]): Record<string, unknown> & { samples: number; helperShare: number; javascript: Record<string, number>; helpers: Record<string, number> } {
  const run = spawnSync(process.execPath, [script], { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

// The --jobs 2 analysis (docs/performance-history.md, "--jobs 2 (issue 14, session 11)") rests on telling the
// threads that run JavaScript from V8's helper threads, and compiling from running.
describe('bench/cpu-by-thread.mjs', () => {
  it('counts a worker thread that runs JavaScript with the main thread, and a compiler thread as a helper', () => {
    const main = ['100/100  7f01 JS:*parseDocument /x/dist/tmcheck.js:1:2 (/tmp/perf-100.map)', '100/100  7f02 Builtins_LoadIC (/usr/bin/node)', '100/100  ffff v8::internal::Scavenger::ScavengePage (/usr/bin/node)'];
    const worker = ['100/120  7f03 JS:^composeScalar file:///x/dist/tmcheck-worker.js:1:2 (/tmp/perf-100.map)', '100/120  7f04 Builtins_StringEqual (/usr/bin/node)', '100/120  7f05 Builtins_InterpreterEntryTrampoline (/usr/bin/node)'];
    const compiler = ['100/105  21bf v8::internal::compiler::GraphReducer::ReduceTop (/usr/bin/node)', '100/105  21c0 v8::internal::compiler::GapResolver::Resolve (/usr/bin/node)', '100/105  7f06 __memmove_avx512_unaligned_erms (/usr/lib/libc.so.6)'];
    const summary = summarize([...main, ...worker, ...compiler, 'not a sample line']);
    expect(summary.samples).toBe(9);
    expect(summary.javascript).toMatchObject({ threads: 2, samples: 6, 'js-optimized': 1, 'js-baseline': 1, 'inline-caches': 1, gc: 1, builtins: 1, interpreter: 1 });
    expect(summary.helpers).toMatchObject({ threads: 1, samples: 3, compile: 2, libc: 1 });
    expect(summary.helperShare).toBeCloseTo(3 / 9, 3);
  });

  it('sums several processes, each main thread running JavaScript', () => {
    const summary = summarize(['200/200  7f01 JS:*lex x (/tmp/perf-200.map)', '300/300  7f01 JS:*lex x (/tmp/perf-300.map)', '300/301  ffff [k] clear_page_erms ([kernel.kallsyms])']);
    expect(summary.javascript).toMatchObject({ threads: 2, samples: 2, 'js-optimized': 2 });
    expect(summary.helpers).toMatchObject({ threads: 1, samples: 1, kernel: 1 });
  });
});
