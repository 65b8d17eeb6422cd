import { describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { projectRoot } from './support/fixtures.js';
import { validateSarif } from './support/output-schemas.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';

/** Hostile file systems: loops, pipes, devices, races, odd names, line endings and encodings. */
const bin = path.join(projectRoot, 'bin', 'tmcheck.js');
const compliantFile = path.join(projectRoot, 'fixtures/dossier-compliant.yaml');
const compliant = readFileSync(compliantFile, 'utf8');
const signedAtCity = readFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-signed-at-city.yaml'), 'utf8');

interface JsonReport {
  files: Array<{ file: string; status: string; errors?: Array<{ message: string; line?: number; column?: number }> }>;
  findings: Array<{ ruleId: string; location: { file: string; path?: string; line?: number; column?: number } }>;
}

const tempDir = tempDirMaker('tmcheck-fs-');

async function checkJson(args: string[], cwd: string): Promise<{ status: number; report: JsonReport }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', ...args], { cwd });
  expect(run.stderr).not.toMatch(STACK_TRACE);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

/** The real CLI in a child process, with a timeout: a read that blocks fails the test instead of hanging it. */
function tmcheckBin(args: string[], cwd: string, prefix: string[] = []) {
  const [command, ...rest] = prefix.length > 0 ? [...prefix, process.execPath] : [process.execPath];
  const run = spawnSync(command!, [...rest, bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' } });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

function mkfifo(file: string): void {
  const made = spawnSync('mkfifo', [file]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
}

describe('symbolic links', () => {
  it('a folder that links back to itself is walked once; a self-referencing link named as an input is an error', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'reports', 'sub'), { recursive: true });
    copyFileSync(compliantFile, path.join(dir, 'reports', 'sub', 'vendor.yaml'));
    symlinkSync(path.join(dir, 'reports'), path.join(dir, 'reports', 'sub', 'back-to-top'));
    symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
    const run = await checkJson(['reports', 'loop.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([
      ['loop.yaml', 'invalid', 'symbolic link loop'],
      ['reports/sub/vendor.yaml', 'pass', undefined],
    ]);
  });
});

describe('pipes and devices are never read and never block', () => {
  it('a FIFO with no writer, as an argument and inside a folder, and /dev/null: exit 2, "not a regular file"', () => {
    const dir = tempDir();
    mkfifo(path.join(dir, 'pipe.yaml'));
    mkdirSync(path.join(dir, 'folder'));
    mkfifo(path.join(dir, 'folder', 'inside.json'));
    mkfifo(path.join(dir, 'folder', 'calls.csv'));
    copyFileSync(compliantFile, path.join(dir, 'folder', 'vendor.yaml'));
    const run = tmcheckBin(['--format', 'json', 'pipe.yaml', 'folder', '/dev/null'], dir);
    expect(run.signal, 'tmcheck blocked on a FIFO and was killed').toBeNull();
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    const notRead = 'is not a regular file (a pipe or device); not read';
    expect(report.files.map((f) => [f.file, f.errors?.[0]?.message])).toEqual([
      ['/dev/null', notRead],
      ['folder/calls.csv', notRead],
      ['folder/inside.json', notRead],
      ['folder/vendor.yaml', undefined],
      ['pipe.yaml', notRead],
    ]);
  });
});

describe('unreadable files', () => {
  it('a file without read permission is an input error, not a crash (run as an unprivileged user when tests run as root)', (context) => {
    const dir = tempDir();
    const file = path.join(dir, 'secret.yaml');
    writeFileSync(file, compliant);
    chmodSync(file, 0o000);
    const asRoot = process.getuid?.() === 0;
    // Root reads any file whatever its mode, so as root the check runs as `nobody` through setpriv.
    const prefix = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    if (asRoot && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status !== 0) {
      console.warn('skipped: tests run as root and setpriv cannot drop to nobody, so chmod 000 does not deny reads');
      context.skip();
    }
    chmodSync(dir, 0o755);
    const run = tmcheckBin(['--format', 'json', file], dir, prefix);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files[0]!.errors![0]!.message).toBe('permission denied');
  });
});

describe('one bad file is that file\'s problem', () => {
  it('an I/O error reading one file (a link to /proc/self/mem: EIO) is an input error on it; the rest is checked', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'folder'));
    copyFileSync(compliantFile, path.join(dir, 'folder', 'vendor.yaml'));
    symlinkSync('/proc/self/mem', path.join(dir, 'folder', 'mem.yaml'));
    const run = await checkJson(['folder'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files.map((f) => [f.file, f.status, f.errors?.[0]?.message])).toEqual([
      ['folder/mem.yaml', 'invalid', 'cannot be read (EIO)'],
      ['folder/vendor.yaml', 'pass', undefined],
    ]);
  });

  it('an unreadable subfolder of a walk, or a folder named directly, says "permission denied" on its path (exit 2)', (context) => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'reports', 'locked'), { recursive: true });
    copyFileSync(compliantFile, path.join(dir, 'reports', 'vendor.yaml'));
    writeFileSync(path.join(dir, 'reports', 'locked', 'hidden.yaml'), signedAtCity);
    mkdirSync(path.join(dir, 'sealed'));
    chmodSync(path.join(dir, 'reports', 'locked'), 0o000);
    chmodSync(path.join(dir, 'sealed'), 0o000);
    chmodSync(dir, 0o755);
    const asRoot = process.getuid?.() === 0;
    // Root lists any folder whatever its mode, so as root the check runs as `nobody` through setpriv.
    const prefix = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    if (asRoot && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status !== 0) {
      console.warn('skipped: tests run as root and setpriv cannot drop to nobody, so chmod 000 does not deny reads');
      context.skip();
    }
    const run = tmcheckBin(['--format', 'json', '--lang', 'en', 'reports', 'sealed', 'sealed/inner.yaml'], dir, prefix);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files.map((f) => [f.file, f.status, f.errors?.map((e) => e.message)])).toEqual([
      ['reports/locked', 'invalid', ['permission denied']],
      ['reports/vendor.yaml', 'pass', undefined],
      ['sealed', 'invalid', ['permission denied']],
      ['sealed/inner.yaml', 'invalid', ['permission denied']],
    ]);
  });
});

