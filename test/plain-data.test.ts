import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { parseYamlDocument } from '../src/read/parse-document.js';
import { DEFAULT_LIMITS } from '../src/read/limits.js';
import { detachStrings } from '../src/util/detach-strings.js';

// A document without aliases is built by parseYamlDocument's own walk (plainData), not by yaml's
// toJS: the data must be what toJS then detachStrings gave, down to key order, own `__proto__` keys
// and keys that name something Object.prototype has.
const OPTIONS = { uniqueKeys: false, prettyErrors: true, strict: true, schema: 'core', merge: false, resolveKnownTags: false } as const;

/** Everything observable of plain data: own keys in order, each value, prototypes and property attributes. */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'number' && Number.isNaN(value) ? 'NaN' : value;
  if (Array.isArray(value)) return ['array', value.length, ...value.map(shape)];
  return [
    Object.getPrototypeOf(value) === Object.prototype ? 'object' : 'other prototype',
    ...Reflect.ownKeys(value).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      return [String(key), descriptor.writable, descriptor.enumerable, descriptor.configurable, shape(descriptor.value)];
    }),
  ];
}

function expectSameAsToJS(text: string): void {
  const parsed = parseYamlDocument(text, DEFAULT_LIMITS);
  expect(Array.isArray(parsed), text).toBe(false);
  const reference = detachStrings(parseDocument(text, OPTIONS).toJS(), { shared: false });
  expect(shape((parsed as { data: unknown }).data), text).toEqual(shape(reference));
}

describe('parseYamlDocument builds alias-free data as yaml toJS does', () => {
  it('keeps keys yaml turns into strings, in order, and keys Object.prototype has', () => {
    expectSameAsToJS(
      [
        '__proto__: polluted value that is long',
        'constructor: 1',
        'toString: [a, b]',
        '2: two',
        '1.0: one',
        'true: yes',
        'null: nothing',
        '? only a key',
        'nested: {hasOwnProperty: x, "0x10": 0x10, "-0": -0, inf: .inf, nan: .nan}',
        'list: [a: 1, {b: 2}, [c], "", ~, 3.5, 1e3, "a long string of more than thirteen characters"]',
        'block: |',
        '  line one',
        '  line two',
        'folded: >-',
        '  folded text',
        'anchored: &a {x: 1}',
      ].join('\n'),
    );
  });

  it('agrees on generated documents, block and flow', () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'valueOf', '1', '01', 'true', 'null', '~', '-', ''));
    const leaf = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null), fc.constantFrom('vendor name long enough to be copied', 'yes', '0o17', '.inf'));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
    }));
    const document = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 6 });
    fc.assert(
      fc.property(document, fc.constantFrom('block', 'flow'), (data, style) => {
        const text = stringify(data, style === 'flow' ? { collectionStyle: 'flow' } : {});
        const reference = parseDocument(text, OPTIONS);
        // Only documents parseYamlDocument accepts (yaml's stringify can write numbers it would refuse as inexact).
        const parsed = parseYamlDocument(text, DEFAULT_LIMITS);
        if (Array.isArray(parsed) || reference.errors.length > 0) return;
        expect(shape(parsed.data)).toEqual(shape(detachStrings(reference.toJS(), { shared: false })));
      }),
      { numRuns: 100 },
    );
  });
});

describe('ParsedDocument.mayHoldPlaceholders (validation skips the search for blanks when false)', () => {
  const parse = (text: string) => parseYamlDocument(text, DEFAULT_LIMITS) as { mayHoldPlaceholders?: boolean };
  it('is false only when no string value starts with <', () => {
    expect(parse('a: 1\nb: [x, "y"]\n"<key>": v').mayHoldPlaceholders).toBe(false);
    expect(parse('a: 1\nb: [x, "<填写：名称>"]').mayHoldPlaceholders).toBe(true);
    expect(parse('a: {b: {c: <x}}').mayHoldPlaceholders).toBe(true);
    expect(parse('"<fill in: name>"').mayHoldPlaceholders).toBe(true);
    // Built by yaml's toJS (aliases): not known, so searched.
    expect(parse('a: &x 1\nb: *x').mayHoldPlaceholders).toBeUndefined();
  });

  it('a blank is still found when the document has one', async () => {
    const { validateDocument } = await import('../src/validate/validate-document.js');
    const parsed = parseYamlDocument('kind: VendorDossier\nsubmitted: "<填写：提交日期>"\n', DEFAULT_LIMITS);
    const errors = validateDocument(parsed as Exclude<typeof parsed, unknown[]>);
    expect(Array.isArray(errors) && errors.map((e) => [e.code, e.path])).toContainEqual(['placeholder', '/submitted']);
  });

  it('no glossary code starts with <: reading terms (after the data is built) cannot write a blank', async () => {
    const { DOMAINS } = await import('../src/glossary/terms.js');
    for (const domain of Object.values(DOMAINS)) for (const term of domain.terms) expect(term.code.startsWith('<'), term.code).toBe(false);
  });
});
