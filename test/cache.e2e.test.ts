import { cpSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRulesDir, templatesDir } from '../src/paths.js';
import { runTmcheck, type CliRun } from './support/cli.js';
import { runCli } from './support/run-cli.js';
import { fixturesDir } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';
import { runCheck } from '../src/check/run-check.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { runKey } from '../src/cache/run-key.js';
import { resolveCacheLocation } from '../src/cache/cache-location.js';
import { CACHE_MAGIC as CACHE_MAGIC_TEXT } from '../src/read/own-files.js';

const CACHE_MAGIC = Buffer.from(CACHE_MAGIC_TEXT, 'latin1');

// --cache end to end (bin/tmcheck.js runs dist/: `npm run build` first; an e2e test for that). The counts come from the
// note the cache writes to standard error: "cache: N of M documents reused".
const makeDir = tempDirMaker('tmcheck-cache-');

/** A working folder with inputs/: the monthly batch (ranking, streaks) and ten dossiers, 33 documents. */
function workspace(): { dir: string; documents: number } {
  const dir = makeDir();
  cpSync(path.join(fixturesDir, 'batch'), path.join(dir, 'inputs', 'batch'), { recursive: true });
  const dossier = readFileSync(path.join(templatesDir, 'vendor-dossier.yaml'), 'utf8');
  mkdirSync(path.join(dir, 'inputs', 'dossiers'));
  for (let i = 0; i < 10; i++) writeFileSync(path.join(dir, 'inputs', 'dossiers', `d${i}.yaml`), dossier.replace(/^vendor:/m, `# copy ${i}\nvendor:`));
  return { dir, documents: 33 };
}

const FORMATS = ['json=r.json', 'sarif=r.sarif', 'text=r.txt', 'markdown=r.md', 'junit=r.xml'];
const JSON_ONLY = ['json=r.json'];

type Checked = Omit<CliRun, 'signal'> & { outputs: string; reused?: [number, number] };

/** What a check of inputs/ wrote and said: the reports joined, and the cache's count from its note. */
function checked(dir: string, run: Omit<CliRun, 'signal'>, formats: string[]): Checked {
  expect([0, 1]).toContain(run.status);
  const outputs = formats.map((f) => readFileSync(path.join(dir, f.split('=')[1]!), 'utf8')).join('\n\u0000\n');
  const counted = /cache: (\d+) of (\d+) documents reused/.exec(run.stderr);
  return { ...run, outputs, ...(counted ? { reused: [Number(counted[1]), Number(counted[2])] as [number, number] } : {}) };
}

const checkArgs = (formats: string[], extra: string[]) => ['inputs', '--no-timestamp', '--lang', 'en', ...formats.flatMap((f) => ['-f', f]), ...extra];

/** A check of inputs/ in dir by the built CLI, every format written (or only JSON, when `formats` says so). */
function check(dir: string, extra: string[] = [], formats = FORMATS): Checked {
  return checked(dir, runTmcheck(checkArgs(formats, extra), { cwd: dir }), formats);
}

/** The same check through main() in this process: for the tests about what invalidates an entry, not about the process. */
async function checkHere(dir: string, extra: string[] = [], formats = JSON_ONLY): Promise<Checked> {
  return checked(dir, await runCli(checkArgs(formats, extra), dir), formats);
}

