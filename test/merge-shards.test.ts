import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createChecker, format } from '../src/index.js';
import { MergeError, mergeReports, type MergeInput } from '../src/merge/merge-reports.js';
import type { FileResult, Report, ShardRecord } from '../src/report/model.js';
import { withoutHistoryCopies } from '../src/merge/history-copies.js';
import { historyNote } from '../src/cross/history-note.js';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { COMPLIANT_REPORT, VENDORS, writeTree } from './support/vendor-reports.js';
import { NO_DOSSIER_RULE } from '../src/cross/unjudged-agreement.js';

// `tmcheck merge` must never make a report that looks whole while a shard's files were never
// checked: each `--shard k/n` report records its part, and merge refuses any set that is not whole.
// In process, on small reports written by the JSON and SARIF formatters.

const SPLIT = 'a'.repeat(64);
const OTHER_SPLIT = 'b'.repeat(64);
const SETTINGS = 'c'.repeat(64);

/** A report model of one passing file, as the run would have it, with the shard record given (if any). */
function report(file: string, shard?: Partial<ShardRecord> & Pick<ShardRecord, 'index' | 'count'>): Report {
  return {
    tool: { name: 'tmcheck', version: '0.1.0' },
    ruleset: { version: '2026.11.0', sha256: 'f'.repeat(64) },
    files: file === '' ? [] : [{ file, kind: 'VendorDossier', status: 'pass', errors: [], warnings: [], outcomes: {} }],
    findings: [],
    rules: [],
    skippedRules: [],
    summary: { files: file === '' ? 0 : 1, errors: 0, warnings: 0, notices: 0 },
    ...(shard ? { shard: { inputsKey: SPLIT, settingsKey: SETTINGS, ...shard } } : {}),
  };
}

const asJson = (name: string, model: Report): MergeInput => ({ file: name, data: JSON.parse(format(model, 'json', { lang: 'en' })) });
const asSarif = (name: string, model: Report): MergeInput => ({ file: name, data: JSON.parse(format(model, 'sarif', { lang: 'en' })) });

/** The refusal merge gives, in both languages (it must refuse: a merged report would be a false pass). */
function refusal(inputs: MergeInput[]): { zh: string; en: string } {
  try {
    mergeReports(inputs, 'error');
  } catch (error) {
    if (error instanceof MergeError) return error.problem;
    throw error;
  }
  throw new Error('merge did not refuse');
}

