import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04, { type ValidateFunction } from 'ajv-draft-04';
import { SaxesParser } from 'saxes';
import { validateXML } from 'xmllint-wasm';
import { fixturesDir, projectRoot } from './fixtures.js';

// ajv-draft-04 is CommonJS (`module.exports = Ajv`); its typings describe the ES default export.
const Ajv = AjvDraft04 as unknown as typeof AjvDraft04.default;

const schemasDir = path.join(projectRoot, 'test', 'schemas');

/** Every fixture document under fixtures/, recursively, as paths relative to the project root. */
export function allFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|json|csv|xlsx)$/i.test(name)) out.push(path.relative(projectRoot, full).split(path.sep).join('/'));
    }
  };
  walk(fixturesDir);
  return out;
}

// RFC 3986 characters only, and every `%` starts a two-digit escape.
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

let sarifValidator: ValidateFunction | undefined;

/** The OASIS SARIF 2.1.0 schema (draft-04), with its uri, uri-reference and date-time formats checked. */
export function validateSarif(log: unknown): string[] {
  sarifValidator ??= compileSarifSchema();
  return sarifValidator(log) ? [] : (sarifValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function compileSarifSchema(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri-reference', { type: 'string', validate: (s: string) => URI_REFERENCE.test(s) });
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => URI_REFERENCE.test(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)) });
  const schema = JSON.parse(readFileSync(path.join(schemasDir, 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  return ajv.compile(schema);
}

/** Validates JUnit XML against junit-10.xsd with libxml2 (xmllint compiled to WebAssembly). */
export async function validateJunit(xml: string): Promise<string[]> {
  return (await validateJunitMany([xml]))[0]!;
}

/**
 * Validates many JUnit documents in one xmllint run (one run costs about 0.13 s, whatever it holds):
 * the errors of each document, in order. An error xmllint cannot place fails every document.
 */
export async function validateJunitMany(xmls: string[]): Promise<string[][]> {
  const result = await validateXML({
    xml: xmls.map((contents, i) => ({ fileName: `report-${i}.xml`, contents })),
    schema: { fileName: 'junit-10.xsd', contents: readFileSync(path.join(schemasDir, 'junit-10.xsd'), 'utf8') },
  });
  const errors = xmls.map((): string[] => []);
  if (result.valid) return errors;
  for (const error of result.errors) {
    // xmllint starts each message with the file's name ("report-3.xml:12: …", "report-3.xml fails to validate").
    const index = /^report-(\d+)\.xml\b/.exec(error.loc?.fileName ?? error.rawMessage)?.[1];
    if (index === undefined) errors.forEach((list) => list.push(error.rawMessage));
    else errors[Number(index)]!.push(error.rawMessage);
  }
  return errors;
}

/** One testcase as a JUnit reader sees it. */
export interface JunitCase {
  name: string;
  classname: string;
  failures: number;
  errors: number;
  skipped: number;
  systemOut: string;
  /** All text inside the testcase (failure, error and system-out bodies). */
  text: string;
}

/** One testsuite as a JUnit reader sees it: its attributes and its testcases. */
export interface JunitSuite {
  attributes: Record<string, string>;
  cases: JunitCase[];
}

/**
 * Reads JUnit XML with a conforming XML parser (saxes, the parser exceljs uses), as a dashboard
 * does: entities decoded, elements counted, never matched with a regular expression.
 */
export function readJunit(xml: string): { attributes: Record<string, string>; suites: JunitSuite[] } {
  const parser = new SaxesParser();
  const root = { attributes: {} as Record<string, string>, suites: [] as JunitSuite[] };
  let suite: JunitSuite | undefined;
  let testcase: JunitCase | undefined;
  let inSystemOut = false;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    if (tag.name === 'testsuites') root.attributes = attributes;
    else if (tag.name === 'testsuite') root.suites.push((suite = { attributes, cases: [] }));
    else if (tag.name === 'testcase') suite!.cases.push((testcase = { name: attributes.name!, classname: attributes.classname!, failures: 0, errors: 0, skipped: 0, systemOut: '', text: '' }));
    else if (tag.name === 'failure') testcase!.failures++;
    else if (tag.name === 'error') testcase!.errors++;
    else if (tag.name === 'skipped') testcase!.skipped++;
    else if (tag.name === 'system-out') inSystemOut = true;
  });
  parser.on('text', (text) => {
    if (testcase) testcase.text += text;
    if (inSystemOut && testcase) testcase.systemOut += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'system-out') inSystemOut = false;
    if (tag.name === 'testcase') testcase = undefined;
  });
  parser.write(xml).close();
  return root;
}