describe('--cache', () => {
  it('reuses every unchanged document and writes the same reports byte for byte, ranking and streaks included', () => {
    const { dir, documents } = workspace();
    const cold = check(dir);
    expect(cold.reused).toBeUndefined();
    // Two jobs (the main thread and a worker): the documents to check go to the worker as the bytes that were hashed.
    const first = check(dir, ['--cache', '--jobs', '2']);
    expect(first.reused).toEqual([0, documents]);
    expect(existsSync(path.join(dir, '.tmcheck-cache'))).toBe(true);
    // Warm, with workers asked for: none is needed, the cached results go the way fresh ones do.
    const warm = check(dir, ['--cache', '--jobs', '2']);
    expect(warm.reused).toEqual([documents, documents]);
    expect(warm.outputs).toBe(cold.outputs);
    expect(first.outputs).toBe(cold.outputs);
    expect(warm.status).toBe(cold.status);
    // The cross-document results are in what was compared: a ranked batch with a last-place streak.
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { batch: { vendorMonths: Array<{ rank?: number }> }; findings: Array<{ ruleId: string }> };
    expect(report.batch.vendorMonths.some((row) => row.rank !== undefined)).toBe(true);
    expect(report.findings.some((f) => f.ruleId.startsWith('R24-6'))).toBe(true);
  });

  it('checks again only the document that changed', async () => {
    const { dir, documents } = workspace();
    await checkHere(dir, ['--cache'], FORMATS);
    const file = path.join(dir, 'inputs', 'batch', '2026-10', 'zibo-boyuan.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/assessment_score: [\d.]+/, 'assessment_score: 99.5'));
    // The same bytes under a second name: reused, and reported under its own name.
    cpSync(path.join(dir, 'inputs', 'dossiers', 'd1.yaml'), path.join(dir, 'inputs', 'dossiers', 'd1-copy.yaml'));
    const edited = await checkHere(dir, ['--cache'], FORMATS);
    expect(edited.reused).toEqual([documents, documents + 1]);
    // The ranking built from 32 cached results and one fresh one is the one a run without the cache builds.
    expect(edited.outputs).toBe((await checkHere(dir, [], FORMATS)).outputs);
  });

  /** A workspace with a custom rules folder and a profile, checked once with the cache. */
  async function withRulesAndProfile() {
    const { dir, documents } = workspace();
    const rules = path.join(dir, 'rules');
    mkdirSync(rules);
    const ruleText = readFileSync(path.join(builtInRulesDir, '20.R20-1.pre-job-training-hours.yaml'), 'utf8').replaceAll('R20-1/pre-job-training-hours', 'R20-1/cache-test');
    writeFileSync(path.join(rules, 'cache-test.yaml'), ruleText);
    writeFileSync(path.join(dir, 'profile.yaml'), 'defaults:\n  R22-1:\n    max_span_minutes: 720\n');
    const base = ['--cache', '--rules', 'rules', '--profile', 'profile.yaml', '--as-of', '2026-12-31'];
    expect((await checkHere(dir, base)).reused).toEqual([0, documents]);
    return { dir, documents, rules, ruleText, base };
  }

  it('checks everything again when a custom rule or the profile changes', async () => {
    const { dir, documents, rules, ruleText, base } = await withRulesAndProfile();
    expect((await checkHere(dir, base)).reused).toEqual([documents, documents]);

    writeFileSync(path.join(rules, 'cache-test.yaml'), ruleText.replace('less than the required', 'below the required'));
    const ruleChanged = (await checkHere(dir, base));
    expect(ruleChanged.reused).toEqual([0, documents]);
    expect(ruleChanged.outputs).toBe((await checkHere(dir, base.slice(1))).outputs);

    writeFileSync(path.join(dir, 'profile.yaml'), 'defaults:\n  R22-1:\n    max_span_minutes: 700\n');
    expect((await checkHere(dir, base)).reused).toEqual([0, documents]);
  });

  it('checks everything again when --as-of or a limit changes, and keeps the other runs\' entries', async () => {
    const { dir, documents, base } = await withRulesAndProfile();
    const otherDate = base.map((arg) => (arg === '2026-12-31' ? '2026-11-30' : arg));
    expect((await checkHere(dir, otherDate)).reused).toEqual([0, documents]);
    expect((await checkHere(dir, [...base, '--max-nodes', '90000'])).reused).toEqual([0, documents]);
    // Alternating between two runs: each finds its own entries still there.
    expect((await checkHere(dir, base)).reused).toEqual([documents, documents]);
    expect((await checkHere(dir, otherDate)).reused).toEqual([documents, documents]);
  });

  it('ignores a damaged cache with a note, checks everything, and replaces it', async () => {
    const { dir, documents } = workspace();
    const cold = await checkHere(dir, [], FORMATS);
    await checkHere(dir, ['--cache']);
    const cacheFile = path.join(dir, '.tmcheck-cache');
    const bytes = readFileSync(cacheFile);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(cacheFile, bytes);
    const damaged = await checkHere(dir, ['--cache'], FORMATS);
    expect(damaged.stderr).toContain('the cache file .tmcheck-cache is damaged or was written by another version: ignored');
    expect(damaged.reused).toEqual([0, documents]);
    expect(damaged.outputs).toBe(cold.outputs);
    expect((await checkHere(dir, ['--cache'])).reused).toEqual([documents, documents]);
    // Cut short, the same.
    writeFileSync(cacheFile, readFileSync(cacheFile).subarray(0, 100));
    expect((await checkHere(dir, ['--cache'])).stderr).toContain('is damaged');
  });

  it('neither trusts nor replaces a file at the cache location that is not a tmcheck cache', () => {
    const { dir, documents } = workspace();
    writeFileSync(path.join(dir, 'notes.txt'), 'my notes\n');
    const run = check(dir, ['--cache-location', 'notes.txt']);
    expect(run.stderr).toContain('notes.txt is not a tmcheck cache file: it is neither trusted nor replaced');
    expect(run.reused).toEqual([0, documents]);
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
    // Larger than the bound (a sparse file: nothing is read to find out).
    writeFileSync(path.join(dir, 'big'), '');
    truncateSync(path.join(dir, 'big'), 300 * 1024 * 1024);
    const big = check(dir, ['--cache-location', 'big'], JSON_ONLY);
    expect(big.stderr).toContain('big is larger than any cache tmcheck writes: it is neither read nor replaced');
    expect(statSync(path.join(dir, 'big')).size).toBe(300 * 1024 * 1024);
  });

  it('refuses a cache location among the inputs (exit 2)', () => {
    const { dir } = workspace();
    for (const [inputs, location] of [
      [['inputs'], 'inputs/batch/.tmcheck-cache'],
      [['inputs/dossiers/d1.yaml'], 'inputs/dossiers/d1.yaml'],
      [['.'], undefined],
      [['inputs/**/*.yaml'], 'inputs/cache'],
      [['inputs/dossiers', 'inputs/batch'], 'inputs/batch/c'],
    ] as Array<[string[], string | undefined]>) {
      expect((resolveCacheLocation(location, inputs, dir) as { refused?: { en: string } }).refused?.en, inputs.join(' ')).toMatch(/^the cache file .* would be among the inputs/);
    }
    expect(resolveCacheLocation('cache', ['inputs'], dir)).toEqual({ location: path.join(dir, 'cache'), shown: 'cache' });
    // The command line has no check of its own: the library's refusal (the --history folders are inputs
    // too) comes out as its message and exit 2, before anything is read or written.
    const run = runTmcheck(['inputs/dossiers', '--history', 'inputs/batch', '--cache-location', 'inputs/batch/c', '--lang', 'en'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('tmcheck: the cache file inputs/batch/c would be among the inputs (inputs/batch): a cache is only kept outside them (whoever supplies the documents must not supply verdicts too); choose a place outside the inputs with --cache-location\n');
    expect(existsSync(path.join(dir, 'inputs', 'batch', 'c'))).toBe(false);
    // A folder named with --cache-location holds .tmcheck-cache.
    mkdirSync(path.join(dir, 'cache'));
    expect(runTmcheck(['inputs/dossiers', '--cache-location', 'cache/', '--lang', 'en'], { cwd: dir }).status).toBe(0);
    expect(existsSync(path.join(dir, 'cache', '.tmcheck-cache'))).toBe(true);
  });

  it('is recognised as tmcheck\'s own file when a walk meets it, and not checked as a document', () => {
    const { dir } = workspace();
    mkdirSync(path.join(dir, 'out'));
    expect(runTmcheck(['inputs/dossiers', '--cache-location', 'out/cache.json'], { cwd: dir }).status).toBe(0);
    expect(readFileSync(path.join(dir, 'out', 'cache.json')).subarray(0, CACHE_MAGIC.length).equals(CACHE_MAGIC)).toBe(true);
    writeFileSync(path.join(dir, 'out', 'd.yaml'), readFileSync(path.join(dir, 'inputs', 'dossiers', 'd1.yaml')));
    const run = runTmcheck(['out', '--format', 'json', '--no-timestamp', '--lang', 'en'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { files: Array<{ file: string }>; notes?: Array<{ file: string; message: { en: string } }> };
    expect(report.files.map((f) => f.file)).toEqual(['out/d.yaml']);
    expect(report.notes).toEqual([{ file: 'out/cache.json', level: 'note', message: expect.stringContaining('a tmcheck cache file') }]);
    expect(run.status).toBe(0);
  });
});

describe('the run key', () => {
  it('changes with the tool: a new version checks every document again', async () => {
    const dir = makeDir();
    cpSync(path.join(fixturesDir, 'batch', '2026-05'), path.join(dir, 'in'), { recursive: true });
    const ruleSet = loadRuleSet({ cwd: dir });
    const run = async (toolVersion: string) => {
      const notes: string[] = [];
      const report = await runCheck({
        inputs: [path.join(dir, 'in')],
        cwd: dir,
        ruleSet,
        limits: DEFAULT_LIMITS,
        parallel: { jobs: 1, explicit: true, rules: {} },
        cache: { location: path.join(dir, 'cache'), shown: 'cache', toolVersion, onNote: (note) => notes.push(note.en) },
      });
      return { report, notes };
    };
    expect((await run('1.0.0')).notes).toEqual(['cache: 0 of 4 documents reused (cache)']);
    expect((await run('1.0.0')).notes).toEqual(['cache: 4 of 4 documents reused (cache)']);
    const upgraded = await run('1.0.1');
    expect(upgraded.notes).toEqual(['cache: 0 of 4 documents reused (cache)']);
    // 1.0.1 wrote the cache without 1.0.0's entries (a file every warm run reads stays one tool's size): checked again, to the same report.
    const back = await run('1.0.0');
    expect(back.notes).toEqual(['cache: 0 of 4 documents reused (cache)']);
    expect(back.report).toEqual(upgraded.report);
    const parts = { rules: ruleSet.sha256, asOf: undefined, profile: undefined, limits: DEFAULT_LIMITS };
    expect(runKey(parts, 'a')).toBe(runKey({ ...parts }, 'a'));
    expect(runKey(parts, 'a')).not.toBe(runKey(parts, 'b'));
    // What JSON would merge, the key tells apart.
    expect(runKey({ ...parts, profile: { x: Number.NaN } }, 'a')).not.toBe(runKey({ ...parts, profile: { x: null } }, 'a'));
  });
});