describe('merge refuses a set of shards that is not whole', () => {
  for (const [kind, as] of [['JSON', asJson], ['SARIF', asSarif]] as const) {
    it(`${kind}: a missing shard, naming it and the reports of its split`, () => {
      const problem = refusal([as('s1', report('a.yaml', { index: 1, count: 3 })), as('s3', report('c.yaml', { index: 3, count: 3 }))]);
      expect(problem.en).toBe("shard 2/3 is missing (of the split of s1, s3): name every shard's report, or the merged report would leave its files out");
      expect(problem.zh).toContain('缺少分片 2/3');
    });

    it(`${kind}: a shard given twice (even one that checked no file, which no overlap shows)`, () => {
      const problem = refusal([as('s1', report('a.yaml', { index: 1, count: 2 })), as('s2', report('', { index: 2, count: 2 })), as('s2-again', report('', { index: 2, count: 2 }))]);
      expect(problem.en).toBe('s2 and s2-again are both shard 2/2: give each shard once');
      expect(problem.zh).toContain('都是分片 2/2');
    });

    it(`${kind}: shards of one split with different n`, () => {
      const problem = refusal([as('s1of2', report('a.yaml', { index: 1, count: 2 })), as('s2of3', report('b.yaml', { index: 2, count: 3 })), as('s2of2', report('c.yaml', { index: 2, count: 2 }))]);
      expect(problem.en).toBe('s2of3 is shard 2/3 but s1of2 is shard 1/2 of the same inputs: the shards of one split have one n');
      expect(problem.zh).toContain('必须有相同的 n');
    });

    it(`${kind}: a report without a shard record, beside shards or alone (written without --shard, or by an older tmcheck)`, () => {
      const mixed = refusal([as('part', report('a.yaml', { index: 1, count: 1 })), as('unsharded', report('b.yaml'))]);
      expect(mixed.en).toMatch(/^unsharded records no shard \(it was written without --shard k\/n, or by an older tmcheck that did not record shards\): merge cannot tell whether a shard is missing/);
      expect(mixed.zh).toContain('unsharded 没有记录分片');
      expect(refusal([as('old1', report('a.yaml')), as('old2', report('b.yaml'))]).en).toMatch(/^old1 records no shard/);
    });

    it(`${kind}: shards checked with other settings (a profile or limit the report does not otherwise record)`, () => {
      const problem = refusal([as('s1', report('a.yaml', { index: 1, count: 2 })), as('s2', report('b.yaml', { index: 2, count: 2, settingsKey: 'd'.repeat(64) }))]);
      expect(problem.en).toMatch(/^s2 and s1 were not checked with the same settings \(.*profile.*\): they cannot be merged$/);
      expect(problem.zh).toContain('不是用相同的设置检查的');
    });

    it(`${kind}: whole splits merge (a split in two and another part as 1/1), into a report that records no shard`, () => {
      const merged = mergeReports(
        [as('s2', report('b.yaml', { index: 2, count: 2 })), as('monthly', report('m.yaml', { index: 1, count: 1, inputsKey: OTHER_SPLIT })), as('s1', report('a.yaml', { index: 1, count: 2 }))],
        'error',
      );
      expect(merged.exitCode).toBe(0);
      const text = JSON.stringify(merged.output);
      expect(text).toContain('m.yaml');
      expect(text).not.toContain('"shard"');
      // The same bytes as the formatter writes for one run over the three files.
      const whole = { ...report('a.yaml'), files: ['a.yaml', 'b.yaml', 'm.yaml'].map((file) => report(file).files[0]!), summary: { files: 3, errors: 0, warnings: 0, notices: 0 } };
      expect(JSON.stringify(merged.output, null, 2) + '\n').toBe(format(whole, kind === 'JSON' ? 'json' : 'sarif', { lang: 'en' }));
    });
  }

  it('refuses a shard record that does not have its shape', () => {
    const bad = asJson('bad', report('a.yaml', { index: 3, count: 2 }));
    expect(refusal([bad]).en).toBe('bad is not a JSON report written by tmcheck: shard.index does not have the shape of docs/report-json.md');
    const sarif = asSarif('bad.sarif', report('a.yaml', { index: 1, count: 1 }));
    ((sarif.data as { runs: Array<{ properties: { shard: Record<string, unknown> } }> }).runs[0]!.properties.shard).inputsKey = 7;
    expect(refusal([sarif]).en).toBe('bad.sarif is not a SARIF log written by tmcheck: runs[0].properties.shard.inputsKey does not have the shape tmcheck writes');
  });
});

describe('the shard record of a --shard k/n run', () => {
  it('names the part; shards of one command share both keys; other inputs or settings change the one they concern', async () => {
    const checker = createChecker({ cwd: projectRoot, jobs: 1 });
    const [one, two] = await Promise.all(['1/2', '2/2'].map((shard) => checker.check(['fixtures/dossier-compliant.yaml', 'fixtures/report-compliant.yaml'], { shard })));
    expect(one!.shard).toMatchObject({ index: 1, count: 2 });
    expect(two!.shard).toMatchObject({ index: 2, count: 2, inputsKey: one!.shard!.inputsKey, settingsKey: one!.shard!.settingsKey });
    // The inputs in another order are the same split.
    const reordered = await checker.check(['fixtures/report-compliant.yaml', 'fixtures/dossier-compliant.yaml'], { shard: '1/2' });
    expect(reordered.shard).toEqual(one!.shard);
    const otherInputs = await checker.check(['fixtures/dossier-compliant.yaml'], { shard: '1/2' });
    expect(otherInputs.shard!.inputsKey).not.toBe(one!.shard!.inputsKey);
    expect(otherInputs.shard!.settingsKey).toBe(one!.shard!.settingsKey);
    // A limit and a profile are recorded nowhere else in the report: the settings key tells them apart.
    for (const options of [{ limits: { maxDepth: 40 } }, { profile: 'profiles/shandong-example.yaml' }]) {
      const other = await createChecker({ cwd: projectRoot, jobs: 1, ...options }).check(['fixtures/dossier-compliant.yaml', 'fixtures/report-compliant.yaml'], { shard: '1/2' });
      expect(other.shard!.inputsKey).toBe(one!.shard!.inputsKey);
      expect(other.shard!.settingsKey).not.toBe(one!.shard!.settingsKey);
    }
    // Without --shard there is no record.
    expect((await checker.check(['fixtures/dossier-compliant.yaml'])).shard).toBeUndefined();
  });
});