describe('files removed while a run is under way', () => {
  it('a file listed from a folder and deleted before it is read is reported as not found; the others are checked', async () => {
    const dir = tempDir();
    copyFileSync(compliantFile, path.join(dir, 'a.yaml'));
    copyFileSync(compliantFile, path.join(dir, 'b.yaml'));
    const report = await runCheck({
      inputs: [dir],
      cwd: dir,
      ruleSet: loadRuleSet({ cwd: projectRoot }),
      limits: DEFAULT_LIMITS,
      // After a.yaml is checked, b.yaml (already listed) disappears.
      onProgress: (done) => done === 1 && rmSync(path.join(dir, 'b.yaml')),
    });
    expect(report.files.map((f) => [f.file, f.status, f.errors[0]?.code])).toEqual([
      ['a.yaml', 'pass', undefined],
      ['b.yaml', 'invalid', 'not-found'],
    ]);
  });
});

describe('names with spaces and Chinese characters', () => {
  it('are checked, shown as they are, and percent-encoded in SARIF', async () => {
    const dir = tempDir();
    const folder = path.join(dir, '二〇二六 年报');
    mkdirSync(folder);
    writeFileSync(path.join(folder, '济南 泉声 (签约城市).yaml'), signedAtCity);
    const run = await checkJson(['二〇二六 年报'], dir);
    expect(run.status).toBe(1);
    expect(run.report.findings[0]).toMatchObject({
      ruleId: 'R10-P4/signed-at-province',
      location: { file: '二〇二六 年报/济南 泉声 (签约城市).yaml', path: '/cooperation/agreement/signed_at', line: 32, column: 16 },
    });
    const sarif = await runInProcess(['--format', 'sarif', '--no-timestamp', '二〇二六 年报'], { cwd: dir });
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(validateSarif(log)).toEqual([]);
    const uri = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(decodeURIComponent(uri)).toBe('二〇二六 年报/济南 泉声 (签约城市).yaml');
  });
});

describe('line endings and encodings', () => {
  it('CRLF line endings keep every finding at the same line and column as LF', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'lf.yaml'), signedAtCity);
    writeFileSync(path.join(dir, 'crlf.yaml'), signedAtCity.replace(/\n/g, '\r\n'));
    const run = await checkJson(['lf.yaml', 'crlf.yaml'], dir);
    const at = (file: string) => run.report.findings.filter((f) => f.location.file === file).map((f) => [f.ruleId, f.location.path, f.location.line, f.location.column]);
    expect(at('crlf.yaml')).toEqual([['R10-P4/signed-at-province', '/cooperation/agreement/signed_at', 32, 16]]);
    expect(at('crlf.yaml')).toEqual(at('lf.yaml'));
  });

  it('CRLF keeps the position of a syntax error too', async () => {
    const dir = tempDir();
    const broken = compliant.replace('  name: 济南泉声信息技术有限公司', '  name: [济南泉声信息技术有限公司');
    writeFileSync(path.join(dir, 'lf.yaml'), broken);
    writeFileSync(path.join(dir, 'crlf.yaml'), broken.replace(/\n/g, '\r\n'));
    const run = await checkJson(['lf.yaml', 'crlf.yaml'], dir);
    const [crlf, lf] = run.report.files;
    expect(crlf!.errors![0]!.line).toBeGreaterThan(1);
    expect([crlf!.errors![0]!.line, crlf!.errors![0]!.column]).toEqual([lf!.errors![0]!.line, lf!.errors![0]!.column]);
  });

  it('UTF-16 with or without a byte-order mark is a clear error at 1:1', async () => {
    const dir = tempDir();
    const le = Buffer.from(compliant, 'utf16le');
    const be = Buffer.from(le).swap16();
    writeFileSync(path.join(dir, 'a-le-bom.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
    writeFileSync(path.join(dir, 'b-be-bom.yaml'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    writeFileSync(path.join(dir, 'c-le.yaml'), le);
    writeFileSync(path.join(dir, 'd-be.yaml'), be);
    const run = await checkJson(['.'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files.map((f) => f.errors)).toEqual([
      [{ message: 'file is UTF-16 encoded; save it as UTF-8', line: 1, column: 1 }],
      [{ message: 'file is UTF-16 encoded; save it as UTF-8', line: 1, column: 1 }],
      [{ message: 'file looks UTF-16 encoded (no byte-order mark); save it as UTF-8', line: 1, column: 1 }],
      [{ message: 'file looks UTF-16 encoded (no byte-order mark); save it as UTF-8', line: 1, column: 1 }],
    ]);
  });

  it('an invalid UTF-8 byte is an error naming its byte offset, line and column', async () => {
    const dir = tempDir();
    const text = Buffer.from(compliant, 'utf8');
    const offset = text.indexOf(Buffer.from('city_cs'));
    writeFileSync(path.join(dir, 'latin1.yaml'), Buffer.concat([text.subarray(0, offset), Buffer.from([0xe9]), text.subarray(offset)]));
    const run = await checkJson(['latin1.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files[0]!.errors).toEqual([
      { message: `not valid UTF-8: invalid byte 0xe9 at byte offset ${offset}; save the file as UTF-8`, line: 5, column: 13 },
    ]);
  });
});
