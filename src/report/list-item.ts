import type { ListItem } from './model.js';
import { formatPointer, parsePointer } from '../util/json-pointer.js';

/** Keys that identify a list's items in tmcheck's documents (agents[].id, inspections[].record_id), in order of preference. */
const ID_KEYS = ['id', 'record_id'] as const;

const LIST_POSITION = /^(0|[1-9]\d*)$/;

/**
 * The item a pointer passes through at its first (outermost) list step, with its identifier; undefined
 * when the pointer crosses no list, or that item is not a mapping with a string or number `id` or
 * `record_id`. A waiver or a baseline entry about `/agents/1/...` then names the agent, not the place
 * the vendor chose to list it at.
 */
export function listItemOf(data: unknown, pointer: string): ListItem | undefined {
  // A list step is a token of digits: most pointers (/vendor/registered_capital_cny) have none.
  if (!/\/\d/.test(pointer)) return undefined;
  const tokens = parsePointer(pointer);
  let current: unknown = data;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (Array.isArray(current)) {
      if (!LIST_POSITION.test(token)) return undefined;
      const item: unknown = current[Number(token)];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
      for (const key of ID_KEYS) {
        if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
        const id = (item as Record<string, unknown>)[key];
        if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return { path: formatPointer(tokens.slice(0, i + 1)), id: String(id) };
      }
      return undefined;
    }
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return undefined;
}
