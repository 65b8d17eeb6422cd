import fc from 'fast-check';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { fixturesDir } from './fixtures.js';

/**
 * Hostile mutations of valid documents for the property tests: structural (delete, duplicate,
 * retype, nest), textual (Unicode, control characters, YAML syntax damage) and byte-level
 * (invalid UTF-8, UTF-16). Every mutation is plain data, so fast-check can print and shrink it.
 */

export interface Seed {
  name: string;
  text: string;
  data: unknown;
}

/** Every fixture that parses: top-level fixtures, dossiers and monthly reports (when present). */
export function validSeeds(): Seed[] {
  const files: string[] = [];
  for (const dir of [fixturesDir, path.join(fixturesDir, 'dossier'), path.join(fixturesDir, 'monthly')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) if (/\.(ya?ml|json)$/.test(name)) files.push(path.join(dir, name));
  }
  return files.map((file) => {
    const text = readFileSync(file, 'utf8');
    return { name: path.relative(fixturesDir, file), text, data: parse(text) as unknown };
  });
}

/** Strings a vendor could type that are known to upset parsers, terminals and formats. */
export const HOSTILE_FRAGMENTS = [
  '\u200f', '\u200e', '\u202e', '\u2066', '\u2069', // bidi marks and overrides
  '\u200b', '\u200d', '\ufeff', '\u2060', // zero-width
  'e\u0301\u0301\u0301', '\u0338', // combining marks
  '\ud800', '\udfff', '\udbff', // lone surrogates
  '\u0000', '\u0007', '\u0008', '\u001b[2J', '\u001b]0;x\u0007', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\r', '\t',
  'NaN', 'Infinity', '-Infinity', '1e999', '0x1F', '.nan', '.inf',
  '<script>alert(1)</script>', ']]>', '&amp;', '"', "'", '|', '`', '\\', '%0A', '::error::', '=cmd|"/c calc"!A1', '@SUM(1)', '+1', '-1',
  '__proto__', 'constructor', 'prototype',
  '济南', '𠮷', '👨‍👩‍👧',
];

export const WEIRD_VALUES: unknown[] = [
  null, true, false, 0, -1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, -0, 5e-324,
  '', 'NaN', 'Infinity', '-Infinity', '1e999', '1000000', '2026-02-30', '9999-12-31', '24:00', 'true',
  [], {}, [null], { __proto__: null, a: 1 }, [[[]]],
];

export type DataMutation =
  | { op: 'delete'; at: number }
  | { op: 'retype'; at: number; value: number }
  | { op: 'insertText'; at: number; fragment: number; offset: number; times: number }
  | { op: 'renameKey'; at: number; fragment: number }
  | { op: 'nest'; at: number; depth: number; asList: boolean }
  | { op: 'longString'; at: number; length: number }
  | { op: 'duplicateItem'; at: number; copies: number };

export type TextMutation =
  | { op: 'duplicateLine'; line: number }
  | { op: 'deleteLine'; line: number }
  | { op: 'insert'; offset: number; text: string }
  | { op: 'truncate'; offset: number }
  | { op: 'crlf' }
  | { op: 'tabs' }
  | { op: 'replaceScalar'; line: number; scalar: string };

export type ByteMutation = { op: 'invalidUtf8'; offset: number; bytes: readonly number[] } | { op: 'utf16' } | { op: 'nul'; offset: number };

export interface Mutation {
  seed: number;
  json: boolean;
  data: DataMutation[];
  text: TextMutation[];
  bytes: ByteMutation[];
}

const YAML_DAMAGE = ['{', '}', '[', ']', ':', ': ', '- ', '&a ', '*a', '*nope', '!!binary ', '!foo ', '? ', '|', '>', '"', "'", '#', '%YAML 1.1\n', '---\n', '...\n', '<<: *a\n', '\n  ', '\t', '@', '`', ',', '\\'];
const YAML_SCALARS = ['.nan', '.inf', '-.inf', '~', 'null', '0x7FFFFFFF', '0o17', '1e999', '-0', '123456789012345678901234567890', '"\\ud800"', '"\\u0000"', '"\\e[31m"', 'yes', 'no', 'on', '2026-10-08T10:00:00Z', '!!str 5', '!!int "x"', '!!float .nan', '[&a [*a]]', '{a: 1, a: 2}', "'''", '"unterminated'];

const at = fc.nat({ max: 10_000 });
const dataMutation: fc.Arbitrary<DataMutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at }),
  fc.record({ op: fc.constant('retype' as const), at, value: fc.nat({ max: WEIRD_VALUES.length - 1 }) }),
  fc.record({ op: fc.constant('insertText' as const), at, fragment: fc.nat({ max: HOSTILE_FRAGMENTS.length - 1 }), offset: fc.nat({ max: 100 }), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant('renameKey' as const), at, fragment: fc.nat({ max: HOSTILE_FRAGMENTS.length - 1 }) }),
  fc.record({ op: fc.constant('nest' as const), at, depth: fc.integer({ min: 1, max: 120 }), asList: fc.boolean() }),
  fc.record({ op: fc.constant('longString' as const), at, length: fc.integer({ min: 1_000, max: 200_000 }) }),
  fc.record({ op: fc.constant('duplicateItem' as const), at, copies: fc.integer({ min: 1, max: 50 }) }),
);
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('duplicateLine' as const), line: at }),
  fc.record({ op: fc.constant('deleteLine' as const), line: at }),
  fc.record({ op: fc.constant('insert' as const), offset: at, text: fc.oneof(fc.constantFrom(...YAML_DAMAGE), fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ maxLength: 8 })) }),
  fc.record({ op: fc.constant('truncate' as const), offset: at }),
  fc.constant({ op: 'crlf' as const }),
  fc.constant({ op: 'tabs' as const }),
  fc.record({ op: fc.constant('replaceScalar' as const), line: at, scalar: fc.constantFrom(...YAML_SCALARS) }),
);
const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ op: fc.constant('invalidUtf8' as const), offset: at, bytes: fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]) }),
  fc.constant({ op: 'utf16' as const }),
  fc.record({ op: fc.constant('nul' as const), offset: at }),
);

