// Limit (b): stream a CSV call log through csv-parse, with the options tmcheck uses, and nothing else.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let rows = 0;
const parser = createReadStream(process.argv[2]).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false }));
for await (const record of parser) rows += record.length > 0 ? 1 : 0;
process.stdout.write(`${JSON.stringify({ rows })}\n`);
