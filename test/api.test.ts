import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createChecker, exitCode, format, TmcheckConfigError, type Checker } from '../src/index.js';
import { actualFindings, checkFiles, expectedFindings, fixturesDir, projectRoot, sortFindings, ZIBO_STREAK_WAIVERS } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';

// The library API (src/index.ts): the same pipeline as the command line, in-memory inputs, typed
// configuration errors, and nothing written to the console.

const PENALTY = path.join(fixturesDir, 'dossier', 'dossier-administrative-penalty.yaml');
const penaltyText = readFileSync(PENALTY, 'utf8');
let builtIn: Checker | undefined;
const checker = () => (builtIn ??= createChecker({ cwd: projectRoot }));

const configError = (run: () => unknown): TmcheckConfigError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TmcheckConfigError);
    return error as TmcheckConfigError;
  }
  throw new Error('expected a TmcheckConfigError');
};

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'tmcheck-api-'));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('in-memory inputs', () => {
  it('content checked from memory gives the findings the file gives, under the given name', async () => {
    const report = await checker().check([{ name: 'uploads/v.yaml', content: penaltyText }]);
    expect(report.files.map((f) => [f.file, f.status])).toEqual([['uploads/v.yaml', 'fail']]);
    expect(report.findings.every((f) => f.location.file === 'uploads/v.yaml')).toBe(true);
    expect(sortFindings(actualFindings(report))).toEqual(sortFindings(expectedFindings(PENALTY)));
    const fromDisk = await checkFiles([PENALTY]);
    expect(report.files[0]!.sha256).toBe(fromDisk.files[0]!.sha256);
    expect(exitCode(report, 'error')).toBe(exitCode(fromDisk, 'error'));
  });

  it('bytes are decoded as a file would be: a BOM is accepted, UTF-16 and bad UTF-8 are invalid with a position', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(penaltyText)]);
    const utf16 = new Uint8Array([0xff, 0xfe, 0x6b, 0x00]);
    const bad = new TextEncoder().encode('kind: VendorDossier\nname: \u00e9');
    const badBytes = new Uint8Array([...bad.subarray(0, bad.length - 2), 0xc3, 0x28]);
    const report = await checker().check([
      { name: 'bom.yaml', content: bom },
      { name: 'utf16.yaml', content: utf16 },
      { name: 'bad.yaml', content: badBytes },
    ]);
    const byName = new Map(report.files.map((f) => [f.file, f]));
    expect(byName.get('bom.yaml')!.status).toBe('fail');
    expect(byName.get('utf16.yaml')!.errors.map((e) => e.code)).toEqual(['encoding']);
    expect(byName.get('bad.yaml')!.errors.map((e) => [e.code, e.line])).toEqual([['encoding', 2]]);
    expect(exitCode(report)).toBe(2);
  });

  it('content over maxFileBytes is an invalid file, not read', async () => {
    const small = createChecker({ cwd: projectRoot, limits: { maxFileBytes: 100 } });
    const report = await small.check([{ name: 'big.yaml', content: 'x'.repeat(101) }, { name: 'ok.yaml', content: 'x'.repeat(100) }]);
    expect(report.files.find((f) => f.file === 'big.yaml')!.errors.map((e) => e.code)).toEqual(['too-large']);
    expect(report.files.find((f) => f.file === 'ok.yaml')!.errors.map((e) => e.code)).not.toContain('too-large');
  });

  it('an in-memory call log (CSV, GB18030 too, and XLSX) gives the report its file gives', async () => {
    const report = 'fixtures/calllogs/report-2026-10-jinan.yaml';
    const xlsx = path.join(tempDir(), 'calllog.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('calls');
    sheet.addRow(['call_id', 'vendor_credit_code', 'agent_id', 'started_at', 'duration_s', 'recorded']);
    sheet.addRow(['C1', '91370102MA3C4F5G9F', '临时工01', '2026-10-10 21:30:00', 30, 0]);
    await book.xlsx.writeFile(xlsx);
    for (const log of ['fixtures/calllogs/calllog-2026-10-utf8-bom.csv', 'fixtures/calllogs/calllog-2026-10-gb18030.csv', xlsx]) {
      const fromDisk = await checker().check([report, log]);
      const fromMemory = await checker().check([report, { name: log, content: readFileSync(path.resolve(projectRoot, log)) }]);
      expect(fromMemory, log).toEqual(fromDisk);
      expect(fromDisk.findings.filter((f) => f.location.file === log).length, log).toBeGreaterThan(0);
    }
  });

  it('a { name, stream } input is read and checked as its content is; past maxFileBytes, or failing, it is an invalid file and the others are checked', async () => {
    const chunks = async function* (...parts: Array<Uint8Array | string>) {
      yield* parts;
    };
    const half = Math.floor(penaltyText.length / 2);
    const streamed = await checker().check([{ name: 'up/v.yaml', stream: chunks(Buffer.from(penaltyText.slice(0, half)), penaltyText.slice(half)) }]);
    expect(streamed).toEqual(await checker().check([{ name: 'up/v.yaml', content: penaltyText }]));

    let pulled = 0;
    const endless = (async function* () {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(64, 0x61);
      }
    })();
    const failing = (async function* () {
      yield Buffer.from('kind: Vendor');
      throw Object.assign(new Error('read EIO'), { code: 'EIO' });
    })();
    const small = createChecker({ cwd: projectRoot, limits: { maxFileBytes: 1000 } });
    const mixed = await small.check([
      { name: 'endless.yaml', stream: endless },
      { name: 'eio.yaml', stream: failing },
      { name: 'objects.yaml', stream: chunks({ not: 'bytes' } as never) },
      'fixtures/dossier-compliant.yaml',
    ]);
    const errors = new Map(mixed.files.map((f) => [f.file, f.errors.map((e) => [e.code, e.message.en])]));
    expect(errors.get('endless.yaml')).toEqual([['too-large', 'more than the limit of 1000 bytes came in: reading stopped there, nothing was checked (raise it with --max-file-size)']]);
    // Reading stopped at the chunk that passed the limit: never the whole stream.
    expect(pulled).toBe(16);
    expect(errors.get('eio.yaml')).toEqual([['unreadable', 'cannot be read (EIO)']]);
    expect(errors.get('objects.yaml')!.map(([code]) => code)).toEqual(['unreadable']);
    expect(mixed.files.find((f) => f.file === 'fixtures/dossier-compliant.yaml')!.errors.map((e) => e.code)).toEqual(['too-large']);
    expect(exitCode(mixed, 'never')).toBe(2);
    await expect(checker().check([{ name: 'x.yaml', stream: 'not a stream' } as never])).rejects.toMatchObject({ code: 'input' });
  });

  it('paths and contents mix in one run, sorted by name; two inputs under one name are refused', async () => {
    const report = await checker().check([{ name: 'zz.yaml', content: penaltyText }, 'fixtures/dossier-compliant.yaml']);
    expect(report.files.map((f) => f.file)).toEqual(['fixtures/dossier-compliant.yaml', 'zz.yaml']);
    await expect(checker().check([{ name: 'a.yaml', content: '' }, { name: 'a.yaml', content: '' }])).rejects.toMatchObject({ code: 'input' });
    await expect(checker().check(['fixtures/dossier-compliant.yaml', { name: 'fixtures/dossier-compliant.yaml', content: '' }])).rejects.toBeInstanceOf(TmcheckConfigError);
    await expect(checker().check([{ name: '', content: 'x' } as never])).rejects.toMatchObject({ code: 'input' });
    await expect(checker().check([{ name: 'n.yaml', content: 42 } as never])).rejects.toMatchObject({ code: 'input' });
  });

  it('in-memory documents are checked the same in worker threads', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `up/${String(i).padStart(2, '0')}.yaml`, content: penaltyText }));
    const inline = await checker().check(many);
    const workers = await createChecker({ cwd: projectRoot, jobs: 2 }).check(many);
    expect(workers).toEqual(inline);
    expect(inline.findings).toHaveLength(40 * expectedFindings(PENALTY).length);
  });
});