export function mutationArbitrary(seedCount: number): fc.Arbitrary<Mutation> {
  return fc.record({
    seed: fc.nat({ max: seedCount - 1 }),
    json: fc.boolean(),
    data: fc.array(dataMutation, { maxLength: 4 }),
    text: fc.array(textMutation, { maxLength: 3 }),
    // Byte damage is rarer: most runs should get past decoding and reach the rules.
    bytes: fc.oneof({ weight: 6, arbitrary: fc.constant([] as ByteMutation[]) }, { weight: 1, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 2 }) }),
  });
}

/** The bytes of the mutated document. */
export function applyMutation(seeds: Seed[], mutation: Mutation): Buffer {
  const seed = seeds[mutation.seed]!;
  let text = seed.text;
  if (mutation.data.length > 0) {
    const data = structuredClone(seed.data);
    const root = { value: data };
    for (const m of mutation.data) applyData(root, m);
    text = mutation.json ? JSON.stringify(root.value, null, 2) : stringify(root.value, { aliasDuplicateObjects: false });
  }
  for (const m of mutation.text) text = applyText(text, m);
  let bytes: Buffer = Buffer.from(text, 'utf8');
  for (const m of mutation.bytes) bytes = applyBytes(bytes, m);
  return bytes;
}

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

/** Every place a value sits in the data (object properties and list items), in document order. */
function slots(root: { value: unknown }): Slot[] {
  const out: Slot[] = [{ parent: root as unknown as Record<string, unknown>, key: 'value' }];
  const stack: unknown[] = [root.value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        out.push({ parent: node, key: i });
        stack.push(item);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        out.push({ parent: node as Record<string, unknown>, key });
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return out;
}

function get(slot: Slot): unknown {
  return (slot.parent as Record<string | number, unknown>)[slot.key];
}

/** Sets an own property even for `__proto__`, as a YAML or JSON parser would. */
function set(slot: Slot, value: unknown): void {
  Object.defineProperty(slot.parent, slot.key, { value, enumerable: true, configurable: true, writable: true });
}

function applyData(root: { value: unknown }, m: DataMutation): void {
  const all = slots(root);
  const slot = all[m.at % all.length]!;
  const isRoot = slot.parent === (root as unknown);
  switch (m.op) {
    case 'delete':
      if (isRoot) return;
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete (slot.parent as Record<string, unknown>)[slot.key as string];
      return;
    case 'retype':
      set(slot, structuredClone(WEIRD_VALUES[m.value]));
      return;
    case 'insertText': {
      const value = get(slot);
      const text = typeof value === 'string' ? value : String(value);
      const offset = m.offset % (text.length + 1);
      set(slot, text.slice(0, offset) + HOSTILE_FRAGMENTS[m.fragment]!.repeat(m.times) + text.slice(offset));
      return;
    }
    case 'renameKey': {
      if (isRoot || Array.isArray(slot.parent)) return;
      const value = get(slot);
      const parent = slot.parent as Record<string, unknown>;
      delete parent[slot.key as string];
      const fragment = HOSTILE_FRAGMENTS[m.fragment]!;
      set({ parent, key: /^(__proto__|constructor|prototype)$/.test(fragment) ? fragment : String(slot.key) + fragment }, value);
      return;
    }
    case 'nest': {
      let value = get(slot);
      for (let i = 0; i < m.depth; i++) value = m.asList ? [value] : { n: value };
      set(slot, value);
      return;
    }
    case 'longString':
      set(slot, 'x'.repeat(m.length));
      return;
    case 'duplicateItem': {
      const value = get(slot);
      if (Array.isArray(value) && value.length > 0) {
        for (let i = 0; i < m.copies; i++) value.push(structuredClone(value[i % value.length]));
      }
      return;
    }
  }
}

function applyText(text: string, m: TextMutation): string {
  const lines = text.split('\n');
  switch (m.op) {
    case 'duplicateLine': {
      const i = m.line % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'deleteLine':
      lines.splice(m.line % lines.length, 1);
      return lines.join('\n');
    case 'insert': {
      const offset = m.offset % (text.length + 1);
      return text.slice(0, offset) + m.text + text.slice(offset);
    }
    case 'truncate':
      return text.slice(0, m.offset % (text.length + 1));
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'tabs':
      return text.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2));
    case 'replaceScalar': {
      const i = m.line % lines.length;
      lines[i] = lines[i]!.replace(/(:\s+|-\s+)\S.*$/, `$1${m.scalar}`);
      return lines.join('\n');
    }
  }
}

function applyBytes(bytes: Buffer, m: ByteMutation): Buffer {
  switch (m.op) {
    case 'invalidUtf8': {
      const offset = m.offset % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, offset), Buffer.from(m.bytes), bytes.subarray(offset)]);
    }
    case 'utf16':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]);
    case 'nul': {
      const offset = m.offset % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, offset), Buffer.from([0]), bytes.subarray(offset)]);
    }
  }
}
