// Deterministic benchmark data: N vendor dossiers, monthly reports over M months, and a CSV call log
// of R rows, made from templates/ with a seeded PRNG (the same seed always gives the same bytes).
import { mkdirSync, readFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CITIES = ['济南', '青岛', '淄博', '枣庄', '东营', '烟台', '潍坊', '济宁'];

/** mulberry32: tiny, fast, and good enough to vary test data reproducibly. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid 统一社会信用代码 for vendor number i (GB 32100-2015 check character). */
export function creditCode(i) {
  // 91 + a Jinan area code + MA (a letter keeps YAML reading it as a string) + 7 base-31 characters.
  let body = '91370102MA';
  let n = i + 1;
  for (let k = 0; k < 7; k++) {
    body += ALPHABET[n % 31];
    n = Math.floor(n / 31);
  }
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += ALPHABET.indexOf(body[k]) * WEIGHTS[k];
  return body + ALPHABET[(31 - (sum % 31)) % 31];
}

const pad = (n, width) => String(n).padStart(width, '0');

/** One dossier from the template; about one in four carries one or two violations. */
function dossier(template, i, random) {
  let text = template
    .replace('济南泉声信息技术有限公司', `测试呼叫服务有限公司${pad(i, 6)}`)
    .replace('91370102MA3C4F5G9F', creditCode(i))
    .replace('city: 济南', `city: ${CITIES[i % CITIES.length]}`)
    .replace('registered_capital_cny: 3000000', `registered_capital_cny: ${1000000 + Math.floor(random() * 9000000)}`);
  const roll = random();
  if (roll < 0.08) text = text.replace(/registered_capital_cny: \d+/, `registered_capital_cny: ${500000 + Math.floor(random() * 400000)}`);
  else if (roll < 0.16) text = text.replace('retention_months: 6 ', 'retention_months: 4 ');
  else if (roll < 0.22) text = text.replace('settlement_basis: effective_revenue', 'settlement_basis: call_count').replace('retention_months: 6 ', 'retention_months: 3 ');
  else if (roll < 0.25) text = text.replace('administrative_penalties: []', 'administrative_penalties: [{ date: 2025-03-01, authority: 市场监督管理局, description: 违规外呼 }]');
  return text;
}

/** One monthly report of vendor v for month m; scores and complaints vary, a few break rules. */
function report(template, v, month, random) {
  const paying = 1000 + Math.floor(random() * 9000);
  const complaints = Math.floor(random() * paying * 0.05);
  let text = template
    .replace('month: 2026-10', `month: ${month}`)
    .replace('济南泉声信息技术有限公司', `测试呼叫服务有限公司${pad(v, 6)}`)
    .replace('91370102MA3C4F5G9F', creditCode(v))
    .replace('city: 济南', `city: ${CITIES[v % CITIES.length]}`)
    .replace('cooperation_started: 2026-09-20', 'cooperation_started: 2025-01-15')
    .replace('paying_users: 2150', `paying_users: ${paying}`)
    .replace('vendor_caused: 31', `vendor_caused: ${complaints}`)
    .replace('assessment_score: 88.5', `assessment_score: ${(60 + random() * 40).toFixed(1)}`)
    .replaceAll('2026-10-', `${month}-`);
  if (random() < 0.1) text = text.replace('pre_job_training_hours: 80', 'pre_job_training_hours: 72');
  return text;
}

export function monthsFrom(start, count) {
  const [y, m] = start.split('-').map(Number);
  return Array.from({ length: count }, (_, k) => {
    const total = y * 12 + (m - 1) + k;
    return `${Math.floor(total / 12)}-${pad((total % 12) + 1, 2)}`;
  });
}

function writeDossiers(dir, count, random) {
  const template = readFileSync(path.join(root, 'templates/vendor-dossier.yaml'), 'utf8');
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `vendor-${pad(i, 6)}.yaml`), dossier(template, i, random));
}

/**
 * Writes `count` dossiers into dir: the same bytes as the dossiers of generate() with the same seed,
 * so a batch of 1,000 is the first 1,000 files of a batch of 20,000.
 */
export function generateDossiers({ dir, count, seed = 20261008 }) {
  mkdirSync(dir, { recursive: true });
  writeDossiers(dir, count, prng(seed));
  return dir;
}

/**
 * Writes dir/dossiers/*.yaml, dir/reports/*.yaml (vendors × months, `reports` files in all) and
 * dir/calllog/calls.csv (`rows` data rows, for the report vendors of the first month).
 */
export function generate({ dir, dossiers, reports, months, rows, seed = 20261008 }) {
  const random = prng(seed);
  const reportTemplate = readFileSync(path.join(root, 'templates/monthly-report.yaml'), 'utf8');
  const out = { dossiers: path.join(dir, 'dossiers'), reports: path.join(dir, 'reports'), calllog: path.join(dir, 'calllog') };
  for (const folder of Object.values(out)) mkdirSync(folder, { recursive: true });

  writeDossiers(out.dossiers, dossiers, random);

  // Months that have ended (2025-12 to 2026-11 for twelve): a spot check or calling day dated after
  // tomorrow is an input error, so a report of the current month with later days would not be judged.
  const monthList = monthsFrom('2025-12', months);
  const vendors = Math.max(1, Math.ceil(reports / months));
  let written = 0;
  for (const month of monthList) {
    for (let v = 0; v < vendors && written < reports; v++, written++) {
      writeFileSync(path.join(out.reports, `report-${month}-${pad(v, 6)}.yaml`), report(reportTemplate, v, month, random));
    }
  }

  const csv = path.join(out.calllog, 'calls.csv');
  const fd = openSync(csv, 'w');
  let buffer = 'call_id,vendor_credit_code,agent_id,started_at,duration_s,recorded\n';
  const codes = Array.from({ length: Math.min(vendors, 50) }, (_, v) => creditCode(v));
  const month = monthList[0];
  for (let r = 0; r < rows; r++) {
    const day = 1 + Math.floor(random() * 28);
    const minute = 8 * 60 + 30 + Math.floor(random() * 13 * 60);
    const recorded = random() < 0.999 ? 1 : 0;
    buffer += `C${pad(r, 8)},${codes[r % codes.length]},A00${1 + (r % 2)},${month}-${pad(day, 2)} ${pad(Math.floor(minute / 60), 2)}:${pad(minute % 60, 2)}:00,${10 + Math.floor(random() * 600)},${recorded}\n`;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
  return { ...out, csv, months: monthList };
}