describe('one pipeline: the API report is the command line report', () => {
  it('JSON of the batch with waivers and a baseline is byte-for-byte what the CLI writes', async () => {
    const dir = tempDir();
    const waivers = path.join(dir, 'waivers.yaml');
    writeFileSync(waivers, ZIBO_STREAK_WAIVERS);
    const api = checker();
    // A baseline of one month's findings: they leave the report, the rest stay.
    const { baseline } = await api.checkWithBaseline(['fixtures/batch/2026-10']);
    const baselineFile = path.join(dir, 'baseline.json');
    writeFileSync(baselineFile, baseline);
    const report = await api.check(['fixtures/batch'], { waivers: [waivers], baseline: baselineFile, today: '2026-11-27' });
    const cli = await runInProcess(['--format', 'json', '--no-timestamp', '--today', '2026-11-27', '--waivers', waivers, '--baseline', baselineFile, 'fixtures/batch']);
    expect(format(report, 'json')).toBe(cli.stdout);
    expect(report.baseline!.suppressed).toBeGreaterThan(0);
    // The monthly rows are counted after the waivers (what the CLI does; a batch built before them counts the waived finding).
    const row = report.batch!.vendorMonths.find((r) => r.month === '2026-09' && r.creditCode === '91370303MA3E8N4P2T')!;
    expect(row.warnings).toBe(0);
    expect(report.findings.some((f) => f.ruleId === 'R24-6/last-place-streak' && f.waived)).toBe(true);
  });

  it('waivers are read only when named: a tmcheck.waivers.yaml beside the input is not used', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'v.yaml'), penaltyText);
    const waiver = ['waivers:', '  - rule: R10-P5-5/clean-record', '    vendor: 91370102MA3C4F5G9F', '    reason: r', '    approved_by: x', '    expires: 2099-01-01', ''].join('\n');
    writeFileSync(path.join(dir, 'tmcheck.waivers.yaml'), waiver);
    const api = createChecker({ cwd: dir });
    const plain = await api.check(['v.yaml']);
    expect(plain.findings.filter((f) => f.waived)).toEqual([]);
    const waived = await api.check(['v.yaml'], { waivers: [{ name: 'portal-waivers.yaml', content: waiver }] });
    expect(waived.findings.filter((f) => f.ruleId === 'R10-P5-5/clean-record').every((f) => f.waived)).toBe(true);
    expect(exitCode(waived)).toBe(0);
  });

  it('a waivers file that cannot be used is an invalid file in the report; a bad baseline is a configuration error', async () => {
    const report = await checker().check([{ name: 'v.yaml', content: penaltyText }], { waivers: [{ name: 'w.yaml', content: 'waivers: 3\n' }] });
    expect(report.files.find((f) => f.file === 'w.yaml')!.status).toBe('invalid');
    const error = await checker()
      .check([{ name: 'v.yaml', content: penaltyText }], { baseline: { name: 'b.json', content: '{\n  "version": 1,,\n}' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmcheckConfigError);
    expect((error as TmcheckConfigError).code).toBe('baseline');
    expect((error as TmcheckConfigError).render('zh')).toMatch(/^无法使用基线文件：\n {2}b\.json:2:\d+: 基线文件不是有效的 JSON/);
  });
});

