import { describe, expect, it } from 'vitest';
import { tempDirMaker } from './support/temp-dirs.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from './support/fixtures.js';
import { runPipeline } from './support/pipeline.js';
import { runInProcess } from './support/run-in-process.js';
import { parseYamlDocument } from '../src/read/parse-document.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { resolvePointer } from '../src/util/json-pointer.js';

/**
 * `__proto__`, `constructor` and `prototype` keys in a vendor's document are plain data: they never
 * reach Object.prototype, and never supply a value the document does not have (which could turn a
 * failing rule into a pass or hide a missing field).
 */
const compliant = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8');
const signedAtCity = readFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-signed-at-city.yaml'), 'utf8');
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

const tempDir = tempDirMaker('tmcheck-proto-');

/** Everything a pollution would change: own names and values of the built-in prototypes. */
function snapshotPrototypes(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().map((name) => `${name}:${typeof Object.getOwnPropertyDescriptor(proto, name)?.value}`).join(','))
    .join('\n');
}

/** A mapping line for every proto key under `indent`, each holding values the rules look for. */
function protoBlock(indent: string): string {
  return PROTO_KEYS.map(
    (key) =>
      `${indent}${key}:\n${indent}  polluted: yes\n${indent}  signed_at: province\n${indent}  registered_capital_cny: 3000000\n${indent}  kind: value_added_telecom\n${indent}  toString: evil`,
  ).join('\n');
}

