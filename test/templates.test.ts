import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { placeholderPointers } from '../src/validate/placeholders.js';
import { resolvePointer, parsePointer } from '../src/util/json-pointer.js';
import { checkFiles, checkReports, projectRoot } from './support/fixtures.js';
import { tempDirMaker } from './support/temp-dirs.js';

const tempDir = tempDirMaker('tmcheck-templates-');

const TEMPLATES: Array<[lang: 'zh' | 'en', file: string, compliant: string]> = [
  ['zh', 'vendor-dossier.yaml', 'fixtures/dossier-compliant.yaml'],
  ['en', 'vendor-dossier.yaml', 'fixtures/dossier-compliant.yaml'],
  ['zh', 'monthly-report.yaml', 'fixtures/report-compliant.yaml'],
  ['en', 'monthly-report.yaml', 'fixtures/report-compliant.yaml'],
];
const BLANK = { zh: /"<填写：[^"]*>"/g, en: /"<fill in: [^"]*>"/g };
const SAID = { zh: '占位符未填写', en: 'placeholder not replaced' };

/** Every line (1-based) of `text` with a blank, once per blank. */
function blankLines(text: string, lang: 'zh' | 'en'): number[] {
  return text.split('\n').flatMap((line, i) => [...line.replace(/^\s*#.*/, '').matchAll(BLANK[lang])].map(() => i + 1));
}

function setPointer(data: unknown, pointer: string, value: unknown): void {
  const tokens = parsePointer(pointer);
  const parent = resolvePointer(data, tokens.slice(0, -1)) as Record<string, unknown>;
  parent[tokens.at(-1)!] = value;
}

describe('templates to fill in (tmcheck init)', () => {
  for (const [lang, file, compliant] of TEMPLATES) {
    const template = path.join(projectRoot, 'templates', lang, file);

    it(`${lang}/${file} as written is invalid: one "${SAID[lang]}" input error per blank, at its line`, async () => {
      const text = readFileSync(template, 'utf8');
      const report = await checkFiles([template]);
      const result = report.files[0]!;
      expect(result.status).toBe('invalid');
      expect(result.errors.map((e) => e.code)).toEqual(result.errors.map(() => 'placeholder'));
      expect(result.errors.map((e) => e.line)).toEqual(blankLines(text, lang));
      expect(result.errors.length).toBeGreaterThan(20);
      expect(result.errors.every((e) => e.message.zh.includes(SAID.zh) && e.message.en.includes(SAID.en))).toBe(true);
    });

    it(`${lang}/${file} with every blank filled from ${path.basename(compliant)} passes`, async () => {
      const data = parse(readFileSync(template, 'utf8')) as unknown;
      const values = parse(readFileSync(path.join(projectRoot, compliant), 'utf8')) as unknown;
      const blanks = placeholderPointers(data);
      for (const pointer of blanks) setPointer(data, pointer, resolvePointer(values, pointer));
      expect(placeholderPointers(data)).toEqual([]);
      const filled = path.join(tempDir(), file);
      writeFileSync(filled, stringify(data));
      // With the compliant dossier as --history: a report is judged against its vendor's agreement.
      const report = await checkReports([filled]);
      expect(report.files.map((f) => [f.status, f.errors])).toEqual([['pass', []]]);
    });
  }

  it('a blank left in one field fails the document even when the rest is compliant; ordinary <…> text does not', async () => {
    const dir = tempDir();
    const source = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
    const blank = path.join(dir, 'blank.yaml');
    writeFileSync(blank, source.replace('registered_capital_cny: 3000000', 'registered_capital_cny: "<fill in: registered capital in yuan>"'));
    const hostile = path.join(dir, 'hostile.yaml');
    writeFileSync(hostile, source.replace('name: 济南泉声信息技术有限公司', 'name: "<script>alert(1)</script>"').replace('number: B2-20190417', 'number: "<fill in B2>"'));
    const report = await checkFiles([blank, hostile]);
    const [blankResult, hostileResult] = report.files;
    expect(blankResult!.status).toBe('invalid');
    expect(blankResult!.errors.map((e) => [e.code, e.path, e.line])).toEqual([['placeholder', '/vendor/registered_capital_cny', 11]]);
    expect(hostileResult!.errors).toEqual([]);
  });
});
