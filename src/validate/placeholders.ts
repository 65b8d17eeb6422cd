import { inputError, type InputError } from '../read/input-error.js';
import type { ParsedDocument } from '../read/parse-document.js';
import { formatPointer, resolvePointer } from '../util/json-pointer.js';

/**
 * A template's blank: `<填写：合作方全称>` or `<fill in: vendor name>`. Only this exact form: an ordinary
 * value in angle brackets (`<script>…</script>`, `<n/a>`) is the vendor's text, not a blank.
 */
const PLACEHOLDER = /^<(?:填写：|fill in: )[^<>\n]*>$/;

export function isPlaceholder(value: unknown): value is string {
  // The first character rules out nearly every value without running the expression.
  return typeof value === 'string' && value.charCodeAt(0) === 0x3c && PLACEHOLDER.test(value);
}

/** The pointers of every value still holding a template placeholder, in document order. */
export function placeholderPointers(data: unknown): string[] {
  const found: string[] = [];
  // One path, extended and shortened as the walk goes down and back up: no array per value visited.
  const tokens: Array<string | number> = [];
  const walk = (node: unknown) => {
    if (isPlaceholder(node)) found.push(formatPointer(tokens));
    else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        tokens.push(i);
        walk(node[i]);
        tokens.pop();
      }
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        tokens.push(key);
        walk((node as Record<string, unknown>)[key]);
        tokens.pop();
      }
    }
  };
  walk(data);
  return found;
}

/** One input error per blank left in a template, at its line: a half-filled template can never pass. */
export function placeholderErrors(doc: ParsedDocument, pointers: readonly string[]): InputError[] {
  return pointers.map((pointer) => {
    const value = JSON.stringify(String(resolvePointer(doc.data, pointer)));
    return inputError('placeholder', `${pointer} 的占位符未填写（${value}）：请填入实际内容`, `${pointer}: placeholder not replaced (${value}); fill in the actual value`, { path: pointer, ...doc.locate(pointer) });
  });
}