describe('merge refuses monthly reports not joined to the dossiers of the other parts (R10-1/R10-3)', () => {
  const DOSSIER = 'fixtures/dossier-compliant.yaml';
  const REPORT = 'fixtures/report-compliant.yaml';

  it('a reports part without the dossier part\'s dossier is refused; with it as --history the parts merge into one run\'s bytes', async () => {
    const checker = createChecker({ cwd: projectRoot, jobs: 1 });
    const dossiers = await checker.check([DOSSIER], { shard: '1/1' });
    const alone = await checker.check([REPORT], { shard: '1/1' });
    const joined = await checker.check([REPORT], { shard: '1/1', history: [DOSSIER] });
    // --history is context, not a setting every part shares; the digests say what the reports saw.
    expect(joined.shard!.settingsKey).toBe(dossiers.shard!.settingsKey);
    expect(dossiers.shard!.joinedDossiersKey).toBeUndefined();
    expect(joined.shard!.joinedDossiersKey).toBe(dossiers.shard!.dossiersKey);
    expect(alone.shard!.joinedDossiersKey).not.toBe(dossiers.shard!.dossiersKey);
    for (const as of [asJson, asSarif]) {
      const problem = refusal([as('dossiers', dossiers), as('monthly', alone)]);
      expect(problem.en).toMatch(/^the monthly reports in monthly were not checked against the same dossiers .* --history naming every dossier/);
      expect(problem.zh).toContain('monthly 中的月报');
    }
    const merged = mergeReports([asJson('dossiers', dossiers), asJson('monthly', joined)], 'error');
    const whole = await checker.check([DOSSIER, REPORT]);
    expect(JSON.stringify(merged.output, null, 2) + '\n').toBe(format(whole, 'json', { lang: 'en' }));
  });

  it("a report whose vendor has no dossier in any part: the monthly part's tmcheck/report-no-dossier error merges into one run's bytes (JSON and SARIF)", async () => {
    const checker = createChecker({ cwd: projectRoot, jobs: 1 });
    const other = path.join(writeTree(tempDirMaker('tmcheck-merge-no-dossier-')(), { 'b.yaml': COMPLIANT_REPORT.replace('91370102MA3C4F5G9F', VENDORS.B.code).replace('济南泉声信息技术有限公司', VENDORS.B.name) }), 'b.yaml');
    const dossiers = await checker.check([DOSSIER], { shard: '1/1' });
    const monthly = await checker.check([REPORT, other], { shard: '1/1', history: [DOSSIER] });
    expect(monthly.findings.filter((f) => f.ruleId === NO_DOSSIER_RULE).map((f) => f.location.file)).toEqual([other]);
    const whole = await checker.check([DOSSIER, REPORT, other]);
    for (const [as, kind] of [[asJson, 'json'], [asSarif, 'sarif']] as const) {
      const merged = mergeReports([as('dossiers', dossiers), as('monthly', monthly)], 'error');
      expect(merged.exitCode, kind).toBe(1);
      expect(JSON.stringify(merged.output, null, 2) + '\n', kind).toBe(format(whole, kind, { lang: 'en' }));
    }
  });

  it('a dossier of other content in the reports\' --history (another checkout) is refused too; digests of parts add up', async () => {
    const checker = createChecker({ cwd: projectRoot, jobs: 1 });
    const first = await checker.check([DOSSIER], { shard: '1/2' });
    const second = await checker.check([DOSSIER], { shard: '2/2' });
    const reports = await checker.check([REPORT], { shard: '1/1', history: [DOSSIER] });
    // One dossier falls in one of the two parts: together they check what the reports saw.
    const merged = mergeReports([asJson('s1', first), asJson('s2', second), asJson('monthly', reports)], 'error');
    expect((merged.output as { files: Array<{ file: string }> }).files.map((f) => f.file)).toEqual([DOSSIER, REPORT]);
    const otherContent = { ...reports, shard: { ...reports.shard!, joinedDossiersKey: 'e'.repeat(32) } };
    expect(refusal([asJson('s1', first), asJson('s2', second), asJson('monthly', otherContent)]).en).toMatch(/^the monthly reports in monthly were not checked/);
    const badShape = asJson('bad', { ...reports, shard: { ...reports.shard!, dossiersKey: 'not hex' } });
    expect(refusal([badShape]).en).toBe('bad is not a JSON report written by tmcheck: shard.dossiersKey does not have the shape of docs/report-json.md');
  });
});

