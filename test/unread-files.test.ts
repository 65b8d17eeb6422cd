import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInputs, DOCUMENT_EXTENSIONS, TABLE_EXTENSIONS } from '../src/read/discover.js';
import { unreadInputError } from '../src/read/unread-names.js';
import { FIXTURE_DOSSIER } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * Files a folder walk does not read. A dossier saved as JSONC/JSON5 or a report as JSON Lines was
 * skipped without a word (exit 0 on the rest: a document nobody judged); so was a backup copy that was
 * the only copy of the data. Every other file the walk passes over is listed in the report (one line),
 * without changing the exit status.
 */
const tempDir = tempDirMaker('tmcheck-unread-files-');
const ALL = [...DOCUMENT_EXTENSIONS, ...TABLE_EXTENSIONS];

describe('documents in a form tmcheck does not read', () => {
  it.each(['dossier.jsonc', 'report.json5', 'r.hjson', 'reports.jsonl', 'reports.NDJSON', 'report.ｊｓｏｎｃ'])('%j is an unread-document input error, in a documents-only walk too', (name) => {
    expect(unreadInputError(name, ALL, true)?.code).toBe('unread-document');
    expect(unreadInputError(name, DOCUMENT_EXTENSIONS, false)?.code).toBe('unread-document');
  });

  it('says what to do', () => {
    expect(unreadInputError('dossier.jsonc', ALL, true)!.message.en).toBe(
      'a .jsonc file cannot be read: tmcheck reads YAML (.yaml, .yml) and JSON (.json) documents; save it as .yaml or .json (one document a file, no comments) to have it checked, or move it out of the checked folder',
    );
  });
});

