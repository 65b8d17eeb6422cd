import { isAscii } from 'node:buffer';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { DocumentKind } from '../kinds/kinds.js';
import type { FileResult, Finding } from '../report/model.js';
import type { RuleOutcome } from '../engine/evaluate-document.js';

/** What is kept per document: its result and findings before any cross-document check, waiver or baseline. */
export interface StoredCheck {
  result: FileResult;
  findings: Finding[];
  /** The document's kind when it was valid and ruled on: cross checks then get it, re-parsed from its bytes on demand. */
  kind?: DocumentKind;
}

/** Outcomes as one character each (its index here) when every value is one of these. */
const OUTCOMES: readonly RuleOutcome[] = ['pass', 'fail', 'not_applicable'];

/**
 * Shapes (the rule ids of a result's outcomes, in order) shared by the entries of a cache: a
 * document's outcomes are stored as one character per rule against its shape, not as an object
 * keyed by ids that every document of the kind repeats.
 */
export class Shapes {
  private readonly ids = new Map<string, number>();
  /** Outcomes records already made, by shape (its number) and codes: shared (frozen), as the checks' own are (sharedOutcomes). */
  private readonly records = new Map<number, Map<string, Readonly<Record<string, RuleOutcome>>>>();
  private sharedRecords = 0;

  /** `list` is the cache file's (CacheContent.shapes): shapes new this run are added to it. */
  constructor(readonly list: string[][]) {
    list.forEach((shape, i) => this.ids.set(JSON.stringify(shape), i + 1));
  }

  /** The 1-based number of the shape, added when new. */
  numberOf(keys: string[]): number {
    const name = JSON.stringify(keys);
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.list.push(keys);
      this.ids.set(name, id);
    }
    return id;
  }

  /** The outcomes object of shape `id` (1-based) for these codes; undefined if the codes do not fit it. */
  outcomes(id: number, codes: unknown): Record<string, RuleOutcome> | undefined {
    if (typeof codes !== 'string') return undefined;
    let byCodes = this.records.get(id);
    // Codes met before were checked then: most hits of a batch conclude alike.
    const shared = byCodes?.get(codes);
    if (shared) return shared;
    const keys = this.list[id - 1];
    if (!keys || codes.length !== keys.length || !/^[0-2]*$/.test(codes)) return undefined;
    // The shapes come from the cache file: a key that is no plain name (or would set the prototype) is no entry of ours.
    if (keys.some((key) => typeof key !== 'string' || key === '__proto__')) return undefined;
    const outcomes: Record<string, RuleOutcome> = {};
    for (let i = 0; i < keys.length; i++) outcomes[keys[i]!] = OUTCOMES[codes.charCodeAt(i) - 48]!;
    const record = Object.freeze(outcomes);
    // Bounded whatever the cache holds; most documents of a batch conclude alike.
    if (this.sharedRecords < MAX_SHARED_RECORDS) {
      if (!byCodes) this.records.set(id, (byCodes = new Map()));
      byCodes.set(codes, record);
      this.sharedRecords += 1;
    }
    return record;
  }
}

/**
 * Most distinct outcomes records a cache shares: tens of thousands of hits each reuse one instead of
 * building an object key by key (110 ms for 20,000 objects of 22 keys).
 */
const MAX_SHARED_RECORDS = 1024;

/**
 * The entry for a document's check, with the outcomes against a shape, and the document's name and
 * content hash left blank where they are the ones a hit puts back (the same bytes may come under
 * another name). JSON text when it gives the same check back (property order too: the report is
 * written in it), which a warm run parses in a third less time than V8's format; else
 * V8-serialized, which tells apart what JSON would merge (undefined and absent, NaN and null, -0).
 * The JSON is ASCII (asciiJson): a warm run decodes it without UTF-8's work.
 */
export function packCheck(stored: StoredCheck, file: string, contentHash: string, shapes: Shapes): { shape: number; value: Uint8Array } {
  const { result, findings } = stored;
  const keys = Object.keys(result.outcomes);
  const codes = keys.map((key) => OUTCOMES.indexOf(result.outcomes[key]!));
  const shaped = !codes.includes(-1);
  const packed: StoredCheck = {
    ...stored,
    result: {
      ...result,
      file: result.file === file ? '' : result.file,
      ...(result.sha256 !== undefined ? { sha256: result.sha256 === contentHash ? '' : result.sha256 } : {}),
      // A string in the outcomes' place: unpackCheck rebuilds the object from it and the shape.
      outcomes: shaped ? (codes.join('') as unknown as FileResult['outcomes']) : result.outcomes,
    },
    findings: findings.map((finding) => (finding.location.file === file ? { ...finding, location: { ...finding.location, file: '' } } : finding)),
  };
  const json = JSON.stringify(packed);
  // Compared as the check is (own enumerable properties, prototypes, -0, undefined), in the order JSON keeps.
  const value = isDeepStrictEqual(JSON.parse(json), packed) ? Buffer.from(asciiJson(json), 'latin1') : serialize(packed);
  return { shape: shaped ? shapes.numberOf(keys) : 0, value };
}

/**
 * JSON text with every character past ASCII written as its `\uXXXX` escape (each UTF-16 unit, so a
 * pair stays a pair): the same value to JSON.parse. From UTF-8, the 5,000 entries of a warm rerun
 * became strings of two-byte characters, and decoding and parsing them took 34–40 ms against 22–28
 * as ASCII (performance-history, "Warm --cache, fifth round"), for an eighth more bytes.
 */
export function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Decodes an entry's text straight from its view of the cache file (no Buffer made per entry). Only
 * ASCII is decoded (isAscii first), which this label (windows-1252 to the Encoding Standard) leaves as it is.
 */
const ASCII = new TextDecoder('ascii');

/** The first byte of a JSON entry (`{`); V8's format starts with its version tag, 0xFF. */
const JSON_ENTRY = 0x7b;

/** The check packCheck stored, under this run's name and hash; undefined when the entry is not what packCheck writes. */
export function unpackCheck(value: Uint8Array, shape: number, shapes: Shapes, file: string, contentHash: string): StoredCheck | undefined {
  let stored: StoredCheck;
  try {
    if (value[0] === JSON_ENTRY) {
      // packCheck writes JSON as ASCII: other bytes are no entry of this format.
      if (!isAscii(value)) return undefined;
      stored = JSON.parse(ASCII.decode(value)) as StoredCheck;
    } else stored = deserialize(value) as StoredCheck;
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null || typeof stored.result !== 'object' || stored.result === null || !Array.isArray(stored.findings)) return undefined;
  const { result, findings } = stored;
  if (shape > 0) {
    const outcomes = shapes.outcomes(shape, result.outcomes);
    if (!outcomes) return undefined;
    result.outcomes = outcomes;
  } else if (typeof result.outcomes !== 'object' || result.outcomes === null) return undefined;
  if (result.file === '') result.file = file;
  if (result.sha256 === '') result.sha256 = contentHash;
  for (const finding of findings) if (finding.location.file === '') finding.location.file = file;
  return stored;
}
