import { CST, Lexer, Parser } from 'yaml';

/**
 * Limits checked on the source text before yaml builds its syntax tree. That tree costs about a
 * kilobyte per value (a 3 MiB flow list of a million numbers took 1.7 GB), so a document with too
 * many values must be refused before it exists. The lexer streams tokens and keeps nothing.
 */
export type SourceScan =
  | { ok: true }
  | { ok: false; limit: 'nodes'; offset: number }
  | { ok: false; limit: 'depth'; depth: number; offset: number };

/**
 * Counts values: every scalar (key or value), alias, flow list or mapping, block list item (`-`) and
 * explicit key (`?`); each takes at least one character of its own, so a text no longer than the
 * budget cannot exceed it and is not scanned. Also follows bracket nesting, so that a flow collection
 * nested deeper than the depth limit is reported as such (with its real depth), not as its size.
 */
export function scanSource(text: string, maxNodes: number, maxDepth: number): SourceScan {
  if (text.length <= maxNodes) return { ok: true };
  let nodes = 0;
  let offset = 0;
  let depth = 0;
  let deepest = 0;
  let firstTooDeep = -1;
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    const start = offset;
    // Control tokens mark what follows and are not part of the text; every other token is.
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.SCALAR) {
      scalarNext = token === CST.SCALAR;
      continue;
    }
    offset += token.length;
    let counts = false;
    if (scalarNext) {
      counts = true;
      scalarNext = false;
    } else {
      switch (token[0]) {
        case '[':
        case '{':
          depth += 1;
          if (depth > deepest) deepest = depth;
          if (depth > maxDepth && firstTooDeep === -1) firstTooDeep = start;
          counts = true;
          break;
        case ']':
        case '}':
          depth = Math.max(0, depth - 1);
          break;
        case '"':
        case "'":
        case '*':
          counts = true;
          break;
        case '-':
        case '?':
          counts = token.length === 1;
          break;
      }
    }
    // Once nesting is over its limit, that is the error; the scan goes on only to learn the real depth.
    if (counts && firstTooDeep === -1 && ++nodes > maxNodes) return { ok: false, limit: 'nodes', offset: start };
  }
  if (firstTooDeep !== -1) return { ok: false, limit: 'depth', depth: deepest, offset: firstTooDeep };
  return { ok: true };
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
