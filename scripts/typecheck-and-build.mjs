#!/usr/bin/env node
// The first step of `npm test`: `npm run typecheck` and `npm run build` side by side. Each is one
// single-threaded tsc for most of its time, so on two cores together they take the time of the longer
// one instead of the sum (about 6 s less on the 2-core reference machine). The build writes only dist/,
// which the type-check does not read. Fails (with the first failing status) if either fails.
import { spawn } from 'node:child_process';

// npm_execpath is the npm running this script; spawning it with node works on every platform.
const npm = process.env.npm_execpath;
const run = (script) =>
  new Promise((resolve) => {
    const child = npm
      ? spawn(process.execPath, [npm, 'run', '--silent', script], { stdio: 'inherit' })
      : spawn('npm', ['run', '--silent', script], { stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', (error) => {
      console.error(`npm run ${script}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const statuses = await Promise.all([run('typecheck'), run('build')]);
process.exitCode = statuses.find((status) => status !== 0) ?? 0;
