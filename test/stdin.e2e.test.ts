import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bin, runTmcheck } from './support/cli.js';
import { fixturesDir, projectRoot } from './support/fixtures.js';
import { STACK_TRACE } from './support/run-in-process.js';
import { tempDir } from './support/temp-dossier.js';

// `tmcheck -`: one document read from standard input (a submission portal pipes an upload in), named
// by --stdin-filename. Every run here is the built CLI in a child process, its standard input a pipe.

const FAILING = path.join(fixturesDir, 'dossier', 'dossier-capital-below-minimum.yaml');
const COMPLIANT = path.join(fixturesDir, 'dossier-compliant.yaml');
const REPORT = 'fixtures/calllogs/report-2026-10-jinan.yaml';
const GB18030_LOG = 'fixtures/calllogs/calllog-2026-10-gb18030.csv';
const ARGS = ['--no-timestamp', '--lang', 'en'];

const tmcheck = (args: string[], input?: string | Buffer, cwd = projectRoot) => runTmcheck([...args, ...ARGS], { cwd, ...(input !== undefined ? { input } : {}) });

/** Says a run ended as a clean refusal: exit 2, nothing on stdout, a message on stderr, no stack trace. */
function refused(run: ReturnType<typeof tmcheck>, message: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stdout).toBe('');
}

