import { describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';

/** Report files are written whole or not at all, never over an input, and survive races and Ctrl-C. */
const bin = path.join(projectRoot, 'bin', 'tmcheck.js');
const compliantFile = path.join(projectRoot, 'fixtures/dossier-compliant.yaml');

const tempDir = tempDirMaker('tmcheck-out-');

const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

/** Starts the real CLI; resolves with its exit code and signal. */
function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

describe('atomic report files', () => {
  it('a report goes to a temporary file in the same folder and is renamed: an old report someone holds is never truncated', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'report.json');
    writeFileSync(out, 'OLD REPORT');
    linkSync(out, path.join(dir, 'held-by-a-reader'));
    const oldInode = statSync(out).ino;
    const seen: string[] = [];
    const watcher = watch(dir, (_event, name) => name && seen.push(String(name)));
    const run = await runInProcess(['--format', 'json', '--no-timestamp', '--output', out, compliantFile], { cwd: dir });
    // Events come in order: once the watcher reports a marker written after the run, it has reported the run's.
    const marker = new Promise<void>((resolve) => watcher.on('change', (_event, name) => String(name) === 'marker' && resolve()));
    writeFileSync(path.join(dir, 'marker'), '');
    await marker;
    watcher.close();
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.files).toBe(1);
    expect(statSync(out).ino).not.toBe(oldInode); // renamed into place, not rewritten in place
    expect(readFileSync(path.join(dir, 'held-by-a-reader'), 'utf8')).toBe('OLD REPORT');
    expect(seen.some((name) => /^\.report\.json\.\d+\.[0-9a-f]+\.tmp$/.test(name)), `events: ${seen.join(', ')}`).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a failed write leaves no temporary file and no partial report, and is a clean exit 2', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'report.json')); // a folder where the report should go: rename(2) fails
    const run = await runInProcess(['--format', 'json', '--output', 'report.json', compliantFile], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^tmcheck: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(statSync(path.join(dir, 'report.json')).isDirectory()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('never over an input', () => {
  it('refuses --output, name=FILE, a link to an input and a file found in an input folder, leaving each input as it was', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'in'));
    copyFileSync(compliantFile, path.join(dir, 'in', 'vendor.yaml'));
    symlinkSync(path.join(dir, 'in', 'vendor.yaml'), path.join(dir, 'alias.json'));
    const original = readFileSync(compliantFile, 'utf8');
    const attempts = [
      ['--output', 'in/vendor.yaml', 'in/vendor.yaml'],
      ['--format', 'sarif=in/vendor.yaml', 'in/vendor.yaml'],
      ['--format', 'json=alias.json', 'in/vendor.yaml'],
      ['--format', 'junit=in/vendor.yaml', 'in'],
    ];
    for (const args of attempts) {
      const run = await runInProcess(args, { cwd: dir });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('refusing to write the report over an input file');
      expect(readFileSync(path.join(dir, 'in', 'vendor.yaml'), 'utf8'), args.join(' ')).toBe(original);
    }
  });
});

describe('concurrent runs writing the same report', () => {
  it('leave one complete report, never an interleaving', async () => {
    const dir = tempDir();
    const runs = ['fixtures/dossier', 'fixtures/monthly', 'fixtures/dossier', 'fixtures/monthly', 'fixtures/dossier', 'fixtures/monthly'];
    const expected = new Set(
      ['fixtures/dossier', 'fixtures/monthly'].map((input) => {
        const alone = spawnSync(process.execPath, [bin, '--format', 'json', '--no-timestamp', path.join(projectRoot, input)], { cwd: dir, encoding: 'utf8' });
        return alone.stdout;
      }),
    );
    expect(expected.size).toBe(2);
    const out = path.join(dir, 'shared-report.json');
    const started = runs.map((input) => start(['--format', 'json', '--no-timestamp', '--output', out, path.join(projectRoot, input)], dir));
    const results = await Promise.all(started.map((s) => s.done));
    for (const result of results) expect([0, 1, 2], result.stderr).toContain(result.code);
    expect(expected.has(readFileSync(out, 'utf8'))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);
});

describe('Ctrl-C', () => {
  it('during a check: exit 130, no report file and no temporary file', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'many'));
    for (let i = 0; i < 2000; i++) copyFileSync(compliantFile, path.join(dir, 'many', `v${String(i).padStart(4, '0')}.yaml`));
    // The built CLI with the bin's signal handler, and a stderr that says it is a terminal, so the run
    // announces its first checked file on the progress line: the signal comes after that, whatever the load.
    const script = `import { Writable } from 'node:stream';
import { exitCleanlyOnSignals } from ${JSON.stringify(path.join(projectRoot, 'dist/cli/signals.js'))};
import { main } from ${JSON.stringify(path.join(projectRoot, 'dist/cli/main.js'))};
exitCleanlyOnSignals();
const stderr = Object.assign(new Writable({ write: (chunk, _encoding, done) => process.stderr.write(chunk, done) }), { isTTY: true });
process.exitCode = await main(['node', 'tmcheck', '--format', 'text', '--output', 'report.txt', '--jobs', '1', 'many'], { stdout: process.stdout, stderr, env: process.env, cwd: process.cwd() });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' } });
    let stderr = '';
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/checking: \d+\/2000/.test(stderr)) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await closed, stderr).toBe(130);
    expect(stderr).not.toMatch(/checking: 2000\/2000/);
    expect(existsSync(path.join(dir, 'report.txt'))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('while a report is being written: the write finishes or is removed, never a partial or temporary file', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'report.json');
    const size = 32 * 1024 * 1024;
    // The CLI's own handler and writer, writing reports back to back. The signal goes when the folder
    // watcher sees a temporary file appear, so it lands mid-write whatever the load (without the handler,
    // Node dies there and leaves the temporary file: checked by removing exitCleanlyOnSignals()).
    const script = `import { exitCleanlyOnSignals } from ${JSON.stringify(path.join(projectRoot, 'dist/cli/signals.js'))};
import { writeFileAtomic } from ${JSON.stringify(path.join(projectRoot, 'dist/util/atomic-write.js'))};
exitCleanlyOnSignals();
const content = Buffer.alloc(${size}, 120);
for (;;) { writeFileAtomic(${JSON.stringify(target)}, content); await new Promise((r) => setImmediate(r)); }`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
      const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      const watcher = watch(dir, (_event, name) => {
        if (name && String(name).endsWith('.tmp') && existsSync(path.join(dir, String(name)))) {
          watcher.close();
          child.kill('SIGINT');
        }
      });
      const code = await closed;
      watcher.close();
      expect(leftovers(dir)).toEqual([]);
      expect(code).toBe(130);
      if (existsSync(target)) expect(statSync(target).size).toBe(size);
    }
  }, 120_000);
});
