import { Alias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { inputError, type InputError } from './input-error.js';
import { formatPointer, parsePointer } from '../util/json-pointer.js';
import type { ReadLimits } from './limits.js';
import { detachString, detachStrings, isCyclic } from '../util/detach-strings.js';
import { cstDepth, firstValueOverBudget } from './source-scan.js';

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
  /**
   * False when no string value of the data starts with `<`, so none can be a template's blank (see
   * src/validate/placeholders.ts) and validation need not look for one. Absent: not known.
   */
  mayHoldPlaceholders?: boolean;
}

/**
 * Parses YAML 1.2 (which includes JSON) keeping source positions. Duplicate keys, syntax errors,
 * several documents in one file, alias bombs, too many values, excessive nesting and numbers that
 * would be read as another number are input errors with positions.
 */
export function parseYamlDocument(text: string, limits: ReadLimits): ParsedDocument | InputError[] {
  const oddBreak = ODD_LINE_BREAK.exec(text);
  if (oddBreak !== null) return [oddLineBreak(oddBreak[0], offsetPosition(text, oddBreak.index))];
  const overBudget = firstValueOverBudget(text, limits.maxNodes);
  if (overBudget !== -1) return [tooManyNodes(limits, offsetPosition(text, overBudget))];
  const lineCounter = new LineCounter();
  // Duplicate keys are found by treeShape: yaml's own check compares each key with every earlier one
  // of its mapping, which takes minutes for a mapping of a hundred thousand keys.
  // YAML 1.2's core schema only, whatever the file declares: no `<<` merges, and no tags that build
  // other types (!!binary, !!set, !!omap, !!timestamp become unknown tags, refused below).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true, strict: true, schema: 'core', merge: false, resolveKnownTags: false });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.some((error) => /call stack/i.test(error.message))) {
    // yaml's composer recurses; hostile nesting exhausts the stack before our depth check can run.
    const { depth, offset } = cstDepth(text, limits.maxDepth);
    return [tooDeep(limits, depth, position(offset))];
  }
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => {
      const linePos = error.linePos?.[0];
      const where = linePos ? { line: linePos.line, column: linePos.col } : position(error.pos[0]);
      const detail = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      if (error.code === 'MULTIPLE_DOCS') {
        return inputError('multiple-documents', '一个文件只能包含一个文档（发现了 ---）', 'a file holds exactly one document (found a second one after ---)', where);
      }
      return inputError('yaml-syntax', `YAML 语法错误：${YAML_ERROR_ZH[error.code] ?? '无法解析'}（${detail}）`, `YAML syntax error: ${detail}`, where);
    });
  }
  const declared = doc.directives?.yaml;
  // yaml reads a version it does not know (`%YAML 1.0`, `1.3`) as 1.2, with a warning; PyYAML reads
  // any 1.x as 1.1. Refused as 1.1 is: the version the file declares is not the one it would be read by.
  const unsupported = doc.warnings.map((warning) => /^Unsupported YAML version (\S+)/.exec(warning.message)?.[1]).find((version) => version !== undefined);
  if (unsupported !== undefined || (declared?.explicit && declared.version !== '1.2')) {
    // Under `%YAML 1.1`, `yes` is true, `017` is 15 and `<<` merges: the file would say something else to another reader.
    return [
      inputError(
        'yaml-version',
        `文件声明了 %YAML ${unsupported ?? declared!.version}：只读取 YAML 1.2（1.1 中 yes、017、<< 等的含义不同），请删去这一行`,
        `the file declares %YAML ${unsupported ?? declared!.version}: only YAML 1.2 is read (yes, 017 and << mean other things in 1.1); remove that line`,
        { line: 1, column: 1 },
      ),
    ];
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

  const shape = treeShape(doc.contents as Node, limits.maxDepth, text);
  if (shape.depth > limits.maxDepth) return [tooDeep(limits, shape.depth, position(shape.firstTooDeep?.range?.[0] ?? 0))];
  if (shape.duplicateKeys.length > 0) {
    return shape.duplicateKeys.map((key) => {
      const shown = keyText(key, text);
      return inputError('duplicate-key', `重复的键「${shown}」：同一映射中的键必须唯一`, `duplicate key "${shown}": keys in a mapping must be unique`, position(key.range?.[0] ?? 0));
    });
  }
  if (shape.inexactNumbers.length > 0) {
    const pointers = pointersTo(doc.contents as Node, shape.inexactNumbers);
    return shape.inexactNumbers.map((node) => {
      const shown = sourceOf(node, text);
      const pointer = pointers.get(node) ?? '';
      const where = { path: pointer, ...position(node.range?.[0] ?? 0) };
      if (isUnsafeInteger(node, text)) {
        return inputError(
          'unsafe-integer',
          `整数 ${shown} 超出可精确表示的范围（±${Number.MAX_SAFE_INTEGER}），读取后会变成另一个数`,
          `the integer ${shown} is beyond the range that can be held exactly (±${Number.MAX_SAFE_INTEGER}); it would be read as a different number`,
          where,
        );
      }
      const value = node.value as number;
      const read = String(value);
      const at = pointer || '/';
      if (Number.isFinite(value) && Math.abs(value) >= MIN_NORMAL) {
        return inputError(
          'inexact-number',
          `${at} 的数 ${shown} 的有效数字多于数值能保留的位数（15 至 17 位），读取后会变成 ${read}：请减少位数`,
          `${at}: the number ${shown} has more significant digits than a number keeps (15 to 17); it would be read as ${read}. Write it with fewer digits`,
          where,
        );
      }
      return inputError(
        'inexact-number',
        `${at} 的数 ${shown} 超出数值的范围（绝对值约 2.2e-308 至 1.8e308），读取后会变成 ${read}`,
        `${at}: the number ${shown} is beyond the range of numbers (about 2.2e-308 to 1.8e308 either side of 0); it would be read as ${read}`,
        where,
      );
    });
  }

  if (shape.mergeKey) {
    // A YAML 1.1 merge key is an ordinary key in 1.2: one reader would merge the values, tmcheck would not.
    return [
      inputError(
        'merge-key',
        '合并键 << 不属于 YAML 1.2：不同的读取器对它的理解不同，请把键逐个写出',
        'the merge key << is not part of YAML 1.2: readers disagree on what it means; write the keys out',
        position(shape.mergeKey.range?.[0] ?? 0),
      ),
    ];
  }

  const collectionKey = shape.collectionKey;
  if (collectionKey) {
    // yaml would turn `[a]: b` or `? {a: 1}` into a string key and print a warning on stderr.
    return [inputError('complex-key', '键必须是普通的值，不能是列表或映射', 'a key must be a plain value, not a list or mapping', position(collectionKey.range?.[0] ?? 0))];
  }
  if (shape.aliasKey) {
    // `&k vendor_caused: 900` then `*k : 31`: the alias repeats the key, which the duplicate-key check
    // (on written keys) does not see; the officer reads 900, and the data would hold 31.
    const alias = shape.aliasKey as Alias;
    return [
      inputError(
        'alias-key',
        `键不能是别名（*${alias.source}）：请把键写出来`,
        `a key cannot be an alias (*${alias.source}): write the key out`,
        position(alias.range?.[0] ?? 0),
      ),
    ];
  }

  let data: unknown;
  try {
    // Without an alias the tree is plain (no node shared, nothing to count or resolve): it is built
    // here in one walk, strings detached as they are placed, instead of yaml's toJS and a second walk.
    if (!shape.hasAlias) {
      const built: Built = { angleBracket: false };
      const plain = plainData(doc.contents, built);
      return parsedDocument(plain, built.angleBracket, doc, position);
    }
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
    if (/unresolved alias/i.test(detail)) {
      // `*name` with no `&name` before it: a mistake in the document, not an attack.
      const alias = findFirstAlias(doc.contents as Node, (a) => a.resolve(doc) === undefined);
      const name = alias?.source ?? '?';
      const at = alias?.range ? position(alias.range[0]) : where;
      return [inputError('undefined-alias', `别名 *${name} 没有对应的锚点（&${name} 须在它之前定义）`, `alias *${name} refers to no anchor (&${name} must be defined before it)`, at)];
    }
    if (/alias/i.test(detail)) {
      return [inputError('alias-limit', `别名展开次数过多（上限 ${limits.maxAliases}），疑似别名炸弹`, `excessive alias count (limit ${limits.maxAliases}): possible alias bomb`, where)];
    }
    return [inputError('yaml-syntax', `无法构造文档：${detail}`, `cannot build the document: ${detail}`, where)];
  }

  return parsedDocument(data, undefined, doc, position);
}

