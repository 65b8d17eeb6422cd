import { CST, Lexer, Parser } from 'yaml';

/**
 * Limits checked on the source text before yaml builds its syntax tree. That tree costs about a
 * kilobyte per value (a 3 MiB flow list of a million numbers took 1.7 GB), so a document with too
 * many values must be refused before it exists. The lexer streams tokens and keeps nothing.
 */

/**
 * Counts values: every scalar (key or value), alias, flow list or mapping, block list item (`-`) and
 * explicit key (`?`). Each takes at least one character of its own, so a text no longer than the
 * budget cannot exceed it and is not scanned. Returns the offset of the first value past the budget,
 * or -1. (Nesting is left to the parser: the lexer does not see block structure.)
 */
export function firstValueOverBudget(text: string, maxNodes: number): number {
  if (text.length <= maxNodes) return -1;
  let nodes = 0;
  let offset = 0;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    // Control tokens mark what follows and are not part of the text; every other token is.
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.SCALAR) {
      scalarNext = token === CST.SCALAR;
      continue;
    }
    const start = offset;
    offset += token.length;
    let counts: boolean;
    if (scalarNext) {
      counts = true;
      scalarNext = false;
    } else {
      const first = token[0];
      counts = first === '[' || first === '{' || first === '"' || first === "'" || first === '*' || ((first === '-' || first === '?') && token.length === 1);
    }
    if (counts && ++nodes > maxNodes) return start;
  }
  return -1;
}

/**
 * The nesting depth of a document, from yaml's concrete syntax tree (built without recursion), with
 * the offset of the first collection deeper than `limit`. For documents so deeply nested that
 * composing them overflowed the stack.
 */
export function cstDepth(text: string, limit: number): { depth: number; offset: number } {
  let deepest = 0;
  let offset = -1;
  const stack: Array<[CST.Token | undefined, number]> = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (here > limit && (offset === -1 || token.offset < offset)) offset = token.offset;
    for (const item of token.items) {
      const entry = item as { key?: CST.Token | null; value?: CST.Token };
      if (entry.key) stack.push([entry.key, here]);
      stack.push([entry.value, here]);
    }
  }
  return { depth: deepest, offset: Math.max(offset, 0) };
}
