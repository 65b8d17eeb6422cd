import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatJson, jsonChunks, toJsonReport } from '../src/format/json.js';
import { writeOutputs } from '../src/cli/output-targets.js';
import { summarize, type FileResult, type Finding, type Report } from '../src/report/model.js';

// The JSON report is written a file and a finding at a time (so a large batch's report is never one
// string in memory); the pieces must join into exactly what JSON.stringify makes of the whole report.
const finding = (file: string, i: number): Finding => ({
  ruleId: `R${i}/rule`,
  article: '10',
  requirement: `R${i}`,
  severity: 'error',
  // Line breaks, quotes, a line separator and CJK text inside strings: the pieces' indentation must not touch them.
  message: { zh: `第 ${i} 项\n不符合「"引号"」\u2028`, en: `finding ${i}\r\n\t"quoted"` },
  consequence: { zh: '整改', en: 'rectify' },
  consequenceKind: 'rectification',
  citation: '第十条',
  location: { file, path: `/items/${i}`, line: i + 1, column: 3 },
  ...(i % 2 === 0 ? { vendor: '91370102MA3C4F5G9F', waived: { reason: 'agreed\nby office', approvedBy: 'office' } } : {}),
});
const fileResult = (file: string, i: number): FileResult => ({
  file,
  status: i === 0 ? 'invalid' : 'fail',
  errors: i === 0 ? [{ code: 'yaml-syntax', message: { zh: '语法错误', en: 'syntax\nerror' }, line: 2, column: 1 }] : [],
  warnings: [],
  outcomes: {},
  ...(i > 0 ? { kind: 'VendorDossier', sha256: 'ab'.repeat(32) } : {}),
});

function reportOf(files: number, findings: number, extras: Partial<Report> = {}): Report {
  const fileResults = Array.from({ length: files }, (_, i) => fileResult(`dossiers/v-${i}.yaml`, i));
  const found = Array.from({ length: findings }, (_, i) => finding(`dossiers/v-${i % Math.max(files, 1)}.yaml`, i));
  return {
    tool: { name: 'tmcheck', version: '0.0.0' },
    ruleset: { version: 'test', sha256: '0'.repeat(64) },
    files: fileResults,
    findings: found,
    rules: [],
    skippedRules: [],
    summary: summarize(fileResults, found),
    ...extras,
  };
}

const reports: Array<[string, Report]> = [
  ['no files, no findings', reportOf(0, 0)],
  ['files, no findings', reportOf(3, 0)],
  ['one file, one finding', reportOf(1, 1)],
  [
    'every optional key',
    reportOf(4, 5, {
      generatedAt: '2026-12-03T00:00:00.000Z',
      asOf: '2026-12-01',
      skippedRules: [{ id: 'R1/x', reason: { zh: '未生效', en: 'not yet\nin force' } }],
      notes: [{ file: 'a/tmcheck.waivers.yaml', level: 'warning', message: { zh: '已忽略', en: 'ignored' } }],
      batch: { months: ['2026-10'], vendorMonths: [] },
    }),
  ],
  [
    // A file's usual entry is written out directly: names that JSON must escape, and the keys it may leave out.
    'names to escape, entries with and without kind and hash',
    reportOf(0, 0, {
      files: [
        { file: 'a"b\\c\n\u2028中文\u0001.yaml', status: 'pass', errors: [], warnings: [], outcomes: {}, kind: 'Vendor"Dossier', sha256: 'ab'.repeat(32) },
        { file: 'plain.yaml', status: 'not_applicable' as FileResult['status'], errors: [], warnings: [], outcomes: {} },
        { file: 'kind-only.yaml', status: 'fail', errors: [], warnings: [], outcomes: {}, kind: 'MonthlyReport', sha256: '' },
        { file: 'warned.yaml', status: 'pass', errors: [], warnings: [{ code: 'w', message: { zh: '警告', en: 'warning' } }], outcomes: {} },
      ],
    }),
  ],
  [
    // A finding's usual entry is written out directly too: locations of every shape, and the values JSON would change or leave out.
    'findings written out directly, and those that are not',
    reportOf(1, 0, {
      findings: [
        { ...finding('t.csv', 1), vendor: '', location: { file: 't.csv', row: 12, field: 'caller"号码' } },
        { ...finding('t.yaml', 2), waived: undefined, vendor: '', location: { file: 't.yaml', path: '/agents/1/id', item: { path: '/agents/1', id: 'A-0012' } } },
        { ...finding('t.yaml', 3), location: { file: 't.yaml', path: undefined, line: -0, column: Number.NaN } },
        { ...finding('t.yaml', 5), location: {} as Finding['location'] },
        { ...finding('t.yaml', 7), location: { file: 't\u2028"\\.yaml', line: 1e21, column: 0.5 } },
        { ...finding('t.yaml', 9), message: { zh: '\ud800 孤立代理项', en: 'lone \udfff surrogate' }, vendor: '9137"0102' },
      ],
    }),
  ],
];

describe('the JSON report in pieces', () => {
  it.each(reports)('%s: the pieces join into JSON.stringify of the whole report', (_, report) => {
    for (const lang of ['zh', 'en'] as const) {
      const whole = JSON.stringify(toJsonReport(report, lang), null, 2) + '\n';
      expect([...jsonChunks(report, { lang })].join('')).toBe(whole);
      expect(formatJson(report, { lang, color: false, failOn: 'error' })).toBe(whole);
    }
  });

  it('a JSON file is written from its pieces, whole and atomically (no temporary file left)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-json-chunks-'));
    try {
      const report = reportOf(2000, 600); // more than one 64 KiB write
      const file = path.join(dir, 'report.json');
      writeOutputs(report, [{ format: 'json', file }], { stdout: process.stdout, colorOnStdout: false, options: { lang: 'zh', failOn: 'error' } });
      expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(toJsonReport(report, 'zh'), null, 2) + '\n');
      expect(readdirSync(dir)).toEqual(['report.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