/** The data with a way back from a JSON Pointer to its node's line and column (walked only when asked). */
function parsedDocument(data: unknown, mayHoldPlaceholders: boolean | undefined, doc: Document.Parsed, position: (offset: number) => Position): ParsedDocument {
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
    mayHoldPlaceholders,
    locate: (pointer) => at(walk(pointer).node),
    locateKey: (pointer) => {
      const found = walk(pointer);
      return at(found.keyNode ?? found.node);
    },
  };
}

/**
 * What yaml's `doc.toJS()` gives for a tree without aliases (and with no collection as a key: refused
 * before), with every string value of 13 characters or more copied as `detachStrings` copies it: each
 * step below is the one yaml's toJS and addPairToJSMap take, in the same order (test/plain-data.test.ts
 * holds it to toJS then detachStrings). Recursive: the tree's depth was checked against the limit.
 */
function plainData(node: unknown, built: Built): unknown {
  if (isScalar(node)) {
    const value = node.value;
    return typeof value === 'string' ? placedString(value, built) : value;
  }
  if (isMap(node)) {
    const map: Record<string, unknown> = {};
    for (const pair of node.items) addPair(map, pair, built);
    return map;
  }
  if (isSeq(node)) {
    const seq: unknown[] = [];
    for (const item of node.items) seq.push(isPair(item) ? addPair({}, item, built) : plainData(item, built));
    return seq;
  }
  return typeof node === 'string' ? placedString(node, built) : node;
}

