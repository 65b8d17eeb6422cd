import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { GENERATED_PAGES } from '../src/docs/generated-pages.js';
import { FILE_FORMATS, exampleAt, readExample, readSchema, renderFieldReference, schemaFields, typeText } from '../src/docs/field-reference.js';
import { newAjv } from '../src/validate/ajv.js';
import { addTmcheckFormats } from '../src/validate/formats.js';
import { TERM_FIELDS } from '../src/glossary/terms.js';
import { CUSTOM_OPERATORS, ENGINE_OPERATORS } from '../src/operators/registry.js';
import { DERIVED_FACTS } from '../src/facts/registry.js';

describe('the generated reference pages', () => {
  it.each(GENERATED_PAGES.map((page) => [page.file, page.render] as const))('%s is up to date (run `npm run docs` when this fails)', (file, render) => {
    const committed = readFileSync(path.join(packageRoot, file), 'utf8');
    expect(committed === render(), `${file} is stale: run \`npm run docs\` and commit the result`).toBe(true);
  });
});

describe('the field reference (docs/fields.md, docs/fields.zh.md)', () => {
  it.each(FILE_FORMATS.map((format) => [format.id, format] as const))('%s: every field has a meaning in English and in Chinese', (_id, format) => {
    const schema = readSchema(format.schemaFile);
    const fields = schemaFields(schema);
    expect(fields.length).toBeGreaterThan(3);
    const missing = fields.filter((field) => !field.schema.description || !field.schema['x-description-zh']).map((field) => field.path);
    expect(missing, `${format.schemaFile}: add "description" and "x-description-zh" to these fields`).toEqual([]);
    expect(schema['x-description-zh'], `${format.schemaFile}: the whole format needs "x-description-zh"`).toBeTruthy();
  });

  it.each(FILE_FORMATS.map((format) => [format.exampleFile, format] as const))('the example %s is valid, so its values are true examples', (_file, format) => {
    const ajv = newAjv({ allErrors: true, strict: true, strictRequired: false });
    addTmcheckFormats(ajv);
    const validate = ajv.compile(readSchema(format.schemaFile));
    const example = readExample(format);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    // Every leaf field the example fills is shown with its value: the examples column is not empty.
    expect(schemaFields(readSchema(format.schemaFile)).some((field) => exampleAt(example, field.pattern) !== undefined)).toBe(true);
  });

  it('walks lists, references and maps: approval steps, the credit code definition, profile cities', () => {
    const dossier = schemaFields(readSchema('vendor-dossier.schema.json'));
    const step = dossier.find((field) => field.path === 'cooperation.approvals[].step');
    expect(step).toMatchObject({ pattern: '/cooperation/approvals/*/step', required: true });
    const creditCode = dossier.find((field) => field.path === 'vendor.credit_code')!;
    expect(creditCode.schema.pattern).toMatch(/^\^\[0-9A-HJ/);
    expect(dossier.find((field) => field.path === 'cooperation.seat_capacity_insufficient')?.required).toBe(false);
    const profile = schemaFields(readSchema('profile.schema.json')).map((field) => field.path);
    expect(profile).toEqual(expect.arrayContaining(['defaults', 'defaults.*', 'cities', 'cities.*', 'cities.*.*']));
    expect(typeText(dossier.find((field) => field.path === 'vendor.licenses[].expires')!.schema, 'en')).toBe('date YYYY-MM-DD or null');
  });

  it('finds the value for each `*` in the first item that has it', () => {
    expect(exampleAt({ findings: [{ pointer: '/a' }, { row: 8 }] }, '/findings/*/row')).toBe(8);
    expect(exampleAt({ cities: { 青岛: { R22: { max: 660 } } } }, '/cities/*/*/max')).toBe(660);
    expect(exampleAt({ a: 1 }, '/b')).toBeUndefined();
  });

  it.each(['en', 'zh'] as const)('%s: every field read through the glossary links to the table of its accepted labels', (lang) => {
    const page = renderFieldReference(lang);
    for (const entries of Object.values(TERM_FIELDS)) {
      for (const { domain } of entries) {
        const anchor = `values-${domain.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        expect(page, domain).toContain(`<a id="${anchor}"></a>`);
        expect(page, domain).toContain(`(#${anchor})`);
      }
    }
    // The closed approval-step domain lists its Chinese labels and aliases.
    expect(page).toContain('| `provincial_countersign` | 会签合同审批表（附件4） |');
  });
});

describe('the rule reference (docs/rule-reference.md)', () => {
  it('lists every fact and operator a rule can name', () => {
    const page = GENERATED_PAGES.find((p) => p.file === 'docs/rule-reference.md')!.render();
    for (const name of [...DERIVED_FACTS.keys(), ...CUSTOM_OPERATORS.keys(), ...ENGINE_OPERATORS]) expect(page).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
    // The built-in rules that use a fact are named with it.
    expect(page).toMatch(/^\| `wholeYearsBetween` \|.*`R10-P5-3\/[a-z-]+`/m);
  });
});
