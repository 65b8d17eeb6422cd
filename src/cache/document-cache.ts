import { decodeUtf8, readSourceBytes, type ReadBuffer, type StatAfterRead } from '../read/read-source.js';
import { sha256 } from '../util/hash.js';
import { parseYamlDocument, type ParsedDocument } from '../read/parse-document.js';
import type { ReadLimits } from '../read/limits.js';
import type { DiscoveredFile } from '../read/discover.js';
import type { CheckedDocument, DocumentCheck } from '../report/check-document.js';
import type { DocumentKind } from '../kinds/kinds.js';
import type { FileResult } from '../report/model.js';
import type { Bilingual } from '../util/i18n.js';
import { readCacheFile, writeCacheFile, type CacheContent } from './cache-file.js';
import { packCheck, Shapes, unpackCheck, type StoredCheck } from './stored-check.js';
import { wallClock, type Clock } from './stat-memo.js';
import type { CacheStrategy } from './cache-strategy.js';
import type { CacheReuse } from './cache-reuse.js';

/** `--cache`: where the cache lives, and who hears about it. */
export interface CacheOptions {
  /** Absolute path of the cache file (resolveCacheLocation checks it is not among the inputs). */
  location: string;
  /** How the location is shown in notes. */
  shown: string;
  /** Overrides the tool's identity in the run key (tests stand in a new version with it). */
  toolVersion?: string;
  /** Notes for the user (standard error on the command line): reuse counts, a damaged cache, a failed write. */
  onNote?: (note: Bilingual) => void;
  /** `--cache-strategy`; metadata when not given. */
  strategy?: CacheStrategy;
  /** The wall clock the stat memo's racy margin is measured on (tests put theirs in its place). */
  clock?: Clock;
  /**
   * The check's reuse signal (cache-reuse.ts): told 'miss' at the first document checked afresh. The
   * command line keeps V8's young generation from growing while the check only reuses (src/cli/young-generation.ts).
   */
  reuse?: CacheReuse;
}

/**
 * Per-document results of earlier runs, by the document's content hash under the run key. A
 * document is read and hashed, unless the stat memo gives its hash (strategy metadata): its result
 * is reused only when its bytes, the rules, the profile, the options and the tool are all the same.
 * What is stored is the document's own result; cross-document checks, waivers, the baseline and the
 * batch rows are recomputed every run from it.
 */

export class DocumentCache {
  private readonly content: CacheContent;
  private readonly writable: boolean;
  private readonly run: number;
  private readonly shapes: Shapes;
  private added = false;
  /** Documents are read into one buffer, and copied out only when kept (a miss, or a document a cross check reads). */
  private readonly scratch: ReadBuffer = { buffer: Buffer.allocUnsafeSlow(64 * 1024) };
  /** Strategy metadata: each read's stat, for the memo. */
  private readonly statAfter: StatAfterRead | undefined;
  private readonly clock: Clock;
  reused = 0;
  documents = 0;
  /** Documents read from their files this run (the others were in memory, or had their hash from the memo). */
  read = 0;

  private readonly runKey: string;
  /** A SHA-256 (hex) of the tool's identity: the cache file keeps only this tool's entries when written. */
  private readonly tool: string;

  constructor(
    private readonly options: CacheOptions,
    /**
     * The run key (a SHA-256 in hex) and the tool's identity it was made with (toolIdentity, or a
     * test's toolVersion), given a way to hash tmcheck's own files through the memo.
     */
    runKeyOf: (hashFile: ((file: string) => string) | undefined) => { key: string; tool: string },
    private readonly limits: ReadLimits,
    /** Whether some cross check reads documents of this kind (only then are a cached document's bytes kept). */
    private readonly observed: (kind: DocumentKind) => boolean = () => true,
  ) {
    const read = readCacheFile(options.location, options.shown);
    if (read.note) options.onNote?.(read.note);
    this.content = read.content;
    this.writable = read.writable;
    this.run = read.content.run + 1;
    this.shapes = new Shapes(read.content.shapes);
    this.statAfter = options.strategy === 'content' ? undefined : {};
    this.clock = options.clock ?? wallClock;
    const memo = this.content.memo;
    const made = runKeyOf(this.statAfter ? (file) => memo.hashFile(file, this.run, this.clock) : undefined);
    this.runKey = made.key;
    this.tool = sha256(made.tool);
    // Entries are keyed by the run key and the content hash side by side: both must be SHA-256 digests in hex.
    if (!/^[0-9a-f]{64}$/.test(this.runKey)) throw new Error('DocumentCache: the run key must be a SHA-256 digest in hex');
  }

