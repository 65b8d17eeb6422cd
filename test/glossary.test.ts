import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { FORMATTERS } from '../src/format/registry.js';
import { DOMAINS, TERM_FIELDS, glossaryCodes, termLabel, type DomainName, type Term } from '../src/glossary/terms.js';
import { fieldDomain, fold } from '../src/glossary/read-terms.js';
import { checkFiles, projectRoot, yamlFixtures } from './support/fixtures.js';
import { allFixtures } from './support/output-schemas.js';

const documentFixtures = [
  'fixtures/dossier-compliant.yaml',
  'fixtures/report-compliant.yaml',
  ...yamlFixtures(path.join(projectRoot, 'fixtures/dossier')),
  ...yamlFixtures(path.join(projectRoot, 'fixtures/monthly')),
].map((file) => path.relative(projectRoot, path.resolve(projectRoot, file)));

/** The fixture with every glossary value it holds rewritten as the Chinese label (layout kept). */
function withChineseLabels(text: string): { text: string; rewritten: number } {
  const doc = parseDocument(text);
  const kind = doc.get('kind');
  let rewritten = 0;
  const visit = (node: Node | null | undefined, pointer: string): void => {
    if (isMap(node)) for (const pair of node.items) visit(pair.value as Node, `${pointer}/${String((pair.key as { value: unknown }).value)}`);
    else if (isSeq(node)) node.items.forEach((item, i) => visit(item as Node, `${pointer}/${i}`));
    else if (isScalar(node) && typeof node.value === 'string') {
      const domain = typeof kind === 'string' ? fieldDomain(kind, pointer) : undefined;
      const label = domain && termLabel(node.value, 'zh');
      if (label && label !== node.value) {
        node.value = label;
        rewritten++;
      }
    }
  };
  visit(doc.contents as Node, '');
  return { text: doc.toString(), rewritten };
}

const findingKeys = (report: Awaited<ReturnType<typeof checkFiles>>) =>
  report.findings.map((f) => `${f.ruleId} ${f.location.path ?? ''}`).sort();

describe('documents written with Chinese labels', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tmcheck-glossary-'));

  it.each(documentFixtures)('%s: the same findings with every enumerated value written as its Chinese label', async (fixture) => {
    const original = await checkFiles([fixture]);
    const { text, rewritten } = withChineseLabels(readFileSync(path.join(projectRoot, fixture), 'utf8'));
    const file = path.join(dir, path.basename(fixture));
    writeFileSync(file, text);
    const labelled = await checkFiles([file]);
    expect(labelled.files[0]!.status).toBe(original.files[0]!.status);
    expect(findingKeys(labelled)).toEqual(findingKeys(original));
    // A dossier written with codes has at least its mode, signing level, basis and steps to rewrite.
    if (original.files[0]!.kind === 'VendorDossier' && !fixture.includes('chinese-labels')) expect(rewritten).toBeGreaterThan(5);
  });

  it('takes full-width letters, spaces, English labels and the common variants', async () => {
    const text = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8')
      .replace('handled_by: city_cs', 'handled_by: " 市分公司客服部 "')
      .replace('mode: seat_outsourcing', 'mode: 坐席外包')
      .replace('signed_at: province', 'signed_at: Provincial Branch')
      .replace('step: erp_city_approval', 'step: ＥＲＰ市分合同审批');
    const file = path.join(dir, 'variants.yaml');
    writeFileSync(file, text);
    const report = await checkFiles([file]);
    expect(report.files[0]!.status).toBe('pass');
  });

  it('an unrecognised value of a closed field is an input error listing the accepted labels in both languages', async () => {
    const text = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8').replace('mode: seat_outsourcing', 'mode: 外包');
    const file = path.join(dir, 'unknown-mode.yaml');
    writeFileSync(file, text);
    const report = await checkFiles([file]);
    const file0 = report.files[0]!;
    expect(file0.status).toBe('invalid');
    const error = file0.errors.find((e) => e.path === '/cooperation/mode')!;
    expect(error.message.zh).toContain('合作模式无法识别');
    expect(error.message.zh).toContain('座席外包模式、业务合作模式');
    expect(error.message.en).toContain('seat_outsourcing (seat outsourcing), business_cooperation (business cooperation)');
    expect(error.line).toBe(text.split('\n').findIndex((l) => l.includes('mode: 外包')) + 1);
  });
});

describe('reports show labels, never glossary codes', () => {
  // Codes of one word (`city`, `none`) are ordinary words too; the snake_case ones are unmistakable.
  const codes = glossaryCodes().filter((code) => code.includes('_'));
  const codePattern = new RegExp(`(?<![\\w/])(${codes.join('|')})(?![\\w/])`, 'g');

  it.each(['text', 'markdown', 'html'] as const)('%s in Chinese, over every fixture', async (format) => {
    const report = await checkFiles(allFixtures().filter((f) => !f.startsWith('fixtures/invalid/')));
    const shown = FORMATTERS[format](report, { lang: 'zh', color: false, failOn: 'error' });
    // Field names in JSON Pointers (`/vendor/licenses`) are paths, not values: take them out first.
    // Markdown escapes `_` as `\_`: read it as a renderer shows it.
    const prose = (format === 'markdown' ? shown.replace(/\\(.)/g, '$1') : shown).replace(/(?:\/[\w~.-]+)+/g, ' ');
    expect([...new Set(prose.match(codePattern) ?? [])]).toEqual([]);
  });

  it('every domain has labels in both languages and no spelling that means two codes', () => {
    for (const [name, domain] of Object.entries(DOMAINS)) {
      const seen = new Map<string, string>();
      for (const term of domain.terms as readonly Term[]) {
        expect(term.zh, `${name}/${term.code}`).toMatch(/\p{Script=Han}/u);
        expect(term.en, `${name}/${term.code}`).not.toMatch(/_/);
        for (const spelling of [term.code, term.zh, term.en, ...(term.aliases ?? [])]) {
          const key = fold(spelling);
          expect(seen.get(key) ?? term.code, `${name}: "${spelling}"`).toBe(term.code);
          seen.set(key, term.code);
        }
      }
    }
    const fields = Object.values(TERM_FIELDS).flat();
    for (const name of Object.keys(DOMAINS) as DomainName[]) expect(fields.some((f) => f.domain === name), name).toBe(true);
  });
});
