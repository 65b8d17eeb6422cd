import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { progressLine } from '../src/cli/progress.js';

/**
 * The progress line on a terminal while a large call log is read: the rows read so far (with
 * --jobs, every thread's: test/calllog-parts.test.ts checks the count), then cleared for the report.
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-calllog-progress-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function terminal(): Writable & { isTTY: boolean; written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY: true, written });
}

describe('the progress line counts a call log’s rows', () => {
  it('shows the rows of a large call log as they are read, and clears the line before the report', async () => {
    const rows = Array.from({ length: 10_500 }, (_, i) => `C${i},91370102MA3C4F5G9F,A001,2026-10-0${1 + (i % 9)} 09:00:00,60,1`);
    const file = path.join(temp, 'calls.csv');
    writeFileSync(file, ['call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded', ...rows, ''].join('\n'));
    const stderr = terminal();
    const stdout = terminal();
    const status = await main(['node', 'tmcheck', '--jobs', '2', '-o', path.join(temp, 'report.txt'), file], { stdout, stderr, env: { LANG: 'en_US.UTF-8' }, cwd: temp });
    expect(status).toBe(1); // checked: the one finding says the vendor's report was not in the run
    expect(readFileSync(path.join(temp, 'report.txt'), 'utf8')).toContain('tmcheck/call-log-no-report');
    const lines = stderr.written.filter((text) => text.includes('rows'));
    expect(lines).toEqual(['\r\u001b[2Kreading calls.csv: 10000 rows']);
    expect(stderr.written.at(-1)).toBe('\r\u001b[2K');
  });

  it('names the file with its control characters made visible, and clears a rows line before a files line', () => {
    const stderr = terminal();
    const progress = progressLine(stderr, { json: false, stdoutPiped: false }, 'zh')!;
    progress.rows('a\u001b[31m.csv', 10_000);
    progress.update(1, 20);
    expect(stderr.written).toEqual(['\r\u001b[2K正在读取 a\\x1b[31m.csv：10000 行', '\r\u001b[2K\r正在检查：1/20 个文件（5%）']);
  });
});
