import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bin, runTmcheck } from './support/cli.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

/**
 * The command line ends its process with process.exit() once standard output and error are
 * delivered (src/cli/run.ts), instead of letting Node take the heap down first. On Linux a write to a
 * pipe is asynchronous: what its reader has not taken yet waits in Node's buffer, and an exit that
 * came before it was written would drop it. Each test makes the reader take nothing until the run
 * has written its last file (a readiness signal: the report file appearing), so that the rest of
 * the stream is certainly still in the process's buffer when it is done, then reads slowly.
 */
const tempDir = tempDirMaker('tmcheck-exit-');
const env = { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8' };
const failingFolder = path.join(projectRoot, 'fixtures/dossier');
const compliantFile = path.join(projectRoot, 'fixtures/dossier-compliant.yaml');

/** Resolves once `file` exists (renamed into place by an atomic write) or `ended` settles, whichever is first. */
function appeared(file: string, ended: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(path.dirname(file), () => {
      if (existsSync(file)) done();
    });
    const done = () => {
      watcher.close();
      resolve();
    };
    void ended.then(done);
    if (existsSync(file)) done();
  });
}

/** Everything `stream` delivers, taking nothing before `start` settles, then one chunk a turn of the event loop. */
async function slowRead(stream: Readable, start: Promise<void>): Promise<Buffer> {
  stream.pause();
  await start;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Buffer.concat(chunks);
}

/** Runs the CLI with both streams on pipes that are read only once `signal` (a file it writes last) exists. */
async function runReadLate(args: string[], cwd: string, signal: string) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
  const start = appeared(path.join(cwd, signal), closed);
  const [stdout, stderr] = await Promise.all([slowRead(child.stdout!, start), slowRead(child.stderr!, start)]);
  return { ...(await closed), stdout, stderr };
}

describe('the command line exits only once its outputs are delivered', () => {
  it('a JSON report of megabytes on a pipe read late and slowly arrives whole, byte for byte the report file of the same run (--jobs 2)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'many'));
    const sources = readdirSync(failingFolder).filter((name) => name.endsWith('.yaml'));
    for (let i = 0; i < 60; i++) for (const name of sources) copyFileSync(path.join(failingFolder, name), path.join(dir, 'many', `${i}-${name}`));
    // The bare format goes to standard output before json=FILE is written (writeOutputs keeps their order).
    const run = await runReadLate(['--jobs', '2', '--no-timestamp', '--format', 'json', '--format', 'json=report.json', 'many'], dir, 'report.json');
    const file = readFileSync(path.join(dir, 'report.json'));
    expect(file.length).toBeGreaterThan(1 << 20); // many times a pipe's buffer (64 KiB)
    expect(run.stderr.toString()).toBe('');
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1); // findings
    expect(run.stdout.length).toBe(file.length);
    expect(Buffer.compare(run.stdout, file)).toBe(0);
  });

  it('hundreds of warnings on a standard error read late all arrive, and the cache the run wrote is whole', async () => {
    const dir = tempDir();
    const hidden = 600; // a line each, about 200 bytes: twice a pipe's buffer
    mkdirSync(path.join(dir, 'docs'));
    copyFileSync(compliantFile, path.join(dir, 'docs', 'dossier.yaml'));
    const names = Array.from({ length: hidden }, (_, i) => `.h${String(i).padStart(4, '0')}`);
    for (const name of names) {
      mkdirSync(path.join(dir, 'docs', name));
      copyFileSync(compliantFile, path.join(dir, 'docs', name, 'dossier.yaml'));
    }
    const args = ['--cache-location', 'run.cache', '--cache-strategy', 'content', '--no-timestamp', '--format', 'json', '-o', 'report.json', 'docs'];
    const run = await runReadLate(args, dir, 'report.json');
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    const lines = run.stderr.toString().split('\n');
    expect(lines.pop()).toBe(''); // ends with a whole line
    expect(lines[0]).toBe('tmcheck: cache: 0 of 1 documents reused (run.cache)');
    expect(lines.slice(1)).toEqual(names.map((name) => `tmcheck: warning: docs/${name}: a hidden folder (its name starts with a dot) holds files named as inputs, not checked: tmcheck does not read hidden folders; move the files to check out of it`));
    // The cache was written whole before the exit: the next run takes its one document from it.
    const report = readFileSync(path.join(dir, 'report.json'));
    const again = runTmcheck(args, { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stderr.split('\n')[0]).toBe('tmcheck: cache: 1 of 1 documents reused (run.cache)');
    expect(Buffer.compare(readFileSync(path.join(dir, 'report.json')), report)).toBe(0);
  });

  it('keeps the exit statuses: 0 compliant, 1 findings, 2 an input it cannot read, with standard output on a pipe', () => {
    const dir = tempDir();
    const cases: Array<[string, number]> = [
      [compliantFile, 0],
      [failingFolder, 1],
      [path.join(dir, 'missing.yaml'), 2],
    ];
    for (const [input, status] of cases) {
      const run = runTmcheck(['--format', 'text', input], { cwd: dir });
      expect(run.signal, input).toBeNull();
      expect(run.status, input).toBe(status);
      expect(run.stdout, input).toMatch(/\n$/);
    }
  });
});