/** What plainData noticed on the way: whether a string value starts with `<` (a blank's first character). */
interface Built {
  angleBracket: boolean;
}

function placedString(value: string, built: Built): string {
  if (value.charCodeAt(0) === 0x3c) built.angleBracket = true;
  return detachString(value);
}

/** yaml's addPairToJSMap for a plain object: the key as a string, and a key the object already has (`__proto__`) defined, not assigned. */
function addPair(map: Record<string, unknown>, pair: Pair, built: Built): Record<string, unknown> {
  const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
  const name = key === null ? '' : String(key);
  const value = plainData(pair.value, built);
  if (name in map) Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
  else map[name] = value;
  return map;
}

function child(node: Node, token: string, doc: Parameters<Alias['resolve']>[0]): { key?: Node; value: Node } | undefined {
  const target: Node | undefined = node instanceof Alias ? (node.resolve(doc) as Node | undefined) : node;
  if (isMap(target)) {
    if (target.items.length > INDEX_FROM) {
      const pair = keyIndex(target).get(token);
      if (!pair) return undefined;
      const key = pair.key as Node | null;
      if (pair.value) return { key: key ?? undefined, value: pair.value as Node };
      return key ? { key, value: key } : undefined;
    }
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

/** Mappings with more keys than this are looked up through an index (locating every one of their keys would be quadratic). */
const INDEX_FROM = 32;
const keyIndexes = new WeakMap<object, Map<string, Pair>>();

function keyIndex(map: { items: unknown[] }): Map<string, Pair> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      if (!index.has(name)) index.set(name, pair as Pair);
    }
    keyIndexes.set(map, index);
  }
  return index;
}

interface TreeShape {
  /** Depth of collections. */
  depth: number;
  /** The first collection (in reading order) deeper than the limit. */
  firstTooDeep?: Node;
  /** Keys that repeat an earlier key of their mapping (as the property name they would become). */
  duplicateKeys: Node[];
  /**
   * Numbers that would be read as another number: integers beyond 2^53 - 1, and decimals written
   * with more significant digits than a number keeps (79.99999999999999999 would become 80).
   */
  inexactNumbers: Scalar[];
  /** The first mapping key that is itself a list or mapping, if any. */
  collectionKey?: Node;
  /** The first plain `<<` key (a YAML 1.1 merge key), if any. */
  mergeKey?: Node;
  /** The first mapping key that is an alias (`*name : value`), if any. */
  aliasKey?: Node;
  /** Whether an alias occurs: only then can the data share or contain itself. */
  hasAlias: boolean;
}

/**
 * One walk over the syntax tree, without recursion (hostile nesting cannot overflow the stack): how
 * deep it goes, whether a key is a collection, whether there is an alias.
 */
