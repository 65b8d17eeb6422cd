import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FORMATTERS } from '../src/format/registry.js';
import { resolvePointer } from '../src/util/json-pointer.js';
import { projectRoot } from './support/fixtures.js';
import { validateJunit, validateSarif } from './support/output-schemas.js';
import { runInProcess } from './support/run-in-process.js';

/**
 * Vendor-controlled strings (values, key names, file names) carry terminal escapes, HTML, XML and
 * Markdown syntax, GitHub workflow commands and CSV formulas. None of them may act in any output;
 * and rule or profile files cannot make tmcheck run code.
 */

// In YAML double quotes: \e is ESC, \a BEL, \0 NUL, \u202e RIGHT-TO-LEFT OVERRIDE, \u061c ARABIC LETTER
// MARK, \u2028 LINE SEPARATOR, \u2029 PARAGRAPH SEPARATOR.
const PAYLOAD_YAML =
  String.raw`<img src=x onerror=alert(1)><script>alert(2)</script>\"\u0027&amp;]]><![CDATA[|a|b\n::error file=x::pwned%0A\r,:\e[31mRED\e]8;;http://evil\a\u202eevil\0=cmd|' /c calc'!A1\u061cAL\u2028LS\u2029PS`;
const FILE_NAME = 'evil <b>&"x" | y, z: ]]> \u001b[2J \u202e\nline2.yaml';
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let dir: string;
const outputs: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tmcheck-inject-'));
  const text = readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8')
    .replace('handled_by: city_cs', `handled_by: "${PAYLOAD_YAML}"`)
    .replace('    archive_media: optical_disc', `    archive_media: optical_disc\n    "${PAYLOAD_YAML}": 1`);
  writeFileSync(path.join(dir, FILE_NAME), text);
  for (const format of Object.keys(FORMATTERS)) {
    const run = await runInProcess(['--format', format, '--no-timestamp', '--color', '.'], { cwd: dir });
    expect(run.status, `${format}: ${run.stderr}`).toBe(1);
    outputs[format] = run.stdout;
  }
}, 120_000);

describe('vendor strings in every output', () => {
  it('reach the report intact (JSON keeps the exact value), so the tests below see the real payload', () => {
    const report = JSON.parse(outputs.json!) as { files: Array<{ file: string }>; findings: Array<{ ruleId: string; message: string }> };
    expect(report.files[0]!.file).toBe(FILE_NAME);
    const handledBy = report.findings.find((f) => f.ruleId === 'R5-1/handled-by-cs')!;
    expect(handledBy.message).toContain('<script>alert(2)</script>"\'&amp;]]><![CDATA[|a|b\n::error file=x::pwned%0A\r,:\u001b[31mRED');
    expect(handledBy.message).toContain('\u202eevil\u0000=cmd|');
    expect(handledBy.message).toContain('\u061cAL\u2028LS\u2029PS');
  });

  it('text: no control sequence or bidi override reaches the terminal, even with --color', () => {
    const withoutColour = outputs.text!.replace(/\u001b\[[0-9;]*m/g, ''); // tmcheck's own SGR colours
    expect(withoutColour).not.toMatch(CONTROL_OR_BIDI);
    expect(outputs.text).not.toContain('\u001b[31mRED');
    expect(outputs.text).toContain('\\x1b[31mRED\\x1b]8;;http://evil\\x07\\u202eevil\\x00');
    expect(outputs.text).toContain('\\u061cAL\\u2028LS\\u2029PS');
  });

  it('HTML: no element, attribute or control character from the input; the page shows it as text', () => {
    const html = outputs.html!;
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&amp;amp;]]&gt;&lt;![CDATA[');
    expect(html.replace(/[\t\n]/g, '')).not.toMatch(CONTROL_OR_BIDI);
    expect(html).toContain('\\x1b[31mRED');
  });

  it('JUnit: valid against the JUnit XSD (so well-formed) with the payload as character data', async () => {
    expect(await validateJunit(outputs.junit!)).toEqual([]);
    expect(outputs.junit).not.toMatch(/<img|<script|<!\[CDATA\[\|/);
    expect(outputs.junit).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(outputs.junit).not.toMatch(CONTROL_OR_BIDI);
    expect(outputs.junit).toContain('\\u202eevil\\x00');
  });

  it('SARIF: valid against the OASIS schema; message texts show control and bidirectional characters', () => {
    const sarif = JSON.parse(outputs.sarif!) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    expect(validateSarif(sarif)).toEqual([]);
    const texts = sarif.runs[0]!.results.map((r) => r.message.text);
    expect(texts.some((text) => text.includes('\\u202eevil\\x00=cmd|'))).toBe(true);
    for (const text of texts) expect(text.replace(/\r/g, '')).not.toMatch(CONTROL_OR_BIDI); // CR and LF are line breaks in plain text
  });

  it('Markdown: every table row keeps its columns, and no HTML or line break escapes a cell', () => {
    const lines = outputs.markdown!.split('\n');
    const tableRows = lines.filter((line) => line.startsWith('|'));
    expect(tableRows.length).toBeGreaterThanOrEqual(3);
    const columns = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    // Each row against its own table's header (the input warnings' table has two columns, the findings' six).
    let header = 0;
    lines.forEach((line, i) => {
      if (!line.startsWith('|')) return;
      if (!lines[i - 1]?.startsWith('|')) header = columns(line);
      else expect(columns(line), line).toBe(header);
    });
    expect(outputs.markdown).toContain('### Input warnings');
    expect(outputs.markdown).not.toMatch(/<img|<script/i);
    expect(outputs.markdown).not.toMatch(CONTROL_OR_BIDI);
    for (const line of lines) expect(line, 'a payload line broke out of its table row').not.toMatch(/^::error|^line2\.yaml|^,:/);
  });

  it('GitHub annotations: one workflow command per line, no forged command, properties without raw : or ,', () => {
    const lines = outputs.github!.split('\n').filter((line) => line !== '');
    expect(lines.length).toBe(2); // the finding and the unknown-key warning
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning|notice) file=[^:,\r\n]*,line=\d+,col=\d+,title=[^:,\r\n]*::[^\r\n]*$/);
      expect(line).not.toMatch(CONTROL_OR_BIDI);
    }
    // % first, then CR/LF, then the property separators; controls shown as visible escapes.
    expect(/^::\w+ file=([^,]*),/.exec(lines[0]!)![1]).toBe('evil <b>&"x" | y%2C z%3A ]]> \\x1b[2J \\u202e%0Aline2.yaml');
  });
});

