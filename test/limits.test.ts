import { describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync, ftruncateSync, existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';

/**
 * Every resource limit gives a clear error with its position and exit 2, and each one a user may
 * need to raise has an option. Endless and enormous inputs are never read into memory.
 */
const compliant = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const bin = path.join(projectRoot, 'bin', 'tmcheck.js');

const tempDir = tempDirMaker('tmcheck-limits-');

interface JsonReport {
  files: Array<{ file: string; status: string; errors?: Array<{ message: string; line?: number; column?: number; row?: number }> }>;
}

async function checkJson(args: string[], cwd?: string): Promise<{ status: number; report: JsonReport; stderr: string }> {
  const run = await runInProcess(['--format', 'json', '--no-timestamp', ...args], cwd ? { cwd } : {});
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

/** Runs the real CLI in a child process; the timeout turns a blocked read into a failed test, not a hung suite. */
function tmcheckBin(args: string[], cwd: string, nodeArgs: string[] = []) {
  const run = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' } });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

describe('--max-file-size', () => {
  it('a document over the limit is not read: exit 2, the size, the limit and the option named', async () => {
    const size = Buffer.byteLength(compliant);
    const over = await checkJson(['--max-file-size', String(size - 1), 'fixtures/dossier-compliant.yaml']);
    expect(over.status).toBe(2);
    expect(over.report.files[0]!.errors![0]!.message).toBe(`file is ${size} bytes, over the limit of ${size - 1} bytes (raise it with --max-file-size)`);
    const at = await checkJson(['--max-file-size', String(size), 'fixtures/dossier-compliant.yaml']);
    expect(at.status).toBe(0);
  });

  it('defaults to 10 MiB', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.yaml');
    // A valid document padded with a comment to just over 10 MiB.
    writeFileSync(file, compliant + '#' + 'x'.repeat(10 * 1024 * 1024 - Buffer.byteLength(compliant)) + '\n');
    const run = await checkJson([file]);
    expect(run.status).toBe(2);
    expect(run.report.files[0]!.errors![0]!.message).toMatch(/over the limit of 10485760 bytes/);
  });

  it('a 2 GB sparse YAML file is refused from its size alone, with little memory', () => {
    const dir = tempDir();
    const file = path.join(dir, 'huge.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 2 * 1024 ** 3);
    closeSync(fd);
    const run = tmcheckBin(['--format', 'json', file], dir, ['--max-old-space-size=128']);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('file is 2147483648 bytes, over the limit');
  });
});

describe('--max-depth', () => {
  it('nesting deeper than the limit is an input error naming the option; the default accepts real documents', async () => {
    const shallow = await checkJson(['--max-depth', '3', 'fixtures/dossier-compliant.yaml']);
    expect(shallow.status).toBe(2);
    expect(shallow.report.files[0]!.errors).toEqual([
      // The real depth, at the first list or mapping past the limit (the first licence, 4 deep).
      { message: 'nesting is 5 levels deep, over the limit of 3 (raise it with --max-depth)', line: 14, column: 7 },
    ]);
    // The dossier is 5 deep: root → cooperation → approvals → one approval → its departments.
    expect((await checkJson(['--max-depth', '5', 'fixtures/dossier-compliant.yaml'])).status).toBe(0);
  });

  it('100,000 nested brackets do not overflow the stack (default limit 64)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'deep.yaml'), `kind: VendorDossier\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    // 100,000 brackets are 100,000 values: over the default --max-nodes, which is checked first.
    const run = await checkJson(['--max-nodes', '200000', 'deep.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files[0]!.errors).toEqual([
      { message: 'nesting is 100001 levels deep, over the limit of 64 (raise it with --max-depth)', line: 2, column: 67 },
    ]);
  });
});

describe('--max-aliases', () => {
  it('an alias bomb stops at the default limit of 100, at the first alias', async () => {
    const run = await checkJson(['fixtures/invalid/alias-bomb.yaml']);
    expect(run.status).toBe(2);
    expect(run.report.files[0]!.errors![0]).toEqual({ message: 'excessive alias count (limit 100): possible alias bomb', line: 3, column: 8 });
  });

  it('the limit is configurable: a document with a few aliases passes by default and fails under --max-aliases 1', async () => {
    const dir = tempDir();
    const withAliases = compliant
      .replace('administrative_penalties: []', 'administrative_penalties: &none []')
      .replace('bad_records: []', 'bad_records: *none')
      .replace('registered_in_china: true', 'registered_in_china: &yes true')
      .replace('independent_legal_entity: true', 'independent_legal_entity: *yes')
      .replace('data_analysis_capability: true', 'data_analysis_capability: *yes');
    writeFileSync(path.join(dir, 'aliases.yaml'), withAliases);
    expect((await checkJson(['aliases.yaml'], dir)).status).toBe(0);
    const limited = await checkJson(['--max-aliases', '1', 'aliases.yaml'], dir);
    expect(limited.status).toBe(2);
    expect(limited.report.files[0]!.errors![0]!.message).toBe('excessive alias count (limit 1): possible alias bomb');
  });
});

describe('recursive aliases', () => {
  it('an alias inside the node it names (&a [*a]) is an input error at the alias, not an endless walk', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'loop.yaml'), compliant.replace('  bad_records: []', '  bad_records: &loop [ { nested: *loop } ]'));
    const run = await checkJson(['loop.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.report.files[0]!.errors).toEqual([
      { message: 'an alias refers to a node that contains it (a structure that contains itself)', line: 22, column: 34 },
    ]);
  });
});