function treeShape(root: Node, maxDepth: number, text: string): TreeShape {
  const shape: TreeShape = { depth: 0, hasAlias: false, duplicateKeys: [], inexactNumbers: [] };
  // Two parallel stacks (node, depth) rather than a pair per node: the walk runs for every document.
  const nodes: unknown[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (isScalar(node)) {
      if (typeof node.value === 'number' && (isUnsafeInteger(node, text) || isInexactDecimal(node))) shape.inexactNumbers.push(node);
      continue;
    }
    if (node instanceof Alias) {
      shape.hasAlias = true;
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > shape.depth) shape.depth = depth;
    if (depth > maxDepth && (!shape.firstTooDeep || (node.range?.[0] ?? 0) < (shape.firstTooDeep.range?.[0] ?? 0))) shape.firstTooDeep = node;
    const items = node.items;
    const below = depth + 1;
    if (!isMap(node)) {
      for (const item of items) {
        if (isPair(item)) {
          // A flow list's `[a: b]` is a pair inside a list.
          pairShape(item, shape);
          nodes.push(item.key, item.value);
          depths.push(below, below);
        } else {
          nodes.push(item);
          depths.push(below);
        }
      }
      continue;
    }
    // A mapping's keys as the property names they become in the data: `1` and `"1"` would overwrite
    // each other. Most mappings are small: their names are compared in a list, larger ones in a set.
    const names: string[] | Set<string> = items.length > SMALL_MAP ? new Set<string>() : [];
    for (const item of items) {
      if (!isPair(item)) {
        nodes.push(item);
        depths.push(below);
        continue;
      }
      pairShape(item, shape);
      if (isScalar(item.key)) {
        const name = item.key.value === null ? '' : String(item.key.value);
        if (Array.isArray(names) ? names.includes(name) : names.has(name)) shape.duplicateKeys.push(item.key);
        else if (Array.isArray(names)) names.push(name);
        else names.add(name);
      }
      nodes.push(item.key, item.value);
      depths.push(below, below);
    }
  }
  // Reported in reading order, whatever order the walk met them in.
  const byOffset = (a: Node, b: Node) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0);
  shape.duplicateKeys.sort(byOffset);
  shape.inexactNumbers.sort(byOffset);
  return shape;
}

/** Mappings with at most this many keys look for a repeated key in a list rather than a set. */
const SMALL_MAP = 16;

/** What a pair's key says about the document: a collection as a key, a YAML 1.1 merge key. */
function pairShape(item: Pair, shape: TreeShape): void {
  const key = item.key;
  if (!shape.collectionKey && (isMap(key) || isSeq(key))) shape.collectionKey = key as Node;
  if (isScalar(key) && key.type === 'PLAIN' && key.value === '<<' && (!shape.mergeKey || (key.range?.[0] ?? 0) < (shape.mergeKey.range?.[0] ?? 0))) {
    shape.mergeKey = key;
  }
  if (key instanceof Alias && (!shape.aliasKey || (key.range?.[0] ?? 0) < (shape.aliasKey.range?.[0] ?? 0))) shape.aliasKey = key;
}

/** An integer as written (decimal, 0x or 0o) whose value a JavaScript number cannot hold exactly. */
function isUnsafeInteger(node: Scalar, text: string): boolean {
  const value = node.value;
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value)) return false;
  return /^[-+]?(?:[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$/.test(sourceOf(node, text));
}

/** The smallest normal number: below it a number keeps fewer digits (subnormal), down to 0. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * A decimal as written whose value is not the number it is read as, e.g. 79.99999999999999999 (read
 * as 80, which a threshold of 80 accepts), 1e400 (Infinity) or 1e-400 (0). The test: the number's
 * shortest form (String(n), which reads back as n) must be the written value, up to sign, leading and
 * trailing zeros and exponent. So 0.1, 80.0 and 8e1 are accepted: 0.1 is not held exactly, but
 * reading it as the number nearest 0.1 is what anyone writing 0.1 means. Up to 15 significant
 * digits every normal number passes that test (IEEE 754 doubles keep 15), so short literals skip it.
 */
function isInexactDecimal(node: Scalar): boolean {
  const value = node.value as number;
  const source = node.source;
  if (source === undefined) return false;
  // Quick path for nearly every number of a document: few characters, so at most 15 digits.
  if (source.length <= 15 && Number.isFinite(value) && Math.abs(value) >= MIN_NORMAL) return false;
  const written = decimalDigits(source);
  if (!written) return false; // 0x…, 0o…, .inf, .nan: not decimals
  if (!Number.isFinite(value)) return true;
  const read = decimalDigits(String(value))!;
  return written.digits !== read.digits || (written.digits !== '' && written.exponent !== read.exponent);
}

const DECIMAL = /^[-+]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?$/;

/**
 * A decimal's value as significant digits (no leading or trailing zeros; '' for zero) times ten to
 * an exponent, ignoring the sign (the reader keeps it), or undefined if the text is no decimal.
 */
function decimalDigits(text: string): { digits: string; exponent: number } | undefined {
  const match = DECIMAL.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  const all = whole + fraction;
  let start = 0;
  while (start < all.length && all[start] === '0') start++;
  let end = all.length;
  while (end > start && all[end - 1] === '0') end--;
  const exponent = Number(match[3] ?? 0) - fraction.length + (all.length - end);
  return { digits: all.slice(start, end), exponent };
}

/**
 * The JSON Pointers of some nodes of the tree (through values and keys): one walk for all of them,
 * made only for errors (a document may hold a hundred thousand bad numbers).
 */
function pointersTo(root: Node, targets: readonly Node[]): Map<Node, string> {
  const wanted = new Set<unknown>(targets);
  const found = new Map<Node, string>();
  const stack: Array<{ node: unknown; pointer: string }> = [{ node: root, pointer: '' }];
  while (stack.length > 0 && found.size < wanted.size) {
    const { node, pointer } = stack.pop()!;
    if (wanted.has(node)) found.set(node as Node, pointer);
    if (isSeq(node)) node.items.forEach((item, index) => stack.push({ node: item, pointer: `${pointer}/${index}` }));
    else if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const name = isScalar(item.key) ? (item.key.value === null ? '' : String(item.key.value)) : '';
        const below = pointer + formatPointer([name]);
        // A number used as a key is located by the value it names.
        stack.push({ node: item.value, pointer: below }, { node: item.key, pointer: below });
      }
    }
  }
  return found;
}

