import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { runCli } from './support/run-cli.js';
import { HELP_COMMANDS } from './support/cli-commands.js';

/**
 * docs/cli.md promises "every option and command": each long option a command's --help lists must
 * be named there, so an option added to the code without its documentation fails here.
 */
// `rules` and `config` list only -h and their subcommands.
const COMMANDS = HELP_COMMANDS.filter((command) => command.length !== 1 || !['rules', 'config'].includes(command[0]!));

describe('docs/cli.md names every option of every command', () => {
  const page = readFileSync(path.join(packageRoot, 'docs', 'cli.md'), 'utf8');

  it.each(COMMANDS.map((command) => [command.join(' ') || '(check)', command] as const))('%s', async (_name, command) => {
    const help = await runCli([...command, '--help'], packageRoot);
    expect(help.status).toBe(0);
    const options = [...help.stdout.matchAll(/^ {2}(?:-[A-Za-z], )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');
    expect(options.length).toBeGreaterThan(0);
    const undocumented = options.filter((option) => !new RegExp(`${option}(?![a-z-])`).test(page));
    expect(undocumented, 'options --help lists that docs/cli.md does not name').toEqual([]);
  });
});
