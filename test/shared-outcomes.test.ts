import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from './support/pipeline.js';
import { projectRoot } from './support/fixtures.js';
import { NO_PROBLEMS } from '../src/report/compact.js';

// A batch keeps one FileResult per file until the report is written. Each file's record of every
// rule's outcome (one key per rule in force) was the bulk of that; files that conclude alike now
// share one frozen record, so memory per file does not carry a copy of it.
describe('rule outcomes shared across files', () => {
  it('files with the same outcomes share one frozen record; different outcomes keep their own', async () => {
    const { report } = await runPipeline(['fixtures/dossier-compliant.yaml', 'fixtures/dossier-compliant.json', 'fixtures/dossier/dossier-recording-four-months.yaml']);
    const [json, yaml] = ['fixtures/dossier-compliant.json', 'fixtures/dossier-compliant.yaml'].map((name) => report.files.find((f) => f.file === name)!);
    const failing = report.files.find((f) => f.file.endsWith('recording-four-months.yaml'))!;
    expect(Object.keys(yaml!.outcomes).length).toBeGreaterThan(10);
    expect(yaml!.outcomes).toEqual(json!.outcomes);
    expect(yaml!.outcomes).toBe(json!.outcomes);
    expect(Object.isFrozen(yaml!.outcomes)).toBe(true);
    expect(failing.outcomes).not.toBe(yaml!.outcomes);
    expect(Object.values(failing.outcomes)).toContain('fail');
    expect(Object.values(yaml!.outcomes)).not.toContain('fail');
  });
});

// A batch keeps every file's result and every finding until the report is written: what each one
// costs is the batch's memory growth (src/report/compact.ts). Findings that say the same share one
// message and one consequence object; files without problems share one frozen empty list.
describe('what a batch keeps per file and finding', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tmcheck-kept-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Two vendors' dossiers with the same violation (recordings kept four months), and a compliant one.
  for (const name of ['a.yaml', 'b.yaml']) copyFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-recording-four-months.yaml'), path.join(dir, name));
  copyFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), path.join(dir, 'c.yaml'));

  it('findings of one rule saying the same share one message and one consequence object', async () => {
    // Absolute paths from the project's folder: the same checker as the test above (rules loaded once).
    const { report } = await runPipeline(['a.yaml', 'b.yaml', 'c.yaml'].map((name) => path.join(dir, name)));
    const byFile = (file: string) => report.findings.filter((f) => f.location.file.endsWith(`/${file}`));
    const [a, b] = [byFile('a.yaml'), byFile('b.yaml')];
    expect(a.length).toBeGreaterThan(0);
    expect(a.map((f) => f.ruleId)).toEqual(b.map((f) => f.ruleId));
    a.forEach((finding, i) => {
      expect(finding.message).toBe(b[i]!.message);
      expect(finding.consequence).toBe(b[i]!.consequence);
      expect(finding.location).not.toBe(b[i]!.location);
    });
    // The texts are still the finding's own (the citation in the message), in both languages.
    expect(a[0]!.message.en).toContain(a[0]!.citation);
    expect(a[0]!.message.zh).toContain(a[0]!.citation);
    expect(Object.isFrozen(a[0]!.message)).toBe(true);
  });

  it('files without problems share one frozen empty list; a batch check gives a file a list of its own', async () => {
    const { report } = await runPipeline(['a.yaml', 'b.yaml', 'c.yaml'].map((name) => path.join(dir, name)));
    expect(report.files).toHaveLength(3);
    for (const file of report.files) {
      expect(file.errors).toBe(NO_PROBLEMS);
      expect(file.warnings).toBe(NO_PROBLEMS);
    }
    expect(Object.isFrozen(NO_PROBLEMS)).toBe(true);
    // Two reports for one vendor and month: the batch check's error is added to each file as a new list.
    const duplicate = await runPipeline(['fixtures/batch-duplicate']);
    const invalid = duplicate.report.files.filter((f) => f.status === 'invalid');
    expect(invalid.map((f) => f.errors.map((e) => e.code))).toEqual([['duplicate-vendor-month'], ['duplicate-vendor-month']]);
    expect(invalid[0]!.errors).not.toBe(invalid[1]!.errors);
    expect(NO_PROBLEMS).toHaveLength(0);
  });
});