function sourceOf(node: Node, text: string): string {
  const range = node.range;
  const source = range ? text.slice(range[0], range[1]).trim() : String((node as Scalar).value);
  return source.length > 80 ? `${source.slice(0, 77)}…` : source;
}

/** A key as the message shows it: the text of a quoted key without its quotes (`"a"` is shown as a). */
function keyText(key: Node, text: string): string {
  const value = (key as Scalar).value;
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}…` : value;
  return sourceOf(key, text);
}

function findFirstAlias(root: Node, matches: (alias: Alias) => boolean = () => true): Alias | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Alias) {
      if (matches(node)) return node;
      continue;
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of [...node.items].reverse()) {
        if (isPair(item)) stack.push(item.value, item.key);
        else stack.push(item);
      }
    }
  }
  return undefined;
}

function tooDeep(limits: ReadLimits, depth: number, where: Position): InputError {
  return inputError(
    'too-deep',
    `嵌套深度为 ${depth} 层，超过上限 ${limits.maxDepth} 层（可用 --max-depth 调整）`,
    `nesting is ${depth} levels deep, over the limit of ${limits.maxDepth} (raise it with --max-depth)`,
    where,
  );
}

function tooManyNodes(limits: ReadLimits, where: Position): InputError {
  return inputError(
    'too-many-values',
    `文档中的值超过上限 ${limits.maxNodes} 个（每个键、值、列表项、列表和映射各计一个；可用 --max-nodes 调整）`,
    `the document has more than ${limits.maxNodes} values, the limit (each key, value, list item, list and mapping counts; raise it with --max-nodes)`,
    where,
  );
}

/** Line and column of a character offset, for errors found before yaml's line counter exists. */
/**
 * A line break other than LF or CRLF: a CR alone, NEL, LS or PS. yaml reads none of them as the end
 * of a line, while YAML 1.2 ends a line at a lone CR, YAML 1.1 readers (PyYAML) at all four, and
 * editors show a new line: `[ # 处罚\r  { date: … } ]` is an empty list to yaml and a list of one
 * penalty to the officer's editor, so the file reads two ways.
 */
const ODD_LINE_BREAK = /\r(?!\n)|[\u0085\u2028\u2029]/;

function oddLineBreak(found: string, where: Position): InputError {
  const name = found === '\r' ? 'CR' : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return inputError(
    'line-break',
    `不是 LF 或 CRLF 的换行符（${name}）：读取器和编辑器对行在哪里结束理解不同，编辑器显示为新的一行的内容，本工具会读作同一行或注释；请以 LF 或 CRLF 换行另存文件，值中需要这个字符时请在双引号中写作转义（如 "\\u2028"）`,
    `a line break other than LF or CRLF (${name}): readers and editors disagree on where the line ends, and what an editor shows as a new line tmcheck would read as the same line or a comment; save the file with LF or CRLF line ends, and write such a character in a value as an escape in double quotes ("\\u2028")`,
    where,
  );
}

function offsetPosition(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
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
