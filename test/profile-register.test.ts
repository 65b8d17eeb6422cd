import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_DOSSIER, projectRoot } from './support/fixtures.js';
import { runInProcess } from './support/run-in-process.js';

/**
 * The profile's register of vendors (`vendors`: credit code → city): a report's `city` is the
 * vendor's word and picks that city's calling hours: a 青岛 vendor writing 济南 was judged by 济南's
 * 12 hours and passed. The register makes the branch's word decide; a profile that sets parameters
 * per city and has no register cannot judge a monthly report at all (`city-unverified`, exit 2).
 */

const temp = mkdtempSync(path.join(tmpdir(), 'tmcheck-profile-register-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const VENDOR = '91370102MA3C4F5G9F'; // the vendor of fixtures/report-compliant.yaml, whose city is 济南
const example = readFileSync(path.join(projectRoot, 'profiles/shandong-example.yaml'), 'utf8');
const report = path.join(projectRoot, 'fixtures/report-compliant.yaml');

function profileWith(name: string, register: string): string {
  const file = path.join(temp, name);
  writeFileSync(file, `${example}\nvendors:\n${register}`);
  return file;
}

type Json = { files: Array<{ status: string; errors?: Array<{ path?: string; message: string }> }>; findings: Array<{ ruleId: string; severity: string }> };

async function check(profile: string, ...inputs: string[]): Promise<{ status: number; json: Json; stderr: string }> {
  // With the report's vendor's dossier (--history): R10-1/R10-3 judge the report.
  const run = await runInProcess(['--format', 'json', '--no-timestamp', '--history', FIXTURE_DOSSIER, '--profile', profile, ...inputs]);
  return { status: run.status, json: (run.stdout ? JSON.parse(run.stdout) : undefined) as Json, stderr: run.stderr };
}

const errorsOf = (json: Json) => json.files.flatMap((f) => (f.errors ?? []).map((e) => [e.path, e.message]));

describe("the profile's register of vendors decides a report's city", () => {
  it('without a register, a profile with cities cannot judge a monthly report: an input error at its city (it passed, judged as 济南)', async () => {
    const { status, json } = await check(path.join(projectRoot, 'profiles/shandong-example.yaml'), report);
    expect(status).toBe(2);
    expect(errorsOf(json)).toEqual([['/city', `the profile sets parameters (such as calling hours) per city but has no register of vendors (vendors): the report's city "济南" is the vendor's own word and cannot decide which city's parameters apply; list each vendor's credit code and its branch's city under the profile's vendors`]]);
    // A profile without cities needs no register: the city picks nothing.
    const defaultsOnly = path.join(temp, 'defaults-only.yaml');
    writeFileSync(defaultsOnly, 'defaults:\n  R22-1:\n    max_span_minutes: 720\n');
    expect((await check(defaultsOnly, report)).status).toBe(0);
  });

  it('a 青岛-registered vendor whose report says 济南 is an input error at its city', async () => {
    const { status, json } = await check(profileWith('qingdao.yaml', `  ${VENDOR}: 青岛\n`), report);
    expect(status).toBe(2);
    expect(errorsOf(json)).toEqual([['/city', `city "济南" is not the city the profile's register gives for the vendor ${VENDOR} ("青岛"): the profile sets parameters (such as calling hours) per city, and the register decides the city`]]);
  });

  it('a report of a vendor the register does not list is an input error at its credit code', async () => {
    const { status, json } = await check(profileWith('other.yaml', '  91370200MA3C4F5G9P: 青岛\n'), report);
    expect(status).toBe(2);
    expect(errorsOf(json)).toEqual([['/vendor/credit_code', `the profile's register (vendors) does not list ${VENDOR}, so which city's parameters (such as calling hours) apply cannot be told; add the vendor and its branch's city to the register`]]);
  });

  it('the registered city written otherwise (濟南市) is the same city: the report is judged, and passes', async () => {
    const { status, json } = await check(profileWith('jinan.yaml', `  ${VENDOR}: 濟南市\n`), report);
    expect(errorsOf(json)).toEqual([]);
    expect(status).toBe(0);
  });

  it('a register entry with a wrong check character or a city outside Shandong is a profile error (exit 2)', async () => {
    const run = await check(profileWith('bad.yaml', `  ${VENDOR.slice(0, 17)}X: 济南\n  91370200MA3C4F5G9P: 胶州\n`), report);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is not a valid unified social credit code');
    expect(run.stderr).toContain(`"胶州" is not one of Shandong's sixteen cities`);
  });
});
