import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fillMessage, pluralForms } from '../src/rules/message-template.js';
import { countOf } from '../src/util/plural.js';
import { loadRuleSet } from '../src/engine/load-rule-set.js';
import { formatText } from '../src/format/text.js';
import { checkFiles, projectRoot } from './support/fixtures.js';

const rulesDir = path.join(projectRoot, 'rules');

/** Every English rule message (the rule's and its conditions'), by rule file. */
function englishMessages(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (file: string, node: unknown, key: string) => {
    if (Array.isArray(node)) node.forEach((child) => visit(file, child, ''));
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (key === 'message' && typeof obj.en === 'string') out.push([file, obj.en]);
      for (const [k, v] of Object.entries(obj)) visit(file, v, k);
    }
  };
  for (const file of readdirSync(rulesDir).filter((f) => !f.startsWith('_'))) visit(file, parse(readFileSync(path.join(rulesDir, file), 'utf8')), '');
  return out;
}

/** Values that make every placeholder of `template` read `n` (params, doc.… and item.… alike). */
function fillAll(template: string, n: number): string {
  const values: Record<string, number> = {};
  const doc: Record<string, unknown> = {};
  for (const [, name] of template.matchAll(/\{([a-z_][a-z0-9_.]*)[|}]/gi)) {
    const [head, ...rest] = name!.split('.');
    if ((head === 'doc' || head === 'item') && rest.length > 0) {
      let node = doc;
      rest.slice(0, -1).forEach((key) => { node = (node[key] ??= {}) as Record<string, unknown>; });
      node[rest.at(-1)!] = n;
    } else values[head!] = n;
  }
  return fillMessage(template, values, { doc, item: doc }, 'en');
}

describe('English plurals', () => {
  it('countOf and {n|noun}: 1 is singular, everything else plural, irregular nouns known', () => {
    expect(countOf(1, 'rule')).toBe('1 rule');
    expect(countOf(0, 'rule')).toBe('0 rules');
    expect(countOf(2, 'number batch')).toBe('2 number batches');
    expect(fillMessage('kept {actual|month}', { actual: 1 }, { doc: {} }, 'en')).toBe('kept 1 month');
    expect(fillMessage('kept {actual|month}', { actual: 1.5 }, { doc: {} }, 'en')).toBe('kept 1.5 months');
    expect(fillMessage('{doc.n|whole year}', {}, { doc: { n: 1 } }, 'en')).toBe('1 whole year');
    expect(fillMessage('{doc.n|whole year}', {}, { doc: { n: 3 } }, 'en')).toBe('3 whole years');
  });

  // One row per rule family whose English message counts something: the message with 1 and with 2.
  const TABLE: Array<[string, string, string]> = [
    ['10.R10-P5-3.experience.yaml', 'gives 1 whole year on', 'gives 2 whole years on'],
    ['10.R10-P5-6.call-recording.yaml', 'kept 1 month;', 'kept 2 months;'],
    ['19.R19-1.campaigns-listed.yaml', '(1 call, or', '(2 calls, or'],
    ['20.R20-1.agents-listed.yaml', '(1 call, or', '(2 calls, or'],
    ['20.R20-1.call-log-untrained-agent.yaml', 'made 1 call in', 'made 2 calls in'],
    ['21.R21-1.recordings-kept.yaml', 'kept 1 month, less than the required 1 month', 'kept 2 months, less than the required 2 months'],
    ['21.R21-2.call-monitoring.yaml', '(1 session)', '(2 sessions)'],
    ['21.R21-3.activation-spot-checks.yaml', '(1 check)', '(2 checks)'],
    ['22.R22-1.call-log-calling-hours.yaml', '(1 minute), longer than the 1 minute allowed', '(2 minutes), longer than the 2 minutes allowed'],
    ['22.R22-1.calling-hours.yaml', '1 minute, longer than the 1 minute allowed', '2 minutes, longer than the 2 minutes allowed'],
    ['22.R22-1.calling-day-once.yaml', 'listed 1 time among', 'listed 2 times among'],
    ['23.R23-1.number-batch-reviewed.yaml', '(1 number)', '(2 numbers)'],
    ['24.R24-1.no-unauthorised-identity.yaml', '1 case this month', '2 cases this month'],
    ['24.R24-2.inspection-size.yaml', 'covered 1 call; each must cover at least 1 call', 'covered 2 calls; each must cover at least 2 calls'],
    ['24.R24-2.inspections-per-month.yaml', 'at least 1 call dated', 'at least 2 calls dated'],
    ['24.R24-2.inspections-first-month.yaml', 'at least 1 call from', 'at least 2 calls from'],
    ['24.R24-6.last-place-streak.yaml', 'last of 1 vendor in', 'last of 2 vendors in'],
    ['24.R24-6.last-place-streak.yaml', 'last place 1 month in a row', 'last place 2 months in a row'],
  ];
  const messages = englishMessages();
  for (const [file, one, two] of TABLE) {
    it(`${file}: "${one}" / "${two}"`, () => {
      const filled = messages.filter(([f]) => f === file).map(([, m]) => m);
      expect(filled.some((m) => fillAll(m, 1).includes(one))).toBe(true);
      expect(filled.some((m) => fillAll(m, 2).includes(two))).toBe(true);
    });
  }

  // "{actual} of {expected} calls" stays: a part of a whole reads plural ("1 of 1 calls").
  it('no English rule message writes a bare {count} before a plural noun', () => {
    const bare = messages.filter(([, m]) => /(?<!of )\{(?![a-z_.]*date\})[a-z_.]+\} (months|years|calls|checks|minutes|sessions|cases|numbers|vendors|times|complaints)\b/.test(m));
    expect(bare).toEqual([]);
  });

  it('the built-in rules load with their plural forms', () => {
    expect(() => loadRuleSet({ cwd: projectRoot })).not.toThrow();
    expect(messages.some(([, m]) => pluralForms(m).length > 0)).toBe(true);
  });

  it('the text summary says "1 file checked: 1 error"', async () => {
    const report = await checkFiles(['fixtures/dossier/dossier-capital-below-minimum.yaml']);
    const last = formatText(report, { lang: 'en', color: false, failOn: 'error' }).trim().split('\n').at(-1)!;
    expect(last).toMatch(/ 1 file checked: 1 error, 0 warnings, 0 notices /);
  });
});