  /**
   * The document's check: the cached one (at once) when its bytes were checked before under this run key, else
   * `evaluate` on exactly the bytes that were hashed (handed over as content, so a file changed in
   * between cannot be stored under the old hash). The stat memo stands in for reading and hashing a
   * file whose stat is unchanged, unless a cross check needs its bytes. A file that cannot be read is
   * left to `evaluate`, and its error is never cached: it depends on the machine, not on the content.
   */
  check(file: DiscoveredFile, evaluate: (file: DiscoveredFile) => Promise<DocumentCheck>): DocumentCheck | Promise<DocumentCheck> {
    this.documents += 1;
    const after = file.content ? undefined : this.statAfter;
    if (after) {
      const remembered = this.content.memo.hashOf(file.absolute, this.limits.maxFileBytes, this.run);
      const hit = remembered !== undefined ? this.reuse(remembered, file.display, undefined) : undefined;
      if (hit) {
        this.reused += 1;
        return hit;
      }
    }
    if (!file.content) this.read += 1;
    const read = file.content ?? readSourceBytes(file.absolute, this.limits.maxFileBytes, this.scratch, after);
    if (!(read instanceof Uint8Array)) return this.miss(evaluate, file);
    // The bytes in the scratch buffer last until the next read: whatever keeps them gets a copy.
    const keep = (): Uint8Array => (file.content ? read : Buffer.from(read));
    // Found by the run key and the content's hash (two SHA-256 digests of fixed length, so never ambiguous).
    const contentHash = sha256(read);
    if (after?.stats) this.content.memo.remember(file.absolute, after.stats, read.length, contentHash, this.run, this.clock());
    const hit = this.reuse(contentHash, file.display, keep);
    if (hit) {
      this.reused += 1;
      return hit;
    }
    return this.miss(evaluate, { ...file, content: keep() }).then((check) => {
      // Serialized now, before the run adds cross-document errors to the result.
      // A valid document's kind is kept even when a worker did not send the document back (no cross check looks at that kind).
      const kind = check.checked?.kind ?? (check.result.status !== 'invalid' && check.result.errors.length === 0 ? (check.result.kind as DocumentKind | undefined) : undefined);
      const stored: StoredCheck = { result: check.result, findings: check.findings, ...(kind !== undefined ? { kind } : {}) };
      this.content.entries.add(this.runKey, contentHash, { used: this.run, ...packCheck(stored, file.display, contentHash, this.shapes) }, this.tool);
      this.added = true;
      return check;
    });
  }

  /** A document checked afresh: reusing stops there. */
  private miss(evaluate: (file: DiscoveredFile) => Promise<DocumentCheck>, file: DiscoveredFile): Promise<DocumentCheck> {
    this.options.reuse?.stop('miss');
    return evaluate(file);
  }

  /** Writes the cache (when the file there is tmcheck's) and says how many documents were reused. */
  save(): void {
    const { onNote, location, shown } = this.options;
    onNote?.({
      zh: `缓存：${this.documents} 份文档中 ${this.reused} 份沿用了缓存结果（${shown}）`,
      en: `cache: ${this.reused} of ${this.documents} documents reused (${shown})`,
    });
    // A run that added nothing, to the entries or the memo, leaves the file as it is (its entries
    // keep the run they were last written in).
    if (!this.writable || (!this.added && !this.content.memo.changed)) return;
    const failed = writeCacheFile(location, shown, { run: this.run, entries: this.content.entries, shapes: this.shapes.list, memo: this.content.memo, tool: this.tool });
    if (failed) onNote?.(failed);
  }

  /**
   * The cached check of these bytes under this file's name; undefined (checked afresh) if there is
   * none or the entry is not what tmcheck stores, and when a cross check reads the document but its
   * bytes were not read (`keep` undefined: its hash came from the memo).
   */
  private reuse(contentHash: string, display: string, keep: (() => Uint8Array) | undefined): DocumentCheck | undefined {
    const entry = this.content.entries.use(this.runKey, contentHash, this.run);
    if (!entry) return undefined;
    // The same bytes may sit under several names: the name is this run's (the objects are this hit's own).
    const stored = unpackCheck(entry.value, entry.shape, this.shapes, display, contentHash);
    if (!stored) return undefined;
    const { result, findings } = stored;
    if (stored.kind === undefined) return { result, findings };
    // No cross check reads this kind: the document is there (it was valid) but its bytes are not kept.
    const observed = this.observed(stored.kind);
    if (observed && !keep) return undefined;
    return { result, findings, checked: new LazyDocument(display, stored.kind, observed ? keep!() : undefined, result, this.limits) };
  }
}

/**
 * A valid document as cross checks see it; its text and data are decoded and parsed again only if
 * one looks. A class, not an object with getters of its own: one is made per cached document.
 */
class LazyDocument implements CheckedDocument {
  private source: string | undefined;
  private parsedAgain: ParsedDocument | undefined;

  constructor(
    readonly file: string,
    readonly kind: DocumentKind,
    private readonly bytes: Uint8Array | undefined,
    readonly result: FileResult,
    private readonly limits: ReadLimits,
  ) {}

  get text(): string {
    if (this.source === undefined) {
      if (!this.bytes) throw new Error(`${this.file}: no cross check was to read this document`);
      const decoded = decodeUtf8(Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length));
      // These bytes were decoded and parsed without error under the same limits: failing now is a bug.
      if ('code' in decoded) throw new Error(`${this.file}: cached as valid but cannot be decoded`);
      this.source = decoded.text;
    }
    return this.source;
  }

  get parsed(): ParsedDocument {
    if (!this.parsedAgain) {
      const again = parseYamlDocument(this.text, this.limits);
      if (Array.isArray(again)) throw new Error(`${this.file}: cached as valid but cannot be parsed`);
      this.parsedAgain = again;
    }
    return this.parsedAgain;
  }

  get data(): unknown {
    return this.parsed.data;
  }
}
