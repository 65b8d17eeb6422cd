import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { StandardInput } from '../src/cli/standard-input.js';
import { projectRoot } from './support/fixtures.js';

/** main() with a standard input of the test's making, both outputs captured. */
async function runWithStdin(args: string[], stdin: (() => StandardInput) | undefined) {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (chunk, _encoding, done) => (into.push(String(chunk)), done()) });
  const status = await main(['node', 'tmcheck', ...args, '--lang', 'en'], { stdout: sink(out), stderr: sink(err), env: { NO_COLOR: '1' }, cwd: projectRoot, ...(stdin ? { stdin } : {}) });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe('tmcheck - in-process: standard input the CLI cannot read', () => {
  it('a terminal is refused before anything is read from it (a read would wait for typing)', async () => {
    let pulled = false;
    const terminal: StandardInput = {
      isTTY: true,
      [Symbol.asyncIterator]: () => {
        pulled = true;
        return { next: () => new Promise<IteratorResult<Uint8Array>>(() => undefined) };
      },
    };
    const run = await runWithStdin(['-', 'fixtures/dossier-compliant.yaml'], () => terminal);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: 'tmcheck: standard input (-) is a terminal, not a pipe or a file: pipe or redirect the document into tmcheck (e.g. tmcheck - < dossier.yaml)\n',
    });
    expect(pulled).toBe(false);
  });

  it('a caller of main() that gives no standard input gets exit 2, not a check without it', async () => {
    const run = await runWithStdin(['-'], undefined);
    expect(run).toMatchObject({ status: 2, stdout: '', stderr: 'tmcheck: there is no standard input (-) to read here\n' });
  });
});
