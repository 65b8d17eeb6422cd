import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createChecker, format, type Report, type VendorMonth } from '../src/index.js';
import { projectRoot, ZIBO_STREAK_WAIVERS } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';
import { tempDirMaker } from './support/temp-dirs.js';

// One pipeline (docs/architecture.md, "The order of the steps"): the command line is a thin layer
// over the library API, so both give the same report; waivers, the baseline and the monthly rows
// are applied in one order, and no waiver or baseline changes a rank or a last place.

const tempDir = tempDirMaker('tmcheck-pipeline-');
const ZIBO = '91370303MA3E8N4P2T';
const TODAY = '2026-11-27';

function setUp(): { dir: string; waivers: string; baseline: string } {
  const dir = tempDir();
  const waivers = path.join(dir, 'waivers.yaml');
  writeFileSync(waivers, ZIBO_STREAK_WAIVERS);
  return { dir, waivers, baseline: path.join(dir, 'baseline.json') };
}

const rowsOf = (report: { batch?: { vendorMonths: VendorMonth[] } }) => report.batch!.vendorMonths;
const standing = (rows: VendorMonth[]) => rows.map((r) => [r.month, r.creditCode, r.rank, r.vendorsRanked, r.lastPlace]);

describe('the command line and the library give the same report', () => {
  it('with waivers, a baseline and the monthly batch', async () => {
    const { waivers, baseline } = setUp();
    // The baseline holds May's findings: they leave the report.
    const written = await runInProcess(['--write-baseline', baseline, '--no-timestamp', '--today', TODAY, '--format', 'json', 'fixtures/batch/2026-05']);
    expect(written.status).toBe(1); // May is the run's first month: its last place cannot be judged, an error
    const cli = await runInProcess(['--waivers', waivers, '--baseline', baseline, '--today', TODAY, '--no-timestamp', '--format', 'json', '--lang', 'en', 'fixtures/batch']);
    const api = await createChecker({ cwd: projectRoot, jobs: 1 }).check(['fixtures/batch'], { waivers: [waivers], baseline, today: TODAY, findWaivers: true });

    expect(cli.stdout).toBe(format(api, 'json', { lang: 'en' }));
    const parsed = JSON.parse(cli.stdout) as Report & { findings: Array<{ waived?: unknown }> };
    // Not a trivial report: every step left its mark.
    expect(parsed.baseline!.suppressed).toBeGreaterThan(0);
    expect(parsed.findings.some((f) => f.waived !== undefined)).toBe(true);
    expect(rowsOf(parsed).length).toBe(23);
  });
});

describe('the order of waivers, baseline and monthly rows', () => {
  it('rows count what is left after waivers and the baseline; ranks and last places stay as the scores say', async () => {
    const { waivers, baseline } = setUp();
    const checker = createChecker({ cwd: projectRoot, jobs: 1 });
    const may = await checker.checkWithBaseline(['fixtures/batch/2026-05'], { today: TODAY });
    writeFileSync(baseline, may.baseline);
    const plain = await checker.check(['fixtures/batch'], { today: TODAY });
    const controlled = await checker.check(['fixtures/batch'], { waivers: [waivers], baseline, today: TODAY });

    // A waiver cannot make a vendor not-last, nor a baseline: the ranking comes from the reports' scores.
    expect(standing(rowsOf(controlled))).toEqual(standing(rowsOf(plain)));
    const september = (report: Report) => rowsOf(report).find((r) => r.month === '2026-09' && r.creditCode === ZIBO)!;
    expect(september(plain)).toMatchObject({ lastPlace: true, warnings: 1 });
    // The waived streak finding is still in the report, marked, and no longer counted in the row.
    expect(september(controlled)).toMatchObject({ lastPlace: true, warnings: 0 });
    expect(controlled.findings.find((f) => f.ruleId === 'R24-6/last-place-streak' && f.vendor === ZIBO)?.waived).toBeDefined();
    // May's findings are in the baseline: gone from the report and from May's rows, but for what could
    // not be judged (May's last place, the run's first month: data quality), which no baseline holds back.
    const mayRows = (report: Report) => rowsOf(report).filter((r) => r.month === '2026-05');
    expect(mayRows(plain).some((r) => r.notices > 0)).toBe(true);
    expect(mayRows(controlled).every((r) => r.warnings + r.notices === 0)).toBe(true);
    const mayLeft = controlled.findings.filter((f) => f.location.file.includes('/2026-05/') && !f.waived);
    expect(mayLeft.length).toBeGreaterThan(0);
    expect(mayLeft.length).toBe(mayRows(controlled).reduce((sum, r) => sum + r.errors, 0));
    expect(mayLeft.every((f) => f.consequenceKind === 'data_quality')).toBe(true);
    expect(controlled.summary.notices).toBe(controlled.findings.filter((f) => f.severity === 'notice' && !f.waived).length);
  });
});

describe('the profile and --history go through the library too', () => {
  it('a city the profile does not name is warned about by the API as by the command line', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'profile.yaml'), 'cities:\n  济南:\n    R22-1:\n      max_span_minutes: 660\nvendors:\n  91370303MA3E8N4P2T: 淄博\n');
    const report = readFileSync(path.join(projectRoot, 'fixtures/batch/2026-09/zibo-boyuan.yaml'), 'utf8');
    const checked = await createChecker({ cwd: dir, profile: 'profile.yaml', jobs: 1 }).check([{ name: 'zibo.yaml', content: report }]);
    expect(checked.files[0]!.warnings.map((w) => w.message.en).join('\n')).toContain('matches no city of the profile (济南)');
  });
});
