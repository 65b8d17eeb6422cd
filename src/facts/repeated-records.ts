import type { DerivedFact, Offence } from './fact.js';
import { presentValue } from '../operators/is-present.js';
import { resolvePointer } from '../util/json-pointer.js';
import { readingKey } from '../util/plain-text.js';

/**
 * Dated records of a list that repeat an earlier one (a spot check listed twice). A record listed
 * twice is one record: counted twice it would make one check of the month look like the two the
 * regulation asks for. An entry repeats an earlier one when
 * - their record ids at `id` read the same (letters and digits as a person reads them, case aside:
 *   `INS-01`, `ins 01 `, `ＩＮＳ０１`, `ІNS-01` with a Cyrillic І), whatever their dates: one archived record is one check; or
 * - they have the same date and the same number in `field`, and their record ids do not tell them
 *   apart: one of them has none (then which record it is cannot be told).
 * Two checks of one day with distinct record ids, or of different sizes, are two records.
 *
 * Returns, for each repeat, the index of the earlier record it repeats.
 */
export function repeatedRecords(list: readonly unknown[], date: string, field: string, id: string | undefined): Map<number, number> {
  const repeats = new Map<number, number>();
  const byId = new Map<string, number>();
  // Per (date, number): its first record, and whether a record with an id has been counted in it.
  const groups = new Map<string, { first: number; hasId: boolean }>();
  list.forEach((item, index) => {
    const recordId = id === undefined ? undefined : recordKey(resolvePointer(item, id));
    if (recordId !== undefined) {
      const same = byId.get(recordId);
      if (same !== undefined) return void repeats.set(index, same);
      byId.set(recordId, index);
    }
    const key = JSON.stringify([resolvePointer(item, date) ?? null, resolvePointer(item, field) ?? null]);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { first: index, hasId: recordId !== undefined });
    } else if (recordId === undefined) {
      repeats.set(index, group.first); // no id: cannot be told from the group's first record
    } else {
      // A new id is a record of its own, unless the group's first record has no id and may be this very one.
      if (!group.hasId) repeats.set(index, group.first);
      group.hasId = true;
    }
  });
  return repeats;
}

/**
 * A record id as a person reads it: letters and digits only, NFKC, lower case, letters of other
 * scripts drawn as Latin ones read as those (`JN-INS-01` with a Cyrillic Н or О is JN-INS-01);
 * undefined when there is none.
 */
function recordKey(value: unknown): string | undefined {
  if (!presentValue(value)) return undefined;
  return readingKey(String(value)).replace(/[^\p{L}\p{N}]/gu, '');
}

interface RepeatParams {
  path: string;
  date: string;
  field: string;
  id?: string;
}

/** One offence per repeated record, at the repeat, naming the earlier entry it repeats (both numbered from 1). */
export const repeatedRecordsFact: DerivedFact<RepeatParams> = {
  name: 'repeatedRecords',
  description:
    'One offence, at the item, for each item of the list at `path` that repeats an earlier one: a record id (at `id`) that reads the same, or the same date (at `date`) and number (at `field`) with a record id missing from one of the two.',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'date', 'field'],
    properties: {
      path: { type: 'string' },
      date: { type: 'string', pattern: '^/' },
      field: { type: 'string', pattern: '^/' },
      id: { type: 'string', pattern: '^/' },
    },
  },
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['date', 'size', 'entry', 'earlier_entry'],
  compute({ path, date, field, id }, { doc }): Offence[] {
    const list = resolvePointer(doc, path);
    if (!Array.isArray(list)) return [];
    const offences: Offence[] = [];
    for (const [index, earlier] of [...repeatedRecords(list, date, field, id)].sort(([a], [b]) => a - b)) {
      const item = list[index];
      offences.push({
        pointer: `${path}/${index}`,
        // Entries are numbered from 1, as a reader counts the lines of the list.
        values: { date: resolvePointer(item, date), size: resolvePointer(item, field), entry: index + 1, earlier_entry: earlier + 1 },
      });
    }
    return offences;
  },
  locate: ({ path }) => path,
};

interface RepeatedIdParams {
  path: string;
  id: string;
}

/**
 * One offence per item of a list whose identifier (at `id`) reads the same as an earlier item's (as
 * recordKey reads it: `A003`, `a 003`, `Ａ００３`, `А003` with a Cyrillic А). A staff number listed for two agents leaves the
 * calls logged under it, and a waiver naming it, without one person to belong to.
 */
export const repeatedIdsFact: DerivedFact<RepeatedIdParams> = {
  name: 'repeatedIds',
  description: 'One offence, at the item, for each item of the list at `path` whose identifier (at `id`) reads the same as an earlier item\'s (letters and digits only, NFKC, case aside, letters of other scripts drawn as Latin ones read as those).',
  scope: 'document',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'id'],
    properties: { path: { type: 'string' }, id: { type: 'string', pattern: '^/' } },
  },
  pointerParams: ['path'],
  returnsOffences: true,
  offenceValues: ['id', 'entry', 'earlier_entry'],
  compute({ path, id }, { doc }): Offence[] {
    const list = resolvePointer(doc, path);
    if (!Array.isArray(list)) return [];
    const offences: Offence[] = [];
    const first = new Map<string, number>();
    list.forEach((item, index) => {
      const key = recordKey(resolvePointer(item, id));
      if (key === undefined || key === '') return;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, index);
      // Entries are numbered from 1, as a reader counts the lines of the list.
      else offences.push({ pointer: `${path}/${index}`, values: { id: resolvePointer(item, id), entry: index + 1, earlier_entry: earlier + 1 } });
    });
    return offences;
  },
  locate: ({ path }) => path,
};