describe('rule and profile files cannot run code', () => {
  const ruleFor = (pathExpression: string) =>
    readFileSync(path.join(projectRoot, 'rules', '10.R10-P4.signed-at-province.yaml'), 'utf8')
      .replace('id: R10-P4/signed-at-province', 'id: R10-P4/jsonpath-script')
      .replace('path: /cooperation/agreement/signed_at', `path: ${JSON.stringify(pathExpression)}`);

  it('a JSONPath script filter as a rule path is rejected when the rules load, and never evaluated', async () => {
    const rules = mkdtempSync(path.join(tmpdir(), 'tmcheck-rules-'));
    const marker = '__tmcheckScriptRan';
    const script = `$..[?(@.constructor.constructor('globalThis.${marker}=1')())]`;
    writeFileSync(path.join(rules, 'custom.yaml'), ruleFor(script));
    const run = await runInProcess(['--rules', rules, 'fixtures/dossier-compliant.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the rules could not be loaded');
    expect(run.stderr).toContain('custom.yaml:18:9: /require/path must match pattern');
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('the engine resolves paths as JSON Pointers only: a JSONPath expression is an error, never a script', () => {
    const marker = '__tmcheckResolverRan';
    expect(() => resolvePointer({ a: 1 }, `$..[?(@.constructor.constructor('globalThis.${marker}=1')())]`)).toThrow(/JSON Pointer must start with/);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('YAML tags that other loaders turn into code (!!js/function) are not functions here', async () => {
    const rules = mkdtempSync(path.join(tmpdir(), 'tmcheck-rules-'));
    mkdirSync(rules, { recursive: true });
    writeFileSync(
      path.join(rules, 'custom.yaml'),
      ruleFor('/cooperation/agreement/signed_at').replace('value: province', `value: !!js/function "function () { globalThis.__tmcheckTagRan = 1; return 'province' }"`),
    );
    const run = await runInProcess(['--rules', rules, 'fixtures/dossier-compliant.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('custom.yaml:20:10: unknown YAML tag !!js/function: only plain values are accepted');
    expect((globalThis as Record<string, unknown>).__tmcheckTagRan).toBeUndefined();

    // The same in a vendor's document: a tag is an input error at its position, never a typed value.
    const docs = mkdtempSync(path.join(tmpdir(), 'tmcheck-tags-'));
    writeFileSync(
      path.join(docs, 'tagged.yaml'),
      readFileSync(path.join(projectRoot, 'fixtures/dossier-compliant.yaml'), 'utf8').replace('handled_by: city_cs', 'handled_by: !custom city_cs'),
    );
    const doc = await runInProcess(['--format', 'json', 'tagged.yaml'], { cwd: docs });
    expect(doc.status).toBe(2);
    expect((JSON.parse(doc.stdout) as { files: Array<{ errors: unknown[] }> }).files[0]!.errors).toEqual([
      { message: 'unknown YAML tag !custom: only plain values are accepted', line: 5, column: 13 },
    ]);
  });

  it('a profile value shaped like code or a JSONPath is only a value, checked against the parameter schema', async () => {
    const profiles = mkdtempSync(path.join(tmpdir(), 'tmcheck-profile-'));
    writeFileSync(
      path.join(profiles, 'p.yaml'),
      `defaults:\n  R22-1/calling-hours:\n    window_start: "$..[?(@.constructor.constructor('globalThis.__tmcheckProfileRan=1')())]"\n`,
    );
    const run = await runInProcess(['--profile', path.join(profiles, 'p.yaml'), 'fixtures/dossier-compliant.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('p.yaml:3');
    expect((globalThis as Record<string, unknown>).__tmcheckProfileRan).toBeUndefined();
  });
});