describe('tmcheck - reads one document from standard input', () => {
  it('a piped document is checked as its file is: the same JSON and SARIF under --stdin-filename, <stdin> without', () => {
    const dir = tempDir('tmcheck-stdin-');
    const shown = path.relative(projectRoot, FAILING);
    const fromFile = tmcheck([shown, '-f', `json=${dir}/file.json`, '-f', `sarif=${dir}/file.sarif`]);
    const piped = tmcheck(['-', '--stdin-filename', shown, '-f', `json=${dir}/pipe.json`, '-f', `sarif=${dir}/pipe.sarif`], readFileSync(FAILING));
    expect([fromFile.status, piped.status]).toEqual([1, 1]);
    for (const name of ['json', 'sarif']) expect(readFileSync(`${dir}/pipe.${name}`, 'utf8'), name).toBe(readFileSync(`${dir}/file.${name}`, 'utf8'));
    const sarif = JSON.parse(readFileSync(`${dir}/pipe.sarif`, 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('fixtures/dossier/dossier-capital-below-minimum.yaml');

    const unnamed = tmcheck(['-', '-f', 'json'], readFileSync(FAILING));
    expect(unnamed.status).toBe(1);
    const report = JSON.parse(unnamed.stdout);
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(['<stdin>']);
    expect(report.findings.map((f: { location: { file: string; line: number } }) => [f.location.file, f.location.line])).toEqual([['<stdin>', 12]]);
  });

  it('a compliant document piped whole, with or without a BOM, is exit 0; the same document cut short is exit 2 with where', () => {
    const text = readFileSync(COMPLIANT);
    expect(tmcheck(['-'], text).status).toBe(0);
    expect(tmcheck(['-'], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text])).status).toBe(0);
    const cut = tmcheck(['-'], text.subarray(0, text.length - 8));
    expect(cut.status).toBe(2);
    expect(cut.stdout).toMatch(/<stdin> {2}✖ invalid\n {2}43:\d+ {2}input {3}YAML syntax error/);
    expect(cut.stderr).not.toMatch(STACK_TRACE);
    // UTF-16 is refused as from a file.
    expect(tmcheck(['-'], Buffer.from('\ufeffkind: VendorDossier\n', 'utf16le')).stdout).toContain('file is UTF-16 encoded; save it as UTF-8');
  });

  it('other files beside - are checked, in name order, whatever standard input holds', () => {
    const both = tmcheck(['-', path.relative(projectRoot, COMPLIANT), '-f', 'json'], Buffer.from('kind: [unclosed'));
    expect(both.status).toBe(2);
    expect(JSON.parse(both.stdout).files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['<stdin>', 'invalid'],
      ['fixtures/dossier-compliant.yaml', 'pass'],
    ]);
  });

  it('empty input, and standard input closed, are exit 2: no document found', () => {
    for (const run of [
      tmcheck(['-'], ''),
      // `<&-`: Node opens /dev/null in place of a closed standard input.
      (() => {
        const sh = spawnSync('sh', ['-c', `exec "${process.execPath}" "${bin}" - ${ARGS.join(' ')} <&-`], { cwd: projectRoot, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' } });
        return { status: sh.status, stdout: sh.stdout, stderr: sh.stderr, signal: sh.signal };
      })(),
    ]) {
      expect(run.status).toBe(2);
      expect(run.stdout).toContain('<stdin>  ✖ invalid\n  1:1  input   file is empty: no document found');
      expect(run.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it('a folder redirected to standard input is said to be one, exit 2', () => {
    const fd = openSync(fixturesDir, 'r');
    try {
      const run = spawnSync(process.execPath, [bin, '-', ...ARGS], { cwd: projectRoot, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect(run.status).toBe(2);
      expect(run.stdout).toContain('<stdin>  ✖ invalid\n  -  input   is a directory, not a file');
    } finally {
      closeSync(fd);
    }
  });

  it('reading stops past --max-file-size: an endless writer is cut off, exit 2 with the limit, the other file still checked', async () => {
    const child = spawn(process.execPath, [bin, '-', path.relative(projectRoot, COMPLIANT), '--max-file-size', '100000', ...ARGS], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Writes for as long as the pipe takes them: tmcheck ends it (EPIPE here) once past its limit.
    let written = 0;
    let writing = true;
    const chunk = Buffer.alloc(64 * 1024, 'a: b\n');
    child.stdin.on('error', () => (writing = false));
    const pump = () => {
      while (writing && child.stdin.write(chunk)) written += chunk.length;
      if (writing) {
        written += chunk.length;
        child.stdin.once('drain', pump);
      }
    };
    pump();
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    writing = false;
    expect(status).toBe(2);
    expect(stdout).toContain('<stdin>  ✖ invalid\n  -  input   more than the limit of 100000 bytes came in: reading stopped there, nothing was checked (raise it with --max-file-size)');
    expect(stdout).toContain('fixtures/dossier-compliant.yaml VendorDossier  ✔ pass');
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(written).toBeGreaterThan(100_000);
  });

  it('a call log on standard input: CSV (GB18030 detected) and XLSX give their files\' reports', async () => {
    const dir = tempDir('tmcheck-stdin-log-');
    const xlsx = path.join(dir, 'calls.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('calls');
    sheet.addRow(['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded']);
    sheet.addRow(['C1', '91370102MA3C4F5G9F', '临时工01', '2026-10-10 21:30:00', 30, 0]);
    await book.xlsx.writeFile(xlsx);
    for (const log of [GB18030_LOG, xlsx]) {
      const fromFile = tmcheck([REPORT, log, '-f', 'json']);
      const piped = tmcheck([REPORT, '-', '--stdin-filename', log, '-f', 'json'], readFileSync(path.resolve(projectRoot, log)));
      expect(piped.status, log).toBe(1);
      expect(piped.stdout, log).toBe(fromFile.stdout);
      expect(JSON.parse(piped.stdout).files.find((f: { kind?: string }) => f.kind === 'CallLog').file).toBe(log);
    }
  });
});

describe('tmcheck - with the other options', () => {
  it('- twice, --stdin-filename without -, an empty name, --shard of several parts, and a name a checked file has: usage errors, exit 2', () => {
    const text = readFileSync(FAILING);
    refused(tmcheck(['-', '-'], text), /^tmcheck: standard input \(-\) can be given once only: it holds one document\n$/);
    refused(tmcheck([path.relative(projectRoot, FAILING), '--stdin-filename', 'x.yaml'], text), /^tmcheck: --stdin-filename names the document read from standard input: give - among the inputs/);
    refused(tmcheck(['-', '--stdin-filename', ''], text), /^tmcheck: --stdin-filename needs a non-empty name\n$/);
    refused(tmcheck(['-', '--shard', '2/3'], text), /^tmcheck: standard input \(-\) holds one document, and --shard 2\/3 checks a part of the inputs/);
    const shown = path.relative(projectRoot, FAILING);
    refused(tmcheck(['-', shown, '--stdin-filename', `./${shown}`], text), /^tmcheck: two inputs are named "fixtures\/dossier\/dossier-capital-below-minimum.yaml"/);
    // --shard 1/1 is the whole run.
    expect(tmcheck(['-', '--shard', '1/1'], text).status).toBe(1);
  });

  it('no report replaces the file --stdin-filename names; -o - is standard output', () => {
    const dir = tempDir('tmcheck-stdin-out-');
    copyFileSync(FAILING, path.join(dir, 'upload.yaml'));
    const before = readFileSync(path.join(dir, 'upload.yaml'), 'utf8');
    refused(tmcheck(['-', '--stdin-filename', 'upload.yaml', '-o', 'upload.yaml'], readFileSync(FAILING), dir), /^tmcheck: refusing to write the report over an input file: \S*upload\.yaml\n$/);
    expect(readFileSync(path.join(dir, 'upload.yaml'), 'utf8')).toBe(before);
    const toStdout = tmcheck(['-', '--stdin-filename', 'upload.yaml', '-o', '-'], readFileSync(FAILING), dir);
    expect(toStdout.status).toBe(1);
    expect(toStdout.stdout).toContain('upload.yaml VendorDossier  ✖ fail');
  });

  it('--jobs gives the same report; --cache reuses the piped document by its content on the next run', () => {
    const dir = tempDir('tmcheck-stdin-cache-');
    const others = ['fixtures/dossier-compliant.yaml', 'fixtures/dossier/dossier-administrative-penalty.yaml'];
    const one = tmcheck(['-', ...others, '--jobs', '1', '-f', 'json'], readFileSync(FAILING));
    const three = tmcheck(['-', ...others, '--jobs', '3', '-f', 'json'], readFileSync(FAILING));
    expect(three.status).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    const cache = ['--cache-location', path.join(dir, 'cache')];
    const cold = tmcheck(['-', '-f', 'json', ...cache], readFileSync(FAILING));
    const warm = tmcheck(['-', '-f', 'json', ...cache], readFileSync(FAILING));
    expect(cold.stderr).toContain('cache: 0 of 1 documents reused');
    expect(warm.stderr).toContain('cache: 1 of 1 documents reused');
    expect(warm.stdout).toBe(cold.stdout);
    // Other bytes under the same name are checked afresh.
    expect(tmcheck(['-', '-f', 'json', ...cache], readFileSync(COMPLIANT)).status).toBe(0);
  });

  it('--baseline matches the piped document by its --stdin-filename', () => {
    const dir = tempDir('tmcheck-stdin-baseline-');
    const baseline = path.join(dir, 'baseline.json');
    const text = readFileSync(FAILING);
    expect(tmcheck(['-', '--stdin-filename', 'uploads/v.yaml', '--write-baseline', baseline, '-o', path.join(dir, 'r.txt')], text).status).toBe(1);
    expect(existsSync(baseline)).toBe(true);
    expect(tmcheck(['-', '--stdin-filename', 'uploads/v.yaml', '--baseline', baseline], text).status).toBe(0);
    expect(tmcheck(['-', '--stdin-filename', 'uploads/other.yaml', '--baseline', baseline], text).status).toBe(1);
  });

  // util-linux script(1) gives the child a terminal; where there is none, test/stdin-cli.test.ts still covers this in-process.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('standard input that is a terminal is refused at once, never waited on', () => {
    const run = spawnSync('script', ['-qec', `"${process.execPath}" "${bin}" - ${ARGS.join(' ')}; echo "status=$?"`, '/dev/null'], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' },
      // A hang guard only: a run that waited on the terminal would never end by itself.
      timeout: 60_000,
    });
    expect(run.stdout).toContain('tmcheck: standard input (-) is a terminal, not a pipe or a file: pipe or redirect the document into tmcheck (e.g. tmcheck - < dossier.yaml)');
    expect(run.stdout).toContain('status=2');
  });
});
