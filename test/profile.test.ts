import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { projectRoot } from './support/fixtures.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { runCheck } from '../src/check/run-check.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { readProfile } from '../src/profile/read-profile.js';
import { checkProfileAgainstRules } from '../src/profile/check-profile.js';
import { profileParamResolver } from '../src/profile/param-resolver.js';
import { ProfileError, type Profile } from '../src/profile/profile.js';
import { normaliseCity } from '../src/profile/city-name.js';
import { main } from '../src/cli/main.js';
import { creditCodeCheckCharacter } from '../src/util/credit-code.js';
import { vendorDossiers } from './support/vendor-reports.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'tmcheck-profile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const compliant = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');

const cities = ['济南', '青岛', '烟台'];

/**
 * The compliant report (calling days 09:00–20:30 and 09:15–21:00) for another city, with no
 * complaints, and a vendor of its own (two reports of one vendor and month are an input error).
 */
function reportFor(city: string): string {
  const file = path.join(work, `report-${city}.yaml`);
  const body = `91370102MA3C4F5G${cities.indexOf(city)}`;
  const code = body + creditCodeCheckCharacter(body)!;
  // A vendor of its own: its own code and name (one name under two codes is an input error).
  writeFileSync(file, compliant.replace('city: 济南', `city: ${city}`).replace('vendor_caused: 31', 'vendor_caused: 0').replace('91370102MA3C4F5G9F', code).replace('泉声', `泉声${city}`));
  return file;
}

function writeProfile(name: string, text: string): string {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
}

async function judge(files: string[], profile: Profile) {
  const ruleSet = loadRuleSet({ cwd: projectRoot, params: profileParamResolver(profile) });
  checkProfileAgainstRules(profile, ruleSet.rules);
  const report = await runCheck({ inputs: files, cwd: work, ruleSet, limits: DEFAULT_LIMITS });
  return report.findings.map((f) => [f.location.file, f.ruleId, f.location.path, f.location.line, f.message.en]);
}

function problemsOf(action: () => unknown): Array<[number, number, string]> {
  try {
    action();
  } catch (error) {
    if (error instanceof ProfileError) return error.problems.map((p) => [p.line, p.column, p.message.en]);
    throw error;
  }
  throw new Error('expected a ProfileError');
}

const example = () => readProfile('profiles/shandong-example.yaml', projectRoot, DEFAULT_LIMITS);

/** The example profile with a register of vendors (credit code → city): a monthly report needs one under a profile with cities. */
function exampleWithRegister(name: string, register: Record<string, string>): string {
  const text = readFileSync(path.join(projectRoot, 'profiles/shandong-example.yaml'), 'utf8');
  return writeProfile(name, `${text}\nvendors:\n${Object.entries(register).map(([code, city]) => `  ${code}: ${city}\n`).join('')}`);
}
const codeOf = (digit: number) => `91370102MA3C4F5G${digit}` + creditCodeCheckCharacter(`91370102MA3C4F5G${digit}`)!;

