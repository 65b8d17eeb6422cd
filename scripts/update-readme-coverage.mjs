#!/usr/bin/env node
// `npm run docs:coverage`: regenerates docs/rules.md's coverage table (between the coverage markers)
// from `tmcheck rules coverage --format markdown --lang en`. Run after `npm run build`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { main } from '../dist/cli/main.js';
import { replaceSection } from '../dist/coverage/readme-section.js';
import { writeFileAtomic } from '../dist/util/atomic-write.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.join(root, 'docs', 'rules.md');
const chunks = [];
const stdout = new Writable({
  write(chunk, _encoding, done) {
    chunks.push(Buffer.from(chunk));
    done();
  },
});
const status = await main(['node', 'tmcheck', 'rules', 'coverage', '--format', 'markdown', '--lang', 'en'], {
  stdout,
  stderr: process.stderr,
  env: {},
  cwd: root,
});
const table = Buffer.concat(chunks).toString('utf8');
writeFileAtomic(readme, replaceSection(readFileSync(readme, 'utf8'), table));
console.log(`docs/rules.md coverage table updated${status === 0 ? '' : ' (coverage has problems: see the table)'}`);
