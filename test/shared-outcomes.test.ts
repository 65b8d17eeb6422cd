import { describe, expect, it } from 'vitest';
import { runPipeline } from './support/pipeline.js';

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