describe('branch profiles: a report is judged by the profile of its city', () => {
  it('the example profile loads and fits the built-in rules', () => {
    const profile = example();
    expect(profile.file).toBe('profiles/shandong-example.yaml');
    expect(Object.keys(profile.cities)).toEqual(['青岛', '烟台']);
    expect(() => checkProfileAgainstRules(profile, loadRuleSet({ cwd: projectRoot }).rules)).not.toThrow();
  });

  it('the same calling days (11 h 30 min, 11 h 45 min) pass in 济南 (12 h) and fail in 青岛 (11 h)', async () => {
    const findings = await judge([reportFor('济南'), reportFor('青岛')], example());
    expect(findings).toEqual([
      ['report-青岛.yaml', 'R22-1/calling-hours', '/calling_days/0/last_call', 29, 'on 2026-10-09 calls ran from 09:00 to 20:30, 690 minutes, longer than the 660 minutes allowed (第二十二条)'],
      ['report-青岛.yaml', 'R22-1/calling-hours', '/calling_days/1/last_call', 30, 'on 2026-10-10 calls ran from 09:15 to 21:00, 705 minutes, longer than the 660 minutes allowed (第二十二条)'],
    ]);
  });

  it('a city window (烟台 08:30–20:30) judges the last call against the window, not the span', async () => {
    const findings = await judge([reportFor('烟台')], example());
    expect(findings).toEqual([
      ['report-烟台.yaml', 'R22-1/calling-hours', '/calling_days/1/last_call', 30, "on 2026-10-10 the last call at 21:00 is after the branch's calling window closes at 20:30 (第二十二条)"],
    ]);
  });

  it('without a profile every city gets the rule defaults', async () => {
    const ruleSet = loadRuleSet({ cwd: projectRoot });
    const report = await runCheck({ inputs: [reportFor('青岛')], cwd: work, ruleSet, limits: DEFAULT_LIMITS });
    expect(report.findings).toEqual([]);
  });

  it('city overrides win over defaults, which win over the rule file', () => {
    const profile = readProfile(
      writeProfile('order.yaml', 'defaults:\n  R22-1/calling-hours: { max_span_minutes: 700, window_start: "08:00" }\ncities:\n  青岛:\n    R22-1/calling-hours: { max_span_minutes: 600 }\n'),
      work,
      DEFAULT_LIMITS,
    );
    const rule = loadRuleSet({ cwd: projectRoot }).rules.find((r) => r.definition.id === 'R22-1/calling-hours')!.definition as Parameters<ReturnType<typeof profileParamResolver>>[0];
    const resolve = profileParamResolver(profile);
    expect(resolve(rule, '青岛')).toEqual({ max_span_minutes: 600, window_start: '08:00', window_end: null });
    expect(resolve(rule, '济南')).toEqual({ max_span_minutes: 700, window_start: '08:00', window_end: null });
    expect(resolve(rule, undefined)).toEqual({ max_span_minutes: 700, window_start: '08:00', window_end: null });
    // A hostile city name is a plain key, never a way into Object.prototype.
    expect(resolve(rule, '__proto__')).toEqual({ max_span_minutes: 700, window_start: '08:00', window_end: null });
    expect(resolve(rule, 'constructor')).toEqual({ max_span_minutes: 700, window_start: '08:00', window_end: null });
  });
});

describe('a bad profile is a clear error naming the file and line', () => {
  const rules = () => loadRuleSet({ cwd: projectRoot }).rules;
  const check = (name: string, text: string) => problemsOf(() => checkProfileAgainstRules(readProfile(writeProfile(name, text), work, DEFAULT_LIMITS), rules()));

  it('unknown rule ids, unknown parameters and values outside the parameter schema, all at once', () => {
    const text = [
      'defaults:',
      '  R22-1/calling-hourz:',
      '    max_span_minutes: 660',
      'cities:',
      '  青岛:',
      '    R22-1/calling-hours:',
      '      max_span_minutes: eleven hours',
      '      window_start: "9:00"',
      '      max_hours: 11',
    ].join('\n');
    expect(check('bad-values.yaml', text)).toEqual([
      [2, 3, 'there is no rule R22-1/calling-hourz'],
      [7, 25, 'R22-1/calling-hours parameter max_span_minutes: "eleven hours" is invalid (max_span_minutes must be an integer)'],
      [8, 21, 'R22-1/calling-hours parameter window_start: "9:00" is invalid (window_start must match pattern "^([01][0-9]|2[0-3]):[0-5][0-9]$")'],
      [9, 7, 'rule R22-1/calling-hours has no parameter max_hours (its parameters: max_span_minutes, window_start, window_end)'],
    ]);
  });

  it('shape errors: unknown top-level key, a key that is not a rule id, a rule without parameters', () => {
    expect(problemsOf(() => readProfile(writeProfile('shape.yaml', 'defaults:\n  calling-hours: { max_span_minutes: 600 }\n  R20-1/pre-job-training-hours: {}\ncity:\n  青岛: {}\n'), work, DEFAULT_LIMITS))).toEqual([
      [4, 1, '/city is not a known key of a profile (known: description, defaults, cities, vendors)'],
      [2, 3, '"calling-hours" is not a rule id (like R22-1/calling-hours)'],
      [3, 33, '/defaults/R20-1~1pre-job-training-hours sets no parameter'],
    ]);
  });

  it('YAML errors and an empty file are reported with their position', () => {
    expect(problemsOf(() => readProfile(writeProfile('syntax.yaml', 'defaults:\n  R22-1/calling-hours: { max_span_minutes: 600\n'), work, DEFAULT_LIMITS))[0]![0]).toBeGreaterThanOrEqual(2);
    expect(problemsOf(() => readProfile(writeProfile('dup.yaml', 'defaults: {}\ndefaults: {}\n'), work, DEFAULT_LIMITS))).toEqual([[2, 1, expect.stringMatching(/unique|duplicate/i)]]);
    expect(problemsOf(() => readProfile(writeProfile('empty.yaml', ''), work, DEFAULT_LIMITS))).toEqual([[1, 1, 'file is empty: no document found']]);
    expect(problemsOf(() => readProfile(writeProfile('neither.yaml', 'description: nothing set\n'), work, DEFAULT_LIMITS))).toEqual([[1, 1, 'a profile needs defaults or cities (or both)']]);
    expect(problemsOf(() => readProfile(path.join(work, 'missing.yaml'), work, DEFAULT_LIMITS))).toEqual([[1, 1, 'file not found']]);
  });
});