describe('the dossiers a part saw count by content, not by how its job named them', () => {
  const tempDir = tempDirMaker('tmcheck-merge-names-');
  const DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
  // The compliant report started the day before its dossier's agreement (2026-09-18): R10-1 fails it.
  const EARLY = COMPLIANT_REPORT.replace('cooperation_started: 2026-09-20', 'cooperation_started: 2026-09-17');

  it('the reports\' part run from another folder (its --history dossiers named ../dossiers, shown absolute) merges, with the verdict of one run; another content is still refused', async () => {
    const root = writeTree(tempDir(), { 'dossiers/d.yaml': DOSSIER, 'reports/r.yaml': EARLY, 'edited/d.yaml': DOSSIER.replaceAll('2026-09-18', '2026-09-10') });
    expect(readFileSync(path.join(root, 'edited/d.yaml'), 'utf8')).not.toBe(DOSSIER);
    const dossiers = await createChecker({ cwd: root, jobs: 1 }).check(['dossiers/'], { shard: '1/1' });
    const fromReports = createChecker({ cwd: path.join(root, 'reports'), jobs: 1 });
    const monthly = await fromReports.check(['.'], { shard: '1/1', history: ['../dossiers'] });
    const finding = monthly.findings.find((f) => f.ruleId === 'R10-1/calling-before-agreement');
    // Named as that job saw it: outside its working folder, so absolute.
    expect(JSON.stringify(finding)).toContain(path.join(root, 'dossiers/d.yaml'));
    expect(monthly.shard!.joinedDossiersKey).toBe(dossiers.shard!.dossiersKey);
    for (const as of [asJson, asSarif]) expect(mergeReports([as('dossiers', dossiers), as('monthly', monthly)], 'error').exitCode).toBe(1);
    const merged = mergeReports([asJson('dossiers', dossiers), asJson('monthly', monthly)], 'error').output as { findings: Array<{ ruleId: string }> };
    const whole = await createChecker({ cwd: root, jobs: 1 }).check(['dossiers/', 'reports/']);
    expect(merged.findings.map((f) => f.ruleId)).toEqual(whole.findings.map((f) => f.ruleId));
    expect(merged.findings.map((f) => f.ruleId)).toContain('R10-1/calling-before-agreement');
    // The same name with other content (another checkout, an edited dossier): not what the parts checked.
    const edited = await fromReports.check(['.'], { shard: '1/1', history: ['../edited'] });
    expect(edited.files.map((f) => f.file)).toEqual(['r.yaml']); // the edited dossier was read (an unreadable one is listed)
    expect(edited.findings.some((f) => f.ruleId === 'R10-1/calling-before-agreement')).toBe(false);
    for (const as of [asJson, asSarif]) expect(refusal([as('dossiers', dossiers), as('monthly', edited)]).en).toMatch(/^the monthly reports in monthly were not checked/);
  });
});

describe('a --history copy of a file another part could not check either is left out of the merge', () => {
  const note = historyNote().message.en;
  const invalid = (file: string, sha256: string, errors: string[]): FileResult => ({
    file, sha256, status: 'invalid', errors: errors.map((en) => ({ code: 'merged', message: { zh: en, en } })), warnings: [], outcomes: {},
  });
  const kept = (copy: FileResult, owner: FileResult) => withoutHistoryCopies([[owner], [copy]])[1]!.length;

  it('only the same failure on the same content: a copy the owner checked, or of other content, stays (and merge refuses the overlap)', () => {
    const copy = invalid('d/x.yaml', 'a'.repeat(64), ['YAML syntax error', note]);
    expect(kept(copy, invalid('d/x.yaml', 'a'.repeat(64), ['YAML syntax error']))).toBe(0);
    expect(kept(copy, invalid('d/x.yaml', 'b'.repeat(64), ['YAML syntax error']))).toBe(1);
    expect(kept(copy, { ...invalid('d/x.yaml', 'a'.repeat(64), []), status: 'pass' })).toBe(1);
    expect(kept(invalid('d/y.yaml', 'a'.repeat(64), ['YAML syntax error', note]), invalid('d/x.yaml', 'a'.repeat(64), ['YAML syntax error']))).toBe(1);
    // Not a history copy: a file in two parts is an overlap.
    expect(kept(invalid('d/x.yaml', 'a'.repeat(64), ['YAML syntax error']), invalid('d/x.yaml', 'a'.repeat(64), ['YAML syntax error']))).toBe(1);
  });
});

