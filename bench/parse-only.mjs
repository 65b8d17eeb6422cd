// Limit (a): read and parse every YAML file in the given folders with `yaml` (parseDocument with a
// LineCounter, then toJS) and nothing else — what tmcheck cannot beat on a dossier batch.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

let files = 0;
let keys = 0;
for (const dir of process.argv.slice(2)) {
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(path.join(dir, name), 'utf8'), { lineCounter, uniqueKeys: true, strict: true });
    const data = doc.toJS();
    keys += Object.keys(data).length;
    files += 1;
  }
}
process.stdout.write(`${JSON.stringify({ files, keys })}\n`);