describe('tmcheck --profile', () => {
  function io() {
    const sink = () => {
      const chunks: string[] = [];
      const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
      return { stream, text: () => chunks.join('') };
    };
    const out = sink();
    const err = sink();
    return { io: { stdout: out.stream, stderr: err.stream, env: { LANG: 'C' }, cwd: work }, out, err };
  }

  it('judges each report by its city and exits 1 on the 青岛 finding', async () => {
    const { io: cli, out, err } = io();
    const profile = exampleWithRegister('cli-register.yaml', { [codeOf(cities.indexOf('济南'))]: '济南', [codeOf(cities.indexOf('青岛'))]: '青岛' });
    // The two vendors' dossiers (--history): R10-1/R10-3 judge their reports.
    const dossiers = vendorDossiers(path.join(work, 'dossiers'), [codeOf(cities.indexOf('济南')), codeOf(cities.indexOf('青岛'))]);
    const status = await main(['node', 'tmcheck', '--profile', profile, '--history', dossiers, '--format', 'json', '--no-timestamp', reportFor('济南'), reportFor('青岛')], cli);
    expect([status, err.text()]).toEqual([1, '']);
    const report = JSON.parse(out.text()) as { findings: Array<{ ruleId: string; location: { file: string; path: string } }> };
    // Two reports of one month are also ranked (R24-6: last place in the run's first month is a warning, not judged); this test is about R22-1.
    expect(report.findings.filter((f) => f.ruleId !== 'R24-6/last-place-streak').map((f) => [f.location.file, f.ruleId, f.location.path])).toEqual([
      ['report-青岛.yaml', 'R22-1/calling-hours', '/calling_days/0/last_call'],
      ['report-青岛.yaml', 'R22-1/calling-hours', '/calling_days/1/last_call'],
    ]);
  });

  it('a bad profile stops the run with exit 2, naming the file and line, in the chosen language', async () => {
    const bad = writeProfile('bad-cli.yaml', 'cities:\n  青岛:\n    R22-1/calling-hours:\n      max_span_minutes: 0\n');
    const { io: cli, out, err } = io();
    const status = await main(['node', 'tmcheck', '--profile', 'bad-cli.yaml', '--lang', 'zh', reportFor('青岛')], cli);
    expect(status).toBe(2);
    expect(out.text()).toBe('');
    expect(err.text()).toMatch(/^tmcheck: 分公司参数配置（--profile）无法使用：\n {2}bad-cli\.yaml:4:25: R22-1\/calling-hours 的参数 max_span_minutes 取值 0 无效/);
    expect(bad).toBeTruthy();
  });
});

