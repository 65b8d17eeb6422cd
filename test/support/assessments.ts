import { VENDORS, vendorReport, writeTree } from './vendor-reports.js';

/** A branch assessment (kind: MonthlyAssessment) of one month, scores by vendor key. */
export function assessment(month: string, scores: Partial<Record<keyof typeof VENDORS, number>>): string {
  const lines = Object.entries(scores).map(([vendor, score]) => {
    const v = VENDORS[vendor as keyof typeof VENDORS];
    return `  - credit_code: ${v.code}\n    vendor: ${v.name}\n    score: ${score}\n`;
  });
  return `kind: MonthlyAssessment\nmonth: ${month}\nscores:\n${lines.join('')}`;
}

/**
 * dir/reports/<month>/<vendor>.yaml for each month and vendor, with the score the vendor writes in
 * its own report (reports: month → vendor → score); returns dir.
 */
export function reportsTree(dir: string, reports: Record<string, Partial<Record<keyof typeof VENDORS, number>>>): string {
  const files: Record<string, string> = {};
  for (const [month, byVendor] of Object.entries(reports)) {
    for (const [vendor, score] of Object.entries(byVendor)) files[`reports/${month}/${vendor}.yaml`] = vendorReport(vendor as keyof typeof VENDORS, month, score!);
  }
  return writeTree(dir, files);
}