describe('merge refuses JSON reports in two languages', () => {
  it('a JSON report records its language; shards in zh and en are refused, naming both; one language merges and keeps it', () => {
    const zh = { file: 's1-zh.json', data: JSON.parse(format(report('a.yaml', { index: 1, count: 2 }), 'json', { lang: 'zh' })) as Record<string, unknown> };
    const en = asJson('s2-en.json', report('b.yaml', { index: 2, count: 2 }));
    expect([zh.data.lang, (en.data as Record<string, unknown>).lang]).toEqual(['zh', 'en']);
    const problem = refusal([zh, en]);
    expect(problem.en).toBe('s2-en.json (en) and s1-zh.json (zh) are in different languages: a merged report would read in two; check every shard with the same --lang');
    expect(problem.zh).toBe('s2-en.json（en）与 s1-zh.json（zh）的报告语言不同，不能合并：合并后的报告会混用两种语言；请用同一个 --lang 检查各分片');

    const zh2 = { file: 's2-zh.json', data: JSON.parse(format(report('b.yaml', { index: 2, count: 2 }), 'json', { lang: 'zh' })) as unknown };
    expect((mergeReports([zh, zh2], 'error').output as Record<string, unknown>).lang).toBe('zh');
  });

  it('a JSON report that records no language (an older tmcheck) is refused, and one with another value is not a tmcheck report', () => {
    const part = asJson('s1.json', report('a.yaml', { index: 1, count: 2 }));
    const old = asJson('s2-old.json', report('b.yaml', { index: 2, count: 2 }));
    delete (old.data as Record<string, unknown>).lang;
    expect(refusal([part, old]).en).toMatch(/^s2-old\.json records no language \(it was written by an older tmcheck that did not record it\)/);
    (old.data as Record<string, unknown>).lang = 'fr';
    expect(refusal([part, old]).en).toBe('s2-old.json is not a JSON report written by tmcheck: lang does not have the shape of docs/report-json.md');
  });
});

describe("merge keeps what a finding's identity counts (its period and item)", () => {
  /** A part of one file with one finding, the file's period and the finding's month and day as given. */
  function scopedPart(file: FileResult, finding: Partial<Report['findings'][number]>, index: number): Report {
    return {
      ...report('', { index, count: 2 }),
      files: [file],
      findings: [
        {
          ruleId: 'R21-1/call-log-all-recorded', article: '21', requirement: 'R21-1', severity: 'error', message: { zh: 'm', en: 'm' }, consequence: { zh: 'c', en: 'c' },
          consequenceKind: 'order', citation: '第二十一条', location: { file: file.file, row: 3, field: 'recorded' }, vendor: VENDORS.A.code, ...finding,
        },
      ],
      summary: { files: 1, errors: 1, warnings: 0, notices: 0 },
    };
  }
  const fileOf = (file: string, scope: Pick<FileResult, 'month' | 'submitted'>): FileResult => ({ file, status: 'fail', errors: [], warnings: [], outcomes: {}, ...scope });
  const parts = [
    scopedPart(fileOf('calls.csv', {}), { month: '2026-10', subject: '2026-10-09' }, 1),
    scopedPart(fileOf('d.yaml', { submitted: '2026-10-08' }), { ruleId: 'R10-P5-5/clean-record', location: { file: 'd.yaml', path: '/vendor/administrative_penalties/0' } }, 2),
  ];
  const whole: Report = { ...report(''), files: parts.flatMap((p) => p.files), findings: parts.flatMap((p) => p.findings), summary: { files: 2, errors: 2, warnings: 0, notices: 0 } };

  it("JSON: files[].month/.submitted and findings[].month/.subject, as one run's report has them", () => {
    const merged = mergeReports(parts.map((p, i) => asJson(`p${i}`, p)), 'error');
    const text = JSON.stringify(merged.output, null, 2) + '\n';
    expect(text).toContain('"subject": "2026-10-09"');
    expect(text).toContain('"submitted": "2026-10-08"');
    expect(text).toBe(format(whole, 'json', { lang: 'en' }));
  });

  it("SARIF: the results' fingerprints, as one run's log has them", () => {
    const merged = mergeReports(parts.map((p, i) => asSarif(`p${i}`, p)), 'error');
    const prints = (log: unknown) => (log as { runs: Array<{ results: Array<{ partialFingerprints: unknown }> }> }).runs[0]!.results.map((r) => r.partialFingerprints);
    const one = JSON.parse(format(whole, 'sarif', { lang: 'en' })) as unknown;
    expect(prints(merged.output)).toEqual(prints(one));
    // The call-log finding of another day at the same row is another finding.
    const otherDay = { ...whole, findings: [{ ...whole.findings[0]!, subject: '2026-10-10' }, whole.findings[1]!] };
    expect(prints(JSON.parse(format(otherDay, 'sarif', { lang: 'en' })))[0]).not.toEqual(prints(one)[0]);
  });
});
