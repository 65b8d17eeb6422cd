import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInputs } from '../src/read/discover.js';
import { HIDDEN_FOLDER_LOOK, HIDDEN_FOLDER_NOTE, hiddenInputError } from '../src/read/hidden-names.js';
import { CACHE_MAGIC } from '../src/read/own-files.js';
import { FIXTURE_DOSSIER, projectRoot } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * A folder walk skipped every hidden entry without a word. A vendor's folder holding `.calls.csv` or
 * `.dossier.yaml` (visible in Windows Explorer and in a portal's upload list) passed, and the officer
 * signed for files nobody read. A hidden file named as an input is now an input error (exit 2); hidden
 * folders stay unread, and one holding names of inputs is said in a warning.
 */
const tempDir = tempDirMaker('tmcheck-walk-hidden-');
const REPORT = path.join(projectRoot, 'fixtures/calllogs/report-2026-10-jinan.yaml');
const DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'));
const HIDDEN_INPUT = hiddenInputError().message;
const APPLE_DOUBLE = Buffer.from([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00, 0x4d, 0x61, 0x63, 0x20]);

interface JsonReport {
  files: Array<{ file: string; status: string; errors?: Array<{ message: string }> }>;
  notes?: Array<{ file: string; level: string; message: string }>;
}

/** A folder holding one compliant report, `report.yaml`, and `extra` files (name → content; a name ending in / is a folder). */
function folderWith(extra: Record<string, string | Buffer>): string {
  const dir = tempDir();
  copyFileSync(REPORT, path.join(dir, 'report.yaml'));
  for (const [name, content] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** The report's notes (on the files the walk met). */
function walkNotes(report: { notes?: Array<{ file: string; level: string; message: string }> }) {
  return report.notes ?? [];
}

/** With the report's vendor's dossier (--history): R10-1/R10-3 judge report.yaml, which then passes. */
async function check(dir: string, args: string[] = ['.']) {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'en', '--history', FIXTURE_DOSSIER, ...args], { cwd: dir });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  return { status: run.status, stderr: run.stderr, report: JSON.parse(run.stdout) as JsonReport };
}

/** Each file, its status and its errors (the JSON report gives messages: the hidden input's is named by its code). */
const statuses = (report: JsonReport) => report.files.map((f) => [f.file, f.status, f.errors?.map((e) => (e.message === HIDDEN_INPUT.en ? 'hidden-input' : e.message)).join(',')]);

describe('hidden files in a folder walk', () => {
  it('a hidden file named as an input is an input error on its path (exit 2), read as unread-names reads names; the rest is checked', async () => {
    const report = readFileSync(REPORT);
    const dir = folderWith({
      '.calls.csv': 'x',
      '.dossier.yaml': report,
      '.dossier.JSON': '{}',
      '.CALLS.XLSX': 'x',
      'sub/.report.yml': report,
      'sub/dossier.yaml': DOSSIER,
      '.calls.ｃｓｖ': 'x',
      '.calls.csv ': 'x',
      '.calls.csv.gz': 'x',
      '.old.xls': 'x',
      '.yaml': 'x',
    });
    // `sub` is named besides `.`, which holds it: its hidden file is still one error.
    const { status, report: out } = await check(dir, ['.', 'sub']);
    expect(status).toBe(2);
    expect(statuses(out)).toEqual([
      ['.CALLS.XLSX', 'invalid', 'hidden-input'],
      ['.calls.csv', 'invalid', 'hidden-input'],
      ['.calls.csv ', 'invalid', 'hidden-input'],
      ['.calls.csv.gz', 'invalid', 'hidden-input'],
      ['.calls.ｃｓｖ', 'invalid', 'hidden-input'],
      ['.dossier.JSON', 'invalid', 'hidden-input'],
      ['.dossier.yaml', 'invalid', 'hidden-input'],
      ['.old.xls', 'invalid', 'hidden-input'],
      ['.yaml', 'invalid', 'hidden-input'],
      ['report.yaml', 'pass', undefined],
      ['sub/.report.yml', 'invalid', 'hidden-input'],
      ['sub/dossier.yaml', 'pass', undefined],
    ]);
    expect(out.files[0]!.errors![0]!.message).toBe('a hidden file (its name starts with a dot) named as an input is not checked: rename it without the leading dot, or move it out of the folder');
    expect(HIDDEN_INPUT.zh).toBe('隐藏文件（文件名以句点开头），名称表明是输入文件，未检查：请去掉文件名开头的句点，或将其移出被检查的文件夹');
    const zh = await runInProcess(['--format', 'json', '--no-timestamp', '--lang', 'zh', '.'], { cwd: dir });
    expect((JSON.parse(zh.stdout) as JsonReport).files[0]!.errors![0]!.message).toBe(HIDDEN_INPUT.zh);
  });

  it('named on the command line, a hidden file is read as before (the user chose it); a pattern does not pick hidden names', async () => {
    const dir = folderWith({ '.dossier.yaml': readFileSync(REPORT) });
    expect((await check(dir)).status).toBe(2);
    const named = await check(dir, ['.dossier.yaml']);
    expect([named.status, statuses(named.report)]).toEqual([0, [['.dossier.yaml', 'pass', undefined]]]);
    const pattern = await check(dir, ['*.yaml']);
    expect([pattern.status, statuses(pattern.report)]).toEqual([0, [['report.yaml', 'pass', undefined]]]);
  });

  it('skips without a word .DS_Store, hidden files not named as inputs, and AppleDouble files (._name with the AppleDouble magic) only', async () => {
    const dir = folderWith({
      '.DS_Store': Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]),
      '.notes.txt': 'x',
      '.tmcheck-cache': `${CACHE_MAGIC}x`,
      '._report.yaml': APPLE_DOUBLE,
      '._calls.csv': APPLE_DOUBLE,
      // Named as an AppleDouble file, without its magic: a hidden input like any other.
      '._dossier.yaml': 'kind: VendorDossier\n',
      '._short.csv': Buffer.from([0x00, 0x05, 0x16]),
    });
    const { status, report } = await check(dir);
    expect(statuses(report)).toEqual([
      ['._dossier.yaml', 'invalid', 'hidden-input'],
      ['._short.csv', 'invalid', 'hidden-input'],
      ['report.yaml', 'pass', undefined],
    ]);
    expect(status).toBe(2);
    expect(walkNotes(report)).toEqual([]);
  });

  it("tmcheck's own files under hidden names are recognised by content and skipped with their note, as under any name", async () => {
    const dir = folderWith({
      '.approved-waivers.yaml': 'waivers: []\n',
      '.last-report.json': JSON.stringify({ tool: { name: 'tmcheck' }, files: [], findings: [], summary: {} }),
      '.tmcheck-cache.json': `${CACHE_MAGIC}x`,
    });
    const { status, report } = await check(dir);
    expect(statuses(report)).toEqual([['report.yaml', 'pass', undefined]]);
    expect(status).toBe(0);
    expect(walkNotes(report).map((n) => [n.file, n.level, n.message.split(':')[0]])).toEqual([
      ['.approved-waivers.yaml', 'warning', 'ignored'],
      ['.last-report.json', 'note', 'skipped'],
      ['.tmcheck-cache.json', 'note', 'skipped'],
    ]);
    // Dressed up as one (a `kind`, so a document), it is a hidden input.
    writeFileSync(path.join(dir, '.last-report.json'), JSON.stringify({ kind: 'MonthlyReport', tool: { name: 'tmcheck' }, files: [], findings: [], summary: {} }));
    expect(statuses((await check(dir)).report)).toContainEqual(['.last-report.json', 'invalid', 'hidden-input']);
  });
});

