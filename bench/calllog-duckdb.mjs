// The DuckDB peer for the call-log goal (issue 14): DuckDB computes, in SQL, the aggregates tmcheck
// folds a call log into: per vendor and day the calls, recorded calls, the first call, the end of the
// latest-ending call (started_at + duration_s, a fraction of a second rounded up, counted to the day
// the call started) and the first unrecorded call; per vendor, month and agent the calls and the first call.
//   node bench/calllog-duckdb.mjs FILE --threads N
// @duckdb/node-api is not a dependency of tmcheck: install it for the benchmark with
//   npm install --no-save @duckdb/node-api
// Exits 3 (and says so) when it is not installed.
const [file, flag, threads = '1'] = process.argv.slice(2);
if (!file || (flag !== undefined && flag !== '--threads')) {
  process.stderr.write('usage: node bench/calllog-duckdb.mjs FILE [--threads N]\n');
  process.exit(2);
}

let duckdb;
try {
  duckdb = await import('@duckdb/node-api');
} catch {
  process.stderr.write('@duckdb/node-api is not installed; for the DuckDB peer row run: npm install --no-save @duckdb/node-api\n');
  process.exit(3);
}

const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const source = `read_csv('${file.replaceAll("'", "''")}', header = true, columns = {'call_id': 'VARCHAR', 'vendor_credit_code': 'VARCHAR', 'agent_id': 'VARCHAR', 'started_at': 'TIMESTAMP', 'duration_s': 'DOUBLE', 'recorded': 'INTEGER'})`;
await connection.run(`CREATE TEMP VIEW calls AS SELECT * FROM ${source}`);
const days = await connection.runAndReadAll(`
  SELECT vendor_credit_code, CAST(started_at AS DATE) AS day, count(*) AS calls, sum(recorded) AS recorded,
         min(started_at) AS first_call, arg_min(call_id, started_at) AS first_id,
         max(epoch(started_at) + ceil(duration_s)) AS last_end, arg_max(call_id, epoch(started_at) + ceil(duration_s)) AS last_end_id,
         arg_min(call_id, started_at) FILTER (WHERE recorded = 0) AS first_unrecorded
  FROM calls GROUP BY ALL ORDER BY ALL`);
const agents = await connection.runAndReadAll(`
  SELECT vendor_credit_code, strftime(started_at, '%Y-%m') AS month, agent_id, count(*) AS calls,
         min(started_at) AS first_call, arg_min(call_id, started_at) AS first_id
  FROM calls GROUP BY ALL ORDER BY ALL`);
process.stdout.write(`${JSON.stringify({ threads: Number(threads), days: days.getRows().length, agents: agents.getRows().length })}\n`);
