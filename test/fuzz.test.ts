import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMutation, mutationArbitrary, validSeeds, type Mutation } from './support/mutations.js';
import { runPipeline, type PipelineRun } from './support/pipeline.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { projectRoot } from './support/fixtures.js';

/**
 * Property-based fuzzing: every valid fixture, mutated at random (structure, Unicode, control
 * characters, numbers, nesting, YAML syntax, bytes), must give a clean report. The normal suite runs
 * FUZZ_RUNS (default 100, from a fixed seed: the same mutations every run); `npm run fuzz` runs 5,000.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
// The suite's run is reproducible (CI must not turn red or hang by chance); `npm run fuzz` explores
// with FUZZ_SEED=random, and fast-check prints the seed of any failure to replay it.
const SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261127);
const seeds = validSeeds();
const workDir = mkdtempSync(path.join(tmpdir(), 'tmcheck-fuzz-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function writeMutated(mutation: Mutation, name = mutation.json ? 'doc.json' : 'doc.yaml'): string {
  const file = path.join(workDir, name);
  rmSync(file, { force: true });
  writeFileSync(file, applyMutation(seeds, mutation));
  return file;
}

// XML 1.0 `Char`: anything else (NUL, ESC, lone surrogates, U+FFFE) makes the JUnit report unreadable.
const XML_CHARS = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
// What the text report may put on a terminal: no C0/C1 controls but the newline, no bidi overrides.
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertInvariants(run: PipelineRun, label: string): void {
  expect([0, 1, 2], label).toContain(run.status);
  const json = JSON.parse(run.outputs.json) as { files: unknown[]; findings: unknown[] };
  expect(json.files.length, label).toBe(run.report.files.length);
  JSON.parse(run.outputs.sarif);
  for (const file of run.report.files) {
    for (const problem of [...file.errors, ...file.warnings]) {
      const located = (problem.line ?? 0) >= 1 && (problem.column ?? 0) >= 1;
      expect(located, `${label}: ${problem.code} ${problem.message.en} has no line and column`).toBe(true);
    }
    if (file.status === 'invalid') expect(file.errors.length, label).toBeGreaterThan(0);
  }
  for (const finding of run.report.findings) {
    expect(finding.location.line, `${label}: ${finding.ruleId}`).toBeGreaterThanOrEqual(1);
    expect(finding.location.column, `${label}: ${finding.ruleId}`).toBeGreaterThanOrEqual(1);
    expect(finding.location.path, `${label}: ${finding.ruleId}`).toMatch(/^(\/.*)?$/);
  }
  expect(run.outputs.junit, `${label}: JUnit holds a character XML forbids`).toMatch(XML_CHARS);
  expect(run.outputs.sarif, label).toMatch(XML_CHARS);
  expect(run.outputs.text, `${label}: text report would send a control character to the terminal`).not.toMatch(TERMINAL_UNSAFE);
  expect(run.outputs.github, `${label}: a GitHub annotation line holds a control character`).not.toMatch(TERMINAL_UNSAFE);
}

describe(`fuzzing every valid fixture (${seeds.length} seeds, ${RUNS} runs)`, () => {
  it('has seeds from the top-level, dossier and monthly fixtures', () => {
    expect(seeds.some((s) => s.name.startsWith('dossier/'))).toBe(true);
    expect(seeds.some((s) => !s.name.includes('/'))).toBe(true);
  });

  it('a mutated document never crashes the pipeline: exit 0/1/2, JSON parses, everything located, same output twice', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArbitrary(seeds.length), async (mutation) => {
        const file = writeMutated(mutation);
        const label = `${seeds[mutation.seed]!.name} ${JSON.stringify(mutation)}`.slice(0, 2000);
        const first = await runPipeline([file], workDir);
        assertInvariants(first, label);
        const second = await runPipeline([file], workDir);
        expect(second.outputs, `${label}: output differs between two runs`).toEqual(first.outputs);
      }),
      // A run that takes 30 s is a hang (a normal one takes well under a second): it fails with its input.
      { numRuns: RUNS, endOnFailure: false, timeout: 30_000, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  }, Math.max(600_000, RUNS * 500));

  it('through main() in-process: exit 0/1/2, JSON on stdout, nothing on stderr, no stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArbitrary(seeds.length), async (mutation) => {
        const file = writeMutated(mutation);
        const run = await runInProcess(['--format', 'json', '--no-timestamp', file], { cwd: workDir });
        expect([0, 1, 2]).toContain(run.status);
        JSON.parse(run.stdout);
        expect(run.stderr).toBe('');
        expect(run.stdout).not.toMatch(STACK_TRACE);
      }),
      { numRuns: Math.max(5, Math.round(RUNS / 20)), timeout: 30_000, ...(SEED === undefined ? {} : { seed: SEED + 1 }) },
    );
  }, Math.max(600_000, RUNS * 100));

  it('through the real bin: a handful of mutated documents, exit 0/1/2, JSON parses, no stack trace', () => {
    const bin = path.join(projectRoot, 'bin', 'tmcheck.js');
    const samples = fc.sample(mutationArbitrary(seeds.length), { numRuns: 5, seed: 6 });
    samples.forEach((mutation, i) => {
      const file = writeMutated(mutation, `bin-${i}${mutation.json ? '.json' : '.yaml'}`);
      const run = spawnSync(process.execPath, [bin, '--format', 'json', '--no-timestamp', file], { cwd: workDir, encoding: 'utf8', timeout: 60_000 });
      expect([0, 1, 2], JSON.stringify(mutation)).toContain(run.status);
      JSON.parse(run.stdout);
      expect(run.stderr + run.stdout).not.toMatch(STACK_TRACE);
    });
  }, 120_000);
});
