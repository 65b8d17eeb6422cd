import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

// The package as a portal gets it: `npm pack` (of the build), installed from the tarball into an
// empty folder, imported by name, and compiled against by a TypeScript consumer. No input is on disk.

const tempDir = tempDirMaker('tmcheck-api-package-');
const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
let consumer: string;
let packed: string[];

const node = (args: string[], cwd: string) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });

/** The documentation's example, exactly as docs/api.md shows it. */
function docsExample(): string {
  const docs = readFileSync(path.join(projectRoot, 'docs', 'api.md'), 'utf8');
  const match = /```js example\n([\s\S]*?)```/.exec(docs);
  expect(match, 'docs/api.md has a ```js example block').not.toBeNull();
  return match![1]!;
}

/** The portal's lock file: tmcheck from the tarball, its dependencies as our own lock file has them (dev ones left out). */
function consumerLock(tarball: string): object {
  const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
  const ours = lock.packages[''] as { version: string; dependencies: Record<string, string>; bin: unknown; engines: unknown; license: string };
  const packages: Record<string, unknown> = {
    '': { name: 'portal', dependencies: { tmcheck: tarball } },
    'node_modules/tmcheck': { version: ours.version, resolved: tarball, dependencies: ours.dependencies, bin: ours.bin, engines: ours.engines, license: ours.license },
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key.startsWith('node_modules/') && !entry.dev && !entry.link) packages[key] = entry;
  return { name: 'portal', lockfileVersion: 3, requires: true, packages };
}

beforeAll(() => {
  expect(existsSync(path.join(projectRoot, 'dist', 'index.d.ts')), 'run `npm run build` first').toBe(true);
  const dir = tempDir();
  // The build is already there (the e2e tests need it): packing does not run it again.
  const pack = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = pack[0]!.files.map((f) => f.path);
  consumer = path.join(dir, 'portal');
  mkdirSync(consumer);
  const tarball = `file:../${pack[0]!.filename}`;
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'portal', private: true, type: 'module', dependencies: { tmcheck: tarball } }));
  writeFileSync(path.join(consumer, 'package-lock.json'), JSON.stringify(consumerLock(tarball)));
  // `npm ci --prefer-offline`: the dependencies are ours, at our locked versions, from npm's cache
  // where it has them (after our own `npm ci`, all of them), else from the registry. About 50 s on a
  // loaded 2-core machine (219 packages, most of them exceljs's).
  execFileSync('npm', ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] });
}, 300_000);

describe('the packed package', () => {
  it('ships the library entry point and its types', () => {
    expect(packed).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/api/checker.js', 'dist/api/checker.d.ts', 'dist/tmcheck.js', 'dist/tmcheck-document.js']));
    // docs/versioning.md sends the reader of an installed package to the CHANGELOG before upgrading.
    expect(packed).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/versioning.md']));
  });

  it('import("tmcheck") works and checks in-memory content: a compliant dossier passes, an invalid one is exit 2', () => {
    const compliant = readFileSync(path.join(projectRoot, 'fixtures', 'dossier-compliant.yaml'), 'utf8');
    const script = `import('tmcheck').then(async (m) => {
      const checker = m.createChecker();
      const report = await checker.check([{ name: 'v.yaml', content: ${JSON.stringify(compliant)} }, { name: 'w.yaml', content: new Uint8Array([0xff, 0xfe, 0x41, 0x00]) }]);
      console.log(JSON.stringify(report.files.map((f) => [f.file, f.status]).concat([[m.exitCode(report), m.exitCode({ ...report, files: report.files.slice(0, 1) })]])));
    })`;
    const run = node(['-e', script], consumer);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([['v.yaml', 'pass'], ['w.yaml', 'invalid'], [2, 0]]);
  });

  it('the example of docs/api.md runs as written', () => {
    writeFileSync(path.join(consumer, 'example.mjs'), docsExample());
    const run = node(['example.mjs'], consumer);
    expect(run.stderr).toBe('');
    const [summary, sarifVersion] = run.stdout.trim().split('\n');
    expect(JSON.parse(summary!)).toMatchObject({ status: 2, files: 1 });
    expect(JSON.parse(summary!).problems).toBeGreaterThan(0);
    expect(sarifVersion).toBe('2.1.0');
  });

  it('a TypeScript consumer compiles against the published types, which are not `any`', () => {
    writeFileSync(
      path.join(consumer, 'portal.ts'),
      `import { createChecker, exitCode, format, TmcheckConfigError, type CheckerOptions, type Finding, type Formatter, type Report } from 'tmcheck';

const options: CheckerOptions = { asOf: '2026-11-01', jobs: 1, limits: { maxFileBytes: 1 << 20 } };
const checker = createChecker(options);
const report: Report = await checker.check([{ name: 'v.yaml', content: new Uint8Array() }, 'uploads/'], { today: '2026-11-27' });
const first: Finding | undefined = report.findings[0];
const where: string | undefined = first?.location.file;
const status: 0 | 1 | 2 = exitCode(report, 'warning');
const json: Formatter = (r, o) => format(r, 'json', { lang: o.lang, failOn: o.failOn });
const ruleIds: string[] = checker.rules.map((rule) => rule.id);
const titles = checker.explain('第七条')?.rules.map((rule) => rule.title.zh);
try {
  createChecker({ rules: ['custom'] });
} catch (error) {
  if (error instanceof TmcheckConfigError) console.log(error.code, error.render('zh'), error.problems[0]?.line);
}
// @ts-expect-error jobs is a number or 'auto'
createChecker({ jobs: 'many' });
// @ts-expect-error no such format
format(report, 'pdf');
// @ts-expect-error content is a string or bytes
await checker.check([{ name: 'x.yaml', content: 42 }]);
// @ts-expect-error a status is 0, 1 or 2
const wrong: 'pass' = exitCode(report);
console.log(where, status, json, ruleIds, titles, wrong);
`,
    );
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] },
        files: ['portal.ts'],
      }),
    );
    const run = node([tsc, '-p', 'tsconfig.json'], consumer);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