describe('profiles cannot be dodged by spelling', () => {
  /** The compliant report under a city spelled as given, in a file of its own name. */
  function reportSpelled(city: string, name: string, vendorDigit = 9): string {
    const file = path.join(work, `${name}.yaml`);
    const body = `91370102MA3C4F5G${vendorDigit}`;
    const code = body + creditCodeCheckCharacter(body)!;
    writeFileSync(file, compliant.replace('city: 济南', `city: ${JSON.stringify(city)}`).replace('vendor_caused: 31', 'vendor_caused: 0').replace('91370102MA3C4F5G9F', code).replace('泉声', `泉声${vendorDigit}`));
    return file;
  }
  const rulesOf = (findings: unknown[][]) => findings.map((f) => [f[1], f[2]]);

  it('normalises spaces, invisible characters, full-width forms, a trailing 市 and traditional characters', () => {
    const simplified = ['济南', '青岛', '淄博', '枣庄', '东营', '烟台', '潍坊', '济宁', '泰安', '威海', '日照', '临沂', '德州', '聊城', '滨州', '菏泽'];
    for (const city of simplified) {
      expect(normaliseCity(city)).toBe(city);
      expect(normaliseCity(`${city}市`)).toBe(city);
    }
    const spellings: Array<[string, string]> = [
      ['濟南', '济南'], ['青島市', '青岛'], ['棗莊', '枣庄'], ['東營市', '东营'], ['煙臺', '烟台'], ['烟臺', '烟台'], ['煙台', '烟台'], ['濰坊', '潍坊'],
      ['濟寧', '济宁'], ['臨沂', '临沂'], ['濱州', '滨州'], ['菏澤', '菏泽'], [' 青岛 ', '青岛'], ['\u3000青岛市\t', '青岛'], ['青\u200b岛', '青岛'],
      ['\u202e青岛\u202c', '青岛'], ['\ufeff青岛\u2060', '青岛'], ['Ｑｉｎｇｄａｏ', '青岛'], ['Tai\'an', '泰安'], ['Jinan City', '济南'], ['青岛分公司', '青岛'], ['青岛市分公司', '青岛'], ['分公司', '分公司'], ['市', '市'],
    ];
    for (const [spelled, city] of spellings) expect([spelled, normaliseCity(spelled)]).toEqual([spelled, city]);
  });

  it('a report spelling its city otherwise is judged by that city\'s entry', async () => {
    const plain = await judge([reportSpelled('青岛', 'plain')], example());
    expect(plain).toHaveLength(2);
    for (const [i, spelled] of ['青島市', ' 青岛\u200b', '青\u200d島 市'].entries()) {
      expect(rulesOf(await judge([reportSpelled(spelled, `spelled-${i}`)], example()))).toEqual(rulesOf(plain));
    }
  });

  it("the profile's own keys are normalised the same way", async () => {
    const profileFile = writeProfile('traditional.yaml', 'cities:\n  "青島市 ":\n    R22-1:\n      max_span_minutes: 660\n');
    const profile = readProfile(profileFile, work, DEFAULT_LIMITS);
    expect(rulesOf(await judge([reportSpelled('青岛', 'keyed')], profile))).toEqual([
      ['R22-1/calling-hours', '/calling_days/0/last_call'],
      ['R22-1/calling-hours', '/calling_days/1/last_call'],
    ]);
  });

  it('two keys naming one city are a profile error', () => {
    const profileFile = writeProfile('twice.yaml', 'cities:\n  青岛:\n    R22-1:\n      max_span_minutes: 660\n  青島市:\n    R22-1:\n      max_span_minutes: 720\n');
    const profile = readProfile(profileFile, work, DEFAULT_LIMITS);
    expect(problemsOf(() => checkProfileAgainstRules(profile, loadRuleSet({ cwd: projectRoot }).rules))).toEqual([
      [5, 3, 'city "青島市" is the same city as "青岛" (青岛); name it once'],
    ]);
  });

  it("a report of another Shandong city gets a warning on its city naming the profile's cities; a city that is none of the sixteen is an input error", async () => {
    const unknown = reportSpelled('济南', 'jinan');
    const unplaced = reportSpelled('青州', 'qingzhou', 7);
    const known = reportSpelled('青島', 'known', 8);
    const chunks: string[] = [];
    const out = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
    const err = new Writable({ write(_chunk, _enc, done) { done(); } });
    // 青州's vendor is registered under 潍坊: the city that names no branch is the error, before the register.
    const profile = exampleWithRegister('spelling-register.yaml', { [codeOf(9)]: '济南', [codeOf(7)]: '潍坊', [codeOf(8)]: '青岛' });
    const status = await main(['node', 'tmcheck', '--profile', profile, '--format', 'json', '--lang', 'en', '--no-timestamp', unknown, unplaced, known], { stdout: out, stderr: err, env: {}, cwd: work });
    expect(status).toBe(2);
    const cityLine = compliant.split('\n').findIndex((line) => line.startsWith('city:')) + 1;
    type Problem = { code?: string; message: string; path?: string; line?: number };
    const report = JSON.parse(chunks.join('')) as { files: Array<{ file: string; status: string; errors?: Problem[]; warnings?: Problem[] }> };
    expect(report.files.map((f) => [f.file, f.status === 'invalid', f.warnings])).toEqual([
      ['jinan.yaml', false, [{ message: 'city "济南" matches no city of the profile (青岛, 烟台); judged by the profile\'s defaults', path: '/city', line: cityLine, column: 7 }]],
      ['known.yaml', false, undefined],
      ['qingzhou.yaml', true, undefined],
    ]);
    // 青州 is a county-level city of 潍坊: judged by the defaults, it would dodge an entry for 潍坊.
    expect(report.files[2]!.errors).toMatchObject([
      { message: 'city "青州" is neither a city of the profile (青岛, 烟台) nor one of Shandong\'s sixteen cities, so which city\'s parameters apply cannot be told; write the city\'s name (e.g. 青岛)', path: '/city', line: cityLine, column: 7 },
    ]);
  });
});