describe('a folder walk', () => {
  it('a backup beside its original is listed as not read; one without its original is an input error', () => {
    const dir = tempDir();
    copyFileSync(FIXTURE_DOSSIER, path.join(dir, 'dossier.yaml'));
    for (const name of ['dossier.yaml.bak', 'dossier.yaml~', 'calls.csv.bak', 'report.yaml.orig', 'old.xls.old', 'notes.txt.bak']) writeFileSync(path.join(dir, name), 'x');
    const found = discoverInputs(['.'], dir);
    expect(found.files.map((f) => f.display)).toEqual(['dossier.yaml']);
    expect(found.problems.map((p) => [p.display, p.error.code])).toEqual([
      ['calls.csv.bak', 'backup-input'],
      ['old.xls.old', 'backup-input'],
      ['report.yaml.orig', 'backup-input'],
    ]);
    expect(found.problems[0]!.error.message.en).toBe('a backup copy of calls.csv, with no calls.csv beside it, is not checked: rename it to calls.csv if it is the file to check, or move it out of the folder');
    expect(found.unreadFiles).toEqual(['dossier.yaml.bak', 'dossier.yaml~', 'notes.txt.bak']);
  });

  it('lists the other files it did not read, not hidden ones, not a pattern\'s, not named ones', () => {
    const dir = tempDir();
    copyFileSync(FIXTURE_DOSSIER, path.join(dir, 'dossier.yaml'));
    for (const name of ['scan.pdf', 'sub/notes.txt', '.DS_Store', '.notes.txt']) {
      const file = path.join(dir, name);
      if (name.includes('/')) mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, 'x');
    }
    expect(discoverInputs(['.'], dir).unreadFiles).toEqual(['scan.pdf', 'sub/notes.txt']);
    expect(discoverInputs(['*.yaml'], dir).unreadFiles).toEqual([]);
    expect(discoverInputs(['dossier.yaml', 'scan.pdf'], dir).unreadFiles).toEqual([]);
  });

  it('reports the files not read in one line and in JSON `unreadFiles`, exit status unchanged; a JSONC dossier is exit 2', async () => {
    const dir = tempDir();
    copyFileSync(FIXTURE_DOSSIER, path.join(dir, 'dossier.yaml'));
    for (let i = 0; i < 12; i++) writeFileSync(path.join(dir, `scan-${String(i).padStart(2, '0')}.pdf`), 'x');
    const text = await runInProcess(['--no-timestamp', '.'], { cwd: dir });
    expect(text.stderr).not.toMatch(STACK_TRACE);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('files not read (12): scan-00.pdf, scan-01.pdf, scan-02.pdf, scan-03.pdf, scan-04.pdf, scan-05.pdf, scan-06.pdf, scan-07.pdf, scan-08.pdf, scan-09.pdf (+2 more)\n');
    const zh = await runInProcess(['--no-timestamp', '--lang', 'zh', '.'], { cwd: dir });
    expect(zh.stdout).toContain('未读取的文件（12 个）：scan-00.pdf、scan-01.pdf、');
    expect(zh.stdout).toContain('、scan-09.pdf 等（另 2 个）\n');
    const json = await runInProcess(['--no-timestamp', '--format', 'json', '.'], { cwd: dir });
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as { unreadFiles: string[] }).unreadFiles).toHaveLength(12);
    const sarif = await runInProcess(['--no-timestamp', '--format', 'sarif', '.'], { cwd: dir });
    const notifications = (JSON.parse(sarif.stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> }).runs[0]!.invocations[0]!.toolExecutionNotifications;
    expect(notifications).toEqual([{ level: 'note', message: { text: expect.stringMatching(/^files not read \(12\): scan-00\.pdf, /) }, properties: { unreadFiles: expect.any(Array) } }]);

    copyFileSync(FIXTURE_DOSSIER, path.join(dir, 'copy.jsonc'));
    const jsonc = await runInProcess(['--no-timestamp', '--format', 'json', '.'], { cwd: dir });
    expect(jsonc.status).toBe(2);
    const files = (JSON.parse(jsonc.stdout) as { files: Array<{ file: string; status: string }> }).files;
    expect(files.map((f) => [f.file, f.status])).toEqual([['copy.jsonc', 'invalid'], ['dossier.yaml', 'pass']]);
  });

  it('each shard lists its own files not read, and merge lists them all once', async () => {
    const dir = tempDir();
    copyFileSync(FIXTURE_DOSSIER, path.join(dir, 'dossier.yaml'));
    const names = ['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf', 'f.pdf'];
    for (const name of names) writeFileSync(path.join(dir, name), 'x');
    const parts: string[][] = [];
    for (const k of [1, 2]) {
      const run = await runInProcess(['--no-timestamp', '--format', 'json', '--shard', `${k}/2`, '--output', `part${k}.json`, '.'], { cwd: dir });
      expect(run.stderr).not.toMatch(STACK_TRACE);
      parts.push((JSON.parse(readFileSync(path.join(dir, `part${k}.json`), 'utf8')) as { unreadFiles?: string[] }).unreadFiles ?? []);
    }
    expect(parts[0]!.length + parts[1]!.length).toBe(names.length);
    const merged = await runInProcess(['merge', 'part1.json', 'part2.json'], { cwd: dir });
    expect(merged.stderr).not.toMatch(STACK_TRACE);
    expect((JSON.parse(merged.stdout) as { unreadFiles: string[] }).unreadFiles).toEqual(names);
    for (const k of [1, 2]) await runInProcess(['--no-timestamp', '--format', 'sarif', '--shard', `${k}/2`, '--output', `part${k}.sarif`, '.'], { cwd: dir });
    const sarif = await runInProcess(['merge', 'part1.sarif', 'part2.sarif'], { cwd: dir });
    const notifications = (JSON.parse(sarif.stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: unknown[] }> }> }).runs[0]!.invocations[0]!.toolExecutionNotifications;
    expect(notifications).toEqual([{ level: 'note', message: { text: 'files not read (6): a.pdf, b.pdf, c.pdf, d.pdf, e.pdf, f.pdf' }, properties: { unreadFiles: names } }]);
  });
});
