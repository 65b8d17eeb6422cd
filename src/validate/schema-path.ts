import { parsePointer } from '../util/json-pointer.js';

type Schema = Record<string, unknown>;

/**
 * The sub-schema a JSON Pointer reaches in a document schema, or undefined when the schema has no
 * such path. Used at rule-load time so that a typo in a rule's path is an error, not a silent pass.
 * Array indexes are any digits; `oneOf`/`anyOf` branches are searched in order.
 */
export function schemaAt(schema: Schema, pointer: string): Schema | undefined {
  let current: Schema | undefined = schema;
  for (const token of parsePointer(pointer)) {
    current = current ? step(current, token) : undefined;
    if (!current) return undefined;
  }
  return current;
}

function step(schema: Schema, token: string): Schema | undefined {
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties && Object.prototype.hasOwnProperty.call(properties, token)) return properties[token];
  if (schema.items && /^(0|[1-9]\d*)$/.test(token)) return schema.items as Schema;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key] as Schema[] | undefined;
    for (const branch of branches ?? []) {
      const found = step(branch, token);
      if (found) return found;
    }
  }
  return undefined;
}

export function isArraySchema(schema: Schema | undefined): boolean {
  return schema?.type === 'array' || schema?.items !== undefined;
}
