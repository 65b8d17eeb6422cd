import { Alias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { inputError, type InputError } from './input-error.js';
import { parsePointer } from '../util/json-pointer.js';
import type { ReadLimits } from './limits.js';
import { detachStrings, isCyclic } from '../util/detach-strings.js';

export interface Position {
  line: number;
  column: number;
}

/** A document's data plus a way back from any JSON Pointer to its line and column in the file. */
export interface ParsedDocument {
  data: unknown;
  /** Position of the value at `pointer`, or of its nearest existing ancestor. */
  locate(pointer: string): Position;
  /** Position of the key that holds the value at `pointer` (falls back to the value). */
  locateKey(pointer: string): Position;
}

/**
 * Parses YAML 1.2 (which includes JSON) keeping source positions. Duplicate keys, syntax errors,
 * several documents in one file, alias bombs and excessive nesting are input errors with positions.
 */
export function parseYamlDocument(text: string, limits: ReadLimits): ParsedDocument | InputError[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.some((error) => /call stack/i.test(error.message))) {
    // yaml's composer recurses; hostile nesting exhausts the stack before our depth check can run.
    return [tooDeep(limits)];
  }
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => {
      const linePos = error.linePos?.[0];
      const where = linePos ? { line: linePos.line, column: linePos.col } : position(error.pos[0]);
      const detail = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      if (error.code === 'DUPLICATE_KEY') {
        const key = keyAt(text, error.pos[0]);
        return inputError('duplicate-key', `重复的键「${key}」：同一映射中的键必须唯一`, `duplicate key "${key}": keys in a mapping must be unique`, where);
      }
      if (error.code === 'MULTIPLE_DOCS') {
        return inputError('multiple-documents', '一个文件只能包含一个文档（发现了 ---）', 'a file holds exactly one document (found a second one after ---)', where);
      }
      return inputError('yaml-syntax', `YAML 语法错误：${YAML_ERROR_ZH[error.code] ?? '无法解析'}（${detail}）`, `YAML syntax error: ${detail}`, where);
    });
  }
  // yaml only warns about a tag it cannot resolve (`!!js/function`, `!custom`) and reads the value
  // as a plain string; a tag means the writer intended another type, so it is refused instead.
  const unknownTags = doc.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unknownTags.length > 0) {
    return unknownTags.map((warning) => {
      const tag = (/Unresolved tag: (\S+)/.exec(warning.message)?.[1] ?? '?').replace(/^tag:yaml\.org,2002:/, '!!');
      const linePos = warning.linePos?.[0];
      const where = linePos ? { line: linePos.line, column: linePos.col } : position(warning.pos[0]);
      return inputError('unknown-tag', `未知的 YAML 标签 ${tag}：只接受普通的值`, `unknown YAML tag ${tag}: only plain values are accepted`, where);
    });
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return [inputError('empty', '文件为空，没有文档', 'file is empty: no document found', { line: 1, column: 1 })];
  }

  const shape = treeShape(doc.contents as Node, limits.maxDepth);
  if (shape.depth > limits.maxDepth) return [tooDeep(limits)];

  const collectionKey = shape.collectionKey;
  if (collectionKey) {
    // yaml would turn `[a]: b` or `? {a: 1}` into a string key and print a warning on stderr.
    return [inputError('complex-key', '键必须是普通的值，不能是列表或映射', 'a key must be a plain value, not a list or mapping', position(collectionKey.range?.[0] ?? 0))];
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliases });
    if (shape.hasAlias && isCyclic(data)) {
      // `&a [*a]`: yaml builds a structure that contains itself; no document is infinite.
      const firstAlias = findFirstAlias(doc.contents as Node);
      const where = firstAlias?.range ? position(firstAlias.range[0]) : { line: 1, column: 1 };
      return [inputError('recursive-alias', '别名引用了包含它自身的节点（循环结构）', 'an alias refers to a node that contains it (a structure that contains itself)', where)];
    }
    // Strings copied out of the source text, so what a report keeps never pins a whole file in memory.
    data = detachStrings(data, { shared: shape.hasAlias });
  } catch (error) {
    const firstAlias = findFirstAlias(doc.contents as Node);
    const where = firstAlias?.range ? position(firstAlias.range[0]) : { line: 1, column: 1 };
    const detail = error instanceof Error ? error.message : String(error);
    if (/alias/i.test(detail)) {
      return [inputError('alias-limit', `别名展开次数过多（上限 ${limits.maxAliases}），疑似别名炸弹`, `excessive alias count (limit ${limits.maxAliases}): possible alias bomb`, where)];
    }
    return [inputError('yaml-syntax', `无法构造文档：${detail}`, `cannot build the document: ${detail}`, where)];
  }

  const root = doc.contents as Node;
  const walk = (pointer: string): { node: Node; keyNode?: Node } => {
    let node: Node = root;
    let keyNode: Node | undefined;
    for (const token of parsePointer(pointer)) {
      const next = child(node, token, doc);
      if (!next) break;
      node = next.value;
      keyNode = next.key;
    }
    return { node, keyNode };
  };
  const at = (node: Node | undefined): Position => position(node?.range?.[0] ?? 0);
  return {
    data,
    locate: (pointer) => at(walk(pointer).node),
    locateKey: (pointer) => {
      const found = walk(pointer);
      return at(found.keyNode ?? found.node);
    },
  };
}

