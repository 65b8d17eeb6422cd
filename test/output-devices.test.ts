import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDirMaker } from './support/temp-dirs.js';
import { projectRoot } from './support/fixtures.js';
import { runInProcess, STACK_TRACE } from './support/run-in-process.js';

/**
 * Outputs (-o, --format name=FILE, --write-baseline) never replace what tmcheck does not own:
 * devices and FIFOs are written through, links are followed, the same file is never two outputs,
 * and standard output failing is a clean end, not a crash. (bin/tmcheck.js runs dist/: build first.)
 */
const bin = path.join(projectRoot, 'bin', 'tmcheck.js');
const compliantFile = path.join(projectRoot, 'fixtures/dossier-compliant.yaml');
const failingFolder = path.join(projectRoot, 'fixtures/dossier');
const tempDir = tempDirMaker('tmcheck-dev-');
const env = { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' };

function run(args: string[], cwd: string, stdout: 'pipe' | number = 'pipe') {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', stdout, 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, done };
}

describe('devices, FIFOs and links', () => {
  it('-o, name=FILE and --write-baseline through a symbolic link to /dev/null write to the device and keep the link', async () => {
    const dir = tempDir();
    // A link in a temporary folder: code that replaces the name it is given replaces the link, never /dev/null itself.
    for (const name of ['out', 'sarif', 'baseline']) symlinkSync('/dev/null', path.join(dir, name));
    const before = statSync('/dev/null');
    const result = await runInProcess(['-o', 'out', '--format', 'json', '--format', 'sarif=sarif', '--write-baseline', 'baseline', compliantFile], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const name of ['out', 'sarif', 'baseline']) expect(lstatSync(path.join(dir, name)).isSymbolicLink(), name).toBe(true);
    const after = statSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.dev, after.ino, after.rdev]).toEqual([before.dev, before.ino, before.rdev]);
    expect(readdirSync(dir).sort()).toEqual(['baseline', 'out', 'sarif']);
  });

  it('a report to a FIFO goes to its reader, and the FIFO stays a FIFO', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'report.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // The reader is waiting on the FIFO before tmcheck starts.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    try {
      // tmcheck refuses a FIFO that nothing reads: start once cat waits in open(2) for a writer.
      while (!readFileSync(`/proc/${reader.pid}/wchan`, 'utf8').includes('wait_for_partner')) await new Promise((resolve) => setImmediate(resolve));
      const result = await run(['--format', 'json', '--no-timestamp', '-o', fifo, compliantFile], dir).done;
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      await readerDone;
      expect(JSON.parse(received).summary.files).toBe(1);
    } finally {
      if (reader.exitCode === null) reader.kill();
    }
  });

  it('a link to a report file writes the file it points to, and the link stays', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'reports'));
    writeFileSync(path.join(dir, 'reports', 'real.json'), 'OLD');
    symlinkSync(path.join('reports', 'real.json'), path.join(dir, 'latest.json'));
    symlinkSync(path.join('reports', 'new.json'), path.join(dir, 'dangling.json'));
    const result = await runInProcess(['--format', 'json=latest.json', '--format', 'sarif=dangling.json', compliantFile], { cwd: dir });
    expect(result.status).toBe(0);
    expect(lstatSync(path.join(dir, 'latest.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'reports', 'real.json'), 'utf8')).summary.files).toBe(1);
    expect(lstatSync(path.join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'reports', 'new.json'), 'utf8')).version).toBe('2.1.0');
  });

  it('a write error on an output names the output file: ENOSPC on /dev/full (through a link) is exit 2, one line', async () => {
    const dir = tempDir();
    symlinkSync('/dev/full', path.join(dir, 'full.json'));
    const result = await runInProcess(['--format', 'json=full.json', compliantFile], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('tmcheck: cannot write /dev/full (ENOSPC: no space left on the device)\n');
    expect(lstatSync(path.join(dir, 'full.json')).isSymbolicLink()).toBe(true);
  });

  it('a folder that cannot be created (a file in the way) is an error naming it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'nowhere'), 'a file, not a folder');
    const result = await runInProcess(['-o', 'nowhere/sub/report.txt', compliantFile], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`tmcheck: cannot write ${path.join(dir, 'nowhere/sub/report.txt')}: the folder ${path.join(dir, 'nowhere/sub')} cannot be created (ENOTDIR)\n`);
    expect(readFileSync(path.join(dir, 'nowhere'), 'utf8')).toBe('a file, not a folder');
  });

  it('a folder where the report should go is refused by name, and stays a folder', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'report.json'));
    const result = await runInProcess(['--format', 'json=report.json', compliantFile], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`tmcheck: ${path.join(dir, 'report.json')} is a folder, not a file\n`);
    expect(statSync(path.join(dir, 'report.json')).isDirectory()).toBe(true);
  });
});