describe('complex keys', () => {
  it('a list or mapping used as a key is an input error at the key (yaml would stringify it and warn on stderr)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'key.yaml'), compliant.replace('  bad_records: []', '  ? [ etiquette ]\n  : 1\n  bad_records: []'));
    const run = await checkJson(['key.yaml'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.report.files[0]!.errors).toEqual([{ message: 'a key must be a plain value, not a list or mapping', line: 22, column: 5 }]);
  });
});

describe('documents per file', () => {
  it('is one: a second document after --- is an input error at the separator (fixed by the contract, no option)', async () => {
    const run = await checkJson(['fixtures/invalid/two-documents.yaml']);
    expect(run.status).toBe(2);
    expect(run.report.files[0]!.errors![0]).toEqual({ message: 'a file holds exactly one document (found a second one after ---)', line: 43, column: 1 });
  });
});

describe('--max-line-length (CSV call logs)', () => {
  const header = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  const row = 'C0001,91370102MA3C4F5G9F,A001,2026-10-09 08:30:00,65,1\n';

  it('a row over the limit ends the file with an input error at its row; the option raises it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'calls.csv'), header + row + `C0002,91370102MA3C4F5G9F,${'A'.repeat(500)},2026-10-09 08:40:00,65,1\n`);
    const limited = await checkJson(['--max-line-length', '200', 'calls.csv'], dir);
    expect(limited.status).toBe(2);
    expect(limited.report.files[0]!.errors![0]).toEqual({
      message: 'row 3 is longer than the limit of 200 characters (raise it with --max-line-length); the rows after it cannot be read',
      row: 3,
    });
    const raised = await checkJson(['--max-line-length', '1000', 'calls.csv'], dir);
    expect(raised.report.files[0]!.errors ?? []).toEqual([]);
  });

  it('--max-call-log-groups: more distinct vendor-days and vendor-agents than the limit stops the file at that row', async () => {
    const dir = tempDir();
    const rows = [1, 2, 3].map((day) => `C000${day},91370102MA3C4F5G9F,A00${day},2026-10-0${day} 09:00:00,65,1\n`).join('');
    writeFileSync(path.join(dir, 'calls.csv'), header + rows);
    // Each row adds a vendor-day and a vendor-agent: the third row would make 6 groups.
    const limited = await checkJson(['--max-call-log-groups', '5', 'calls.csv'], dir);
    expect(limited.status).toBe(2);
    expect(limited.report.files[0]!.errors![0]).toEqual({
      message: 'row 4: more than 5 distinct vendor-days and vendor-agents; this does not look like a call log, reading stopped (raise it with --max-call-log-groups)',
      row: 4,
    });
    expect((await checkJson(['--max-call-log-groups', '6', 'calls.csv'], dir)).report.files[0]!.errors ?? []).toEqual([]);
  });

  it('a 2 GB call log that is one endless line (a sparse file) stops at the limit and stays small in memory', () => {
    const dir = tempDir();
    const file = path.join(dir, 'endless.csv');
    const fd = openSync(file, 'w');
    writeSync(fd, header + row);
    ftruncateSync(fd, 2 * 1024 ** 3); // the rest is a hole: 2 GB of NUL bytes and no line break
    closeSync(fd);
    // Report the child's peak memory: it must not grow with the file.
    const script = `import { main } from ${JSON.stringify(path.join(projectRoot, 'dist/cli/main.js'))};
const status = await main(['node', 'tmcheck', '--format', 'json', ${JSON.stringify(file)}]);
process.stderr.write('maxRSS=' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = status;`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files[0]!.errors![0]!.message).toBe(
      'row 3 is longer than the limit of 65536 characters (raise it with --max-line-length); the rows after it cannot be read',
    );
    const maxRssKb = Number(/maxRSS=(\d+)/.exec(run.stderr)?.[1]);
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb).toBeLessThan(400 * 1024);
  });
});

