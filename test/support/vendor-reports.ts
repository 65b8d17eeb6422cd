import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './fixtures.js';

/** The compliant monthly report fixture: 济南泉声, October 2026, score 88.5. */
export const COMPLIANT_REPORT = readFileSync(path.join(projectRoot, 'fixtures/report-compliant.yaml'), 'utf8');

/** Vendors of three cities, for ranking and streak cases. */
export const VENDORS = {
  A: { name: '济南泉声信息技术有限公司', code: '91370102MA3C4F5G9F', city: '济南' },
  B: { name: '青岛海韵通信服务有限公司', code: '91370202MA3D7K2H1J', city: '青岛' },
  C: { name: '淄博博远电子商务有限公司', code: '91370103MA3E8N4P2G', city: '淄博' },
} as const;

/** The compliant report, moved to another vendor, month and score (its dated entries moved with it). */
export function vendorReport(vendor: keyof typeof VENDORS, month: string, score: number): string {
  const v = VENDORS[vendor];
  return COMPLIANT_REPORT
    .replaceAll('2026-10-', `${month}-`)
    .replace('month: 2026-10', `month: ${month}`)
    .replace('济南泉声信息技术有限公司', v.name)
    .replace('91370102MA3C4F5G9F', v.code)
    .replace('city: 济南', `city: ${v.city}`)
    .replace('cooperation_started: 2026-09-20', 'cooperation_started: 2025-03-01')
    .replace('assessment_score: 88.5', `assessment_score: ${score}`);
}

/** Writes `files` (relative name → text, folders made as needed) into `dir` and returns it. */
export function writeTree(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The compliant dossier fixture: 济南泉声 (VENDORS.A), agreement signed 2026-09-18. */
export const COMPLIANT_DOSSIER = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');

/**
 * Writes into `dir` one dossier per credit code (the compliant dossier under that code, its approvals
 * two years earlier: agreement signed 2024-09-18, before vendorReport's and fixtures/batch's
 * cooperation start of 2025-03-01) and returns `dir`, to name with --history: R10-1/R10-3 then judge
 * those vendors' reports (a report without its vendor's dossier is a tmcheck/report-no-dossier error).
 */
export function vendorDossiers(dir: string, codes: readonly string[] = Object.values(VENDORS).map((v) => v.code)): string {
  const earlier = COMPLIANT_DOSSIER.replaceAll('date: 2026-08-', 'date: 2024-08-').replaceAll('date: 2026-09-', 'date: 2024-09-');
  return writeTree(dir, Object.fromEntries(codes.map((code) => [`dossier-${code}.yaml`, earlier.replace('credit_code: 91370102MA3C4F5G9F', `credit_code: ${code}`)])));
}