describe('the same file twice', () => {
  it('two outputs that are one file (hard link, symbolic link, or the baseline) are refused before anything is written', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), 'KEEP');
    linkSync(path.join(dir, 'a.json'), path.join(dir, 'hard.json'));
    symlinkSync('a.json', path.join(dir, 'soft.json'));
    const attempts = [
      ['--format', 'json=a.json', '--format', 'sarif=hard.json'],
      ['--format', 'json=soft.json', '--format', 'sarif=a.json'],
      ['--format', 'json', '-o', 'hard.json', '--write-baseline', 'a.json'],
      ['--format', 'json', '-o', 'new.json', '--write-baseline', 'new.json'],
    ];
    for (const args of attempts) {
      const result = await runInProcess([...args, compliantFile], { cwd: dir });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^tmcheck: two outputs would be written to the same file: /);
      expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('KEEP');
      expect(existsSync(path.join(dir, 'new.json'))).toBe(false);
    }
  });

  it('an output that is a hard link of an input is refused, the input left as it was', async () => {
    const dir = tempDir();
    copyFileSync(compliantFile, path.join(dir, 'vendor.yaml'));
    linkSync(path.join(dir, 'vendor.yaml'), path.join(dir, 'report.json'));
    const original = readFileSync(compliantFile, 'utf8');
    for (const args of [['-o', 'report.json'], ['--write-baseline', 'report.json']]) {
      const result = await runInProcess([...args, 'vendor.yaml'], { cwd: dir });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/refusing to write the (report|baseline) over (an input file|a file being checked)/);
      expect(readFileSync(path.join(dir, 'vendor.yaml'), 'utf8')).toBe(original);
      expect(statSync(path.join(dir, 'vendor.yaml')).nlink).toBe(2);
    }
  });
});

describe('usage errors', () => {
  it('-o with only name=FILE formats is an error, not silently ignored', async () => {
    const dir = tempDir();
    const result = await runInProcess(['-o', 'report.txt', '--format', 'json=report.json', compliantFile], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('-o/--output report.txt has nothing to write');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a SOURCE_DATE_EPOCH that is not whole seconds since 1970 is exit 2 with a clear message', async () => {
    for (const epoch of ['abc', '-1', '1.5', '1e9', ' 1700000000', '99999999999999']) {
      const result = await runInProcess(['--format', 'json', compliantFile], { env: { SOURCE_DATE_EPOCH: epoch } });
      expect(result.status, epoch).toBe(2);
      expect(result.stderr, epoch).toBe(`tmcheck: SOURCE_DATE_EPOCH is not a valid epoch (expected whole seconds since 1970, e.g. 1700000000): ${epoch}\n`);
      expect(result.stdout, epoch).toBe('');
    }
    const fixed = await runInProcess(['--format', 'json', compliantFile], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(JSON.parse(fixed.stdout).generatedAt).toBe('2023-11-14T22:13:20.000Z');
  });
});

describe('standard output that fails', () => {
  it('a reader that closes the pipe after the first data (| head -1): quiet end with the run’s own exit status', async () => {
    const dir = tempDir();
    // Enough documents that the report is many times a pipe's buffer.
    mkdirSync(path.join(dir, 'many'));
    const sources = readdirSync(failingFolder).filter((name) => name.endsWith('.yaml'));
    for (let i = 0; i < 12; i++) for (const name of sources) copyFileSync(path.join(failingFolder, name), path.join(dir, 'many', `${i}-${name}`));
    const own = spawnSync(process.execPath, [bin, '--format', 'json', 'many'], { cwd: dir, env, maxBuffer: 1 << 30 });
    expect(own.stdout.length).toBeGreaterThan(1 << 17);
    const started = run(['--format', 'json', 'many'], dir);
    await new Promise<void>((resolve) => started.child.stdout!.once('data', () => resolve()));
    started.child.stdout!.destroy();
    const result = await started.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(own.status);
  });

  it('a full standard output (> /dev/full) is exit 2 with one line, no stack trace', async () => {
    const dir = tempDir();
    const full = openSync('/dev/full', 'w');
    const result = await run([compliantFile], dir, full).done;
    closeSync(full);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('tmcheck: cannot write standard output (ENOSPC: no space left on the device)\n');
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });
});