describe('prototype pollution', () => {
  it('documents full of __proto__, constructor and prototype keys (YAML and JSON, every level) leave the built-in prototypes untouched', async () => {
    const dir = tempDir();
    const before = snapshotPrototypes();
    const yaml = compliant
      .replace('kind: VendorDossier', `kind: VendorDossier\n${protoBlock('')}`)
      .replace('vendor:\n', `vendor:\n${protoBlock('  ')}\n`)
      .replace('  agreement:\n', `  agreement:\n${protoBlock('    ')}\n`)
      .replace('    - kind: business_license\n', `    - kind: business_license\n${protoBlock('      ')}\n`);
    writeFileSync(path.join(dir, 'proto.yaml'), yaml);
    writeFileSync(
      path.join(dir, 'proto.json'),
      `{"kind":"VendorDossier","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"vendor":{"__proto__":{"polluted":"yes"},"name":"x"}}`,
    );
    const run = await runPipeline([dir], dir);
    expect(run.report.files.map((f) => f.status)).toEqual(['invalid', 'invalid']); // unknown top-level keys
    expect(snapshotPrototypes()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).signed_at).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
    // They are reported as keys like any other, with their positions.
    const errors = run.report.files.find((f) => f.file === 'proto.yaml')!.errors;
    expect(errors.map((e) => [e.message.en, e.line])).toEqual([
      ['/__proto__ is not a known top-level key', 3],
      ['/constructor is not a known top-level key', 9],
      ['/prototype is not a known top-level key', 15],
    ]);
  });

  it('nested proto keys are warnings and cannot switch a failing rule to a pass: the finding stays where it was', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'plain.yaml'), signedAtCity);
    writeFileSync(path.join(dir, 'proto.yaml'), signedAtCity.replace('  agreement:\n', `  agreement:\n${protoBlock('    ')}\n`));
    const before = snapshotPrototypes();
    const run = await runPipeline([dir], dir);
    expect(snapshotPrototypes()).toBe(before);
    const findingsOf = (file: string) => run.report.findings.filter((f) => f.location.file === file).map((f) => [f.ruleId, f.location.path]);
    expect(findingsOf('proto.yaml')).toEqual([['R10-P4/signed-at-province', '/cooperation/agreement/signed_at']]);
    expect(findingsOf('proto.yaml')).toEqual(findingsOf('plain.yaml'));
    const proto = run.report.files.find((f) => f.file === 'proto.yaml')!;
    expect(proto.status).toBe('fail');
    expect(proto.warnings.map((w) => w.message.en)).toEqual(PROTO_KEYS.map((key) => `/cooperation/agreement/${key} is not a known key; ignored`));
  });

  it('a required field supplied only through __proto__ or constructor is still missing', async () => {
    const dir = tempDir();
    const withoutCapital = compliant.replace('  registered_capital_cny: 3000000\n', `${protoBlock('  ')}\n`);
    expect(withoutCapital).not.toContain('\n  registered_capital_cny');
    writeFileSync(path.join(dir, 'proto.yaml'), withoutCapital);
    const run = await runPipeline([dir], dir);
    const file = run.report.files[0]!;
    expect(file.status).toBe('invalid');
    expect(file.errors.map((e) => e.message.en)).toContain('/vendor/registered_capital_cny is required but missing');
  });

  it('a licence list item whose kind exists only under __proto__ does not count as that licence', async () => {
    const dir = tempDir();
    // The value-added telecom licence is replaced by an item that names it only through __proto__.
    const text = compliant.replace(
      '    - kind: value_added_telecom\n      number: B2-20190417\n      expires: 2029-04-16\n',
      '    - __proto__: { kind: value_added_telecom }\n      number: B2-20190417\n      expires: 2029-04-16\n',
    );
    expect(text).not.toBe(compliant);
    writeFileSync(path.join(dir, 'proto.yaml'), text);
    const run = await runPipeline([dir], dir);
    const file = run.report.files[0]!;
    expect(file.status).toBe('invalid');
    expect(file.errors.map((e) => [e.message.en, e.line])).toContainEqual(['/vendor/licenses/1/kind is required but missing', 17]);
  });

  it('an optional field given only through __proto__ or constructor is absent to the rules (R10-2 still fails)', async () => {
    const dir = tempDir();
    const noShortage = readFileSync(path.join(projectRoot, 'fixtures/dossier/dossier-business-no-seat-shortage.yaml'), 'utf8');
    for (const key of ['__proto__', 'constructor']) {
      writeFileSync(
        path.join(dir, `${key}.yaml`),
        noShortage.replace('  seat_capacity_insufficient: false', `  ${key}: { seat_capacity_insufficient: true }`),
      );
    }
    const run = await runPipeline([dir], dir);
    for (const key of ['__proto__', 'constructor']) {
      const file = run.report.files.find((f) => f.file === `${key}.yaml`)!;
      expect(file.status, key).toBe('fail');
      const findings = run.report.findings.filter((f) => f.location.file === `${key}.yaml`).map((f) => f.ruleId);
      expect(findings, key).toContain('R10-2/seat-capacity-insufficient');
    }
  });

  it('paths reach own properties only: inherited members (constructor, toString, __proto__, length) resolve to nothing', () => {
    const parsed = parseYamlDocument(compliant, DEFAULT_LIMITS);
    if (Array.isArray(parsed)) throw new Error('the compliant dossier must parse');
    for (const pointer of ['/constructor', '/vendor/toString', '/vendor/__proto__', '/vendor/licenses/length', '/vendor/licenses/map', '/__proto__/polluted']) {
      expect(resolvePointer(parsed.data, pointer), pointer).toBeUndefined();
    }
    expect(resolvePointer(parsed.data, '/vendor/licenses/1/kind')).toBe('value_added_telecom');
  });

  it('a custom rule whose path names an inherited member is refused when the rules load', async () => {
    const rules = mkdtempSync(path.join(tmpdir(), 'tmcheck-rules-'));
    const rule = readFileSync(path.join(projectRoot, 'rules', '10.R10-P4.signed-at-province.yaml'), 'utf8')
      .replace('id: R10-P4/signed-at-province', 'id: R10-P4/inherited-member')
      .replace('path: /cooperation/agreement/signed_at', 'path: /cooperation/agreement/constructor/name')
      .replace('value: province', 'value: Object');
    writeFileSync(path.join(rules, 'custom.yaml'), rule);
    const run = await runInProcess(['--rules', rules, 'fixtures/dossier-compliant.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('path /cooperation/agreement/constructor/name does not exist in the VendorDossier schema');
  });
});