describe('configuration errors are typed and bilingual', () => {
  it('a rules folder with a broken rule', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.yaml'), 'id: nope\n');
    const error = configError(() => createChecker({ rules: [dir] }));
    expect(error.code).toBe('rules');
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.render('zh')).toMatch(/^规则无法加载：\n/);
  });

  it('a profile that does not fit the rules, a missing profile', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.yaml'), 'defaults:\n  R0-0/none:\n    x: 1\n');
    const error = configError(() => createChecker({ cwd: dir, profile: 'p.yaml' }));
    expect(error.code).toBe('profile');
    expect(error.problems[0]).toMatchObject({ file: 'p.yaml', line: 2 });
    expect(configError(() => createChecker({ cwd: dir, profile: 'missing.yaml' })).render('zh')).toContain('分公司参数配置（--profile）无法使用');
  });

  it('bad option values', () => {
    expect(configError(() => createChecker({ asOf: '2026-02-30' })).code).toBe('option');
    expect(configError(() => createChecker({ jobs: 0 })).code).toBe('option');
    expect(configError(() => createChecker({ limits: { maxDepth: -1 } })).text.zh).toContain('正整数');
    expect(configError(() => createChecker({ encoding: 'latin1' as never })).code).toBe('option');
    expect(configError(() => format({} as never, 'pdf' as never)).code).toBe('format');
  });
});

describe('the checker', () => {
  it('exposes the rules in force, as the report lists them', async () => {
    const report = await checker().check([{ name: 'v.yaml', content: penaltyText }]);
    expect(checker().rules).toEqual(report.rules);
    expect(checker().rules.length).toBeGreaterThan(10);
    // A date on which no rule is in force could judge nothing: never a checker that passes everything.
    expect(() => createChecker({ asOf: '2000-01-01' })).toThrow(/no rule is in force on that date/);
  });

  it('shards split the inputs into disjoint parts that cover them all; a bad shard is refused', async () => {
    const all = (await checker().check(['fixtures/batch'])).files.map((f) => f.file);
    const first = (await checker().check(['fixtures/batch'], { shard: '1/2' })).files.map((f) => f.file);
    const second = (await checker().check(['fixtures/batch'], { shard: { index: 2, count: 2 } })).files.map((f) => f.file);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect([...first, ...second].sort()).toEqual([...all].sort());
    await expect(checker().check(['fixtures/batch'], { shard: '3/2' })).rejects.toMatchObject({ code: 'option' });
  });

  it('explains a rule, an article, and nothing for an unknown query', () => {
    const rule = checker().rules[0]!;
    expect(checker().explain(rule.id)!.rules.map((r) => r.id)).toEqual([rule.id]);
    expect(checker().explain('第七条')!.rules.length).toBeGreaterThan(0);
    expect(checker().explain('no-such-thing')).toBeUndefined();
  });

  it('writes nothing to the console and does not exit, whatever the input', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const exit = vi.spyOn(process, 'exit');
    const dir = tempDir();
    mkdirSync(path.join(dir, 'empty'));
    const report = await createChecker({ cwd: dir }).check(['missing.yaml', 'empty', { name: 'x.yaml', content: ': : :' }, { name: 'c.csv', content: '' }]);
    expect(report.files.every((f) => f.status === 'invalid')).toBe(true);
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
  });

  it('formats in every format and language', async () => {
    const report = await checker().check([{ name: 'v.yaml', content: penaltyText }]);
    expect(format(report, 'text', { lang: 'zh' })).toContain('v.yaml');
    expect(JSON.parse(format(report, 'sarif')).version).toBe('2.1.0');
    expect(format(report, 'junit', { failOn: 'never' })).toContain('<testsuites');
  });
});