function child(node: Node, token: string, doc: Parameters<Alias['resolve']>[0]): { key?: Node; value: Node } | undefined {
  const target: Node | undefined = node instanceof Alias ? (node.resolve(doc) as Node | undefined) : node;
  if (isMap(target)) {
    for (const pair of target.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      const keyText = isScalar(key) ? String(key.value) : undefined;
      if (keyText === token && pair.value) return { key: key ?? undefined, value: pair.value as Node };
      if (keyText === token) return key ? { key, value: key } : undefined;
    }
    return undefined;
  }
  if (isSeq(target) && /^(0|[1-9]\d*)$/.test(token)) {
    const item = target.items[Number(token)] as Node | undefined;
    return item ? { value: item } : undefined;
  }
  return undefined;
}

interface TreeShape {
  /** Depth of collections (stops counting once past the limit). */
  depth: number;
  /** The first mapping key that is itself a list or mapping, if any. */
  collectionKey?: Node;
  /** Whether an alias occurs: only then can the data share or contain itself. */
  hasAlias: boolean;
}

/**
 * One walk over the syntax tree, without recursion (hostile nesting cannot overflow the stack): how
 * deep it goes, whether a key is a collection, whether there is an alias.
 */
function treeShape(root: Node, stopAbove: number): TreeShape {
  const shape: TreeShape = { depth: 0, hasAlias: false };
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node instanceof Alias) {
      shape.hasAlias = true;
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    shape.depth = Math.max(shape.depth, depth);
    if (shape.depth > stopAbove) return shape;
    for (const item of node.items) {
      if (isPair(item)) {
        if (!shape.collectionKey && (isMap(item.key) || isSeq(item.key))) shape.collectionKey = item.key as Node;
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else {
        stack.push([item, depth + 1]);
      }
    }
  }
  return shape;
}

function findFirstAlias(root: Node): Alias | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Alias) return node;
    if (isMap(node) || isSeq(node)) {
      for (const item of [...node.items].reverse()) {
        if (isPair(item)) stack.push(item.value, item.key);
        else stack.push(item);
      }
    }
  }
  return undefined;
}

/** The key text starting at a source offset (for messages about duplicate keys). */
function keyAt(text: string, offset: number): string {
  const match = /^\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*)/.exec(text.slice(offset, offset + 200));
  return (match?.[1] ?? '').trim().slice(0, 80);
}

function tooDeep(limits: ReadLimits): InputError {
  return inputError('too-deep', `嵌套层数超过上限 ${limits.maxDepth}（可用 --max-depth 调整）`, `nesting is deeper than the limit of ${limits.maxDepth} (raise it with --max-depth)`, { line: 1, column: 1 });
}

/** What each yaml error code means, for the Chinese report (the parser's own text follows in brackets). */
const YAML_ERROR_ZH: Partial<Record<string, string>> = {
  ALIAS_PROPS: '别名不能带锚点或标签',
  BAD_ALIAS: '别名写法错误',
  BAD_DIRECTIVE: '指令写法错误',
  BAD_DQ_ESCAPE: '双引号字符串中的转义写法错误',
  BAD_INDENT: '缩进不正确',
  BAD_PROP_ORDER: '锚点与标签的位置不正确',
  BAD_SCALAR_START: '值的开头字符不合法（如需以该字符开头，请加引号）',
  BLOCK_AS_IMPLICIT_KEY: '多行内容不能用作键',
  BLOCK_IN_FLOW: '方括号或花括号内不能使用多行写法',
  IMPOSSIBLE: '无法解析的结构',
  KEY_OVER_1024_CHARS: '键超过 1024 个字符',
  MISSING_CHAR: '缺少配对的引号或括号',
  MULTILINE_IMPLICIT_KEY: '键不能跨行',
  MULTIPLE_ANCHORS: '一个值只能有一个锚点',
  MULTIPLE_TAGS: '一个值只能有一个标签',
  NON_STRING_KEY: '键必须是文字',
  TAB_AS_INDENT: '不能用 Tab 缩进，请用空格',
  UNEXPECTED_TOKEN: '出现了意外的字符',
  BAD_COLLECTION_TYPE: '集合类型错误',
};