describe('hidden folders in a folder walk', () => {
  it('are not read; one holding names of inputs (not .git, .hg, .svn) is named once, in a warning note and on standard error', async () => {
    const dir = folderWith({
      '.github/workflows/ci.yml': 'on: push\n',
      '.github/workflows/release.yml': 'on: push\n',
      '.old/2026/09/calls.csv': 'x',
      '.git/refs/x.yaml': 'x',
      '.hg/store/x.csv': 'x',
      '.svn/x.json': 'x',
      '.vscode/settings.txt': 'x',
      'node_modules/pkg/.x.yaml': 'x',
      'node_modules/.cache/x.yaml': 'x',
      'sub/.backup/.calls.xlsx': 'x',
      'sub/dossier.yaml': DOSSIER,
    });
    // `sub` is named besides `.`, which holds it: each hidden folder is still named once.
    const { status, stderr, report } = await check(dir, ['.', 'sub']);
    expect(statuses(report)).toEqual([['report.yaml', 'pass', undefined], ['sub/dossier.yaml', 'pass', undefined]]);
    // A warning note is no finding: the run still passes.
    expect(status).toBe(0);
    expect(report.notes).toEqual([
      { file: '.github', level: 'warning', message: HIDDEN_FOLDER_NOTE.en },
      { file: '.old', level: 'warning', message: HIDDEN_FOLDER_NOTE.en },
      { file: 'sub/.backup', level: 'warning', message: HIDDEN_FOLDER_NOTE.en },
    ]);
    expect(stderr).toBe(['.github', '.old', 'sub/.backup'].map((folder) => `tmcheck: warning: ${folder}: ${HIDDEN_FOLDER_NOTE.en}\n`).join(''));
    const text = await runInProcess(['--lang', 'zh', '.'], { cwd: dir });
    expect(text.stderr).toContain(`tmcheck: 警告：.old：${HIDDEN_FOLDER_NOTE.zh}\n`);
    expect(text.stdout).toContain(`.old  警告`);
    expect(text.stdout).toContain(HIDDEN_FOLDER_NOTE.zh);
  });

  it('the look into a hidden folder is bounded (depth, entries) and follows no link to a folder', () => {
    const deep = (levels: number) => `.deep${levels}/${Array.from({ length: levels - 1 }, (_, i) => `d${i}`).join('/')}/calls.csv`.replace('//', '/');
    const dir = folderWith({ [deep(HIDDEN_FOLDER_LOOK.depth)]: 'x', [deep(HIDDEN_FOLDER_LOOK.depth + 1)]: 'x' });
    // Past the entries a look may list: a folder of that many files and a sub-folder is not looked into.
    mkdirSync(path.join(dir, '.wide/sub'), { recursive: true });
    for (let i = 0; i < HIDDEN_FOLDER_LOOK.entries; i++) writeFileSync(path.join(dir, '.wide', `${i}.txt`), '');
    writeFileSync(path.join(dir, '.wide/sub/calls.csv'), 'x');
    mkdirSync(path.join(dir, '.narrow/sub'), { recursive: true });
    writeFileSync(path.join(dir, '.narrow/sub/calls.csv'), 'x');
    // A link back up, inside a hidden folder: not followed, so the look ends.
    mkdirSync(path.join(dir, '.loop'));
    symlinkSync('..', path.join(dir, '.loop/up'));
    const found = discoverInputs(['.'], dir);
    expect(found.hiddenFolders.map((f) => f.display)).toEqual([`.deep${HIDDEN_FOLDER_LOOK.depth}`, '.narrow']);
    expect(found.problems).toEqual([]);
  });
});
