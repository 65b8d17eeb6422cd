// Limit (a): read and parse every YAML file in the given folders with `yaml` (parseDocument with a
// LineCounter, then toJS) and nothing else — what tmcheck cannot beat on a dossier batch.
// `--part k/n` parses only every n-th file from the k-th: two processes with 1/2 and 2/2 show how
// far the machine itself scales two ways (the ceiling for --jobs 2).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

let args = process.argv.slice(2);
let part = { index: 0, count: 1 };
if (args[0] === '--part') {
  const [k, n] = args[1].split('/').map(Number);
  part = { index: k - 1, count: n };
  args = args.slice(2);
}
let files = 0;
let keys = 0;
let seen = 0;
for (const dir of args) {
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml')) continue;
    if (seen++ % part.count !== part.index) continue;
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(path.join(dir, name), 'utf8'), { lineCounter, uniqueKeys: true, strict: true });
    const data = doc.toJS();
    keys += Object.keys(data).length;
    files += 1;
  }
}
process.stdout.write(`${JSON.stringify({ files, keys })}\n`);