describe('endless inputs given as a path are never read', () => {
  it('/dev/zero, and links to it named like a document and a call log: exit 2 at once, "not a regular file"', () => {
    if (!existsSync('/dev/zero')) return;
    const dir = tempDir();
    symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    symlinkSync('/dev/zero', path.join(dir, 'zero.csv'));
    // No clock: a run that read /dev/zero would end in another message, or not at all (the spawn's timeout).
    const run = tmcheckBin(['--format', 'json', '/dev/zero', 'zero.yaml', 'zero.csv'], dir, ['--max-old-space-size=128']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files.map((f) => [f.file, f.errors![0]!.message])).toEqual([
      ['/dev/zero', 'is not a regular file (a pipe or device); not read'],
      ['zero.csv', 'is not a regular file (a pipe or device); not read'],
      ['zero.yaml', 'is not a regular file (a pipe or device); not read'],
    ]);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('memory does not grow with the files already reported', () => {
  it('a report keeps no document alive: 900 dossiers padded to ~40 KB each add only a little heap per file', () => {
    const dir = tempDir();
    // A long comment makes each source text large; a report that pins one (through a substring of
    // it kept as a vendor name or credit code) would grow by ~80 KB per file (UTF-16 text).
    const padded = `# ${'说明'.repeat(20_000)}\n${compliant}`;
    // Heap is sampled after 300 and 900 files: 600 files apart, a pinned source would add ~48 MB, the bound is 4.8 MB.
    for (let i = 0; i < 900; i++) writeFileSync(path.join(dir, `v${String(i).padStart(4, '0')}.yaml`), padded);
    const script = `const { runCheck } = await import(${JSON.stringify(path.join(projectRoot, 'dist/check/run-check.js'))});
const { loadRuleSet } = await import(${JSON.stringify(path.join(projectRoot, 'dist/engine/load-rule-set.js'))});
const { DEFAULT_LIMITS } = await import(${JSON.stringify(path.join(projectRoot, 'dist/read/limits.js'))});
const heap = () => (globalThis.gc(), process.memoryUsage().heapUsed);
const samples = [];
const report = await runCheck({ inputs: ['.'], cwd: process.cwd(), ruleSet: loadRuleSet({ cwd: ${JSON.stringify(projectRoot)} }), limits: DEFAULT_LIMITS,
  onProgress: (done) => { if (done === 300 || done === 900) samples.push(heap()); } });
process.stdout.write(JSON.stringify({ files: report.files.length, perFile: (samples[1] - samples[0]) / 600 }));`;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    const { files, perFile } = JSON.parse(run.stdout) as { files: number; perFile: number };
    expect(files).toBe(900);
    expect(perFile).toBeLessThan(8 * 1024);
  });
});

